"""`keras.constraints`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
    "Constraint": "kc_layers.constraints:Constraint",
    "MaxNorm": "kc_layers.constraints:MaxNorm",
    "MinMaxNorm": "kc_layers.constraints:MinMaxNorm",
    "NonNeg": "kc_layers.constraints:NonNeg",
    "UnitNorm": "kc_layers.constraints:UnitNorm",
    "deserialize": "kc_layers.constraints:deserialize",
    "get": "kc_layers.constraints:get",
    "max_norm": "kc_layers.constraints:max_norm",
    "min_max_norm": "kc_layers.constraints:min_max_norm",
    "non_neg": "kc_layers.constraints:non_neg",
    "serialize": "kc_layers.constraints:serialize",
    "unit_norm": "kc_layers.constraints:unit_norm",
}

_lazy.install(globals(), _EXPORTS)
