"""Shared machinery for the element-wise NumPy-API ops of every backend (no framework here).

Each backend builds its ops from an `ElementwiseKit` that knows its native tensor type, how to
convert and cast, and which native dtypes are floats. The kit applies Keras's dtype rules
(Python scalars are weak) once, for all backends, and keeps a fast path for the common case:
native tensors that already have the right dtype go straight to the framework function.
"""

import numpy as np

from kc_ops import config, dtypes
from kc_ops.keras_tensor import KerasTensor

_SCALARS = (bool, int, float, complex)
_NO_KERNEL = (RuntimeError, TypeError, NotImplementedError)
_WEAK_SCALARS = (int, float)  # exact types: a bool scalar is not weak
_SMALL_INTS = frozenset(("bool", "int8", "int16", "int32", "uint8", "uint16", "uint32"))


# ----------------------------------------------------------------------------- dtype rules

_RESULT_TYPES = {}


def result_type(*types):
    """dtypes.result_type, memoized (it runs on every mixed-dtype call). The key holds the
    dtype objects as given (hashable in every framework), their types (so that `int`, a weak
    type, never matches a dtype object that compares equal to it) and floatx."""
    key = (*types, *map(type, types), config.floatx())
    try:
        return _RESULT_TYPES[key]
    except KeyError:
        out = _RESULT_TYPES[key] = dtypes.result_type(*types)
        return out
    except TypeError:  # an unhashable dtype-like: no memo
        return dtypes.result_type(*types)


def float_dtype(dtype):
    """Result dtype of a float-valued function of one input (sin, exp, sqrt, ...)."""
    return result_type(dtype, float)


def wide_float_dtype(dtype):
    """Keras's rule for cbrt, hypot, heaviside, deg2rad, rad2deg: int64 inputs give float64."""
    name = dtypes.standardize_dtype(dtype)
    if name in _SMALL_INTS:
        return config.floatx()
    if name in ("int64", "uint64"):
        return "float64"
    return name


def no_bool(dtype):
    """bool results become int32 (mod, fmod, clip, square)."""
    return "int32" if dtype == "bool" else dtype


def is_float(dtype):
    return dtypes.is_float_dtype(dtype)


def is_complex(dtype):
    return dtypes.standardize_dtype(dtype).startswith("complex")


def creation_dtype(dtype):
    """dtype for creation functions: floatx when None."""
    return dtypes.standardize_dtype(dtype) if dtype is not None else config.floatx()


def value_dtype(*values):
    """Keras's dtype for arange/linspace-like arguments (Python numbers are weak)."""
    return result_type(*[dtypes.dtype_of(v) for v in values])


# ----------------------------------------------------------------------------- validation


def check_tensor_like(x, op, arg):
    """Reject what can never be a numeric tensor, with an error naming the op and argument."""
    if isinstance(x, (str, bytes)) or x is None or isinstance(x, (dict, set)):
        raise TypeError(
            f"Invalid `{arg}` for ops.{op}: expected a tensor, array or number, "
            f"received {x!r} of type {type(x).__name__}."
        )
    if isinstance(x, KerasTensor):
        raise TypeError(
            f"Invalid `{arg}` for ops.{op}: a symbolic KerasTensor has no value here. "
            f"Received: {x!r}"
        )


def check_string_dtype(x, op, arg):
    dtype = getattr(x, "dtype", None)
    if dtype is not None and dtypes.standardize_dtype(dtype) == "string":
        raise TypeError(
            f"Invalid `{arg}` for ops.{op}: expected a numeric tensor, received a string tensor."
        )


def check_integer_dtype(dtype, op, arg, allow_bool=True):
    is_bool = dtypes.standardize_dtype(dtype) == "bool"
    if not (dtypes.is_int_dtype(dtype) or (allow_bool and is_bool)):
        raise TypeError(
            f"Invalid `{arg}` for ops.{op}: expected an integer tensor, "
            f"received dtype {dtypes.standardize_dtype(dtype)}."
        )


