"""`keras.ops.numpy`, part: reductions, shapes, indexing, sorting and products (see numpy.py)."""

import builtins
import operator

import numpy as np

from kc_ops import dtypes
from kc_ops import numpy_arrays_composite as _composite
from kc_ops.backends import numpy as B
from kc_ops.core import get_item  # noqa: F401  (re-exported)
from kc_ops.keras_tensor import KerasTensor
from kc_ops.operation import symbolic_op


def _check_axis(x, axis, op_name):
    """Raise a clear error for an `axis` that is not None, an int or a tuple of valid ints."""
    if axis is None:
        return
    ndim = len(x.shape) if hasattr(x, "shape") else np.ndim(x)
    for a in axis if isinstance(axis, (list, tuple)) else (axis,):
        try:
            a = operator.index(a)
        except TypeError:
            a = None
        if a is None or not -ndim <= a < ndim:
            raise ValueError(
                f"Invalid `axis` for ops.{op_name}: expected None, an int or a tuple of ints in "
                f"[{-ndim}, {ndim}) for a tensor of rank {ndim}, received {axis!r}."
            )


def _shape_of(x):
    return tuple(x.shape) if hasattr(x, "shape") else np.shape(x)


def _nonzero_spec(x):
    return tuple(KerasTensor((None,), dtype="int32") for _ in x.shape)


@symbolic_op
def sum(x, axis=None, keepdims=False):
    _check_axis(x, axis, "sum")
    return B.sum(x, axis, keepdims)


@symbolic_op
def prod(x, axis=None, keepdims=False, dtype=None):
    _check_axis(x, axis, "prod")
    return B.prod(x, axis, keepdims, dtype)


@symbolic_op
def mean(x, axis=None, keepdims=False):
    _check_axis(x, axis, "mean")
    return B.mean(x, axis, keepdims)


@symbolic_op
def std(x, axis=None, keepdims=False):
    _check_axis(x, axis, "std")
    return B.std(x, axis, keepdims)


@symbolic_op
def var(x, axis=None, keepdims=False):
    _check_axis(x, axis, "var")
    return B.var(x, axis, keepdims)


@symbolic_op
def max(x, axis=None, keepdims=False, initial=None):
    _check_axis(x, axis, "max")
    return B.max(x, axis, keepdims, initial)


@symbolic_op
def min(x, axis=None, keepdims=False, initial=None):
    _check_axis(x, axis, "min")
    return B.min(x, axis, keepdims, initial)


@symbolic_op
def amax(x, axis=None, keepdims=False):
    _check_axis(x, axis, "amax")
    return B.amax(x, axis, keepdims)


@symbolic_op
def amin(x, axis=None, keepdims=False):
    _check_axis(x, axis, "amin")
    return B.amin(x, axis, keepdims)


@symbolic_op
def all(x, axis=None, keepdims=False):
    _check_axis(x, axis, "all")
    return B.all(x, axis, keepdims)


@symbolic_op
def any(x, axis=None, keepdims=False):
    _check_axis(x, axis, "any")
    return B.any(x, axis, keepdims)


@symbolic_op
def argmax(x, axis=None, keepdims=False):
    _check_axis(x, axis, "argmax")
    return B.argmax(x, axis, keepdims)


@symbolic_op
def argmin(x, axis=None, keepdims=False):
    _check_axis(x, axis, "argmin")
    return B.argmin(x, axis, keepdims)


@symbolic_op
def count_nonzero(x, axis=None):
    _check_axis(x, axis, "count_nonzero")
    return B.count_nonzero(x, axis)


@symbolic_op
def reshape(x, newshape):
    try:
        return B.reshape(x, newshape)
    except Exception as error:  # re-raised with a message naming the shapes
        raise ValueError(
            f"ops.reshape cannot reshape a tensor of shape {_shape_of(x)} to {newshape!r}."
        ) from error


@symbolic_op
def transpose(x, axes=None):
    return B.transpose(x, axes)


@symbolic_op
def expand_dims(x, axis):
    return B.expand_dims(x, axis)


@symbolic_op
def squeeze(x, axis=None):
    return B.squeeze(x, axis)


@symbolic_op
def stack(x, axis=0):
    return B.stack(x, axis)


@symbolic_op
def concatenate(xs, axis=0):
    return B.concatenate(xs, axis)


@symbolic_op
def hstack(xs):
    return B.hstack(xs)


@symbolic_op
def vstack(xs):
    return B.vstack(xs)


