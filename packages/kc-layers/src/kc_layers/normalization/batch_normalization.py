"""BatchNormalization: normalize with batch statistics while training and with moving averages
of them at inference."""

import math

import kc_ops

from kc_layers import constraints, initializers, regularizers
from kc_layers.input_spec import InputSpec
from kc_layers.layer import Layer

_HALF = ("float16", "bfloat16")


def masked_moments(x, mask, axes, synchronized=False):
    """Mean and variance over `axes`, counting only positions where `mask` is true."""
    if mask is None:
        return kc_ops.moments(x, axes, synchronized=synchronized)
    weights = kc_ops.cast(mask, kc_ops.dtype(x))
    while len(kc_ops.shape(weights)) < len(kc_ops.shape(x)):
        weights = kc_ops.expand_dims(weights, -1)
    weights = kc_ops.multiply(weights, kc_ops.ones_like(x))
    count = kc_ops.maximum(kc_ops.sum(weights, axis=axes), 1.0)
    mean = kc_ops.divide(kc_ops.sum(kc_ops.multiply(x, weights), axis=axes), count)
    centered = kc_ops.subtract(x, kc_ops.reshape(mean, _kept_shape(kc_ops.shape(x), axes)))
    variance = kc_ops.divide(
        kc_ops.sum(kc_ops.multiply(kc_ops.square(centered), weights), axis=axes), count)
    return mean, variance


def _kept_shape(shape, axes):
    return tuple(1 if i in axes else (-1 if d is None else d) for i, d in enumerate(shape))


