"""`keras.activations`: activation functions built on `kc_ops`, plus `get`, `serialize` and
`deserialize`.

Each function works on concrete tensors of any backend and on symbolic `KerasTensor`s (every
op used is a `kc_ops` op).
"""

import types

from kc_ops import nn as _nn
from kc_ops import numpy as _np

from kc_layers import identifiers as _ids


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """x above `threshold` (clipped to [0, max_value]); `negative_slope * (x - threshold)` below."""
    if negative_slope == 0.0 and max_value is None and threshold == 0.0:
        return _nn.relu(x)
    if negative_slope != 0.0 and max_value is None and threshold == 0.0:
        return _nn.leaky_relu(x, negative_slope=negative_slope)
    positive = _np.where(_np.greater(x, threshold), x, _np.zeros_like(x))
    if max_value is not None:
        positive = _np.clip(positive, 0.0, max_value)
    if negative_slope == 0.0:
        return positive
    negative = _np.multiply(negative_slope, _nn.relu(_np.subtract(threshold, x)))
    return _np.subtract(positive, negative)


def leaky_relu(x, negative_slope=0.2):
    return _nn.leaky_relu(x, negative_slope=negative_slope)


def relu6(x):
    return _nn.relu6(x)


def elu(x, alpha=1.0):
    return _nn.elu(x, alpha=alpha)


def selu(x):
    return _nn.selu(x)


def softplus(x):
    return _nn.softplus(x)


def softsign(x):
    return _nn.softsign(x)


def soft_shrink(x, threshold=0.5):
    return _nn.soft_shrink(x, threshold=threshold)


def sparse_plus(x):
    return _nn.sparse_plus(x)


def silu(x):
    return _nn.silu(x)


def squareplus(x, b=4):
    return _nn.squareplus(x, b=b)


def gelu(x, approximate=False):
    return _nn.gelu(x, approximate=approximate)


def celu(x, alpha=1.0):
    return _nn.celu(x, alpha=alpha)


def glu(x, axis=-1):
    return _nn.glu(x, axis=axis)


def tanh(x):
    return _np.tanh(x)


def tanh_shrink(x):
    return _nn.tanh_shrink(x)


def hard_tanh(x):
    return _nn.hard_tanh(x)


def hard_shrink(x, threshold=0.5):
    return _nn.hard_shrink(x, threshold=threshold)


def threshold(x, threshold, default_value):
    return _nn.threshold(x, threshold, default_value)


def sigmoid(x):
    return _nn.sigmoid(x)


def exponential(x):
    return _np.exp(x)


def hard_sigmoid(x):
    return _nn.hard_sigmoid(x)


def log_sigmoid(x):
    return _nn.log_sigmoid(x)


def sparse_sigmoid(x):
    return _nn.sparse_sigmoid(x)


def hard_silu(x):
    return _nn.hard_silu(x)


def linear(x):
    return x


def mish(x):
    return _np.multiply(x, _np.tanh(_nn.softplus(x)))


def log_softmax(x, axis=-1):
    return _nn.log_softmax(x, axis=axis)


def softmax(x, axis=-1):
    return _nn.softmax(x, axis=axis)


def sparsemax(x, axis=-1):
    return _nn.sparsemax(x, axis=axis)


swish = silu
hard_swish = hard_silu

_FUNCTIONS = (
    celu, elu, exponential, gelu, glu, hard_shrink, hard_sigmoid, hard_silu, hard_tanh,
    leaky_relu, linear, log_sigmoid, log_softmax, mish, relu, relu6, selu, sigmoid, silu,
    soft_shrink, softmax, softplus, softsign, sparse_plus, sparse_sigmoid, sparsemax,
    squareplus, tanh, tanh_shrink, threshold,
)
ALL_OBJECTS = {fn.__name__: fn for fn in _FUNCTIONS}
ALL_OBJECTS.update(swish=silu, hard_swish=hard_silu)
_NAME_OF = {fn: fn.__name__ for fn in _FUNCTIONS}


def serialize(activation):
    """A built-in activation serializes to its name; a registered custom function or an
    activation object to a Keras config dict."""
    if activation in _NAME_OF:
        return _NAME_OF[activation]
    if isinstance(activation, types.FunctionType):
        name = _ids.registered_name(activation) or activation.__name__
        return {"module": activation.__module__, "class_name": "function", "config": name,
                "registered_name": name}
    if hasattr(activation, "get_config"):
        return _ids.serialize_object(activation, type(activation).__module__)
    raise ValueError(
        f"Cannot serialize activation {activation!r}: expected a built-in activation, a "
        "registered function, or an object with `get_config`."
    )


def deserialize(config, custom_objects=None):
    """The activation for a name or a config dict from `serialize`."""
    if isinstance(config, dict) and config.get("class_name") == "function":
        name = config.get("registered_name") or config.get("config")
        found = _ids.lookup(name, ALL_OBJECTS, custom_objects)
        if found is None and name != config.get("config"):
            found = _ids.lookup(config.get("config"), ALL_OBJECTS, custom_objects)
        if found is None:
            raise _ids.unknown("activation function", config.get("config"), ALL_OBJECTS)
        return found
    if isinstance(config, str):
        found = _ids.lookup(config, ALL_OBJECTS, custom_objects)
        if found is None:
            raise _ids.unknown("activation function", config, ALL_OBJECTS)
        return found
    return _ids.deserialize_object(config, "activation function", ALL_OBJECTS, custom_objects)


def get(identifier):
    """None -> linear; a name or config dict -> the activation; a callable is returned as is."""
    if identifier is None:
        return linear
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(
        "Could not interpret activation identifier: expected None, a string, a config dict or a "
        f"callable, received {identifier!r}."
    )
