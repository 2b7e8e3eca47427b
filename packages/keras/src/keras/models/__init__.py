"""`keras.models`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
    "Model": "kc_train.models.model:Model",
    "Sequential": "kc_train.models.sequential:Sequential",
}

_lazy.install(globals(), _EXPORTS)
