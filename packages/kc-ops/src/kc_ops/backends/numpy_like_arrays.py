"""Array functions written once for NumPy-compatible modules (`numpy`, `jax.numpy`).

`make(xp, convert, to_native)` returns the functions for one module; the numpy and jax
backends call it. Keras's dtype rules are applied on top of the module's own results.
"""

from kc_ops import dtypes
from kc_ops.backends import array_rules as rules


def make(xp, convert, to_native):
    def dtype_of(x):
        return dtypes.standardize_dtype(x.dtype)

    def cast(x, dtype):
        native = to_native(dtype)
        return x if x.dtype == native else x.astype(native)

    def common(values):
        values = [convert(v) for v in values]
        dtype = dtypes.result_type(*[dtype_of(v) for v in values])
        return [cast(v, dtype) for v in values]

    def axis_of(axis):
        return tuple(axis) if isinstance(axis, list) else axis

    def sum(x, axis=None, keepdims=False):
        x = convert(x)
        out = rules.sum_dtype(dtype_of(x))
        return cast(xp.sum(x, axis=axis_of(axis), keepdims=keepdims, dtype=to_native(out)), out)

    def prod(x, axis=None, keepdims=False, dtype=None):
        x = convert(x)
        out = dtypes.standardize_dtype(dtype) if dtype else rules.sum_dtype(dtype_of(x))
        return cast(xp.prod(x, axis=axis_of(axis), keepdims=keepdims, dtype=to_native(out)), out)

    def _float_reduce(fn):
        def reduce(x, axis=None, keepdims=False):
            x = convert(x)
            out = rules.mean_dtype(dtype_of(x))
            result = fn(
                cast(x, rules.compute_dtype(dtype_of(x))), axis=axis_of(axis), keepdims=keepdims
            )
            return cast(result, out)

        return reduce

    mean = _float_reduce(xp.mean)
    std = _float_reduce(xp.std)
    var = _float_reduce(xp.var)

    def max(x, axis=None, keepdims=False, initial=None):
        x = convert(x)
        if initial is not None:
            return xp.max(x, axis=axis_of(axis), keepdims=keepdims, initial=initial)
        return xp.max(x, axis=axis_of(axis), keepdims=keepdims)

    def min(x, axis=None, keepdims=False, initial=None):
        x = convert(x)
        if initial is not None:
            return xp.min(x, axis=axis_of(axis), keepdims=keepdims, initial=initial)
        return xp.min(x, axis=axis_of(axis), keepdims=keepdims)

    def all(x, axis=None, keepdims=False):
        return xp.all(convert(x), axis=axis_of(axis), keepdims=keepdims)

    def any(x, axis=None, keepdims=False):
        return xp.any(convert(x), axis=axis_of(axis), keepdims=keepdims)

    def argmax(x, axis=None, keepdims=False):
        return cast(xp.argmax(convert(x), axis=axis, keepdims=keepdims), "int32")

    def argmin(x, axis=None, keepdims=False):
        return cast(xp.argmin(convert(x), axis=axis, keepdims=keepdims), "int32")

    def count_nonzero(x, axis=None):
        return cast(xp.count_nonzero(convert(x), axis=axis_of(axis)), "int32")

    def reshape(x, newshape):
        return xp.reshape(convert(x), tuple(newshape) if isinstance(newshape, list) else newshape)

    def transpose(x, axes=None):
        return xp.transpose(convert(x), axes)

    def expand_dims(x, axis):
        return xp.expand_dims(convert(x), axis_of(axis))

    def squeeze(x, axis=None):
        return xp.squeeze(convert(x), axis=axis_of(axis))

    def stack(x, axis=0):
        return xp.stack(common(x), axis=axis)

    def concatenate(xs, axis=0):
        return xp.concatenate(common(xs), axis=axis)

    def hstack(xs):
        return xp.hstack(common(xs))

    def vstack(xs):
        return xp.vstack(common(xs))

    def split(x, indices_or_sections, axis=0):
        return list(xp.split(convert(x), indices_or_sections, axis=axis))

    def tile(x, repeats):
        return xp.tile(convert(x), repeats)

    def repeat(x, repeats, axis=None):
        if isinstance(repeats, (list, tuple)):
            repeats = convert(repeats)
        return xp.repeat(convert(x), repeats, axis=axis)

    def flip(x, axis=None):
        return xp.flip(convert(x), axis=axis_of(axis))

    def roll(x, shift, axis=None):
        return xp.roll(convert(x), shift, axis=axis_of(axis))

    def broadcast_to(x, shape):
        return xp.broadcast_to(convert(x), tuple(shape))

    def moveaxis(x, source, destination):
        return xp.moveaxis(convert(x), source, destination)

    def swapaxes(x, axis1, axis2):
        return xp.swapaxes(convert(x), axis1, axis2)

    def ravel(x):
        return xp.ravel(convert(x))

    tensor_type = type(convert(0.0))
    float_natives = {to_native(d) for d in ("float16", "bfloat16", "float32", "float64")}

    def matmul(x1, x2):
        try:
            return _matmul(x1, x2)
        except Exception as error:
            rules.raise_matmul_error(xp.shape(x1), xp.shape(x2), error)

    def _matmul(x1, x2):
        # Fast path: native tensors of one float dtype need no conversion or promotion.
        if (
            type(x1) is tensor_type
            and type(x2) is tensor_type
            and x1.dtype == x2.dtype
            and x1.dtype in float_natives
        ):
            return xp.matmul(x1, x2)
        x1, x2 = convert(x1), convert(x2)
        out = rules.matmul_dtype(dtype_of(x1), dtype_of(x2))
        compute = "int32" if out == "int32" and dtype_of(x1) == "int8" else out
        return cast(xp.matmul(cast(x1, compute), cast(x2, compute)), out)

    def dot(x1, x2):
        x1, x2 = common([x1, x2])
        return xp.dot(x1, x2)

    def vdot(x1, x2):
        x1, x2 = common([x1, x2])
        return xp.vdot(x1, x2)

    def inner(x1, x2):
        x1, x2 = common([x1, x2])
        return xp.inner(x1, x2)

    def outer(x1, x2):
        x1, x2 = common([x1, x2])
        return xp.outer(x1, x2)

    def tensordot(x1, x2, axes=2):
        x1, x2 = common([x1, x2])
        return xp.tensordot(x1, x2, axes=axes)

    def einsum(subscripts, *operands, **kwargs):
        operands = [convert(o) for o in operands]
        out = rules.einsum_dtype([dtype_of(o) for o in operands])
        return xp.einsum(subscripts, *[cast(o, out) for o in operands])

    def cumsum(x, axis=None, dtype=None):
        x = convert(x)
        out = dtypes.standardize_dtype(dtype) if dtype else rules.sum_dtype(dtype_of(x))
        return xp.cumsum(x, axis=axis, dtype=to_native(out))

    def cumprod(x, axis=None, dtype=None):
        x = convert(x)
        out = dtypes.standardize_dtype(dtype) if dtype else rules.sum_dtype(dtype_of(x))
        return xp.cumprod(x, axis=axis, dtype=to_native(out))

    def sort(x, axis=-1):
        return xp.sort(convert(x), axis=axis)

    def argsort(x, axis=-1):
        return cast(xp.argsort(convert(x), axis=axis, stable=True), "int32")

    def take(x, indices, axis=None):
        x, indices = convert(x), convert(indices)
        if not dtypes.is_int_dtype(dtype_of(indices)):
            indices = cast(indices, "int32")
        return xp.take(x, indices, axis=axis)

    def take_along_axis(x, indices, axis=None):
        indices = convert(indices)
        if not dtypes.is_int_dtype(dtype_of(indices)):
            indices = cast(indices, "int32")
        return xp.take_along_axis(convert(x), indices, axis=axis)

    def pad(x, pad_width, mode="constant", constant_values=None):
        x = convert(x)
        if mode not in ("constant", "reflect", "symmetric", "edge", "wrap"):
            raise ValueError(
                f"pad: unknown mode {mode!r}; expected constant, reflect, symmetric, edge or wrap."
            )
        if constant_values is not None:
            if mode != "constant":
                raise ValueError(
                    "pad: constant_values is only valid with mode='constant' "
                    f"(received mode={mode!r})."
                )
            return xp.pad(x, pad_width, mode=mode, constant_values=constant_values)
        return xp.pad(x, pad_width, mode=mode)

    def nonzero(x):
        return tuple(cast(i, "int32") for i in xp.nonzero(convert(x)))

    def diagonal(x, offset=0, axis1=0, axis2=1):
        return xp.diagonal(convert(x), offset=offset, axis1=axis1, axis2=axis2)

    def diag(x, k=0):
        return xp.diag(convert(x), k=k)

    def trace(x, offset=0, axis1=0, axis2=1):
        x = convert(x)
        out = rules.sum_dtype(dtype_of(x))
        return cast(xp.trace(x, offset=offset, axis1=axis1, axis2=axis2, dtype=to_native(out)), out)

    def amax(x, axis=None, keepdims=False):
        return max(x, axis=axis, keepdims=keepdims)

    def amin(x, axis=None, keepdims=False):
        return min(x, axis=axis, keepdims=keepdims)

    def bincount(x, weights=None, minlength=0, sparse=False):
        x = convert(x)
        rules.check_bincount(x.shape, dtype_of(x), weights, minlength, sparse)
        out = rules.bincount_dtype(
            dtype_of(x), None if weights is None else dtype_of(convert(weights))
        )
        flat = x.reshape(-1, x.shape[-1]) if x.ndim == 2 else x.reshape(1, -1)
        length = rules.bincount_length(flat, minlength, xp)
        w = (
            xp.ones(flat.shape, to_native(out))
            if weights is None
            else cast(convert(weights), out).reshape(flat.shape)
        )
        rows = xp.broadcast_to(xp.arange(flat.shape[0])[:, None], flat.shape)
        zeros = xp.zeros((flat.shape[0], length), to_native(out))
        if xp.__name__ == "numpy":
            xp.add.at(zeros, (rows, flat), w)
            counts = zeros
        else:
            counts = zeros.at[rows, flat].add(w, mode="drop")
        return counts if x.ndim == 2 else counts[0]

    def searchsorted(sorted_sequence, values, side="left"):
        sorted_sequence, values = common([sorted_sequence, values])
        rules.check_searchsorted(sorted_sequence.shape, side)
        return cast(xp.searchsorted(sorted_sequence, values, side=side), "int32")

    def slogdet(x):
        x = convert(x)
        x = cast(x, rules.mean_dtype(dtype_of(x)))
        sign, logdet = xp.linalg.slogdet(x)
        return sign, logdet

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
        if xp.__name__ != "numpy":
            out = xp.unique(
                x,
                return_index=True,
                return_inverse=True,
                return_counts=True,
                axis=axis,
                size=size,
                fill_value=fill_value,
            )
        else:
            out = rules.pad_unique(
                xp.unique(x, return_index=True, return_inverse=True, return_counts=True, axis=axis),
                size,
                fill_value,
                axis,
                xp,
            )
        values, index, inverse, counts = out
        if axis is None:
            inverse = inverse.reshape(x.shape)
        return rules.unique_outputs(
            values,
            cast(index, "int32"),
            cast(inverse, "int32"),
            cast(counts, "int32"),
            return_index,
            return_inverse,
            return_counts,
        )

    def view(x, dtype=None):
        x = convert(x)
        if dtype is None:
            return x
        return x.view(to_native(dtype))

    helpers = {"dtype_of", "cast", "common", "axis_of", "convert", "to_native", "tensor_type"}
    return {
        name: value
        for name, value in locals().items()
        if callable(value) and not name.startswith("_") and name not in helpers
    }
