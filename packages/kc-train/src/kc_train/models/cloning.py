"""`keras.models.clone_model` and `keras.models.model_from_json`."""

import json

from kc_ops import tree
from kc_ops.keras_tensor import KerasTensor


def _clone_layer(layer):
    return layer.__class__.from_config(layer.get_config())


def clone_model(model, input_tensors=None, clone_function=None, call_function=None,
                recursive=False, **kwargs):
    """A new model with the same architecture and freshly initialised weights.

    `clone_function(layer)` makes each new layer (default: from the layer's config);
    `call_function(layer, *args, **kwargs)` calls it in a Functional graph.
    """
    from kc_layers import Input, InputLayer
    from kc_train.models.functional import Functional
    from kc_train.models.sequential import Sequential

    if kwargs:
        raise TypeError(f"clone_model got unexpected keyword arguments: {sorted(kwargs)}")
    clone_function = clone_function or _clone_layer

    def clone(layer):
        if recursive and isinstance(layer, (Functional, Sequential)):
            return clone_model(layer, clone_function=clone_function, call_function=call_function,
                               recursive=True)
        return clone_function(layer)

    if isinstance(model, Sequential):
        layers = [clone(layer) for layer in model.layers]
        if input_tensors is not None:
            return Sequential([Input(tensor=tree.flatten(input_tensors)[0])] + layers, name=model.name)
        new = Sequential(layers, name=model.name)
        if model.built and model.inputs:
            input_layer = model._input_layer()
            shape = model.inputs[0].shape
            if input_layer is not None:
                new = Sequential([Input(batch_shape=shape, dtype=model.inputs[0].dtype)] + layers, name=model.name)
            else:
                new.build(shape)
        return new
    if not isinstance(model, Functional):
        raise ValueError(
            "clone_model only clones Sequential and Functional models (a subclassed model's "
            f"architecture lives in its Python code). Received {type(model).__name__}."
        )
    new_layers = {}
    tensor_map = {}
    if input_tensors is not None:
        for old, new in zip(model.inputs, tree.flatten(input_tensors)):
            tensor_map[id(old)] = new
    else:
        for old in model.inputs:
            tensor_map[id(old)] = Input(batch_shape=old.shape, dtype=old.dtype, name=old.name)
    for node in model._graph_node_list:
        layer = node.operation
        if isinstance(layer, InputLayer):
            continue
        if id(layer) not in new_layers:
            new_layers[id(layer)] = clone(layer)
        args, kwargs_ = tree.map_structure(
            lambda x: tensor_map[id(x)] if isinstance(x, KerasTensor) else x, node.arguments)
        new_layer = new_layers[id(layer)]
        outputs = call_function(new_layer, *args, **kwargs_) if call_function else new_layer(*args, **kwargs_)
        for old, new in zip(node.output_tensors, tree.flatten(outputs)):
            tensor_map[id(old)] = new
    inputs = tree.map_structure(lambda x: tensor_map[id(x)], model._inputs_struct)
    outputs = tree.map_structure(lambda x: tensor_map[id(x)], model._outputs_struct)
    return Functional(inputs, outputs, name=model.name)


def model_from_json(json_string, custom_objects=None):
    from kc_saving.serialization import deserialize_keras_object

    try:
        config = json.loads(json_string)
    except json.JSONDecodeError as error:
        raise ValueError(f"model_from_json received invalid JSON: {error}") from None
    return deserialize_keras_object(config, custom_objects=custom_objects)
