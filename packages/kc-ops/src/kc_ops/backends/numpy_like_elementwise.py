"""Element-wise functions written once for NumPy-compatible modules (`numpy`, `jax.numpy`):
rounding, clipping, predicates, comparisons, logic, bit operations and creation.

`make(xp, kit, convert, cast, native)` returns them for one module; the numpy and jax
backends call it with their own `ElementwiseKit` and conversion helpers.
"""

from kc_ops import dtypes
from kc_ops.backends import elementwise_common as C


def make(xp, kit, convert, cast, native):
    _kit, _t, _convert, _cast, _native = kit, kit.tensor, convert, cast, native

    def square(x):
        x = _t(x, "square")
        return xp.square(x.astype(xp.int32) if x.dtype == bool else x)


    def trunc(x):
        x = _t(x, "trunc")
        return x if x.dtype.kind in "biu" else xp.trunc(x)


    def round(x, decimals=0):  # noqa: A001
        x = _t(x, "round")
        if x.dtype.kind in "iu" and decimals < 0:
            factor = 10.0 ** -decimals
            return (xp.round(x / factor) * factor).astype(x.dtype)
        return xp.round(x, decimals=decimals)


    def clip(x, x_min, x_max):
        x = _t(x, "clip")
        dtype = C.no_bool(dtypes.standardize_dtype(x.dtype))
        x = _cast(x, dtype)
        bounds = [None if b is None else _convert(b, None).astype(x.dtype) for b in (x_min, x_max)]
        return xp.clip(x, *bounds)


    def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
        return xp.nan_to_num(_t(x, "nan_to_num"), nan=nan, posinf=posinf, neginf=neginf)


    # ----------------------------------------------------------------------------- predicates


    def _predicate(fn, op):
        def call(x):
            x = _t(x, op)
            if x.dtype.kind in "biu":
                return fn(x.astype(xp.float32))
            return fn(x)

        call.__name__ = op
        return call


    isnan = _predicate(xp.isnan, "isnan")
    isinf = _predicate(xp.isinf, "isinf")
    isfinite = _predicate(xp.isfinite, "isfinite")
    isneginf = _predicate(xp.isneginf, "isneginf")
    isposinf = _predicate(xp.isposinf, "isposinf")
    signbit = _predicate(xp.signbit, "signbit")
    isreal = _kit.unary(xp.isreal, "isreal")

    equal = _kit.compare(xp.equal, "equal")
    not_equal = _kit.compare(xp.not_equal, "not_equal")
    greater = _kit.compare(xp.greater, "greater")
    greater_equal = _kit.compare(xp.greater_equal, "greater_equal")
    less = _kit.compare(xp.less, "less")
    less_equal = _kit.compare(xp.less_equal, "less_equal")


    def isclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
        x1, x2, _ = _kit.promote(x1, x2, "isclose", float)
        return xp.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


    def allclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
        return xp.all(isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))


    def _logical(fn, op):
        def call(x1, x2):
            return fn(_t(x1, op, "x1"), _t(x2, op, "x2"))

        call.__name__ = op
        return call


    logical_and = _logical(xp.logical_and, "logical_and")
    logical_or = _logical(xp.logical_or, "logical_or")
    logical_xor = _logical(xp.logical_xor, "logical_xor")
    logical_not = _kit.unary(xp.logical_not, "logical_not")

    # ----------------------------------------------------------------------------- bits


    def _bitwise(fn, op):
        def call(x, y):
            x, y, dtype = _kit.promote(x, y, op, names=("x", "y"))
            C.check_integer_dtype(dtype, op, "x", allow_bool="shift" not in op)
            return fn(x, y)

        call.__name__ = op
        return call


    bitwise_and = _bitwise(xp.bitwise_and, "bitwise_and")
    bitwise_or = _bitwise(xp.bitwise_or, "bitwise_or")
    bitwise_xor = _bitwise(xp.bitwise_xor, "bitwise_xor")
    bitwise_left_shift = _bitwise(xp.left_shift, "bitwise_left_shift")
    bitwise_right_shift = _bitwise(xp.right_shift, "bitwise_right_shift")
    left_shift = _bitwise(xp.left_shift, "left_shift")
    right_shift = _bitwise(xp.right_shift, "right_shift")


    def bitwise_invert(x):
        x = _t(x, "bitwise_invert")
        C.check_integer_dtype(x.dtype, "bitwise_invert", "x")
        return xp.invert(x)


    bitwise_not = bitwise_invert


    def where(condition, x1=None, x2=None):
        C.check_where_args(x1, x2)
        condition = _t(condition, "where", "condition")
        if x1 is None:
            return tuple(i.astype(xp.int32) for i in xp.nonzero(condition))
        x1, x2, _ = _kit.promote(x1, x2, "where")
        return xp.where(condition.astype(bool), x1, x2)


    # ----------------------------------------------------------------------------- creation


    def array(x, dtype=None):
        return _convert(x, dtype)


    def zeros(shape, dtype=None):
        return xp.zeros(shape, dtype=_native(C.creation_dtype(dtype)))


    def ones(shape, dtype=None):
        return xp.ones(shape, dtype=_native(C.creation_dtype(dtype)))


    def empty(shape, dtype=None):
        return xp.empty(shape, dtype=_native(C.creation_dtype(dtype)))


    def full(shape, fill_value, dtype=None):
        fill_value = _convert(fill_value, None)
        return xp.full(shape, fill_value, dtype=_native(C.creation_dtype(dtype)))

    return {
        "square": square,
        "trunc": trunc,
        "round": round,
        "clip": clip,
        "nan_to_num": nan_to_num,
        "isnan": isnan,
        "isinf": isinf,
        "isfinite": isfinite,
        "isneginf": isneginf,
        "isposinf": isposinf,
        "signbit": signbit,
        "isreal": isreal,
        "equal": equal,
        "not_equal": not_equal,
        "greater": greater,
        "greater_equal": greater_equal,
        "less": less,
        "less_equal": less_equal,
        "isclose": isclose,
        "allclose": allclose,
        "logical_and": logical_and,
        "logical_or": logical_or,
        "logical_xor": logical_xor,
        "logical_not": logical_not,
        "bitwise_and": bitwise_and,
        "bitwise_or": bitwise_or,
        "bitwise_xor": bitwise_xor,
        "bitwise_left_shift": bitwise_left_shift,
        "bitwise_right_shift": bitwise_right_shift,
        "left_shift": left_shift,
        "right_shift": right_shift,
        "bitwise_invert": bitwise_invert,
        "bitwise_not": bitwise_not,
        "where": where,
        "array": array,
        "zeros": zeros,
        "ones": ones,
        "empty": empty,
        "full": full,
    }
