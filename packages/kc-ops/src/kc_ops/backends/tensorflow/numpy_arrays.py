"""NumPy-API array functions (reductions, shapes, indexing, products) on TensorFlow."""

import tensorflow as tf
import tensorflow.experimental.numpy as tnp

from kc_ops import dtypes
from kc_ops.backends import array_rules as rules
from kc_ops.backends.tensorflow.core import convert_to_tensor as convert
from kc_ops.backends.tensorflow.core import to_native_dtype


def _dtype(x):
    return dtypes.standardize_dtype(x.dtype)


def _cast(x, dtype):
    native = to_native_dtype(dtype)
    return x if x.dtype == native else tf.cast(x, native)


def _common(values):
    values = [convert(v) for v in values]
    dtype = dtypes.result_type(*[_dtype(v) for v in values])
    return [_cast(v, dtype) for v in values]


def _axis(axis):
    return list(axis) if isinstance(axis, tuple) else axis


def sum(x, axis=None, keepdims=False):
    x = convert(x)
    return tf.reduce_sum(_cast(x, rules.sum_dtype(_dtype(x))), axis=_axis(axis), keepdims=keepdims)


def prod(x, axis=None, keepdims=False, dtype=None):
    x = convert(x)
    out = dtypes.standardize_dtype(dtype) if dtype else rules.sum_dtype(_dtype(x))
    return tf.reduce_prod(_cast(x, out), axis=_axis(axis), keepdims=keepdims)


def _float_reduce(fn):
    def reduce(x, axis=None, keepdims=False):
        x = convert(x)
        out = rules.mean_dtype(_dtype(x))
        return _cast(
            fn(_cast(x, rules.compute_dtype(_dtype(x))), axis=_axis(axis), keepdims=keepdims), out
        )

    return reduce


mean = _float_reduce(tf.reduce_mean)
std = _float_reduce(tf.math.reduce_std)
var = _float_reduce(tf.math.reduce_variance)


def _bool_safe(fn, bool_fn):
    def reduce(x, axis=None, keepdims=False, initial=None):
        x = convert(x)
        result = (
            bool_fn(x, axis=_axis(axis), keepdims=keepdims)
            if x.dtype == tf.bool
            else fn(x, axis=_axis(axis), keepdims=keepdims)
        )
        if initial is not None:
            bound = tf.cast(initial, result.dtype)
            result = tf.maximum(result, bound) if fn is tf.reduce_max else tf.minimum(result, bound)
        return result

    return reduce


max = _bool_safe(tf.reduce_max, tf.reduce_any)
min = _bool_safe(tf.reduce_min, tf.reduce_all)
amax = max
amin = min


def all(x, axis=None, keepdims=False):
    return tf.reduce_all(tf.cast(convert(x), tf.bool), axis=_axis(axis), keepdims=keepdims)


def any(x, axis=None, keepdims=False):
    return tf.reduce_any(tf.cast(convert(x), tf.bool), axis=_axis(axis), keepdims=keepdims)


def _arg(fn):
    def reduce(x, axis=None, keepdims=False):
        x = convert(x)
        if axis is None:
            result = fn(tf.reshape(x, [-1]), axis=0, output_type=tf.int32)
            return tf.reshape(result, [1] * len(x.shape)) if keepdims else result
        result = fn(x, axis=axis, output_type=tf.int32)
        return tf.expand_dims(result, axis) if keepdims else result

    return reduce


argmax = _arg(tf.argmax)
argmin = _arg(tf.argmin)


def count_nonzero(x, axis=None):
    return tf.cast(tf.math.count_nonzero(convert(x), axis=_axis(axis)), tf.int32)


def reshape(x, newshape):
    return tf.reshape(convert(x), [newshape] if isinstance(newshape, int) else list(newshape))


def transpose(x, axes=None):
    return tf.transpose(convert(x), perm=axes)


def expand_dims(x, axis):
    x = convert(x)
    axes = axis if isinstance(axis, (list, tuple)) else (axis,)
    ndim = len(x.shape) + len(axes)
    for a in sorted(a % ndim for a in axes):
        x = tf.expand_dims(x, a)
    return x


def squeeze(x, axis=None):
    x = convert(x)
    if axis is None:  # only dims known to be 1 (graph tensors may have unknown dims)
        axis = [i for i, d in enumerate(x.shape) if d == 1]
        if not axis:
            return x
    return tf.squeeze(x, axis=list(axis) if isinstance(axis, (list, tuple)) else [axis])


