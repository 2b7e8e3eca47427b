"""`keras.optimizers.legacy`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
    "Adagrad": "kc_train.optimizers.legacy:Adagrad",
    "Adam": "kc_train.optimizers.legacy:Adam",
    "Ftrl": "kc_train.optimizers.legacy:Ftrl",
    "Optimizer": "kc_train.optimizers.legacy:Optimizer",
    "RMSprop": "kc_train.optimizers.legacy:RMSprop",
    "SGD": "kc_train.optimizers.legacy:SGD",
}

_lazy.install(globals(), _EXPORTS)