def check_indexing(indexing):
    if indexing not in ("xy", "ij"):
        raise ValueError(
            f"Invalid `indexing` for ops.meshgrid: expected 'xy' or 'ij', received {indexing!r}."
        )


def meshgrid_axes(count, indexing):
    """The grid axis along which each of `count` input vectors runs ("xy" swaps the first two)."""
    check_indexing(indexing)
    axes = list(range(count))
    if indexing == "xy" and count > 1:
        axes[0], axes[1] = 1, 0
    return axes


def check_num(num):
    if not isinstance(num, int) or num < 0:
        raise ValueError(
            f"Invalid `num` for ops.linspace: expected a non-negative int, received {num!r}."
        )


def check_rank(shape, op, expected):
    """expected: 1 (exactly one dimension) or 2 (at least two)."""
    rank = len(shape)
    if (expected == 1 and rank != 1) or (expected == 2 and rank < 2):
        wanted = "a 1-D tensor" if expected == 1 else "at least 2 dimensions"
        raise ValueError(f"Invalid `x` for ops.{op}: expected {wanted}, received shape {shape}.")


def check_nonzero_ends(has_zero):
    if has_zero:
        raise ValueError(
            "Invalid arguments for ops.geomspace: `start` and `stop` must be non-zero."
        )


def check_where_args(x1, x2):
    if (x1 is None) != (x2 is None):
        raise ValueError(
            "ops.where takes either both `x1` and `x2` or neither of them. "
            f"Received: x1={'None' if x1 is None else 'a value'}, "
            f"x2={'None' if x2 is None else 'a value'}."
        )


def window_length(x, op):
    """The int M of a window function (a Python int or a scalar tensor)."""
    try:
        value = np.asarray(x)
    except Exception:  # noqa: BLE001
        value = None
    if value is None or value.ndim != 0 or value.dtype.kind not in "iub":
        raise TypeError(
            f"Invalid `x` for ops.{op}: expected an integer window length, received {x!r}."
        )
    return int(value)


def window(op, m, beta=None):
    """A window (bartlett, blackman, hamming, hanning, kaiser) of length m as float64 NumPy
    values; it depends on the integer m only, so it is built once here for every backend."""
    fns = {"bartlett": np.bartlett, "blackman": np.blackman, "hamming": np.hamming,
           "hanning": np.hanning}
    if op == "kaiser":
        return np.kaiser(m, float(beta))
    return fns[op](m)


# ----------------------------------------------------------------------------- the kit


