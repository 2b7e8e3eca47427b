"""Traversal of the symbolic graph between input and output KerasTensors."""

from kc_ops.keras_tensor import KerasTensor


def _producer(tensor):
    history = tensor._keras_history
    if history is None:
        raise ValueError(
            f"{tensor!r} was not produced by keras.Input or an operation on one: it has no history."
        )
    return history.operation._inbound_nodes[history.node_index]


def map_graph(inputs, outputs):
    """The nodes that compute `outputs` from `inputs`, in execution order.

    Returns `(nodes, operations)`: nodes topologically sorted (each after the nodes producing
    its inputs, input nodes excluded) and the distinct operations in first-use order.
    Raises a clear error when an output depends on a tensor that is not among `inputs`.
    """
    for x in list(inputs) + list(outputs):
        if not isinstance(x, KerasTensor):
            raise ValueError(
                "A Functional model's inputs and outputs must be KerasTensors (from keras.Input "
                f"and layers called on it). Received: {x!r}"
            )
    input_ids = {id(x) for x in inputs}
    order, visited, in_progress = [], set(), set()

    def visit(node):
        if id(node) in visited:
            return
        if id(node) in in_progress:
            raise ValueError("The graph has a cycle.")
        in_progress.add(id(node))
        for tensor in node.input_tensors:
            if id(tensor) not in input_ids:
                visit(_producer(tensor))
        in_progress.discard(id(node))
        visited.add(id(node))
        order.append(node)

    for tensor in outputs:
        if id(tensor) not in input_ids:
            visit(_producer(tensor))
    for node in order:
        if node.is_input and not any(id(t) in input_ids for t in node.output_tensors):
            raise ValueError(
                f"Graph disconnected: an output depends on {node.output_tensors[0]!r} "
                f"(from {node.operation.name!r}), which is not among the model's inputs."
            )
    nodes = [n for n in order if not n.is_input]
    operations = []
    seen = set()
    for node in nodes:
        if id(node.operation) not in seen:
            seen.add(id(node.operation))
            operations.append(node.operation)
    return nodes, operations


def get_source_inputs(tensor):
    """The `keras.Input` tensors that `tensor` was computed from."""
    if not isinstance(tensor, KerasTensor) or tensor._keras_history is None:
        return [tensor]
    node = _producer(tensor)
    if node.is_input:
        return list(node.output_tensors)
    sources = []
    for parent in node.input_tensors:
        for source in get_source_inputs(parent):
            if not any(source is s for s in sources):
                sources.append(source)
    return sources
