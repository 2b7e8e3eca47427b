"""`keras.activations`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
    "celu": "kc_layers.activations:celu",
    "deserialize": "kc_layers.activations:deserialize",
    "elu": "kc_layers.activations:elu",
    "exponential": "kc_layers.activations:exponential",
    "gelu": "kc_layers.activations:gelu",
    "get": "kc_layers.activations:get",
    "glu": "kc_layers.activations:glu",
    "hard_shrink": "kc_layers.activations:hard_shrink",
    "hard_sigmoid": "kc_layers.activations:hard_sigmoid",
    "hard_silu": "kc_layers.activations:hard_silu",
    "hard_swish": "kc_layers.activations:hard_swish",
    "hard_tanh": "kc_layers.activations:hard_tanh",
    "leaky_relu": "kc_layers.activations:leaky_relu",
    "linear": "kc_layers.activations:linear",
    "log_sigmoid": "kc_layers.activations:log_sigmoid",
    "log_softmax": "kc_layers.activations:log_softmax",
    "mish": "kc_layers.activations:mish",
    "relu": "kc_layers.activations:relu",
    "relu6": "kc_layers.activations:relu6",
    "selu": "kc_layers.activations:selu",
    "serialize": "kc_layers.activations:serialize",
    "sigmoid": "kc_layers.activations:sigmoid",
    "silu": "kc_layers.activations:silu",
    "soft_shrink": "kc_layers.activations:soft_shrink",
    "softmax": "kc_layers.activations:softmax",
    "softplus": "kc_layers.activations:softplus",
    "softsign": "kc_layers.activations:softsign",
    "sparse_plus": "kc_layers.activations:sparse_plus",
    "sparse_sigmoid": "kc_layers.activations:sparse_sigmoid",
    "sparsemax": "kc_layers.activations:sparsemax",
    "squareplus": "kc_layers.activations:squareplus",
    "swish": "kc_layers.activations:swish",
    "tanh": "kc_layers.activations:tanh",
    "tanh_shrink": "kc_layers.activations:tanh_shrink",
    "threshold": "kc_layers.activations:threshold",
}

_lazy.install(globals(), _EXPORTS)