def stack(x, axis=0):
    return tf.stack(_common(x), axis=axis)


def concatenate(xs, axis=0):
    return tf.concat(_common(xs), axis=axis)


def hstack(xs):
    return tnp.hstack(_common(xs))


def vstack(xs):
    return tnp.vstack(_common(xs))


def split(x, indices_or_sections, axis=0):
    x = convert(x)
    if isinstance(indices_or_sections, int):
        return tf.split(x, indices_or_sections, axis=axis)
    bounds = [0] + list(indices_or_sections) + [None]
    size = tf.shape(x)[axis]
    sizes = [(size if b is None else b) - a for a, b in zip(bounds[:-1], bounds[1:])]
    return tf.split(x, sizes, axis=axis)


def tile(x, repeats):
    x = convert(x)
    repeats = [repeats] if isinstance(repeats, int) else list(repeats)
    if len(repeats) < len(x.shape):
        repeats = [1] * (len(x.shape) - len(repeats)) + repeats
    elif len(repeats) > len(x.shape):
        x = tf.reshape(x, tf.concat([[1] * (len(repeats) - len(x.shape)), tf.shape(x)], 0))
    return tf.tile(x, repeats)


def repeat(x, repeats, axis=None):
    x = convert(x)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    return tf.repeat(x, repeats, axis=axis)


def flip(x, axis=None):
    x = convert(x)
    axes = (
        list(range(len(x.shape)))
        if axis is None
        else (list(axis) if isinstance(axis, (list, tuple)) else [axis])
    )
    return tf.reverse(x, axes)


def roll(x, shift, axis=None):
    x = convert(x)
    if axis is None:
        return tf.reshape(tf.roll(tf.reshape(x, [-1]), shift, axis=0), tf.shape(x))
    return tf.roll(x, shift, axis=axis)


def broadcast_to(x, shape):
    return tf.broadcast_to(convert(x), list(shape))


def moveaxis(x, source, destination):
    return tnp.moveaxis(convert(x), source, destination)


def swapaxes(x, axis1, axis2):
    return tnp.swapaxes(convert(x), axis1, axis2)


def ravel(x):
    return tf.reshape(convert(x), [-1])


def matmul(x1, x2):
    x1, x2 = convert(x1), convert(x2)
    try:
        return _matmul(x1, x2)
    except (tf.errors.InvalidArgumentError, ValueError) as error:
        rules.raise_matmul_error(x1.shape, x2.shape, error)


def _matmul(x1, x2):
    if x1.dtype == x2.dtype and x1.dtype.is_floating:
        return (
            tf.linalg.matmul(x1, x2)
            if len(x1.shape) >= 2 and len(x2.shape) >= 2
            else tnp.matmul(x1, x2)
        )
    out = rules.matmul_dtype(_dtype(x1), _dtype(x2))
    compute = (
        out
        if dtypes.is_float_dtype(out)
        else "int32"
        if out in ("int32", "int8", "int16", "uint8")
        else "int64"
    )
    return _cast(tnp.matmul(_cast(x1, compute), _cast(x2, compute)), out)


def tensordot(x1, x2, axes=2):
    x1, x2 = _common([x1, x2])
    return tf.tensordot(x1, x2, axes=axes)


def dot(x1, x2):
    x1, x2 = _common([x1, x2])
    return tnp.dot(x1, x2)


def vdot(x1, x2):
    x1, x2 = _common([x1, x2])
    return tnp.vdot(x1, x2)


def inner(x1, x2):
    x1, x2 = _common([x1, x2])
    return tnp.inner(x1, x2)


def outer(x1, x2):
    x1, x2 = _common([x1, x2])
    return tnp.outer(x1, x2)


def einsum(subscripts, *operands, **kwargs):
    operands = [convert(o) for o in operands]
    out = rules.einsum_dtype([_dtype(o) for o in operands])
    if out in ("bool", "int8", "int16", "uint8", "uint16", "uint32", "uint64"):
        # tf.einsum has float, complex, int32 and int64 kernels only.
        return _cast(tf.einsum(subscripts, *[_cast(o, "int64") for o in operands]), out)
    return tf.einsum(subscripts, *[_cast(o, out) for o in operands])


