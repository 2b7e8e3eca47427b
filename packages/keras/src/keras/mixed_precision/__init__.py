"""`keras.mixed_precision`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
    "LossScaleOptimizer": "kc_train.optimizers:LossScaleOptimizer",
    "DTypePolicy": "kc_layers.dtype_policies:DTypePolicy",
    "Policy": "kc_layers.dtype_policies:DTypePolicy",
    "dtype_policy": "kc_layers.dtype_policies:dtype_policy",
    "global_policy": "kc_layers.dtype_policies:global_policy",
    "set_dtype_policy": "kc_layers.dtype_policies:set_dtype_policy",
    "set_global_policy": "kc_layers.dtype_policies:set_global_policy",
}

_lazy.install(globals(), _EXPORTS)
