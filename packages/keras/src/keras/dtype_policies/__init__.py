"""`keras.dtype_policies`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
    "DTypePolicy": "kc_layers.dtype_policies:DTypePolicy",
    "FloatDTypePolicy": "kc_layers.dtype_policies:FloatDTypePolicy",
    "deserialize": "kc_layers.dtype_policies:deserialize",
    "get": "kc_layers.dtype_policies:get",
    "serialize": "kc_layers.dtype_policies:serialize",
}

_lazy.install(globals(), _EXPORTS)
