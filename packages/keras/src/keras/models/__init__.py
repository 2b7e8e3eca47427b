"""`keras.models`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
    "Functional": "kc_train.models.functional:Functional",
    "save_model": "kc_saving.saving_api:save_model",
    "load_model": "kc_saving.saving_api:load_model",
    "model_from_json": "kc_train.models.cloning:model_from_json",
    "clone_model": "kc_train.models.cloning:clone_model",
    "Model": "kc_train.models.model:Model",
    "Sequential": "kc_train.models.sequential:Sequential",
}

_lazy.install(globals(), _EXPORTS)
