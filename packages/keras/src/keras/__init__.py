"""`keras`: re-exports from the kc distributions."""

from keras._version import __version__  # noqa: F401
from keras import _lazy

_EXPORTS = {
    "Regularizer": "kc_layers.regularizers:Regularizer",
    "Initializer": "kc_layers.initializers:Initializer",
    "Optimizer": "kc_train.optimizers:Optimizer",
    "Metric": "kc_train.metrics:Metric",
    "Loss": "kc_train.losses:Loss",
    "DTypePolicy": "kc_layers:DTypePolicy",
    "FloatDTypePolicy": "kc_layers:FloatDTypePolicy",
    "Function": "kc_train.models.functional:Functional",
    "Input": "kc_layers:Input",
    "InputSpec": "kc_layers:InputSpec",
    "KerasTensor": "kc_ops.keras_tensor:KerasTensor",
    "Layer": "kc_layers:Layer",
    "Model": "kc_train.models.model:Model",
    "Operation": "kc_ops.operation:Operation",
    "Sequential": "kc_train.models.sequential:Sequential",
    "StatelessScope": "kc_ops.scopes:StatelessScope",
    "SymbolicScope": "kc_ops.scopes:SymbolicScope",
    "Variable": "kc_ops:Variable",
    "device": "kc_ops.core:device",
    "name_scope": "kc_ops.scopes:name_scope",
    "version": "keras._version:version",
}
_SUBMODULES = ("activations", "applications", "backend", "callbacks", "config", "constraints", "datasets", "distillation", "distribution", "dtype_policies", "export", "initializers", "layers", "legacy", "losses", "metrics", "mixed_precision", "models", "ops", "optimizers", "preprocessing", "quantizers", "random", "regularizers", "saving", "tree", "utils", "visualization", "wrappers",)

_lazy.install(globals(), _EXPORTS, _SUBMODULES)
