"""image functions of the numpy backend."""

import itertools

import numpy as np

from kc_ops import config
from kc_ops.backends.numpy.core import convert_to_tensor, to_native_dtype


def _compute_dtype(x):
    if x.dtype.kind == "f" or x.dtype.name == "bfloat16":
        return x.dtype
    return to_native_dtype(config.floatx())


def _restore_dtype(out, dtype):
    """Cast a float result back to the images' dtype (ints are rounded and clipped)."""
    if out.dtype == dtype:
        return out
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        out = np.clip(np.round(out), info.min, info.max)
    return out.astype(dtype)


def pad(images, pads, value):
    images = convert_to_tensor(images)
    return np.pad(images, pads, constant_values=np.asarray(value).astype(images.dtype))


def resample(images, axes, ops):
    images = convert_to_tensor(images)
    dtype = images.dtype
    x = images
    for axis, (kind, data) in zip(axes, ops):
        if kind == "gather":
            x = np.take(x, data, axis=axis)
        else:
            x = x.astype(_compute_dtype(images), copy=False)
            weights = data.astype(x.dtype)
            x = np.moveaxis(np.tensordot(x, weights, axes=([axis], [1])), -1, axis)
    return _restore_dtype(x, dtype)


_GRAY = np.array([0.2989, 0.5870, 0.1140])


def rgb_to_grayscale(images, axis):
    images = convert_to_tensor(images)
    x = images.astype(_compute_dtype(images))
    gray = np.tensordot(x, _GRAY.astype(x.dtype), axes=([axis], [0]))
    return _restore_dtype(np.expand_dims(gray, axis), images.dtype)


def rgb_to_hsv(images, axis):
    x = convert_to_tensor(images)
    r, g, b = np.moveaxis(x, axis, 0)
    value = np.max(x, axis=axis)
    delta = value - np.min(x, axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        saturation = np.where(value > 0, delta / np.where(value > 0, value, 1), 0)
        safe = np.where(delta > 0, delta, 1)
        hue = np.where(value == r, (g - b) / safe,
                       np.where(value == g, 2 + (b - r) / safe, 4 + (r - g) / safe))
    hue = np.where(delta > 0, np.mod(hue / 6, 1.0), 0)
    return np.stack([hue, saturation, value], axis=axis).astype(x.dtype)


def hsv_to_rgb(images, axis):
    x = convert_to_tensor(images)
    h, s, v = np.moveaxis(x, axis, 0)
    dh = h * 6
    r = np.clip(np.abs(dh - 3) - 1, 0, 1)
    g = np.clip(2 - np.abs(dh - 2), 0, 1)
    b = np.clip(2 - np.abs(dh - 4), 0, 1)
    rgb = np.stack([r, g, b], axis=axis)
    return (((rgb - 1) * np.expand_dims(s, axis) + 1) * np.expand_dims(v, axis)).astype(x.dtype)


def reshape(x, shape):
    return np.reshape(convert_to_tensor(x), shape)


def transpose(x, perm):
    return np.transpose(convert_to_tensor(x), perm)


def mean(x, axes):
    return np.mean(convert_to_tensor(x), axis=tuple(axes))


def constant(value, like):
    """A NumPy constant as a tensor of `like`'s dtype (floatx for non-float `like`)."""
    return np.asarray(value, dtype=_compute_dtype(convert_to_tensor(like)))


def to_float(x):
    x = convert_to_tensor(x)
    return x.astype(_compute_dtype(x), copy=False)


def _remap(index, size, mode):
    """Map integer indices outside [0, size) back inside, per fill mode."""
    if mode == "wrap":
        return np.mod(index, size)
    if mode == "mirror":  # whole-sample symmetric: edge pixel not repeated
        if size == 1:
            return np.zeros_like(index)
        period = 2 * size - 2
        index = np.mod(index, period)
        return np.where(index >= size, period - index, index)
    if mode == "reflect":  # half-sample symmetric: edge pixel repeated
        index = np.mod(index, 2 * size)
        return np.where(index >= size, 2 * size - 1 - index, index)
    return np.clip(index, 0, size - 1)  # nearest, and constant (masked afterwards)


def interpolate(x, coords, order, fill_mode, fill_value, batched=False):
    """Sample x at float `coords` (one array per leading spatial dim, after the batch dim when
    `batched`); trailing dims of x are carried along."""
    x = convert_to_tensor(x)
    dtype = _compute_dtype(x)
    coords = [convert_to_tensor(c).astype(dtype) for c in coords]
    first = 1 if batched else 0
    if batched:  # coords (1 or N, *out) -> (N, *out); batch_index addresses dim 0
        batch = x.shape[0]
        coords = [np.broadcast_to(c, (batch,) + c.shape[1:]) for c in coords]
        batch_index = np.arange(batch).reshape((batch,) + (1,) * (coords[0].ndim - 1))
    sizes = x.shape[first:first + len(coords)]
    rest = x.ndim - first - len(coords)
    corners = []
    for c in coords:
        if order == 0:
            corners.append([(np.floor(c + 0.5).astype("int64"), None)])
        else:
            lower = np.floor(c)
            frac = c - lower
            lower = lower.astype("int64")
            corners.append([(lower, 1 - frac), (lower + 1, frac)])
    result = 0
    for combo in itertools.product(*corners):
        index = tuple(_remap(i, n, fill_mode) for (i, _), n in zip(combo, sizes))
        if batched:
            index = (batch_index,) + index
        value = x[index].astype(dtype)
        if fill_mode == "constant":
            valid = np.all([(i >= 0) & (i < n) for (i, _), n in zip(combo, sizes)], axis=0)
            value = np.where(valid.reshape(valid.shape + (1,) * rest), value, fill_value)
        weights = [w for _, w in combo if w is not None]
        if weights:
            weight = np.prod(weights, axis=0)
            value = value * weight.reshape(weight.shape + (1,) * rest)
        result = result + value
    return _restore_dtype(np.asarray(result, dtype=dtype), x.dtype)


def solve(a, b):
    return np.linalg.solve(convert_to_tensor(a), convert_to_tensor(b))


def stack(values, axis):
    return np.stack([convert_to_tensor(v) for v in values], axis=axis)
