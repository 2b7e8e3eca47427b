"""LayerNormalization, RMSNormalization and UnitNormalization: per-sample normalization over
one or more feature axes."""

import kc_ops

from kc_layers import constraints, initializers, regularizers
from kc_layers.layer import Layer

HALF_DTYPES = ("float16", "bfloat16")


def axes_list(axis, owner):
    """`axis` (an int or a sequence of ints) as a list of ints."""
    values = [axis] if isinstance(axis, int) and not isinstance(axis, bool) else axis
    try:
        values = list(values)
    except TypeError:
        values = None
    if not values or any(isinstance(a, bool) or not isinstance(a, int) for a in values):
        raise ValueError(f"{owner}: `axis` must be an int or a list of ints, received {axis!r}.")
    return values


def check_axes(axes, input_shape, owner):
    ndim = len(input_shape)
    for a in axes:
        if not -ndim <= a < ndim:
            raise ValueError(
                f"{owner}: `axis` {a} is out of range for inputs of rank {ndim} "
                f"(input_shape={tuple(input_shape)})."
            )
        if input_shape[a] is None:
            raise ValueError(
                f"{owner}: the normalized axis {a} must have a known size, received "
                f"input_shape={tuple(input_shape)}."
            )


def broadcast_param(param, axes, ndim):
    """Reshape a weight laid out along `axes` so it broadcasts against rank-`ndim` inputs."""
    positive = [a % ndim for a in axes]
    order = sorted(range(len(axes)), key=lambda i: positive[i])
    if order != list(range(len(axes))):
        param = kc_ops.transpose(param, order)  # weight dims in the inputs' axis order
    positive = sorted(positive)
    if positive == list(range(ndim - len(axes), ndim)):
        return param  # trailing axes broadcast as is
    shape = [1] * ndim
    for a, size in zip(positive, kc_ops.shape(param)):
        shape[a] = size
    return kc_ops.reshape(param, shape)


class LayerNormalization(Layer):
    """`(x - mean) / sqrt(variance + epsilon) * gamma + beta`, statistics over `axis` per
    sample. Weights "gamma" (when `scale`) and "beta" (when `center`), shaped like the
    normalized axes. `rms_scaling=True` (a keyword argument) divides by the root mean square
    instead, without centering."""

    def __init__(self, axis=-1, epsilon=0.001, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, **kwargs):
        rms_scaling = kwargs.pop("rms_scaling", False)
        super().__init__(**kwargs)
        self.axis = axes_list(axis, "LayerNormalization")
        self.epsilon = float(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        self.rms_scaling = bool(rms_scaling)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.gamma = self.beta = None

    def build(self, input_shape):
        check_axes(self.axis, input_shape, "LayerNormalization")
        shape = tuple(input_shape[a] for a in self.axis)
        if self.scale:
            self.gamma = self.add_weight(
                name="gamma", shape=shape, initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
                trainable=True, autocast=False,
            )
        if self.center and not self.rms_scaling:
            self.beta = self.add_weight(
                name="beta", shape=shape, initializer=self.beta_initializer,
                regularizer=self.beta_regularizer, constraint=self.beta_constraint,
                trainable=True, autocast=False,
            )
        self.built = True

    def call(self, inputs):
        ndim = len(kc_ops.shape(inputs))
        out_dtype = kc_ops.dtype(inputs)
        if out_dtype in HALF_DTYPES:  # statistics of half-precision inputs in float32
            inputs = kc_ops.cast(inputs, "float32")
        dtype = kc_ops.dtype(inputs)
        gamma = beta = None
        if self.gamma is not None:
            gamma = kc_ops.cast(broadcast_param(self.gamma, self.axis, ndim), dtype)
        if self.beta is not None:
            beta = kc_ops.cast(broadcast_param(self.beta, self.axis, ndim), dtype)
        if self.rms_scaling:
            outputs = kc_ops.rms_normalization(inputs, scale=gamma, axis=self.axis,
                                               epsilon=self.epsilon)
        else:
            outputs = kc_ops.layer_normalization(inputs, gamma=gamma, beta=beta, axis=self.axis,
                                                 epsilon=self.epsilon)
        return kc_ops.cast(outputs, out_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": self.rms_scaling,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        }


class RMSNormalization(Layer):
    """`x / sqrt(mean(x**2 over axis) + epsilon) * scale`; weight "scale" (initialized to
    ones) shaped like the normalized axes."""

    def __init__(self, axis=-1, epsilon=1e-06, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self._axes = axes_list(axis, "RMSNormalization")
        self.epsilon = float(epsilon)
        self.supports_masking = True

    def build(self, input_shape):
        check_axes(self._axes, input_shape, "RMSNormalization")
        shape = tuple(input_shape[a] for a in self._axes)
        self.scale = self.add_weight(name="scale", shape=shape, initializer="ones",
                                     trainable=True, autocast=False)
        self.built = True

    def call(self, x):
        ndim = len(kc_ops.shape(x))
        scale = kc_ops.cast(broadcast_param(self.scale, self._axes, ndim), kc_ops.dtype(x))
        return kc_ops.rms_normalization(x, scale=scale, axis=self._axes, epsilon=self.epsilon)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon}


class UnitNormalization(Layer):
    """Scale each sample to unit L2 norm over `axis`: `x / sqrt(max(sum(x**2), 1e-12))`."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        axes_list(axis, "UnitNormalization")  # validates
        self.axis = axis if isinstance(axis, int) else list(axis)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        axis = self.axis if isinstance(self.axis, int) else tuple(self.axis)
        squares = kc_ops.sum(kc_ops.square(inputs), axis=axis, keepdims=True)
        return kc_ops.multiply(inputs, kc_ops.rsqrt(kc_ops.maximum(squares, 1e-12)))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
