"""image functions of the jax backend."""

import functools
import itertools

import jax
import jax.numpy as jnp
import numpy as np

from kc_ops import config
from kc_ops.backends.jax.core import convert_to_tensor, to_native_dtype


def _compute_dtype(x):
    if jnp.issubdtype(x.dtype, jnp.floating):
        return x.dtype
    return to_native_dtype(config.floatx())


def _restore_dtype(out, dtype):
    if out.dtype == dtype:
        return out
    if jnp.issubdtype(dtype, jnp.integer):
        info = jnp.iinfo(dtype)
        out = jnp.clip(jnp.round(out), info.min, info.max)
    return out.astype(dtype)


def pad(images, pads, value):
    images = convert_to_tensor(images)
    return jnp.pad(images, pads, constant_values=jnp.asarray(value, images.dtype))


def resample(images, axes, ops):
    images = convert_to_tensor(images)
    x = images
    for axis, (kind, data) in zip(axes, ops):
        if kind == "gather":
            x = jnp.take(x, data, axis=axis)
        else:
            x = x.astype(_compute_dtype(images))
            weights = jnp.asarray(data, dtype=x.dtype)
            x = jnp.moveaxis(jnp.tensordot(x, weights, axes=([axis], [1])), -1, axis)
    return _restore_dtype(x, images.dtype)


_GRAY = np.array([0.2989, 0.5870, 0.1140])


def rgb_to_grayscale(images, axis):
    images = convert_to_tensor(images)
    x = images.astype(_compute_dtype(images))
    gray = jnp.tensordot(x, jnp.asarray(_GRAY, x.dtype), axes=([axis], [0]))
    return _restore_dtype(jnp.expand_dims(gray, axis), images.dtype)


def rgb_to_hsv(images, axis):
    x = convert_to_tensor(images)
    r, g, b = jnp.moveaxis(x, axis, 0)
    value = jnp.max(x, axis=axis)
    delta = value - jnp.min(x, axis=axis)
    saturation = jnp.where(value > 0, delta / jnp.where(value > 0, value, 1), 0)
    safe = jnp.where(delta > 0, delta, 1)
    hue = jnp.where(value == r, (g - b) / safe,
                    jnp.where(value == g, 2 + (b - r) / safe, 4 + (r - g) / safe))
    hue = jnp.where(delta > 0, jnp.mod(hue / 6, 1.0), 0)
    return jnp.stack([hue, saturation, value], axis=axis).astype(x.dtype)


def hsv_to_rgb(images, axis):
    x = convert_to_tensor(images)
    h, s, v = jnp.moveaxis(x, axis, 0)
    dh = h * 6
    r = jnp.clip(jnp.abs(dh - 3) - 1, 0, 1)
    g = jnp.clip(2 - jnp.abs(dh - 2), 0, 1)
    b = jnp.clip(2 - jnp.abs(dh - 4), 0, 1)
    rgb = jnp.stack([r, g, b], axis=axis)
    return (((rgb - 1) * jnp.expand_dims(s, axis) + 1) * jnp.expand_dims(v, axis)).astype(x.dtype)


def reshape(x, shape):
    return jnp.reshape(convert_to_tensor(x), shape)


def transpose(x, perm):
    return jnp.transpose(convert_to_tensor(x), perm)


def mean(x, axes):
    return jnp.mean(convert_to_tensor(x), axis=tuple(axes))


def constant(value, like):
    """A NumPy constant as a tensor of `like`'s dtype (floatx for non-float `like`)."""
    return jnp.asarray(value, dtype=_compute_dtype(convert_to_tensor(like)))


def to_float(x):
    x = convert_to_tensor(x)
    return x.astype(_compute_dtype(x))


def _remap(index, size, mode):
    """Map integer indices outside [0, size) back inside, per fill mode."""
    if mode == "wrap":
        return jnp.mod(index, size)
    if mode == "mirror":  # whole-sample symmetric: edge pixel not repeated
        if size == 1:
            return jnp.zeros_like(index)
        period = 2 * size - 2
        index = jnp.mod(index, period)
        return jnp.where(index >= size, period - index, index)
    if mode == "reflect":  # half-sample symmetric: edge pixel repeated
        index = jnp.mod(index, 2 * size)
        return jnp.where(index >= size, 2 * size - 1 - index, index)
    return jnp.clip(index, 0, size - 1)


def interpolate(x, coords, order, fill_mode, fill_value, batched=False):
    """Sample x at float `coords` (one array per leading spatial dim, after the batch dim when
    `batched`); trailing dims of x are carried along."""
    x = convert_to_tensor(x)
    dtype = _compute_dtype(x)
    coords = [convert_to_tensor(c).astype(dtype) for c in coords]
    return _interpolate(x, coords, order, fill_mode, jnp.asarray(fill_value, dtype), batched)


@functools.partial(jax.jit, static_argnums=(2, 3, 5))  # one compilation per shape
def _interpolate(x, coords, order, fill_mode, fill_value, batched):
    dtype = _compute_dtype(x)
    first = 1 if batched else 0
    if batched:  # coords (1 or N, *out) -> (N, *out); batch_index addresses dim 0
        batch = x.shape[0]
        coords = [jnp.broadcast_to(c, (batch,) + c.shape[1:]) for c in coords]
        batch_index = jnp.arange(batch).reshape((batch,) + (1,) * (coords[0].ndim - 1))
    sizes = x.shape[first:first + len(coords)]
    rest = x.ndim - first - len(coords)
    corners = []
    for c in coords:
        if order == 0:
            corners.append([(jnp.floor(c + 0.5).astype("int32"), None)])
        else:
            lower = jnp.floor(c)
            frac = c - lower
            lower = lower.astype("int32")
            corners.append([(lower, 1 - frac), (lower + 1, frac)])
    result = 0
    for combo in itertools.product(*corners):
        index = tuple(_remap(i, n, fill_mode) for (i, _), n in zip(combo, sizes))
        if batched:
            index = (batch_index,) + index
        value = x[index].astype(dtype)
        if fill_mode == "constant":
            valid = functools.reduce(
                jnp.logical_and, [(i >= 0) & (i < n) for (i, _), n in zip(combo, sizes)])
            value = jnp.where(valid.reshape(valid.shape + (1,) * rest), value,
                              jnp.asarray(fill_value, dtype))
        weights = [w for _, w in combo if w is not None]
        if weights:
            weight = functools.reduce(jnp.multiply, weights)
            value = value * weight.reshape(weight.shape + (1,) * rest)
        result = result + value
    return _restore_dtype(result, x.dtype)


def solve(a, b):
    return jnp.linalg.solve(convert_to_tensor(a), convert_to_tensor(b))


def stack(values, axis):
    return jnp.stack([convert_to_tensor(v) for v in values], axis=axis)
