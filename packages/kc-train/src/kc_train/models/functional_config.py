"""Functional models to and from Keras 3's config format.

Each layer entry carries `name` and `inbound_nodes`: for every call of the layer inside the
model, its `args` and `kwargs` with KerasTensors written as
`{"class_name": "__keras_tensor__", "config": {"shape", "dtype", "keras_history": [layer, node, index]}}`.
`input_layers` / `output_layers` list `[layer_name, node_index, tensor_index]`.
"""

from kc_ops import tree
from kc_ops.keras_tensor import KerasTensor


def _model_node_index(operation, node, model_nodes):
    """Index of `node` among the calls of `operation` that belong to this model."""
    own = [n for n in operation._inbound_nodes if id(n) in model_nodes]
    return own.index(node)


def _tensor_ref(tensor, model_nodes):
    operation, node_index, tensor_index = tensor._keras_history
    node = operation._inbound_nodes[node_index]
    index = _model_node_index(operation, node, model_nodes) if id(node) in model_nodes else 0
    return [operation.name, index, tensor_index]


def functional_config(model):
    from kc_saving.serialization import serialize_keras_object

    model_nodes = {id(n) for n in model._graph_node_list}
    for layer in model._input_layers:
        model_nodes.update(id(n) for n in layer._inbound_nodes)

    def encode(value):
        if isinstance(value, KerasTensor):
            return {
                "class_name": "__keras_tensor__",
                "config": {"shape": list(value.shape), "dtype": value.dtype,
                           "keras_history": _tensor_ref(value, model_nodes)},
            }
        return serialize_keras_object(value) if _needs_serialization(value) else value

    layers = []
    for layer in model._functional_layers:
        entry = serialize_keras_object(layer)
        entry["name"] = layer.name
        nodes = [n for n in layer._inbound_nodes if id(n) in model_nodes and not n.is_input]
        entry["inbound_nodes"] = [
            {"args": [_encode_structure(a, encode) for a in node.arguments[0]],
             "kwargs": {k: _encode_structure(v, encode) for k, v in node.arguments[1].items()}}
            for node in nodes
        ]
        layers.append(entry)

    def refs(struct):
        if isinstance(struct, dict):
            return {k: _tensor_ref(v, model_nodes) for k, v in struct.items()}
        flat = tree.flatten(struct)
        return [_tensor_ref(t, model_nodes) for t in flat]

    config = {"name": model.name, "trainable": model.trainable, "layers": layers,
              "input_layers": refs(model._inputs_struct), "output_layers": refs(model._outputs_struct)}
    if isinstance(model._outputs_struct, dict):
        config["output_layers"] = [_tensor_ref(model._outputs_struct[k], model_nodes)
                                   for k in model._outputs_struct]
        config["output_names"] = list(model._outputs_struct)
    return config


def _needs_serialization(value):
    return not isinstance(value, (str, int, float, bool, type(None), list, tuple, dict))


def _encode_structure(value, encode):
    if isinstance(value, (list, tuple)):
        return [_encode_structure(v, encode) for v in value]
    if isinstance(value, dict) and "class_name" not in value:
        return {k: _encode_structure(v, encode) for k, v in value.items()}
    return encode(value)


def _is_tensor_ref(value):
    return isinstance(value, dict) and value.get("class_name") == "__keras_tensor__"


def functional_from_config(cls, config, custom_objects=None):
    from kc_saving.serialization import deserialize_keras_object

    created = {}
    outputs_by_layer = {}  # layer name -> list of outputs per model node

    for entry in config["layers"]:
        layer_config = {k: v for k, v in entry.items() if k not in ("inbound_nodes", "name")}
        layer = deserialize_keras_object(layer_config, custom_objects=custom_objects)
        created[entry["name"]] = layer
        outputs_by_layer[entry["name"]] = []
        if entry["class_name"] == "InputLayer" or not entry.get("inbound_nodes"):
            if hasattr(layer, "output"):
                try:
                    outputs_by_layer[entry["name"]].append(layer.output)
                except (AttributeError, ValueError):
                    pass

    def lookup(ref):
        name, node_index, tensor_index = ref
        produced = outputs_by_layer[name]
        if node_index >= len(produced):
            return None
        return tree.flatten(produced[node_index])[tensor_index]

    def decode(value):
        if _is_tensor_ref(value):
            return lookup(value["config"]["keras_history"])
        if isinstance(value, list):
            return [decode(v) for v in value]
        if isinstance(value, dict):
            return {k: decode(v) for k, v in value.items()}
        return value

    def has_missing(value):
        if _is_tensor_ref(value):
            return lookup(value["config"]["keras_history"]) is None
        if isinstance(value, list):
            return any(has_missing(v) for v in value)
        if isinstance(value, dict):
            return any(has_missing(v) for v in value.values())
        return False

    pending = [(entry["name"], node) for entry in config["layers"] for node in entry.get("inbound_nodes", [])]
    while pending:
        remaining = []
        for name, node in pending:
            if has_missing(node["args"]) or has_missing(node["kwargs"]):
                remaining.append((name, node))
                continue
            args = decode(node["args"])
            kwargs = decode(node["kwargs"])
            outputs_by_layer[name].append(created[name](*args, **kwargs))
        if len(remaining) == len(pending):
            raise ValueError(
                "Cannot rebuild the Functional model from its config: the inbound nodes of "
                f"{sorted({n for n, _ in remaining})} refer to tensors that are never created."
            )
        pending = remaining

    def resolve(refs):
        if isinstance(refs, dict):
            return {k: lookup(v) for k, v in refs.items()}
        if refs and not isinstance(refs[0], list):
            return lookup(refs)
        return [lookup(r) for r in refs]

    inputs = resolve(config["input_layers"])
    outputs = resolve(config["output_layers"])
    if "output_names" in config:
        outputs = dict(zip(config["output_names"], outputs))
    if isinstance(inputs, list) and len(inputs) == 1 and len(config["input_layers"]) == 1:
        inputs = inputs[0]
    if isinstance(outputs, list) and len(outputs) == 1 and len(config["output_layers"]) == 1:
        outputs = outputs[0]
    return cls(inputs=inputs, outputs=outputs, name=config.get("name"),
               trainable=config.get("trainable", True))
