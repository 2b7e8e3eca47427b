"""`keras.optimizers`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
    "Adadelta": "kc_train.optimizers:Adadelta",
    "Adafactor": "kc_train.optimizers:Adafactor",
    "Adagrad": "kc_train.optimizers:Adagrad",
    "Adam": "kc_train.optimizers:Adam",
    "AdamW": "kc_train.optimizers:AdamW",
    "Adamax": "kc_train.optimizers:Adamax",
    "Ftrl": "kc_train.optimizers:Ftrl",
    "Lamb": "kc_train.optimizers:Lamb",
    "Lion": "kc_train.optimizers:Lion",
    "LossScaleOptimizer": "kc_train.optimizers:LossScaleOptimizer",
    "MultiOptimizer": "kc_train.optimizers:MultiOptimizer",
    "Muon": "kc_train.optimizers:Muon",
    "Nadam": "kc_train.optimizers:Nadam",
    "Optimizer": "kc_train.optimizers:Optimizer",
    "OptimizerMap": "kc_train.optimizers:OptimizerMap",
    "RMSprop": "kc_train.optimizers:RMSprop",
    "SGD": "kc_train.optimizers:SGD",
    "ScheduleFreeAdamW": "kc_train.optimizers:ScheduleFreeAdamW",
    "deserialize": "kc_train.optimizers:deserialize",
    "get": "kc_train.optimizers:get",
    "serialize": "kc_train.optimizers:serialize",
}

_lazy.install(globals(), _EXPORTS, submodules=("legacy", "schedules"))
