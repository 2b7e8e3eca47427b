"""GroupNormalization: per-sample statistics over groups of channels."""

import kc_ops

from kc_layers import constraints, initializers, regularizers
from kc_layers.input_spec import InputSpec
from kc_layers.layer import Layer
from kc_layers.normalization.layer_normalization import HALF_DTYPES


class GroupNormalization(Layer):
    """Split the `axis` channels into `groups` groups and normalize each group over its
    channels and every other non-batch axis; then apply per-channel "gamma" and "beta".
    `groups=-1` means one group per channel (instance normalization); `groups=1` is layer
    normalization over all non-batch axes."""

    def __init__(self, groups=32, axis=-1, epsilon=0.001, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(groups, bool) or not isinstance(groups, int) or groups == 0 or groups < -1:
            raise ValueError(
                f"GroupNormalization: `groups` must be a positive int or -1, received {groups!r}."
            )
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise ValueError(f"GroupNormalization: `axis` must be an int, received {axis!r}.")
        self.groups = groups
        self.axis = axis
        self.epsilon = float(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.gamma = self.beta = None

    def build(self, input_shape):
        ndim = len(input_shape)
        if not -ndim <= self.axis < ndim or self.axis % ndim == 0:
            raise ValueError(
                f"GroupNormalization: `axis`={self.axis} must be a non-batch axis of the "
                f"inputs, received input_shape={tuple(input_shape)}."
            )
        channels = input_shape[self.axis]
        if channels is None:
            raise ValueError(
                f"GroupNormalization: axis {self.axis} must have a known size, received "
                f"input_shape={tuple(input_shape)}."
            )
        if self.groups == -1:
            self.groups = channels
        if channels < self.groups or channels % self.groups:
            raise ValueError(
                f"GroupNormalization: the {channels} channels of axis {self.axis} must be a "
                f"multiple of (and at least) `groups`={self.groups}; "
                f"input_shape={tuple(input_shape)}."
            )
        shape = (channels,)
        if self.scale:
            self.gamma = self.add_weight(
                name="gamma", shape=shape, initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
                trainable=True, autocast=False,
            )
        if self.center:
            self.beta = self.add_weight(
                name="beta", shape=shape, initializer=self.beta_initializer,
                regularizer=self.beta_regularizer, constraint=self.beta_constraint,
                trainable=True, autocast=False,
            )
        self.input_spec = InputSpec(ndim=ndim, axes={self.axis: channels})
        self.built = True

    def call(self, inputs):
        out_dtype = kc_ops.dtype(inputs)
        if out_dtype in HALF_DTYPES:  # statistics of half-precision inputs in float32
            inputs = kc_ops.cast(inputs, "float32")
        shape = list(kc_ops.shape(inputs))
        ndim = len(shape)
        axis = self.axis % ndim
        channels = shape[axis]
        grouped_shape = [-1] + shape[1:axis] + [self.groups, channels // self.groups]
        grouped_shape += shape[axis + 1:]
        grouped = kc_ops.reshape(inputs, grouped_shape)
        stat_axes = [i for i in range(1, ndim + 1) if i != axis]
        mean, variance = kc_ops.moments(grouped, axes=stat_axes, keepdims=True)
        normalized = kc_ops.multiply(kc_ops.subtract(grouped, mean),
                                     kc_ops.rsqrt(kc_ops.add(variance, self.epsilon)))
        outputs = kc_ops.reshape(normalized, [-1] + shape[1:])
        param_shape = [1] * ndim
        param_shape[axis] = channels
        dtype = kc_ops.dtype(outputs)
        if self.gamma is not None:
            outputs = kc_ops.multiply(outputs,
                                      kc_ops.cast(kc_ops.reshape(self.gamma, param_shape), dtype))
        if self.beta is not None:
            outputs = kc_ops.add(outputs,
                                 kc_ops.cast(kc_ops.reshape(self.beta, param_shape), dtype))
        return kc_ops.cast(outputs, out_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "groups": self.groups,
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        }
