"""image functions of the tensorflow backend."""

import functools
import itertools

import numpy as np
import tensorflow as tf

from kc_ops import config
from kc_ops.backends.tensorflow.core import convert_to_tensor, to_native_dtype


def _compute_dtype(x):
    return x.dtype if x.dtype.is_floating else to_native_dtype(config.floatx())


def _restore_dtype(out, dtype):
    if out.dtype == dtype:
        return out
    if dtype.is_integer:
        out = tf.clip_by_value(tf.round(out), dtype.min, dtype.max)
    return tf.cast(out, dtype)


def _moveaxis(x, source, destination):
    ndim = x.shape.rank
    source, destination = source % ndim, destination % ndim
    perm = [i for i in range(ndim) if i != source]
    perm.insert(destination, source)
    return tf.transpose(x, perm)


def pad(images, pads, value):
    images = convert_to_tensor(images)
    return tf.pad(images, pads, constant_values=tf.cast(value, images.dtype))


def resample(images, axes, ops):
    images = convert_to_tensor(images)
    x = images
    for axis, (kind, data) in zip(axes, ops):
        if kind == "gather":
            x = tf.gather(x, data, axis=axis)
        else:
            x = tf.cast(x, _compute_dtype(images))
            weights = tf.constant(data, dtype=x.dtype)
            x = _moveaxis(tf.tensordot(x, weights, axes=[[axis], [1]]), -1, axis)
    return _restore_dtype(x, images.dtype)


_GRAY = np.array([0.2989, 0.5870, 0.1140])


def rgb_to_grayscale(images, axis):
    images = convert_to_tensor(images)
    x = tf.cast(images, _compute_dtype(images))
    gray = tf.tensordot(x, tf.constant(_GRAY, dtype=x.dtype), axes=[[axis], [0]])
    return _restore_dtype(tf.expand_dims(gray, axis), images.dtype)


def rgb_to_hsv(images, axis):
    x = convert_to_tensor(images)
    r, g, b = tf.unstack(x, axis=axis)
    value = tf.reduce_max(x, axis=axis)
    delta = value - tf.reduce_min(x, axis=axis)
    zero, one = tf.zeros_like(value), tf.ones_like(value)
    saturation = tf.where(value > 0, delta / tf.where(value > 0, value, one), zero)
    safe = tf.where(delta > 0, delta, one)
    hue = tf.where(value == r, (g - b) / safe,
                   tf.where(value == g, 2 + (b - r) / safe, 4 + (r - g) / safe))
    hue = tf.where(delta > 0, tf.math.floormod(hue / 6, 1.0), zero)
    return tf.stack([hue, saturation, value], axis=axis)


def hsv_to_rgb(images, axis):
    x = convert_to_tensor(images)
    h, s, v = tf.unstack(x, axis=axis)
    dh = h * 6
    r = tf.clip_by_value(tf.abs(dh - 3) - 1, 0, 1)
    g = tf.clip_by_value(2 - tf.abs(dh - 2), 0, 1)
    b = tf.clip_by_value(2 - tf.abs(dh - 4), 0, 1)
    rgb = tf.stack([r, g, b], axis=axis)
    return ((rgb - 1) * tf.expand_dims(s, axis) + 1) * tf.expand_dims(v, axis)


def reshape(x, shape):
    x = convert_to_tensor(x)
    shape = [tf.shape(x)[0] if d is None else d for d in shape]
    return tf.reshape(x, shape)


def transpose(x, perm):
    return tf.transpose(convert_to_tensor(x), perm)


def mean(x, axes):
    return tf.reduce_mean(convert_to_tensor(x), axis=list(axes))


def constant(value, like):
    """A NumPy constant as a tensor of `like`'s dtype (floatx for non-float `like`)."""
    return tf.constant(np.asarray(value), dtype=_compute_dtype(convert_to_tensor(like)))


def to_float(x):
    x = convert_to_tensor(x)
    return tf.cast(x, _compute_dtype(x))


def _remap(index, size, mode):
    """Map integer indices outside [0, size) back inside, per fill mode."""
    if mode == "wrap":
        return tf.math.floormod(index, size)
    if mode == "mirror":  # whole-sample symmetric: edge pixel not repeated
        if size == 1:
            return tf.zeros_like(index)
        period = 2 * size - 2
        index = tf.math.floormod(index, period)
        return tf.where(index >= size, period - index, index)
    if mode == "reflect":  # half-sample symmetric: edge pixel repeated
        index = tf.math.floormod(index, 2 * size)
        return tf.where(index >= size, 2 * size - 1 - index, index)
    return tf.clip_by_value(index, 0, size - 1)


def _expand(t, count):
    for _ in range(count):
        t = tf.expand_dims(t, -1)
    return t


def interpolate(x, coords, order, fill_mode, fill_value, batched=False):
    """Sample x at float `coords` (one tensor per leading spatial dim, after an optional batch
    dim when `batched`); trailing dims of x are carried along."""
    x = convert_to_tensor(x)
    dtype = _compute_dtype(x)
    coords = [tf.cast(convert_to_tensor(c), dtype) for c in coords]
    first = 1 if batched else 0
    if batched:  # coords (1 or N, *out) -> (N, *out); batch_index addresses dim 0
        batch = tf.shape(x)[0]
        coords = [c + tf.zeros([batch] + [1] * (c.shape.rank - 1), dtype) for c in coords]
        batch_index = tf.cast(tf.range(batch), tf.int64)
        batch_index = _expand(batch_index, coords[0].shape.rank - 1)
    sizes = x.shape[first:first + len(coords)]
    rest = x.shape.rank - first - len(coords)
    corners = []
    for c in coords:
        if order == 0:
            corners.append([(tf.cast(tf.floor(c + 0.5), tf.int64), None)])
        else:
            lower = tf.floor(c)
            frac = c - lower
            lower = tf.cast(lower, tf.int64)
            corners.append([(lower, 1 - frac), (lower + 1, frac)])
    result = 0
    for combo in itertools.product(*corners):
        index = [_remap(i, n, fill_mode) for (i, _), n in zip(combo, sizes)]
        if batched:
            index = [batch_index + tf.zeros_like(index[0])] + index
        value = tf.cast(tf.gather_nd(x, tf.stack(index, axis=-1)), dtype)
        if fill_mode == "constant":
            valid = functools.reduce(
                tf.logical_and, [(i >= 0) & (i < n) for (i, _), n in zip(combo, sizes)])
            valid = _expand(valid, rest)
            value = tf.where(valid, value, tf.cast(fill_value, dtype))
        weights = [w for _, w in combo if w is not None]
        if weights:
            weight = functools.reduce(tf.multiply, weights)
            value = value * _expand(weight, rest)
        result = result + value
    return _restore_dtype(result, x.dtype)


def solve(a, b):
    return tf.linalg.solve(convert_to_tensor(a), convert_to_tensor(b))


def stack(values, axis):
    return tf.stack([convert_to_tensor(v) for v in values], axis=axis)