class ElementwiseKit:
    """Builds a backend's element-wise ops.

    native: the eager tensor class (fast path: `type(x) in native`).
    float_dtypes: the native float dtypes (fast path of float functions).
    convert(x, dtype_name_or_None) -> native tensor; cast(x, dtype_name) -> native tensor;
    native_dtype(dtype_name) -> the framework's dtype object.
    """

    def __init__(self, native, float_dtypes, convert, cast, native_dtype, compute_dtypes=None,
                 strong_scalar_dtypes=()):
        self.native = frozenset(native if isinstance(native, tuple) else (native,))
        self.native_dtype = native_dtype
        self.float_dtypes = frozenset(float_dtypes)
        self.convert = convert
        self.cast = cast
        # dtypes the framework has no arithmetic kernels for -> the dtype to compute in.
        self.compute_dtypes = dict(compute_dtypes or {})
        # dtypes the framework does not keep when it meets a Python number.
        self.strong_scalar_dtypes = frozenset(strong_scalar_dtypes)
        self.no_scalar_dtypes = frozenset(self.compute_dtypes) | self.strong_scalar_dtypes
        # float tensors that a Python number leaves in their dtype (the scalar fast path).
        self.weak_floats = frozenset(d for d in self.float_dtypes
                                     if dtypes.standardize_dtype(d) not in strong_scalar_dtypes)

    # -- conversion ---------------------------------------------------------------------

    def tensor(self, x, op, arg="x"):
        if type(x) in self.native:
            return x
        check_tensor_like(x, op, arg)
        x = self.convert(x, None)
        check_string_dtype(x, op, arg)
        return x

    def operand(self, x, op, arg):
        """A tensor, or a Python scalar left as is (weakly typed)."""
        if isinstance(x, _SCALARS) or type(x) in self.native:
            return x
        return self.tensor(x, op, arg)

    def promote(self, x1, x2, op, *extra, names=("x1", "x2"), scalar=False):
        """x1, x2 converted to their Keras result dtype; also returns that dtype's name.

        With scalar=True a Python number x2 stays a number when x1 already has the result
        dtype: every framework applies it weakly (in x1's dtype), and making a tensor of it
        would cost more than the op itself.
        """
        x1 = self.operand(x1, op, names[0])
        x2 = self.operand(x2, op, names[1])
        dtype = result_type(dtypes.dtype_of(x1), dtypes.dtype_of(x2), *extra)
        if (scalar and type(x2) in _WEAK_SCALARS and type(x1) in self.native
                and x1.dtype is self.native_dtype(dtype) and dtype not in self.no_scalar_dtypes):
            return x1, x2, dtype
        return self.to(x1, dtype), self.to(x2, dtype), dtype

    def to(self, x, dtype):
        """x (a tensor or a Python scalar) as a tensor of `dtype` (a dtype name)."""
        if type(x) in self.native and x.dtype is self.native_dtype(dtype):
            return x
        return self.convert(x, dtype)

    def to_float(self, x, op, rule=float_dtype):
        x = self.tensor(x, op)
        dtype = rule(x.dtype)
        return self.cast(x, dtype), dtype

    def apply(self, fn, x1, x2, dtype):
        """fn(x1, x2) of dtype `dtype`, computed in a wider dtype where the framework needs it."""
        compute = self.compute_dtypes.get(dtype)
        if compute is None:
            return fn(x1, x2)
        return self.cast(fn(self.cast(x1, compute), self.cast(x2, compute)), dtype)

    # -- op factories -------------------------------------------------------------------

    def binary(self, fn, op, result=None, names=("x1", "x2"), scalars=True):
        """fn(x1, x2) in the Keras result dtype of x1 and x2; `result` may adjust it.
        scalars: whether fn takes a Python number as x2 (see `promote`)."""
        native = self.native
        scalars = scalars and result is None

        def slow(x1, x2):
            x1, x2, dtype = self.promote(x1, x2, op, names=names, scalar=scalars)
            if result is not None and result(dtype) != dtype:
                dtype = result(dtype)
                x1, x2 = self.cast(x1, dtype), self.cast(x2, dtype)
            return self.apply(fn, x1, x2, dtype)

        weak_floats = self.weak_floats if scalars else frozenset()

        def call(x1, x2):
            if type(x1) in native:
                if type(x2) in native and x1.dtype is x2.dtype:
                    try:
                        return fn(x1, x2)
                    except _NO_KERNEL:  # e.g. no kernel for this dtype: take the slow path
                        pass
                elif type(x2) in _WEAK_SCALARS and x1.dtype in weak_floats:
                    return fn(x1, x2)  # a Python number meets a float tensor: x1's dtype
            return slow(x1, x2)

        def fast(x1, x2):
            """The result when both are native tensors of one dtype, else None."""
            if type(x1) in native and type(x2) in native and x1.dtype is x2.dtype:
                try:
                    return fn(x1, x2)
                except _NO_KERNEL:
                    return None
            return None

        call = slow if result is not None else call
        if result is None:
            call.fast = fast
        call.__name__ = op
        return call

    def float_binary(self, fn, op, scalars=True):
        """fn(x1, x2) in the Keras float result dtype (divide, arctan2, logaddexp, ...)."""
        native, floats = self.native, self.float_dtypes
        weak_floats = self.weak_floats if scalars else frozenset()

        def call(x1, x2):
            if type(x1) in native:
                if type(x2) in native and x1.dtype is x2.dtype and x1.dtype in floats:
                    return fn(x1, x2)
                if type(x2) in _WEAK_SCALARS and x1.dtype in weak_floats:
                    return fn(x1, x2)  # a Python number meets a float tensor: x1's dtype
            x1, x2, _ = self.promote(x1, x2, op, float, scalar=scalars)
            return fn(x1, x2)

        call.__name__ = op
        return call

    def compare(self, fn, op, scalars=True):
        """fn(x1, x2) -> bool, after promoting both to a common dtype."""
        native = self.native
        weak_floats = self.weak_floats if scalars else frozenset()

        def call(x1, x2):
            if type(x1) in native:
                if type(x2) in native and x1.dtype is x2.dtype:
                    try:
                        return fn(x1, x2)
                    except _NO_KERNEL:  # e.g. no kernel for this dtype: take the slow path
                        pass
                elif type(x2) in _WEAK_SCALARS and x1.dtype in weak_floats:
                    return fn(x1, x2)  # a Python number meets a float tensor
            x1, x2, dtype = self.promote(x1, x2, op, scalar=scalars)
            compute = self.compute_dtypes.get(dtype)
            if compute is not None:
                x1, x2 = self.cast(x1, compute), self.cast(x2, compute)
            return fn(x1, x2)

        call.__name__ = op
        return call

    def unary(self, fn, op):
        """fn(x) keeping the dtype of x."""
        native = self.native

        def call(x):
            x = x if type(x) in native else self.tensor(x, op)
            try:
                return fn(x)
            except _NO_KERNEL:
                compute = self.compute_dtypes.get(dtypes.standardize_dtype(x.dtype))
                if compute is None:
                    raise
            out = fn(self.cast(x, compute))
            same = dtypes.standardize_dtype(out.dtype) == compute
            return self.cast(out, dtypes.standardize_dtype(x.dtype)) if same else out

        call.__name__ = op
        return call

    def float_unary(self, fn, op, rule=float_dtype):
        """fn(x) in the Keras float dtype of x (sin, exp, sqrt, ...)."""
        native, floats = self.native, self.float_dtypes

        def call(x):
            # Both rules keep float dtypes unchanged.
            if type(x) in native and x.dtype in floats:
                return fn(x)
            x, _ = self.to_float(x, op, rule)
            return fn(x)

        call.__name__ = op
        return call