def cumsum(x, axis=None, dtype=None):
    x = convert(x)
    out = dtypes.standardize_dtype(dtype) if dtype else rules.sum_dtype(_dtype(x))
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    return tf.cumsum(_cast(x, out), axis=axis)


def cumprod(x, axis=None, dtype=None):
    x = convert(x)
    out = dtypes.standardize_dtype(dtype) if dtype else rules.sum_dtype(_dtype(x))
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    return tf.math.cumprod(_cast(x, out), axis=axis)


def sort(x, axis=-1):
    x = convert(x)
    if x.dtype == tf.bool:
        return tf.cast(tf.sort(tf.cast(x, tf.int8), axis=axis), tf.bool)
    return tf.sort(x, axis=axis)


def argsort(x, axis=-1):
    x = convert(x)
    if x.dtype == tf.bool:
        x = tf.cast(x, tf.int8)
    return tf.argsort(x, axis=axis, stable=True)


def _indices(indices, size):
    indices = convert(indices)
    if not indices.dtype.is_integer:
        indices = tf.cast(indices, tf.int64)
    size = tf.cast(size, indices.dtype)
    return tf.where(indices < 0, indices + size, indices)


def take(x, indices, axis=None):
    x = convert(x)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    return tf.gather(x, _indices(indices, tf.shape(x)[axis]), axis=axis)


def take_along_axis(x, indices, axis=None):
    x = convert(x)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    return tnp.take_along_axis(x, _indices(indices, tf.shape(x)[axis]), axis=axis)


def pad(x, pad_width, mode="constant", constant_values=None):
    x = convert(x)
    if mode not in ("constant", "reflect", "symmetric", "edge", "wrap"):
        raise ValueError(
            f"pad: unknown mode {mode!r}; expected constant, reflect, symmetric, edge or wrap."
        )
    if constant_values is not None and mode != "constant":
        raise ValueError(
            f"pad: constant_values is only valid with mode='constant' (received mode={mode!r})."
        )
    widths = (
        [list(w) for w in pad_width]
        if not isinstance(pad_width, int)
        else [[pad_width, pad_width]] * len(x.shape)
    )
    if len(widths) == 1 and len(x.shape) > 1:
        widths = widths * len(x.shape)
    if mode in ("constant", "reflect", "symmetric"):
        return tf.pad(x, widths, mode=mode.upper(), constant_values=constant_values or 0)
    for axis, (before, after) in enumerate(widths):
        # One gather per axis: positions -before .. size+after-1, clamped (edge) or wrapped.
        size = tf.shape(x)[axis]
        positions = tf.range(-before, size + after)
        if mode == "edge":
            positions = tf.clip_by_value(positions, 0, size - 1)
        else:
            positions = tf.math.floormod(positions, size)
        x = tf.gather(x, positions, axis=axis)
    return x


def nonzero(x):
    indices = tf.cast(tf.where(tf.not_equal(convert(x), 0)), tf.int32)
    return tuple(indices[:, i] for i in range(len(convert(x).shape)))


def diagonal(x, offset=0, axis1=0, axis2=1):
    return tnp.diagonal(convert(x), offset=offset, axis1=axis1, axis2=axis2)


def diag(x, k=0):
    return tnp.diag(convert(x), k=k)


def trace(x, offset=0, axis1=0, axis2=1):
    x = convert(x)
    out = rules.sum_dtype(_dtype(x))
    return _cast(
        tf.reduce_sum(tnp.diagonal(x, offset=offset, axis1=axis1, axis2=axis2), axis=-1), out
    )


def bincount(x, weights=None, minlength=0, sparse=False):
    x = convert(x)
    rules.check_bincount(x.shape, _dtype(x), weights, minlength, sparse)
    weights = None if weights is None else convert(weights)
    out = rules.bincount_dtype(_dtype(x), None if weights is None else _dtype(weights))
    rows = tf.reshape(x, [1, -1]) if len(x.shape) == 1 else x
    rows = tf.cast(rows, tf.int32)
    length = tf.maximum(minlength, tf.reduce_max(tf.concat([tf.reshape(rows, [-1]), [-1]], 0)) + 1)
    if weights is None:
        weights = tf.ones_like(rows, dtype=to_native_dtype(out))
    weights = tf.reshape(_cast(weights, out), tf.shape(rows))
    n_rows = tf.shape(rows)[0]
    ids = rows + tf.range(n_rows)[:, None] * length  # one segment per (row, value)
    counts = tf.math.unsorted_segment_sum(weights, ids, n_rows * length)
    counts = tf.reshape(counts, tf.stack([n_rows, length]))
    return counts if len(x.shape) == 2 else counts[0]


