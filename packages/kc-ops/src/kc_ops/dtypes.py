"""Dtype names and Keras 3's type promotion.

Promotion follows a JAX-style lattice in which Python scalars are "weak": they adopt the
dtype of the tensor they meet (`int8 + 1 -> int8`, `int64 + 1.0 -> float32` with floatx
float32). All backends share this one implementation, so results agree everywhere.
"""

import functools
import re

import numpy as np

from kc_ops import config

BOOL_TYPES = ("bool",)
INT_TYPES = ("uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64")
FLOAT_TYPES = ("bfloat16", "float16", "float32", "float64")
FLOAT8_TYPES = ("float8_e4m3fn", "float8_e5m2")
COMPLEX_TYPES = ("complex64", "complex128")
WEAK_TYPES = ("int", "float", "complex")
ALLOWED_DTYPES = BOOL_TYPES + INT_TYPES + FLOAT_TYPES + FLOAT8_TYPES + COMPLEX_TYPES + ("string",)

_ALIASES = {
    "float": "float32",
    "double": "float64",
    "half": "float16",
    "int": "int64",
    "long": "int64",
    "uint": "uint32",
    "bool_": "bool",
    "float8_e4m3": "float8_e4m3fn",
    "str": "string",
    "object": "string",
}
_PYTHON_TYPES = {bool: "bool", int: "int64", float: "float32", str: "string", complex: "complex64"}


def _name_of(dtype):
    """A dtype-like object's name, without importing any framework."""
    if dtype is None:
        return config.floatx()
    if isinstance(dtype, str):
        return dtype
    if dtype in _PYTHON_TYPES:
        return "float" if dtype is float else _PYTHON_TYPES[dtype]
    if hasattr(dtype, "name") and isinstance(dtype.name, str):  # numpy, jax, tf, ml_dtypes
        return dtype.name
    if hasattr(dtype, "dtype") and not isinstance(dtype, type):  # a DTypePolicy or an array
        inner = getattr(dtype, "dtype")
        if inner is not dtype:
            return _name_of(inner)
    if isinstance(dtype, type) and issubclass(dtype, np.generic):
        return np.dtype(dtype).name
    return str(dtype)  # torch.float32 -> "torch.float32", prefix removed below


@functools.lru_cache(maxsize=512)
def _standardize_name(name):
    for prefix in ("tf.", "torch.", "jnp.", "np."):
        if name.startswith(prefix):
            name = name[len(prefix):]
    name = _ALIASES.get(name, name)
    if name in ALLOWED_DTYPES:
        return name
    raise ValueError(
        f"Invalid dtype: {name!r}. Expected one of {', '.join(ALLOWED_DTYPES)} "
        "(or a NumPy, JAX, PyTorch or TensorFlow dtype object)."
    )


_FRAMEWORK_DTYPES = {}  # a framework's dtype object -> its name (they are few and hashable)
_FRAMEWORK_MODULES = frozenset({"torch", "numpy", "numpy.dtypes", "tensorflow.python.framework.dtypes"})


def standardize_dtype(dtype):
    """The canonical dtype string ('float32', 'int64', ...) of any dtype-like object."""
    name = _FRAMEWORK_DTYPES.get(dtype) if type(dtype).__module__ in _FRAMEWORK_MODULES else None
    if name is not None:
        return name
    if dtype is float:
        return config.floatx()
    name = _standardize_name(_name_of(dtype))
    if type(dtype).__module__ in _FRAMEWORK_MODULES:
        _FRAMEWORK_DTYPES[dtype] = name
    return name



def is_float_dtype(dtype):
    dtype = standardize_dtype(dtype)
    return dtype.startswith("float") or dtype.startswith("bfloat")


def is_int_dtype(dtype):
    dtype = standardize_dtype(dtype)
    return dtype.startswith("int") or dtype.startswith("uint")


def dtype_size(dtype):
    """Size of one element in bits."""
    dtype = standardize_dtype(dtype)
    if dtype == "bool":
        return 8
    if dtype == "string":
        raise ValueError("The 'string' dtype has no fixed element size.")
    return int(re.search(r"\d+", dtype).group())