# The public names of `keras.ops.numpy` defined by numpy_elementwise.py (front end and backends).
OP_NAMES = (
    "abs", "absolute", "add", "allclose", "angle", "arange", "arccos", "arccosh", "arcsin",
    "arcsinh", "arctan", "arctan2", "arctanh", "array", "bartlett", "bitwise_and",
    "bitwise_invert", "bitwise_left_shift", "bitwise_not", "bitwise_or", "bitwise_right_shift",
    "bitwise_xor", "blackman", "cbrt", "ceil", "clip", "conj", "conjugate", "copy", "cos", "cosh",
    "deg2rad", "divide", "divide_no_nan", "empty", "empty_like", "equal", "exp", "exp2", "expm1",
    "eye", "fabs", "floor", "floor_divide", "fmax", "fmin", "fmod", "full", "full_like", "gcd",
    "geomspace", "greater", "greater_equal", "hamming", "hanning", "heaviside", "hypot", "i0",
    "identity", "imag", "isclose", "isfinite", "isinf", "isnan", "isneginf", "isposinf", "isreal",
    "kaiser", "lcm", "ldexp", "left_shift", "less", "less_equal", "linspace", "log", "log10",
    "log1p", "log2", "logaddexp", "logaddexp2", "logical_and", "logical_not", "logical_or",
    "logical_xor", "logspace", "maximum", "meshgrid", "minimum", "mod", "multiply", "nan_to_num",
    "ndim", "negative", "nextafter", "not_equal", "ones", "ones_like", "power", "rad2deg", "real",
    "reciprocal", "right_shift", "round", "sign", "signbit", "sin", "sinc", "sinh", "size", "sqrt",
    "square", "subtract", "tan", "tanh", "tri", "tril", "triu", "true_divide", "trunc", "vander",
    "where", "zeros", "zeros_like",
)