def searchsorted(sorted_sequence, values, side="left"):
    sorted_sequence, values = _common([sorted_sequence, values])
    rules.check_searchsorted(sorted_sequence.shape, side)
    result = tf.searchsorted(
        sorted_sequence[None], tf.reshape(values, [1, -1]), side=side, out_type=tf.int32
    )
    return tf.reshape(result, tf.shape(values))


def slogdet(x):
    x = convert(x)
    sign, logdet = tf.linalg.slogdet(_cast(x, rules.mean_dtype(_dtype(x))))
    return sign, logdet


def _lexsort_rows(rows):
    """The order that sorts the rows of a 2-D tensor lexicographically (first column first)."""
    order = tf.range(tf.shape(rows)[0])
    for col in reversed(range(rows.shape[1])):
        keys = tf.gather(rows[:, col], order)
        keys = tf.cast(keys, tf.int8) if keys.dtype == tf.bool else keys
        order = tf.gather(order, tf.argsort(keys, stable=True))
    return order


def unique(
    x,
    sorted=True,
    return_index=False,
    return_inverse=False,
    return_counts=False,
    axis=None,
    size=None,
    fill_value=None,
):
    x = convert(x)
    if axis is None:
        flat = tf.reshape(x, [-1])
        found, first_idx = tf.unique(flat)
        order = tf.argsort(
            tf.cast(found, tf.int8) if found.dtype == tf.bool else found, stable=True
        )
        dim = 0
    else:
        dim = axis % len(x.shape)
        found, first_idx = tf.raw_ops.UniqueV2(x=x, axis=[dim])
        moved = tf.reshape(tnp.moveaxis(found, dim, 0), [tf.shape(found)[dim], -1])
        order = _lexsort_rows(moved)
    values = tf.gather(found, order, axis=dim)
    rank = tf.math.invert_permutation(order)
    inverse = tf.gather(rank, first_idx)
    n = tf.shape(order)[0]
    counts = tf.math.unsorted_segment_sum(tf.ones_like(inverse), inverse, n)
    positions = tf.range(tf.shape(inverse)[0])
    index = tf.math.unsorted_segment_min(positions, inverse, n)
    if size is not None:
        values, index, counts = _pad_unique(values, index, counts, size, fill_value, dim)
    inverse = tf.reshape(inverse, tf.shape(x)) if axis is None else inverse
    return rules.unique_outputs(
        values,
        _cast(index, "int32"),
        _cast(inverse, "int32"),
        _cast(counts, "int32"),
        return_index,
        return_inverse,
        return_counts,
    )


def _pad_unique(values, index, counts, size, fill_value, dim):
    """Pad (with repeats of the smallest entry, or `fill_value`) or truncate to `size` entries;
    works on graph tensors whose number of unique entries is unknown."""
    extra = tf.maximum(size - tf.shape(values)[dim], 0)
    first = tf.zeros([extra], tf.int32)
    fill = tf.gather(values, first, axis=dim)
    if fill_value is not None:
        fill = tf.fill(tf.shape(fill), tf.cast(fill_value, values.dtype))
    keep = tf.range(size)
    values = tf.gather(tf.concat([values, fill], dim), keep, axis=dim)
    index = tf.gather(tf.concat([index, tf.gather(index, first)], 0), keep)
    counts = tf.gather(tf.concat([counts, tf.zeros([extra], counts.dtype)], 0), keep)
    return values, index, counts


def view(x, dtype=None):
    x = convert(x)
    if dtype is None:
        return x
    target = to_native_dtype(dtype)
    old, new = x.dtype.size, target.size
    if old == new:
        return tf.bitcast(x, target)
    shape = tf.shape(x)
    if old > new:  # each element becomes old // new elements along the last axis
        result = tf.bitcast(x, target)
        return tf.reshape(result, tf.concat([shape[:-1], [shape[-1] * (old // new)]], 0))
    ratio = new // old
    grouped = tf.reshape(x, tf.concat([shape[:-1], [shape[-1] // ratio, ratio]], 0))
    return tf.bitcast(grouped, target)
