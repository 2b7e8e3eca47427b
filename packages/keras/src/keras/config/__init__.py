"""`keras.config`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
    "backend": "kc_ops.config:backend",
    "disable_flash_attention": "kc_ops.config:disable_flash_attention",
    "disable_interactive_logging": "kc_ops.config:disable_interactive_logging",
    "disable_traceback_filtering": "kc_ops.config:disable_traceback_filtering",
    "dtype_policy": "kc_layers.dtype_policies:dtype_policy",
    "enable_flash_attention": "kc_ops.config:enable_flash_attention",
    "enable_interactive_logging": "kc_ops.config:enable_interactive_logging",
    "enable_traceback_filtering": "kc_ops.config:enable_traceback_filtering",
    "enable_unsafe_deserialization": "kc_ops.config:enable_unsafe_deserialization",
    "epsilon": "kc_ops.config:epsilon",
    "floatx": "kc_ops.config:floatx",
    "image_data_format": "kc_ops.config:image_data_format",
    "is_flash_attention_enabled": "kc_ops.config:is_flash_attention_enabled",
    "is_interactive_logging_enabled": "kc_ops.config:is_interactive_logging_enabled",
    "is_nnx_enabled": "kc_ops.config:is_nnx_enabled",
    "is_traceback_filtering_enabled": "kc_ops.config:is_traceback_filtering_enabled",
    "max_epochs": "kc_ops.config:max_epochs",
    "max_steps_per_epoch": "kc_ops.config:max_steps_per_epoch",
    "set_backend": "kc_ops.config:set_backend",
    "set_dtype_policy": "kc_layers.dtype_policies:set_dtype_policy",
    "set_epsilon": "kc_ops.config:set_epsilon",
    "set_floatx": "kc_ops.config:set_floatx",
    "set_image_data_format": "kc_ops.config:set_image_data_format",
    "set_max_epochs": "kc_ops.config:set_max_epochs",
    "set_max_steps_per_epoch": "kc_ops.config:set_max_steps_per_epoch",
}

_lazy.install(globals(), _EXPORTS)
