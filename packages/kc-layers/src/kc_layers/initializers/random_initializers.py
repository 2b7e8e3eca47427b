"""Random initializers: RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling (and the
Glorot / He / Lecun presets) and Orthogonal.

Seeds:
- an int seed draws from NumPy's generator (`np.random.default_rng(seed)`), so the same seed
  gives the same values on every backend and on every call;
- `seed=None` picks an int seed from Python's `random` module when the initializer is created
  (reproducible under `keras.utils.set_random_seed`), so it too repeats across calls, as in
  Keras;
- a `keras.random.SeedGenerator` draws through `keras.random` and advances its state, so each
  call gives new values.
"""

import math

import kc_ops
import numpy as np
from kc_ops import config, dtypes
from kc_ops import random as krandom

from kc_layers.initializers.initializer import Initializer, standardize_shape

# Standard deviation of a standard normal truncated to [-2, 2].
_TRUNCATED_STDDEV = 0.87962566103423978


def _float_dtype(dtype, name):
    dtype = dtypes.standardize_dtype(dtype or config.floatx())
    if not dtypes.is_float_dtype(dtype):
        raise ValueError(f"{name} only supports floating dtypes, received dtype={dtype!r}.")
    return dtype


def _truncated(rng, shape):
    """Standard normal values, redrawing those beyond two standard deviations."""
    values = rng.standard_normal(shape)
    outside = np.abs(values) > 2
    while outside.any():
        values[outside] = rng.standard_normal(int(outside.sum()))
        outside = np.abs(values) > 2
    return values


class RandomInitializer(Initializer):
    """Shared seed handling; subclasses implement `_sample(shape, dtype)` with `self._draw`."""

    def __init__(self, seed=None):
        self._init_seed = seed
        if isinstance(seed, dict):
            seed = krandom.SeedGenerator.from_config(seed.get("config", seed))
        if seed is None:
            seed = krandom.make_default_seed()
        elif isinstance(seed, bool) or not isinstance(
            seed, (int, np.integer, krandom.SeedGenerator)
        ):
            raise ValueError(
                f"{type(self).__name__}: `seed` must be None, an int or a "
                f"keras.random.SeedGenerator, received {seed!r}."
            )
        self.seed = int(seed) if isinstance(seed, (int, np.integer)) else seed

    def _draw(self, kind, shape, dtype):
        """Standard `kind` ("normal", "uniform", "truncated_normal") values of `shape`: a NumPy
        float64 array for int seeds, a backend tensor of `dtype` for a SeedGenerator."""
        if isinstance(self.seed, krandom.SeedGenerator):
            fn = getattr(krandom, kind)
            return fn(shape, dtype=dtype, seed=self.seed)
        rng = np.random.default_rng(self.seed)
        if kind == "normal":
            return rng.standard_normal(shape)
        if kind == "uniform":
            return rng.uniform(0.0, 1.0, shape)
        return _truncated(rng, shape)

    def _affine(self, kind, shape, dtype, scale, offset):
        values = self._draw(kind, shape, dtype)
        if isinstance(values, np.ndarray):
            return kc_ops.convert_to_tensor(values * scale + offset, dtype=dtype)
        return kc_ops.add(kc_ops.multiply(values, scale), offset)

    def get_config(self):
        seed = self._init_seed
        if isinstance(seed, krandom.SeedGenerator):
            seed = {"module": "keras.random", "class_name": "SeedGenerator",
                    "config": seed.get_config(), "registered_name": None}
        return {"seed": seed}


class RandomNormal(RandomInitializer):
    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape, "RandomNormal")
        dtype = _float_dtype(dtype, "RandomNormal")
        return self._affine("normal", shape, dtype, self.stddev, self.mean)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, **super().get_config()}


