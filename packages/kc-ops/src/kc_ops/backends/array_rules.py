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
