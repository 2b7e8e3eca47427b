"""Identity, Masking and Lambda layers."""

import inspect

import kc_ops
from kc_layers.layer import Layer


class Identity(Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape


class Masking(Layer):
    """Mask time steps whose features all equal `mask_value` (and zero them)."""

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        self.mask_value = mask_value
        self.supports_masking = True
        self.built = True

    def compute_mask(self, inputs, previous_mask=None):
        return kc_ops.any(kc_ops.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = kc_ops.any(kc_ops.not_equal(inputs, self.mask_value), axis=-1, keepdims=True)
        return inputs * kc_ops.cast(keep, kc_ops.dtype(inputs))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "mask_value": self.mask_value}


class Lambda(Layer):
    """Wrap a Python function as a layer. Its config stores the function's bytecode, which
    loading refuses unless safe mode is off (the code would run on load)."""

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        if not callable(function):
            raise ValueError(f"Lambda expects a callable. Received: {function!r}")
        self.function = function
        self.arguments = arguments or {}
        self._output_shape = output_shape
        self.mask = mask
        self.supports_masking = mask is not None
        self.built = True
        self._takes_training = "training" in inspect.signature(function).parameters

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if self._takes_training:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_mask(self, inputs, previous_mask=None):
        if callable(self.mask):
            return self.mask(inputs, previous_mask)
        return self.mask

    def compute_output_spec(self, *args, **kwargs):
        if self._output_shape is None:
            return super().compute_output_spec(*args, **kwargs)
        from kc_ops.keras_tensor import KerasTensor

        shape = self._output_shape(args[0].shape) if callable(self._output_shape) else (args[0].shape[0],) + tuple(self._output_shape)
        return KerasTensor(shape, dtype=self.compute_dtype)

    def get_config(self):
        from kc_saving.serialization import serialize_keras_object

        config = super().get_config()
        config["function"] = serialize_keras_object(self.function)
        if self._output_shape is not None and not callable(self._output_shape):
            config["output_shape"] = list(self._output_shape)
        config["arguments"] = self.arguments
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=None):
        from kc_saving.serialization import deserialize_keras_object

        config = dict(config)
        config["function"] = deserialize_keras_object(config["function"], custom_objects=custom_objects,
                                                      safe_mode=True if safe_mode is None else safe_mode)
        return cls(**config)