class TruncatedNormal(RandomInitializer):
    """Normal values redrawn when more than two standard deviations from the mean."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape, "TruncatedNormal")
        dtype = _float_dtype(dtype, "TruncatedNormal")
        return self._affine("truncated_normal", shape, dtype, self.stddev, self.mean)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, **super().get_config()}


class RandomUniform(RandomInitializer):
    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval = minval
        self.maxval = maxval
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape, "RandomUniform")
        dtype = _float_dtype(dtype, "RandomUniform")
        return self._affine("uniform", shape, dtype, self.maxval - self.minval, self.minval)

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, **super().get_config()}


def compute_fans(shape):
    """(fan_in, fan_out) of a kernel: dense `(in, out)`; conv `(*spatial, in, out)`."""
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field


def _axes(axes, rank, name, arg):
    if axes is None:
        return None
    axes = (axes,) if isinstance(axes, int) else tuple(axes)
    if any(not isinstance(a, int) or not -rank <= a < rank for a in axes):
        raise ValueError(
            f"{name}: `{arg}` must be axes of the {rank}D shape being initialized, "
            f"received {axes!r}."
        )
    return axes


class VarianceScaling(RandomInitializer):
    """Values with variance `scale / n`, where n is the fan-in, fan-out or their average.

    `input_axes` / `output_axes` (ints or tuples) name the axes whose product is the fan-in /
    fan-out, for kernels whose layout `compute_fans` does not describe.
    """

    _MODES = ("fan_in", "fan_out", "fan_avg")
    _DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 input_axes=None, output_axes=None):
        name = type(self).__name__
        if not isinstance(scale, (int, float)) or scale <= 0.0:
            raise ValueError(f"{name}: `scale` must be a positive float, received {scale!r}.")
        if mode not in self._MODES:
            raise ValueError(f"{name}: `mode` must be one of {self._MODES}, received {mode!r}.")
        distribution = distribution.lower() if isinstance(distribution, str) else distribution
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in self._DISTRIBUTIONS:
            raise ValueError(
                f"{name}: `distribution` must be one of {self._DISTRIBUTIONS}, "
                f"received {distribution!r}."
            )
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.input_axes = input_axes
        self.output_axes = output_axes
        super().__init__(seed=seed)

    def _fans(self, shape):
        name = type(self).__name__
        fan_in, fan_out = compute_fans(shape)
        in_axes = _axes(self.input_axes, len(shape), name, "input_axes")
        out_axes = _axes(self.output_axes, len(shape), name, "output_axes")
        if in_axes is not None:
            fan_in = math.prod(shape[a] for a in in_axes)
        if out_axes is not None:
            fan_out = math.prod(shape[a] for a in out_axes)
        return fan_in, fan_out

    def __call__(self, shape, dtype=None):
        name = type(self).__name__
        shape = standardize_shape(shape, name)
        dtype = _float_dtype(dtype, name)
        fan_in, fan_out = self._fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}
        variance = self.scale / max(1.0, n[self.mode])
        if self.distribution == "truncated_normal":
            stddev = math.sqrt(variance) / _TRUNCATED_STDDEV
            return self._affine("truncated_normal", shape, dtype, stddev, 0.0)
        if self.distribution == "untruncated_normal":
            return self._affine("normal", shape, dtype, math.sqrt(variance), 0.0)
        limit = math.sqrt(3.0 * variance)
        return self._affine("uniform", shape, dtype, 2.0 * limit, -limit)

    def get_config(self):
        return {
            "scale": self.scale, "mode": self.mode, "distribution": self.distribution,
            **super().get_config(),
            "input_axes": self.input_axes, "output_axes": self.output_axes,
        }


class _Preset(VarianceScaling):
    """A VarianceScaling with fixed scale/mode/distribution; its config holds only the seed and
    the axes."""

    _PRESET = None  # (scale, mode, distribution)

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        scale, mode, distribution = self._PRESET
        super().__init__(scale=scale, mode=mode, distribution=distribution, seed=seed,
                         input_axes=input_axes, output_axes=output_axes)

    def get_config(self):
        return {"seed": RandomInitializer.get_config(self)["seed"],
                "input_axes": self.input_axes, "output_axes": self.output_axes}


class GlorotNormal(_Preset):
    _PRESET = (1.0, "fan_avg", "truncated_normal")


class GlorotUniform(_Preset):
    _PRESET = (1.0, "fan_avg", "uniform")


class LecunNormal(_Preset):
    _PRESET = (1.0, "fan_in", "truncated_normal")


class LecunUniform(_Preset):
    _PRESET = (1.0, "fan_in", "uniform")


class HeNormal(_Preset):
    _PRESET = (2.0, "fan_in", "truncated_normal")


class HeUniform(_Preset):
    _PRESET = (2.0, "fan_in", "uniform")


class Orthogonal(RandomInitializer):
    """`gain` times a random orthogonal matrix (QR of a normal draw). Shapes of rank > 2 are
    treated as `(prod(shape[:-1]), shape[-1])` matrices."""

    def __init__(self, gain=1.0, seed=None):
        self.gain = gain
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape, "Orthogonal")
        dtype = _float_dtype(dtype, "Orthogonal")
        if len(shape) < 2:
            raise ValueError(
                f"Orthogonal initializer needs a shape of rank >= 2, received shape={shape}."
            )
        rows, cols = math.prod(shape[:-1]), shape[-1]
        flat = (max(rows, cols), min(rows, cols))
        values = self._draw("normal", flat, "float32")
        values = np.asarray(kc_ops.convert_to_numpy(values), dtype="float64")
        q, r = np.linalg.qr(values)
        q = q * np.sign(np.diag(r))  # unique decomposition: diag(r) > 0
        if rows < cols:
            q = q.T
        return kc_ops.convert_to_tensor(self.gain * q.reshape(shape), dtype=dtype)

    def get_config(self):
        return {"gain": self.gain, **super().get_config()}
