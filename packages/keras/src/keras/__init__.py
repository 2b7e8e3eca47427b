"""`keras`: re-exports from the kc distributions."""

from keras._version import __version__  # noqa: F401
from keras import _lazy

_EXPORTS = {
    "KerasTensor": "kc_ops.keras_tensor:KerasTensor",
    "Operation": "kc_ops.operation:Operation",
    "StatelessScope": "kc_ops.scopes:StatelessScope",
    "SymbolicScope": "kc_ops.scopes:SymbolicScope",
    "Variable": "kc_ops:Variable",
    "device": "kc_ops.core:device",
    "name_scope": "kc_ops.scopes:name_scope",
    "version": "keras._version:version",
}
_SUBMODULES = ("activations", "applications", "backend", "callbacks", "config", "constraints", "datasets", "distillation", "distribution", "dtype_policies", "export", "initializers", "layers", "legacy", "losses", "metrics", "mixed_precision", "models", "ops", "optimizers", "preprocessing", "quantizers", "random", "regularizers", "saving", "tree", "utils", "visualization", "wrappers",)

_lazy.install(globals(), _EXPORTS, _SUBMODULES)
