"""`keras.regularizers`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
    "L1": "kc_layers.regularizers:L1",
    "L1L2": "kc_layers.regularizers:L1L2",
    "L2": "kc_layers.regularizers:L2",
    "OrthogonalRegularizer": "kc_layers.regularizers:OrthogonalRegularizer",
    "Regularizer": "kc_layers.regularizers:Regularizer",
    "deserialize": "kc_layers.regularizers:deserialize",
    "get": "kc_layers.regularizers:get",
    "l1": "kc_layers.regularizers:l1",
    "l1_l2": "kc_layers.regularizers:l1_l2",
    "l2": "kc_layers.regularizers:l2",
    "orthogonal_regularizer": "kc_layers.regularizers:orthogonal_regularizer",
    "serialize": "kc_layers.regularizers:serialize",
}

_lazy.install(globals(), _EXPORTS)