class BatchNormalization(Layer):
    """Weights, in order: "gamma" and "beta" (trainable, when `scale` / `center`),
    "moving_mean" and "moving_variance" (non-trainable), plus "renorm_mean" and
    "renorm_stddev" when `renorm=True`.

    `training=True` (and a trainable layer) normalizes with the batch's mean and variance and
    moves the moving statistics towards them by `1 - momentum`; otherwise the moving
    statistics are used. `renorm=True` applies batch renormalization while training: the
    batch-normalized value is corrected by `r = clip(batch_std / renorm_std, rmin, rmax)` and
    `d = clip((batch_mean - renorm_mean) / renorm_std, -dmax, dmax)` (no gradient through r, d).
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, renorm=False, renorm_clipping=None,
                 renorm_momentum=0.99, synchronized=False, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise ValueError(
                f"BatchNormalization: `axis` must be an int, received {axis!r}."
            )
        self.axis = axis
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.renorm = bool(renorm)
        self.renorm_clipping = self._check_clipping(renorm_clipping)
        self.renorm_momentum = float(renorm_momentum)
        self.synchronized = bool(synchronized)
        self.supports_masking = True
        self.gamma = self.beta = None

    @staticmethod
    def _check_clipping(clipping):
        if clipping is None:
            return None
        unknown = set(clipping) - {"rmax", "rmin", "dmax"}
        if unknown:
            raise ValueError(
                "BatchNormalization: `renorm_clipping` accepts the keys 'rmax', 'rmin' and "
                f"'dmax', received unknown keys {sorted(unknown)}."
            )
        return dict(clipping)

    def build(self, input_shape):
        ndim = len(input_shape)
        if not -ndim <= self.axis < ndim:
            raise ValueError(
                f"BatchNormalization: `axis`={self.axis} is out of range for inputs of rank "
                f"{ndim} (input_shape={tuple(input_shape)})."
            )
        size = input_shape[self.axis]
        if size is None:
            raise ValueError(
                f"BatchNormalization: the normalized axis {self.axis} must have a known size, "
                f"received input_shape={tuple(input_shape)}."
            )
        shape = (size,)
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
        self.moving_mean = self.add_weight(
            name="moving_mean", shape=shape, initializer=self.moving_mean_initializer,
            trainable=False, autocast=False,
        )
        self.moving_variance = self.add_weight(
            name="moving_variance", shape=shape, initializer=self.moving_variance_initializer,
            trainable=False, autocast=False,
        )
        if self.renorm:
            self.renorm_mean = self.add_weight(
                name="renorm_mean", shape=shape, initializer="zeros", trainable=False,
                autocast=False,
            )
            self.renorm_stddev = self.add_weight(
                name="renorm_stddev", shape=shape, initializer="ones", trainable=False,
                autocast=False,
            )
        self.input_spec = InputSpec(ndim=ndim, axes={self.axis: size})
        self._reduction_axes = tuple(i for i in range(ndim) if i != self.axis % ndim)
        self.built = True

    def call(self, inputs, training=None, mask=None):
        out_dtype = kc_ops.dtype(inputs)
        if out_dtype in _HALF:  # statistics of half-precision inputs in float32
            inputs = kc_ops.cast(inputs, "float32")
        if training and self.trainable:
            mean, variance = masked_moments(inputs, mask, self._reduction_axes,
                                            self.synchronized)
            self._update(self.moving_mean, mean, self.momentum)
            self._update(self.moving_variance, variance, self.momentum)
            if self.renorm:
                return kc_ops.cast(self._renormalize(inputs, mean, variance), out_dtype)
        else:
            mean, variance = self.moving_mean, self.moving_variance
        outputs = kc_ops.batch_normalization(
            inputs, self._cast(mean, inputs), self._cast(variance, inputs), axis=self.axis,
            offset=self._cast(self.beta, inputs), scale=self._cast(self.gamma, inputs),
            epsilon=self.epsilon,
        )
        return kc_ops.cast(outputs, out_dtype)

    @staticmethod
    def _cast(value, like):
        if value is None:
            return None
        return kc_ops.cast(value, kc_ops.dtype(like))

    @staticmethod
    def _update(variable, value, momentum):
        value = kc_ops.cast(value, variable.dtype)
        variable.assign(kc_ops.add(kc_ops.multiply(variable, momentum),
                                   kc_ops.multiply(value, 1.0 - momentum)))

    def _renormalize(self, inputs, mean, variance):
        clipping = self.renorm_clipping or {}
        rmax = clipping.get("rmax")
        rmin = clipping.get("rmin", None if rmax is None else 1.0 / rmax)
        dmax = clipping.get("dmax")
        stddev = kc_ops.sqrt(kc_ops.add(variance, self.epsilon))
        renorm_mean = self._cast(self.renorm_mean, inputs)
        renorm_stddev = self._cast(self.renorm_stddev, inputs)
        r = kc_ops.divide(stddev, renorm_stddev)
        d = kc_ops.divide(kc_ops.subtract(mean, renorm_mean), renorm_stddev)
        r = kc_ops.clip(r, 0.0 if rmin is None else rmin, math.inf if rmax is None else rmax)
        if dmax is not None:
            d = kc_ops.clip(d, -dmax, dmax)
        r, d = kc_ops.stop_gradient(r), kc_ops.stop_gradient(d)
        self._update(self.renorm_mean, mean, self.renorm_momentum)
        self._update(self.renorm_stddev, stddev, self.renorm_momentum)
        # (x - mean) / stddev * r + d, then gamma and beta, as one batch_normalization call:
        # mean' = mean - d * stddev / r and stddev' = stddev / r.
        adjusted_std = kc_ops.divide(stddev, r)
        adjusted_mean = kc_ops.subtract(mean, kc_ops.multiply(d, adjusted_std))
        adjusted_var = kc_ops.subtract(kc_ops.square(adjusted_std), self.epsilon)
        return kc_ops.batch_normalization(
            inputs, adjusted_mean, adjusted_var, axis=self.axis,
            offset=self._cast(self.beta, inputs), scale=self._cast(self.gamma, inputs),
            epsilon=self.epsilon,
        )

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config_ = super().get_config()
        config_.update({
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer":
                initializers.serialize(self.moving_variance_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
            "renorm": self.renorm,
            "renorm_clipping": self.renorm_clipping,
            "renorm_momentum": self.renorm_momentum,
            "synchronized": self.synchronized,
        })
        return config_
