"""`keras.saving`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
    "KerasFileEditor": "kc_saving.file_editor:KerasFileEditor",
    "CustomObjectScope": "kc_saving.object_registration:CustomObjectScope",
    "custom_object_scope": "kc_saving.object_registration:custom_object_scope",
    "deserialize_keras_object": "kc_saving.serialization:deserialize_keras_object",
    "get_custom_objects": "kc_saving.object_registration:get_custom_objects",
    "get_registered_name": "kc_saving.object_registration:get_registered_name",
    "get_registered_object": "kc_saving.object_registration:get_registered_object",
    "load_model": "kc_saving.saving_api:load_model",
    "load_weights": "kc_saving.saving_api:load_weights",
    "register_keras_serializable": "kc_saving.object_registration:register_keras_serializable",
    "save_model": "kc_saving.saving_api:save_model",
    "save_weights": "kc_saving.saving_api:save_weights",
    "serialize_keras_object": "kc_saving.serialization:serialize_keras_object",
}

_lazy.install(globals(), _EXPORTS)
