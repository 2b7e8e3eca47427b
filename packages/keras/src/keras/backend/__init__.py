"""`keras.backend`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
    "clear_session": "kc_ops.session:clear_session",
    "backend": "kc_ops.config:backend",
    "epsilon": "kc_ops.config:epsilon",
    "floatx": "kc_ops.config:floatx",
    "get_uid": "kc_ops.naming:get_uid",
    "image_data_format": "kc_ops.config:image_data_format",
    "is_float_dtype": "kc_ops.dtypes:is_float_dtype",
    "is_int_dtype": "kc_ops.dtypes:is_int_dtype",
    "is_keras_tensor": "kc_ops.keras_tensor:is_keras_tensor",
    "result_type": "kc_ops.dtypes:result_type",
    "set_epsilon": "kc_ops.config:set_epsilon",
    "set_floatx": "kc_ops.config:set_floatx",
    "set_image_data_format": "kc_ops.config:set_image_data_format",
    "standardize_dtype": "kc_ops.dtypes:standardize_dtype",
}

_lazy.install(globals(), _EXPORTS)
