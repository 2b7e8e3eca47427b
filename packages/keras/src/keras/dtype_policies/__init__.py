"""`keras.dtype_policies`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
    "AWQDTypePolicy": "kc_layers.dtype_policies:AWQDTypePolicy",
    "DTypePolicy": "kc_layers.dtype_policies:DTypePolicy",
    "DTypePolicyMap": "kc_layers.dtype_policies:DTypePolicyMap",
    "FloatDTypePolicy": "kc_layers.dtype_policies:FloatDTypePolicy",
    "GPTQDTypePolicy": "kc_layers.dtype_policies:GPTQDTypePolicy",
    "Int4DTypePolicy": "kc_layers.dtype_policies:Int4DTypePolicy",
    "QuantizedDTypePolicy": "kc_layers.dtype_policies:QuantizedDTypePolicy",
    "QuantizedFloat8DTypePolicy": "kc_layers.dtype_policies:QuantizedFloat8DTypePolicy",
    "deserialize": "kc_layers.dtype_policies:deserialize",
    "get": "kc_layers.dtype_policies:get",
    "serialize": "kc_layers.dtype_policies:serialize",
}

_lazy.install(globals(), _EXPORTS)