def _split_spec(x, indices_or_sections, axis=0):
    _check_axis(x, axis, "split")
    size = x.shape[axis]
    if isinstance(indices_or_sections, int):
        if size is not None and size % indices_or_sections:
            raise ValueError(
                f"ops.split: an axis of size {size} cannot be divided into "
                f"{indices_or_sections} equal sections."
            )
        sizes = [None if size is None else size // indices_or_sections] * indices_or_sections
    else:

        def clip(i):  # NumPy clips split points to the axis size
            return i if size is None else builtins.min(i, size)

        bounds = [0] + list(indices_or_sections) + [size]
        sizes = [
            None if b is None else builtins.max(clip(b) - clip(a), 0)
            for a, b in zip(bounds[:-1], bounds[1:])
        ]
    shapes = [x.shape[:axis] + (n,) + x.shape[axis:][1:] for n in sizes]
    return [KerasTensor(s, dtype=x.dtype) for s in shapes]


@symbolic_op(spec=_split_spec)
def split(x, indices_or_sections, axis=0):
    return B.split(x, indices_or_sections, axis)


@symbolic_op
def tile(x, repeats):
    return B.tile(x, repeats)


@symbolic_op
def repeat(x, repeats, axis=None):
    return B.repeat(x, repeats, axis)


@symbolic_op
def flip(x, axis=None):
    return B.flip(x, axis)


@symbolic_op
def roll(x, shift, axis=None):
    return B.roll(x, shift, axis)


@symbolic_op
def broadcast_to(x, shape):
    return B.broadcast_to(x, shape)


@symbolic_op
def moveaxis(x, source, destination):
    return B.moveaxis(x, source, destination)


@symbolic_op
def swapaxes(x, axis1, axis2):
    return B.swapaxes(x, axis1, axis2)


@symbolic_op
def ravel(x):
    return B.ravel(x)


@symbolic_op(eager=B.matmul)
def matmul(x1, x2):
    return B.matmul(x1, x2)


@symbolic_op
def tensordot(x1, x2, axes=2):
    return B.tensordot(x1, x2, axes)


@symbolic_op
def dot(x1, x2):
    return B.dot(x1, x2)


@symbolic_op
def vdot(x1, x2):
    return B.vdot(x1, x2)


@symbolic_op
def inner(x1, x2):
    return B.inner(x1, x2)


@symbolic_op
def outer(x1, x2):
    return B.outer(x1, x2)


@symbolic_op
def einsum(subscripts, *operands, **kwargs):
    return B.einsum(subscripts, *operands, **kwargs)


@symbolic_op
def cumsum(x, axis=None, dtype=None):
    return B.cumsum(x, axis, dtype)


@symbolic_op
def cumprod(x, axis=None, dtype=None):
    return B.cumprod(x, axis, dtype)


@symbolic_op
def sort(x, axis=-1):
    return B.sort(x, axis)


@symbolic_op
def argsort(x, axis=-1):
    return B.argsort(x, axis)


@symbolic_op
def take(x, indices, axis=None):
    return B.take(x, indices, axis)


@symbolic_op
def take_along_axis(x, indices, axis=None):
    return B.take_along_axis(x, indices, axis)


@symbolic_op
def pad(x, pad_width, mode="constant", constant_values=None):
    return B.pad(x, pad_width, mode, constant_values)


@symbolic_op(spec=_nonzero_spec)
def nonzero(x):
    return B.nonzero(x)


@symbolic_op
def diagonal(x, offset=0, axis1=0, axis2=1):
    return B.diagonal(x, offset, axis1, axis2)


@symbolic_op
def diag(x, k=0):
    return B.diag(x, k)


@symbolic_op
def trace(x, offset=0, axis1=0, axis2=1):
    return B.trace(x, offset, axis1, axis2)


@symbolic_op
def slogdet(x):
    return B.slogdet(x)


def _bincount_spec(x, weights=None, minlength=0, sparse=False):
    dtype = "int32" if weights is None else dtypes.result_type(x.dtype, weights.dtype)
    return KerasTensor(tuple(x.shape[:-1]) + (None,), dtype=dtype)


@symbolic_op(spec=_bincount_spec)
def bincount(x, weights=None, minlength=0, sparse=False):
    return B.bincount(x, weights, minlength, sparse)


@symbolic_op
def searchsorted(sorted_sequence, values, side="left"):
    return B.searchsorted(sorted_sequence, values, side)


def _unique_spec(
    x,
    sorted=True,
    return_index=False,
    return_inverse=False,
    return_counts=False,
    axis=None,
    size=None,
    fill_value=None,
):
    if axis is None:
        values = KerasTensor((size,), dtype=x.dtype)
        inverse = KerasTensor(x.shape, dtype="int32")
    else:
        shape = list(x.shape)
        inverse = KerasTensor((shape[axis],), dtype="int32")
        shape[axis] = size
        values = KerasTensor(tuple(shape), dtype=x.dtype)
    extra = [
        inverse if name == "inverse" else KerasTensor((size,), dtype="int32")
        for name, wanted in (
            ("index", return_index),
            ("inverse", return_inverse),
            ("counts", return_counts),
        )
        if wanted
    ]
    return (values, *extra) if extra else values


@symbolic_op(spec=_unique_spec)
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
    return B.unique(x, sorted, return_index, return_inverse, return_counts, axis, size, fill_value)


@symbolic_op
def view(x, dtype=None):
    return B.view(x, dtype)


def vectorize(pyfunc, *, excluded=None, signature=None):
    """`pyfunc` mapped over the leading dims of its tensor arguments (like `np.vectorize`)."""
    return _composite.vectorize(pyfunc, excluded=excluded, signature=signature)


def _wrap_composites():
    """Expose each composite op (see numpy_arrays_composite.py) as a symbolic op."""
    for name in _composite.__all__:
        if name != "vectorize":
            globals()[name] = symbolic_op(getattr(_composite, name))


_wrap_composites()

__all__ = sorted(
    [
        "all",
        "amax",
        "amin",
        "any",
        "argmax",
        "argmin",
        "argsort",
        "bincount",
        "broadcast_to",
        "concatenate",
        "count_nonzero",
        "cumprod",
        "cumsum",
        "diag",
        "diagonal",
        "dot",
        "einsum",
        "expand_dims",
        "flip",
        "get_item",
        "hstack",
        "inner",
        "matmul",
        "max",
        "mean",
        "min",
        "moveaxis",
        "nonzero",
        "outer",
        "pad",
        "prod",
        "ravel",
        "repeat",
        "reshape",
        "roll",
        "searchsorted",
        "slogdet",
        "sort",
        "split",
        "squeeze",
        "stack",
        "std",
        "sum",
        "swapaxes",
        "take",
        "take_along_axis",
        "tensordot",
        "tile",
        "trace",
        "transpose",
        "unique",
        "var",
        "vdot",
        "vectorize",
        "view",
        "vstack",
    ]
    + _composite.__all__
)
