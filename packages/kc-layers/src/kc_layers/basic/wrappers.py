"""Layer wrappers: TimeDistributed and SpectralNormalization."""

import kc_ops
from kc_layers.layer import Layer


class Wrapper(Layer):
    """Base of layers that wrap another layer (`keras.layers.Wrapper`)."""

    def __init__(self, layer, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(layer, Layer):
            raise ValueError(
                f"{type(self).__name__} wraps a keras Layer. Received: {layer!r} of type "
                f"{type(layer).__name__}."
            )
        self.layer = layer

    def get_config(self):
        from kc_saving.serialization import serialize_keras_object

        return {**super().get_config(), "layer": serialize_keras_object(self.layer)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from kc_saving.serialization import deserialize_keras_object

        config = dict(config)
        config["layer"] = deserialize_keras_object(config["layer"], custom_objects=custom_objects)
        return cls(**config)


class TimeDistributed(Wrapper):
    """Apply `layer` to every time step (axis 1) of the input independently."""

    def __init__(self, layer, **kwargs):
        super().__init__(layer, **kwargs)
        self.supports_masking = True

    def build(self, input_shape):
        if len(input_shape) < 3:
            raise ValueError(
                f"TimeDistributed expects inputs of rank >= 3 (batch, time, ...). Received shape {tuple(input_shape)}."
            )
        if not self.layer.built:
            self.layer.build((None,) + tuple(input_shape[2:]))
        self.built = True

    def compute_output_shape(self, input_shape):
        inner = self.layer.compute_output_shape((None,) + tuple(input_shape[2:]))
        return (input_shape[0], input_shape[1]) + tuple(inner[1:])

    def call(self, inputs, training=None, mask=None):
        shape = kc_ops.shape(inputs)
        batch, steps = shape[0], shape[1]
        merged = kc_ops.reshape(inputs, (-1,) + tuple(shape[2:]))
        kwargs = {"training": training} if training is not None else {}
        outputs = self.layer(merged, **kwargs)
        out_shape = kc_ops.shape(outputs)
        return kc_ops.reshape(outputs, (batch, steps) + tuple(out_shape[1:]))


class SpectralNormalization(Wrapper):
    """Divide the wrapped layer's kernel by its largest singular value (power iteration)."""

    def __init__(self, layer, power_iterations=1, **kwargs):
        super().__init__(layer, **kwargs)
        if power_iterations <= 0:
            raise ValueError(f"power_iterations must be > 0. Received: {power_iterations}")
        self.power_iterations = power_iterations

    def build(self, input_shape):
        if not self.layer.built:
            self.layer.build(input_shape)
        kernel = getattr(self.layer, "kernel", None)
        if kernel is None:
            kernel = getattr(self.layer, "embeddings", None)
        if kernel is None:
            raise ValueError(
                f"SpectralNormalization needs a layer with a `kernel` or `embeddings` weight. "
                f"{type(self.layer).__name__} has neither."
            )
        self._kernel = kernel
        self.kernel_shape = tuple(kernel.shape)
        self.vector_u = self.add_weight(
            shape=(1, self.kernel_shape[-1]), initializer="random_normal", trainable=False,
            name="vector_u", dtype=kernel.dtype)
        self.built = True

    def call(self, inputs, training=False):
        if training:
            self._normalize()
        return self.layer(inputs)

    def _normalize(self):
        weights = kc_ops.reshape(self._kernel.value, (-1, self.kernel_shape[-1]))
        u = self.vector_u.value
        for _ in range(self.power_iterations):
            v = kc_ops.normalize(kc_ops.matmul(u, kc_ops.transpose(weights)), axis=None)
            u = kc_ops.normalize(kc_ops.matmul(v, weights), axis=None)
        u = kc_ops.stop_gradient(u)
        v = kc_ops.stop_gradient(v)
        sigma = kc_ops.matmul(kc_ops.matmul(v, weights), kc_ops.transpose(u))
        self.vector_u.assign(kc_ops.cast(u, self.vector_u.dtype))
        self._kernel.assign(kc_ops.cast(
            kc_ops.reshape(weights / sigma, self.kernel_shape), self._kernel.dtype))

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def get_config(self):
        return {**super().get_config(), "power_iterations": self.power_iterations}
