"""NumPy-API array functions (reductions, shapes, indexing, products) on PyTorch."""

import builtins

import torch

from kc_ops import dtypes
from kc_ops.backends import array_rules as rules
from kc_ops.backends.torch.core import NATIVE_TYPES, to_native_dtype
from kc_ops.backends.torch.core import convert_to_tensor as convert


def _dtype(x):
    return dtypes.standardize_dtype(str(x.dtype))


def _cast(x, dtype):
    native = to_native_dtype(dtype)
    return x if x.dtype == native else x.to(native)


def _common(values):
    values = [convert(v) for v in values]
    dtype = dtypes.result_type(*[_dtype(v) for v in values])
    return [_cast(v, dtype) for v in values]


def _dims(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    return tuple(a % ndim for a in axis) if isinstance(axis, (list, tuple)) else (axis % ndim,)


def sum(x, axis=None, keepdims=False):
    x = convert(x)
    out = rules.sum_dtype(_dtype(x))
    if x.ndim == 0:
        return _cast(x, out)
    result = torch.sum(
        x, dim=_dims(axis, x.ndim), keepdim=keepdims, dtype=to_native_dtype(_wide(out))
    )
    return _cast(result, out)


def _wide(dtype):
    """torch's CPU kernels lack unsigned 16/32-bit sums and products: use int64 for them."""
    return "int64" if dtype in ("uint16", "uint32", "uint64") else dtype


def prod(x, axis=None, keepdims=False, dtype=None):
    x = convert(x)
    out = dtypes.standardize_dtype(dtype) if dtype else rules.sum_dtype(_dtype(x))
    x = _cast(x, _wide(out))
    for dim in sorted(_dims(axis, x.ndim), reverse=True):
        x = torch.prod(x, dim=dim, keepdim=keepdims)
    return _cast(x, out)


_WIDE_FLOATS = (torch.float32, torch.float64)


def _float_reduce(fn):
    def reduce(x, axis=None, keepdims=False):
        if type(x) in NATIVE_TYPES and x.dtype in _WIDE_FLOATS and x.ndim:  # computed as is
            return fn(x, _dims(axis, x.ndim), keepdims)
        x = convert(x)
        out = rules.mean_dtype(_dtype(x))
        x = _cast(x, rules.compute_dtype(_dtype(x)))
        if x.ndim == 0:
            return _cast(fn(x.reshape(1), (0,), False), out).reshape(())
        return _cast(fn(x, _dims(axis, x.ndim), keepdims), out)

    return reduce


mean = _float_reduce(lambda x, dims, keep: torch.mean(x, dim=dims, keepdim=keep))
std = _float_reduce(lambda x, dims, keep: torch.std(x, dim=dims, keepdim=keep, correction=0))
var = _float_reduce(lambda x, dims, keep: torch.var(x, dim=dims, keepdim=keep, correction=0))


def _minmax(fn):
    def reduce(x, axis=None, keepdims=False, initial=None):
        x = convert(x)
        result = x if x.ndim == 0 else fn(x, dim=_dims(axis, x.ndim), keepdim=keepdims)
        if initial is not None:
            bound = torch.full_like(result, initial)
            result = (
                torch.maximum(result, bound) if fn is torch.amax else torch.minimum(result, bound)
            )
        return result

    return reduce


max = _minmax(torch.amax)
min = _minmax(torch.amin)
amax = max
amin = min


def all(x, axis=None, keepdims=False):
    x = convert(x)
    return (
        x.bool() if x.ndim == 0 else torch.all(x.bool(), dim=_dims(axis, x.ndim), keepdim=keepdims)
    )


def any(x, axis=None, keepdims=False):
    x = convert(x)
    return (
        x.bool() if x.ndim == 0 else torch.any(x.bool(), dim=_dims(axis, x.ndim), keepdim=keepdims)
    )


def _arg_reduce(fn):
    def reduce(x, axis=None, keepdims=False):
        x = convert(x)
        if x.dtype == torch.bool:  # torch has no bool kernels for argmax / argmin
            x = x.to(torch.uint8)
        if axis is None:
            result = fn(x.reshape(-1), dim=0)
            return _cast(result.reshape((1,) * x.ndim) if keepdims else result, "int32")
        return _cast(fn(x, dim=axis, keepdim=keepdims), "int32")

    return reduce


argmax = _arg_reduce(torch.argmax)
argmin = _arg_reduce(torch.argmin)


def count_nonzero(x, axis=None):
    x = convert(x)
    return _cast(torch.count_nonzero(x, dim=None if axis is None else _dims(axis, x.ndim)), "int32")


def reshape(x, newshape):
    return torch.reshape(convert(x), (newshape,) if isinstance(newshape, int) else tuple(newshape))


def transpose(x, axes=None):
    x = convert(x)
    return x.permute(*(tuple(reversed(range(x.ndim))) if axes is None else tuple(axes)))


def expand_dims(x, axis):
    x = convert(x)
    axes = axis if isinstance(axis, (list, tuple)) else (axis,)
    ndim = x.ndim + len(axes)
    for a in sorted(a % ndim for a in axes):
        x = x.unsqueeze(a)
    return x


def squeeze(x, axis=None):
    x = convert(x)
    if axis is None:
        return torch.squeeze(x)
    for a in sorted(_dims(axis, x.ndim), reverse=True):
        if x.shape[a] != 1:
            raise ValueError(
                f"Cannot squeeze axis {a} of size {x.shape[a]}: only size-1 axes can be squeezed."
            )
        x = x.squeeze(a)
    return x


def stack(x, axis=0):
    return torch.stack(_common(x), dim=axis)


def concatenate(xs, axis=0):
    return torch.cat(_common(xs), dim=axis)


def hstack(xs):
    return torch.hstack(_common(xs))


def vstack(xs):
    return torch.vstack(_common(xs))


def split(x, indices_or_sections, axis=0):
    x = convert(x)
    if isinstance(indices_or_sections, int) and x.shape[axis] % indices_or_sections:
        raise ValueError(
            f"split: an axis of size {x.shape[axis]} cannot be divided into "
            f"{indices_or_sections} equal sections."
        )
    sections = (
        indices_or_sections if isinstance(indices_or_sections, int) else list(indices_or_sections)
    )
    return list(torch.tensor_split(x, sections, dim=axis))


def tile(x, repeats):
    return torch.tile(convert(x), (repeats,) if isinstance(repeats, int) else tuple(repeats))


def repeat(x, repeats, axis=None):
    x = convert(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    if not isinstance(repeats, int):
        repeats = convert(repeats)
    return torch.repeat_interleave(x, repeats, dim=axis)


def flip(x, axis=None):
    x = convert(x)
    return torch.flip(x, dims=_dims(axis, x.ndim))


def roll(x, shift, axis=None):
    x = convert(x)
    if axis is None:
        return torch.roll(x.reshape(-1), shift).reshape(x.shape)
    return torch.roll(x, shift, dims=axis)


def broadcast_to(x, shape):
    return torch.broadcast_to(convert(x), tuple(shape))


def moveaxis(x, source, destination):
    return torch.movedim(convert(x), source, destination)


def swapaxes(x, axis1, axis2):
    return torch.swapaxes(convert(x), axis1, axis2)


def ravel(x):
    return torch.ravel(convert(x))


_FLOATS = {torch.float16, torch.bfloat16, torch.float32, torch.float64}


def matmul(x1, x2):
    try:
        return _matmul(x1, x2)
    except RuntimeError as error:
        rules.raise_matmul_error(convert(x1).shape, convert(x2).shape, error)


def _matmul(x1, x2):
    # Fast path: native tensors of one float dtype need no conversion or promotion.
    if (
        type(x1) in NATIVE_TYPES
        and type(x2) in NATIVE_TYPES
        and x1.dtype == x2.dtype
        and x1.dtype in _FLOATS
    ):
        return torch.matmul(x1, x2)
    x1, x2 = convert(x1), convert(x2)
    out = rules.matmul_dtype(_dtype(x1), _dtype(x2))
    compute = (
        out if dtypes.is_float_dtype(out) else "int64"
    )  # integer matmul needs a wide type on CPU
    return _cast(torch.matmul(_cast(x1, compute), _cast(x2, compute)), out)


def tensordot(x1, x2, axes=2):
    x1, x2 = _common([x1, x2])
    if isinstance(axes, (list, tuple)) and len(axes) == 2 and isinstance(axes[0], int):
        axes = ([axes[0]], [axes[1]])
    return torch.tensordot(x1, x2, dims=axes)


def dot(x1, x2):
    x1, x2 = _common([x1, x2])
    if x1.ndim == 0 or x2.ndim == 0:
        return x1 * x2
    if x2.ndim == 1 or x1.ndim <= 2 and x2.ndim <= 2:
        return torch.matmul(x1, x2)
    return torch.tensordot(x1, x2, dims=([x1.ndim - 1], [x2.ndim - 2]))


def vdot(x1, x2):
    x1, x2 = _common([x1, x2])
    return torch.sum(torch.conj(x1.reshape(-1)) * x2.reshape(-1))


def inner(x1, x2):
    x1, x2 = _common([x1, x2])
    if x1.ndim == 0 or x2.ndim == 0:
        return x1 * x2
    return torch.tensordot(x1, x2, dims=([x1.ndim - 1], [x2.ndim - 1]))


def outer(x1, x2):
    x1, x2 = _common([x1, x2])
    return torch.outer(x1.reshape(-1), x2.reshape(-1))


def einsum(subscripts, *operands, **kwargs):
    operands = [convert(o) for o in operands]
    out = rules.einsum_dtype([_dtype(o) for o in operands])
    return torch.einsum(subscripts, *[_cast(o, out) for o in operands])


def cumsum(x, axis=None, dtype=None):
    x = convert(x)
    out = dtypes.standardize_dtype(dtype) if dtype else rules.sum_dtype(_dtype(x))
    if axis is None:
        x, axis = x.reshape(-1), 0
    return _cast(torch.cumsum(_cast(x, _wide(out)), dim=axis), out)


def cumprod(x, axis=None, dtype=None):
    x = convert(x)
    out = dtypes.standardize_dtype(dtype) if dtype else rules.sum_dtype(_dtype(x))
    if axis is None:
        x, axis = x.reshape(-1), 0
    return _cast(torch.cumprod(_cast(x, _wide(out)), dim=axis), out)


def sort(x, axis=-1):
    return torch.sort(convert(x), dim=axis, stable=True).values


def argsort(x, axis=-1):
    x = convert(x)
    if x.ndim == 0:
        return torch.zeros((), dtype=torch.int32, device=x.device)
    return _cast(torch.argsort(x, dim=axis, stable=True), "int32")


def _index_tensor(indices, size):
    indices = convert(indices)
    if not dtypes.is_int_dtype(_dtype(indices)):
        indices = indices.long()
    indices = indices.long()
    return torch.where(indices < 0, indices + size, indices)


def take(x, indices, axis=None):
    x = convert(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    axis = axis % x.ndim
    indices = _index_tensor(indices, x.shape[axis])
    picked = torch.index_select(x, axis, indices.reshape(-1))
    return picked.reshape(x.shape[:axis] + indices.shape + x.shape[axis + 1 :])


def take_along_axis(x, indices, axis=None):
    x = convert(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    indices = _index_tensor(indices, x.shape[axis])
    shape = list(builtins.max(a, b) for a, b in zip(x.shape, indices.shape))
    shape[axis] = indices.shape[axis]
    indices = torch.broadcast_to(indices, shape)
    shape[axis] = x.shape[axis]
    return torch.take_along_dim(torch.broadcast_to(x, shape), indices, dim=axis)


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
        [tuple(w) for w in pad_width]
        if not isinstance(pad_width, int)
        else [(pad_width, pad_width)] * x.ndim
    )
    if len(widths) == 1 and x.ndim > 1:
        widths = widths * x.ndim
    if mode == "constant":
        flat = [v for pair in reversed(widths) for v in pair]
        return torch.nn.functional.pad(x, flat, mode="constant", value=constant_values or 0)
    for axis, (before, after) in enumerate(widths):
        if before == 0 and after == 0:
            continue
        x = _pad_axis(x, axis, before, after, mode)
    return x


def _pad_axis(x, axis, before, after, mode):
    size = x.shape[axis]

    def index(i):
        return torch.index_select(x, axis, torch.as_tensor(i, device=x.device, dtype=torch.long))

    if mode == "edge":
        left, right = [0] * before, [size - 1] * after
    elif mode == "wrap":
        left = [(i - before) % size for i in range(before)]
        right = [i % size for i in range(after)]
    elif mode == "reflect":
        left = [builtins.abs(i) % (2 * size - 2) for i in range(before, 0, -1)]
        left = [i if i < size else 2 * size - 2 - i for i in left]
        right = [size - 2 - i for i in range(after)]
        right = [i if i >= 0 else -i for i in right]
    else:  # symmetric
        left = [i % size for i in reversed(range(before))]
        right = [size - 1 - (i % size) for i in range(after)]
    parts = []
    if before:
        parts.append(index(left))
    parts.append(x)
    if after:
        parts.append(index(right))
    return torch.cat(parts, dim=axis)


def nonzero(x):
    return tuple(_cast(i, "int32") for i in torch.nonzero(convert(x), as_tuple=True))


def diagonal(x, offset=0, axis1=0, axis2=1):
    return torch.diagonal(convert(x), offset=offset, dim1=axis1, dim2=axis2)


def diag(x, k=0):
    return torch.diag(convert(x), diagonal=k)


def trace(x, offset=0, axis1=0, axis2=1):
    x = convert(x)
    out = rules.sum_dtype(_dtype(x))
    return _cast(torch.sum(torch.diagonal(x, offset=offset, dim1=axis1, dim2=axis2), dim=-1), out)


def bincount(x, weights=None, minlength=0, sparse=False):
    x = convert(x)
    rules.check_bincount(x.shape, _dtype(x), weights, minlength, sparse)
    weights = None if weights is None else convert(weights)
    out = rules.bincount_dtype(_dtype(x), None if weights is None else _dtype(weights))
    rows = x.reshape(1, -1) if x.ndim == 1 else x
    length = rules.bincount_length(rows, minlength, torch)
    if weights is None:
        weights = torch.ones(rows.shape, dtype=to_native_dtype(out), device=x.device)
    weights = _cast(weights, out).reshape(rows.shape)
    counts = torch.zeros((rows.shape[0], length), dtype=weights.dtype, device=x.device)
    counts = counts.scatter_add(1, rows.long(), weights)
    return counts if x.ndim == 2 else counts[0]


def searchsorted(sorted_sequence, values, side="left"):
    sorted_sequence, values = _common([sorted_sequence, values])
    rules.check_searchsorted(sorted_sequence.shape, side)
    return torch.searchsorted(sorted_sequence, values.contiguous(), side=side, out_int32=True)


def slogdet(x):
    x = convert(x)
    x = _cast(x, rules.mean_dtype(_dtype(x)))
    result = torch.linalg.slogdet(x)
    return result.sign, result.logabsdet


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
    flat = x.reshape(-1) if axis is None else x
    dim = 0 if axis is None else axis % x.ndim
    values, inverse, counts = torch.unique(
        flat, sorted=True, return_inverse=True, return_counts=True, dim=dim
    )
    # The first index of each unique entry: the smallest position mapping to it.
    positions = torch.arange(inverse.shape[0], device=x.device)
    index = torch.full((values.shape[dim],), inverse.shape[0], dtype=torch.long, device=x.device)
    index = index.scatter_reduce(0, inverse, positions, reduce="amin")
    values, index, _, counts = rules.pad_unique(
        (values, index, inverse, counts), size, fill_value, dim, _TorchXP
    )
    inverse = inverse.reshape(x.shape) if axis is None else inverse
    return rules.unique_outputs(
        values,
        _cast(index, "int32"),
        _cast(inverse, "int32"),
        _cast(counts, "int32"),
        return_index,
        return_inverse,
        return_counts,
    )


class _TorchXP:
    """The few NumPy-named functions `rules.pad_unique` needs."""

    @staticmethod
    def take(x, indices, axis):
        return torch.index_select(x, axis, indices.long().to(x.device))

    @staticmethod
    def zeros(n, dtype):
        return torch.zeros(n, dtype=dtype)

    @staticmethod
    def full_like(x, value):
        return torch.full_like(x, value)

    @staticmethod
    def concatenate(xs, axis=0):
        return torch.cat([t.to(xs[0].device) for t in xs], dim=axis)


def view(x, dtype=None):
    x = convert(x)
    return x if dtype is None else x.view(to_native_dtype(dtype))