# The promotion lattice: each dtype points to the dtypes directly above it.
_LATTICE = {
    "bool": ("int",),
    "uint8": ("int16", "uint16"),
    "uint16": ("int32", "uint32"),
    "uint32": ("int64", "uint64"),
    "uint64": ("float",),
    "int": ("uint8", "int8"),
    "int8": ("int16",),
    "int16": ("int32",),
    "int32": ("int64",),
    "int64": ("float",),
    "float": ("bfloat16", "float16", "complex"),
    "bfloat16": ("float32",),
    "float16": ("float32",),
    "float32": ("float64", "complex64"),
    "float64": ("complex128",),
    "complex": ("complex64",),
    "complex64": ("complex128",),
    "complex128": (),
}


def _upper_closure():
    closure = {}

    def visit(node):
        if node not in closure:
            above = {node}
            for parent in _LATTICE[node]:
                above |= visit(parent)
            closure[node] = frozenset(above)
        return closure[node]

    for node in _LATTICE:
        visit(node)
    return closure


_UPPER = _upper_closure()


@functools.lru_cache(maxsize=1024)
def _least_upper_bound(*nodes):
    common = frozenset.intersection(*(_UPPER[n] for n in nodes))
    for candidate in common:
        if _UPPER[candidate] == common:
            return candidate
    raise ValueError(f"No common dtype for {nodes}.")


def _weak_kind(dtype):
    if dtype == "bool":
        return dtype
    if "float" in dtype:
        return "float"
    if "int" in dtype:
        return "int"
    if "complex" in dtype:
        return "complex"
    return dtype


def _resolve_weak(dtype, precision):
    if dtype == "bool":
        return dtype
    if dtype == "int":
        return "int" + precision
    if dtype == "complex":
        return "complex128" if precision == "64" else "complex64"
    return "float" + precision


def _dtype_and_weakness(value):
    if value is int or value is float or value is complex:
        return {int: "int", float: "float", complex: "complex"}[value], True
    if value is bool:
        return "bool", False
    return standardize_dtype(value), False


def _lattice_result_type(*args):
    return _cached_lattice_result_type(args, config.floatx())


@functools.lru_cache(maxsize=4096)
def _cached_lattice_result_type(args, floatx):
    pairs = [_dtype_and_weakness(a) for a in args]
    dtypes = [d for d, _ in pairs]
    weak = [w for _, w in pairs]
    if len(pairs) == 1:
        out, out_weak = pairs[0]
    elif len(set(dtypes)) == 1 and not all(weak):
        out, out_weak = dtypes[0], False
    elif all(weak):
        out = _least_upper_bound(*sorted({_weak_kind(d) if w else d for d, w in pairs}))
        out_weak = True
    else:
        nodes = {_weak_kind(d) if w else d for d, w in pairs}
        out = _least_upper_bound(*sorted(nodes))
        out_weak = out in WEAK_TYPES
    if out_weak and out != "bool":
        out = _resolve_weak(out, floatx[-2:])
    return out


def result_type(*dtypes):
    """The dtype that Keras's ops return for inputs of these dtypes.

    Python types `int`, `float` and `complex` stand for weakly typed scalars; `None` stands for
    floatx. With no argument, floatx.
    """
    if not dtypes:
        return config.floatx()
    args = []
    for dtype in dtypes:
        if dtype is None:
            args.append(config.floatx())
        elif dtype in (int, float, complex, bool):
            args.append(dtype)
        else:
            name = standardize_dtype(dtype)
            if name in FLOAT8_TYPES:
                raise ValueError(f"result_type does not accept float8 dtypes. Received: {dtypes}")
            if name == "string":
                raise ValueError(f"result_type does not accept the 'string' dtype. Received: {dtypes}")
            args.append(name)
    return _lattice_result_type(*args)


def dtype_of(x):
    """The dtype-or-Python-type of an op argument, as result_type expects it."""
    dtype = getattr(x, "dtype", None)
    if dtype is None:
        if isinstance(x, (bool, int, float, complex)):
            return type(x)
        return standardize_dtype(np.asarray(x).dtype)
    return dtype
