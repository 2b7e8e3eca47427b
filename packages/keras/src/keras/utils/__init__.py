"""`keras.utils`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
    "Config": "kc_ops.config_object:Config",
    "save_img": "kc_data:save_img",
    "array_to_img": "kc_data:array_to_img",
    "img_to_array": "kc_data:img_to_array",
    "load_img": "kc_data:load_img",
    "get_file": "kc_data:get_file",
    "audio_dataset_from_directory": "kc_data:audio_dataset_from_directory",
    "text_dataset_from_directory": "kc_data:text_dataset_from_directory",
    "image_dataset_from_directory": "kc_data:image_dataset_from_directory",
    "split_dataset": "kc_data:split_dataset",
    "timeseries_dataset_from_array": "kc_data:timeseries_dataset_from_array",
    "pad_sequences": "kc_data:pad_sequences",
    "normalize": "kc_data:normalize",
    "to_categorical": "kc_data:to_categorical",
    "unpack_x_y_sample_weight": "kc_data:unpack_x_y_sample_weight",
    "pack_x_y_sample_weight": "kc_data:pack_x_y_sample_weight",
    "Sequence": "kc_data:Sequence",
    "PyDataset": "kc_data:PyDataset",
    "get_source_inputs": "kc_ops.graph:get_source_inputs",
    "is_interactive_logging_enabled": "kc_ops.config:is_interactive_logging_enabled",
    "disable_interactive_logging": "kc_ops.config:disable_interactive_logging",
    "enable_interactive_logging": "kc_ops.config:enable_interactive_logging",
    "deserialize_keras_object": "kc_saving.serialization:deserialize_keras_object",
    "serialize_keras_object": "kc_saving.serialization:serialize_keras_object",
    "register_keras_serializable": "kc_saving.object_registration:register_keras_serializable",
    "get_registered_object": "kc_saving.object_registration:get_registered_object",
    "get_registered_name": "kc_saving.object_registration:get_registered_name",
    "get_custom_objects": "kc_saving.object_registration:get_custom_objects",
    "custom_object_scope": "kc_saving.object_registration:custom_object_scope",
    "CustomObjectScope": "kc_saving.object_registration:CustomObjectScope",
    "clear_session": "kc_ops.session:clear_session",
    "Progbar": "kc_train.progbar:Progbar",
    "get_uid": "kc_ops.naming:get_uid",
    "is_keras_tensor": "kc_ops.keras_tensor:is_keras_tensor",
    "set_random_seed": "kc_ops.random:set_random_seed",
    "standardize_dtype": "kc_ops.dtypes:standardize_dtype",
}

_lazy.install(globals(), _EXPORTS, ("legacy", "bounding_boxes"))
