"""Identity, Masking and Lambda layers."""

import inspect

import kc_ops
from kc_ops import tree

from kc_layers.layer import Layer


class Identity(Layer):
    """Returns its input unchanged (masks pass through)."""

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
        return kc_ops.multiply(inputs, kc_ops.cast(keep, kc_ops.dtype(inputs)))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "mask_value": self.mask_value}


class Lambda(Layer):
    """Wrap a Python function as a layer: `function(inputs, **arguments)`.

    `output_shape` (a shape without the batch dim, or a function of the input shape) is only
    needed where running the function symbolically cannot infer it. `mask` is a function
    `(inputs, previous_mask)` or a fixed mask. The config of a lambda holds its bytecode,
    which loading refuses unless safe mode is off (the code would run on load).
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        if not callable(function):
            raise ValueError(f"Lambda expects a callable `function`. Received: {function!r}")
        if arguments is not None and not isinstance(arguments, dict):
            raise ValueError(f"Lambda `arguments` must be a dict. Received: {arguments!r}")
        self.function = function
        self.arguments = arguments or {}
        self._output_shape = output_shape
        self.mask = mask
        self.supports_masking = mask is not None
        self.built = True
        try:
            parameters = inspect.signature(function).parameters
        except (TypeError, ValueError):
            parameters = {}
        self._fn_takes_training = "training" in parameters
        self._fn_takes_mask = "mask" in parameters

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if self._fn_takes_mask:
            kwargs["mask"] = mask
        if self._fn_takes_training:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_mask(self, inputs, previous_mask=None):
        if callable(self.mask):
            return self.mask(inputs, previous_mask)
        return self.mask

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            from kc_ops.keras_tensor import KerasTensor

            spec = self.compute_output_spec(KerasTensor(input_shape, dtype=self.compute_dtype))
            return tree.map_structure(lambda t: t.shape, spec)
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        return (input_shape[0],) + tuple(self._output_shape)

    def compute_output_spec(self, *args, **kwargs):
        if self._output_shape is None:
            return kc_ops.compute_output_spec(self.call, *args, **kwargs)
        from kc_ops.keras_tensor import KerasTensor

        return KerasTensor(self.compute_output_shape(tuple(args[0].shape)), dtype=self.compute_dtype)

    def get_config(self):
        config = super().get_config()
        config["function"] = _serialize_function(self.function)
        if self._output_shape is not None:
            config["output_shape"] = (_serialize_function(self._output_shape)
                                      if callable(self._output_shape) else list(self._output_shape))
        if self.mask is not None:
            config["mask"] = _serialize_function(self.mask) if callable(self.mask) else self.mask
        config["arguments"] = self.arguments
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=None):
        from kc_saving import serialization

        if safe_mode is None:
            safe_mode = serialization.in_safe_mode()
        config = dict(config)
        for key in ("function", "output_shape", "mask"):
            value = config.get(key)
            if isinstance(value, dict) and "class_name" in value:
                with serialization.SafeModeScope(safe_mode):
                    config[key] = serialization.deserialize_keras_object(
                        value, custom_objects=custom_objects)
        return cls(**config)


def _serialize_function(fn):
    """Lambdas as Keras's `__lambda__` config (bytecode); named functions by reference."""
    from kc_saving import serialization

    if getattr(fn, "__name__", None) == "<lambda>":
        code, defaults, closure = serialization.func_dump(fn)
        return {"class_name": "__lambda__",
                "config": {"code": code, "defaults": defaults, "closure": closure}}
    return serialization.serialize_keras_object(fn)
