"""Reading Keras 2 `.h5` files: whole models (`model.save("x.h5")`) and weight files
(`model.save_weights("x.h5")`), for the built-in layers.

Weights are matched to layers by name: each layer group lists its datasets in the
`weight_names` attribute, in the order of the layer's weights.
"""

import json
import os
import warnings

import h5py
import numpy as np


def _decode(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _open(filepath):
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"No such file: {filepath!r}")
    try:
        return h5py.File(filepath, "r")
    except OSError as error:
        raise ValueError(f"Cannot read {filepath!r} as a Keras .h5 file: {error}") from None


def _weights_root(f):
    return f["model_weights"] if "model_weights" in f else f


def _layer_arrays_names(group):
    return list(group.attrs.get("weight_names", []))


def _layer_arrays(group):
    names = [_decode(n) for n in group.attrs.get("weight_names", [])]
    return [np.asarray(group[name]) for name in names]


def _load_into(model, root, skip_mismatch, filepath):
    stored = {_decode(n) for n in root.attrs.get("layer_names", list(root.keys()))}
    for layer in _all_layers(model):
        if not layer.weights:
            if layer.name in stored and _layer_arrays_names(root[layer.name]):
                raise ValueError(
                    f"{filepath!r} holds weights for layer {layer.name!r}, but that layer has "
                    "no variables yet: build the model (call it on data or give it an Input) "
                    "before loading weights."
                )
            continue
        if layer.name not in stored:
            if skip_mismatch:
                warnings.warn(
                    f"{filepath!r} has no weights for layer {layer.name!r}.", stacklevel=3
                )
                continue
            raise ValueError(
                f"{filepath!r} has no weights for layer {layer.name!r}. Layers in the file: "
                f"{sorted(stored)}"
            )
        try:
            arrays = _layer_arrays(root[layer.name])
        except (OSError, RuntimeError, KeyError) as error:
            raise ValueError(
                f"Cannot read the weights of layer {layer.name!r} from {filepath!r}: {error}. "
                "The file is truncated or corrupt."
            ) from None
        try:
            layer.set_weights(arrays)
        except ValueError as error:
            if not skip_mismatch:
                raise ValueError(
                    f"Loading layer {layer.name!r} from {filepath!r}: {error}"
                ) from None
            warnings.warn(f"Skipping layer {layer.name!r}: {error}", stacklevel=3)


def _all_layers(model):
    """Top-level layers; a nested model is one unit, as Keras 2 stored it."""
    return list(getattr(model, "layers", None) or [model])


def load_weights(model, filepath, skip_mismatch=False):
    with _open(filepath) as f:
        _load_into(model, _weights_root(f), skip_mismatch, filepath)


def _node_to_keras3(node):
    """Keras 2 `[[layer, node_index, tensor_index, kwargs], ...]` -> Keras 3 node dict."""
    refs, kwargs = [], {}
    for entry in node:
        name, node_index, tensor_index = entry[:3]
        if len(entry) > 3 and entry[3]:
            kwargs.update(entry[3])
        refs.append(
            {
                "class_name": "__keras_tensor__",
                "config": {
                    "shape": None,
                    "dtype": None,
                    "keras_history": [name, node_index, tensor_index],
                },
            }
        )
    return {"args": [refs[0]] if len(refs) == 1 else [refs], "kwargs": kwargs}


def _upgrade_config(config):
    """Rewrite a Keras 2 model config into the Keras 3 layout our deserializer reads."""
    inner = config.get("config", {})
    layers = inner.get("layers", [])
    if config.get("class_name") == "Sequential" and layers:
        _sequential_input_layer(inner, layers)
    for layer in layers:
        layer_config = layer.get("config", {})
        if layer["class_name"] == "InputLayer" and "batch_input_shape" in layer_config:
            layer_config["batch_shape"] = layer_config.pop("batch_input_shape")
        nodes = layer.get("inbound_nodes")
        if nodes and isinstance(nodes[0], list):
            layer["inbound_nodes"] = [_node_to_keras3(n) for n in nodes]
    return config


def _sequential_input_layer(inner, layers):
    """Keras 2 put the input shape of a Sequential on its first layer (`batch_input_shape`);
    Keras 3 wants an InputLayer in front."""
    first = layers[0].get("config", {})
    if layers[0]["class_name"] == "InputLayer":
        return
    shape = first.pop("batch_input_shape", None)
    if shape is None and first.get("input_shape") is not None:
        shape = [None, *first.pop("input_shape")]
    if shape is None:
        return
    input_layer = {
        "class_name": "InputLayer",
        "config": {
            "batch_shape": shape,
            "dtype": first.get("dtype") if isinstance(first.get("dtype"), str) else "float32",
            "name": f"{first.get('name', 'layer')}_input",
        },
    }
    inner["layers"] = [input_layer, *layers]


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    from kc_saving.serialization import deserialize_keras_object

    with _open(filepath) as f:
        raw = f.attrs.get("model_config")
        if raw is None:
            raise ValueError(
                f"{filepath!r} holds no model config: it is a weights-only file. Build the model "
                "and call model.load_weights() instead."
            )
        config = _upgrade_config(json.loads(_decode(raw)))
        model = deserialize_keras_object(config, custom_objects=custom_objects, safe_mode=safe_mode)
        _load_into(model, _weights_root(f), False, filepath)
        training = f.attrs.get("training_config")
        if compile and training is not None:
            training = json.loads(_decode(training))
            try:
                model.compile(
                    optimizer=training.get("optimizer_config", {})
                    .get("class_name", "rmsprop")
                    .lower(),
                    loss=training.get("loss"),
                    metrics=training.get("metrics"),
                )
            except (ValueError, TypeError) as error:
                warnings.warn(
                    f"The model from {filepath!r} was loaded but not compiled: {error}",
                    stacklevel=2,
                )
    return model
