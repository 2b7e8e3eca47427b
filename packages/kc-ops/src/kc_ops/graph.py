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


def operations_by_depth(inputs, outputs):
    """The graph's operations in Keras's order: deepest first (inputs), operations of equal
    depth in the order a depth-first walk from the outputs first meets them.

    Keras names saved weights after this order, so it must match for files to load right.
    """
    input_ids = {id(x) for x in inputs}
    visit_index, finished, order = {}, set(), []

    def visit(tensor):
        node = _producer(tensor)
        if id(node) in finished:
            return
        visit_index.setdefault(id(node.operation), len(visit_index))
        if not node.is_input and id(tensor) not in input_ids:
            for parent in node.input_tensors:
                visit(parent)
        finished.add(id(node))
        order.append(node)

    for tensor in outputs:
        visit(tensor)
    node_depth, operation_depth, operations = {}, {}, {}
    for node in reversed(order):
        depth = max(node_depth.setdefault(id(node), 0), operation_depth.get(id(node.operation), 0))
        operation_depth[id(node.operation)] = depth
        operations[id(node.operation)] = node.operation
        node_depth[id(node)] = depth
        for parent in node.parent_nodes:
            node_depth[id(parent)] = max(depth + 1, node_depth.get(id(parent), 0))
    for tensor in inputs:
        operation = tensor._keras_history.operation
        if id(operation) not in operation_depth:
            operation_depth[id(operation)] = 0
            visit_index[id(operation)] = -1
            operations[id(operation)] = operation
    return sorted(operations.values(),
                  key=lambda op: (-operation_depth[id(op)], visit_index[id(op)]))
