"""Keras's dtype rules for reductions and products, shared by every backend (no framework)."""

from kc_ops import config, dtypes


def sum_dtype(dtype):
    """sum / prod / cumsum / cumprod: small ints and bool widen to 32 bits."""
    dtype = dtypes.standardize_dtype(dtype)
    if dtype in ("bool", "int8", "int16"):
        return "int32"
    if dtype in ("uint8", "uint16"):
        return "uint32"
    return dtype


def mean_dtype(dtype):
    """mean / std / var / average / median / quantile: ints and bool give a float."""
    dtype = dtypes.standardize_dtype(dtype)
    if dtype == "bool" or "int" in dtype:
        return dtypes.result_type(dtype, config.floatx())
    return dtype


def compute_dtype(dtype):
    """Half floats are reduced in float32 for accuracy, then cast back."""
    dtype = mean_dtype(dtype)
    return "float32" if dtype in ("float16", "bfloat16") else dtype


def matmul_dtype(dtype1, dtype2):
    dtype1, dtype2 = dtypes.standardize_dtype(dtype1), dtypes.standardize_dtype(dtype2)
    if dtype1 == "int8" and dtype2 == "int8":
        return "int32"
    return dtypes.result_type(dtype1, dtype2)


def normalize_axis(axis, ndim):
    if axis is None:
        return None
    if isinstance(axis, (list, tuple)):
        return tuple(sorted(a % ndim if ndim else a for a in axis))
    if not isinstance(axis, int):
        raise ValueError(f"`axis` must be None, an int or a tuple of ints. Received: {axis!r}")
    if ndim and not -ndim <= axis < ndim:
        raise ValueError(f"`axis` {axis} is out of bounds for a tensor of rank {ndim}.")
    return axis % ndim if ndim else axis


def check_bincount(shape, dtype, weights, minlength, sparse):
    if sparse:
        raise ValueError("ops.bincount: sparse=True outputs are not supported; use sparse=False.")
    if len(shape) not in (1, 2):
        raise ValueError(f"ops.bincount needs a 1-D or 2-D tensor; received shape {tuple(shape)}.")
    if not dtypes.is_int_dtype(dtype):
        raise ValueError(f"ops.bincount needs integer values; received dtype {dtype}.")
    if not isinstance(minlength, int) or minlength < 0:
        raise ValueError(
            f"ops.bincount: `minlength` must be a non-negative int, received {minlength!r}."
        )


def bincount_dtype(x_dtype, weights_dtype):
    return "int32" if weights_dtype is None else dtypes.result_type(x_dtype, weights_dtype)


def bincount_length(x, minlength, xp):
    """max(minlength, max(x) + 1); needs concrete values (the length depends on them)."""
    if x.shape[-1] == 0:
        return minlength
    try:
        top = int(xp.max(x))
    except Exception as error:  # traced values (jax.jit): the output length must be static
        if minlength <= 0:
            raise ValueError(
                "ops.bincount inside a compiled function needs `minlength` > 0: the output "
                "length must be static (values >= minlength are dropped)."
            ) from error
        return minlength
    return max(minlength, top + 1)


def check_searchsorted(shape, side):
    if len(shape) != 1:
        raise ValueError(
            f"ops.searchsorted: `sorted_sequence` must be 1-D, received shape {tuple(shape)}."
        )
    if side not in ("left", "right"):
        raise ValueError(f"ops.searchsorted: `side` must be 'left' or 'right', received {side!r}.")


def pad_unique(result, size, fill_value, axis, xp):
    """Truncate or pad unique's (values, index, inverse, counts) to `size` entries, like JAX:
    values with `fill_value` (default: the smallest value), index with the smallest value's
    index, counts with 0."""
    values, index, inverse, counts = result
    if size is None:
        return result
    axis = 0 if axis is None else axis
    found = values.shape[axis]
    if found >= size:
        keep = [slice(None)] * values.ndim
        keep[axis] = slice(0, size)
        return values[tuple(keep)], index[:size], inverse, counts[:size]
    extra = size - found
    first = xp.zeros((extra,), dtype=index.dtype)  # repeats of entry 0, the smallest
    take = xp.take(values, first, axis=axis)
    if fill_value is not None:
        take = xp.full_like(take, fill_value)
    values = xp.concatenate([values, take], axis=axis)
    index = xp.concatenate([index, xp.take(index, first, axis=0)])
    counts = xp.concatenate([counts, xp.zeros((extra,), dtype=counts.dtype)])
    return values, index, inverse, counts


def unique_outputs(values, index, inverse, counts, return_index, return_inverse, return_counts):
    extra = [
        t
        for t, wanted in ((index, return_index), (inverse, return_inverse), (counts, return_counts))
        if wanted
    ]
    return (values, *extra) if extra else values


def raise_matmul_error(shape1, shape2, error):
    """Re-raise a framework's matmul failure as a clear ValueError when the shapes disagree."""
    shape1, shape2 = tuple(shape1), tuple(shape2)
    inner2 = shape2[-2] if len(shape2) > 1 else shape2[-1] if shape2 else None
    if shape1 and inner2 is not None and shape1[-1] is not None and shape1[-1] != inner2:
        raise ValueError(
            "ops.matmul needs the last axis of `x1` to match the second-to-last axis of `x2`; "
            f"received shapes {shape1} and {shape2}."
        ) from error
    raise error


def einsum_dtype(operand_dtypes):
    """einsum promotes its operands; int8 operands accumulate into int32 (like matmul)."""
    operand_dtypes = [dtypes.standardize_dtype(d) for d in operand_dtypes]
    if operand_dtypes and all(d == "int8" for d in operand_dtypes):
        return "int32"
    return dtypes.result_type(*operand_dtypes)
