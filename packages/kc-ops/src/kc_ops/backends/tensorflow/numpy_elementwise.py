"""NumPy-API functions (element-wise math, comparisons, logic, bits, creation) on TensorFlow."""

import functools
import math

import ml_dtypes
import tensorflow as tf

from kc_ops import dtypes
from kc_ops.backends import elementwise_common as C
from kc_ops.backends.tensorflow import core

# dtype name (or object) -> the framework's dtype, memoized: it runs on every conversion.
_native = functools.lru_cache(maxsize=None)(core.to_native_dtype)


def _convert(x, dtype):
    return core.convert_to_tensor(x, dtype=dtype)


def _cast(x, dtype):
    native = _native(dtype)
    return x if x.dtype == native else tf.cast(x, native)


_kit = C.ElementwiseKit(
    type(tf.constant(0.0)), (tf.float16, tf.bfloat16, tf.float32, tf.float64), _convert, _cast,
    _native,
)
_t = _kit.tensor


def _is_int_or_bool(x):
    return not (x.dtype.is_floating or x.dtype.is_complex)


def _on_bool(fn, bool_fn):
    """fn, but bool_fn for bool tensors (TF's arithmetic kernels take no bools)."""
    return lambda a, b: bool_fn(a, b) if a.dtype == tf.bool else fn(a, b)


def _via_int8(fn):
    """fn for bool tensors computed as int8, then read back as bool."""
    return lambda a, b: tf.cast(fn(tf.cast(a, tf.int8), tf.cast(b, tf.int8)), tf.bool)


def _computed_in(fn, wider):
    """fn run in a wider dtype for the dtypes TF has no kernel for (wider: dtype -> dtype)."""

    def call(a, b):
        compute = wider.get(a.dtype)
        if compute is None:
            return fn(a, b)
        return tf.cast(fn(tf.cast(a, compute), tf.cast(b, compute)), a.dtype)

    return call


_UNSIGNED_WIDER = {tf.uint8: tf.int32, tf.uint16: tf.int32, tf.uint32: tf.int64}
_TRUNCATEMOD_WIDER = {**_UNSIGNED_WIDER, tf.int8: tf.int32, tf.int16: tf.int32,
                      tf.float16: tf.float32, tf.bfloat16: tf.float32}

# ----------------------------------------------------------------------------- arithmetic


def _fmax(a, b):
    if _is_int_or_bool(a):
        return tf.maximum(a, b)
    return tf.where(tf.math.is_nan(b), a, tf.where(tf.math.is_nan(a), b, tf.maximum(a, b)))


def _fmin(a, b):
    if _is_int_or_bool(a):
        return tf.minimum(a, b)
    return tf.where(tf.math.is_nan(b), a, tf.where(tf.math.is_nan(a), b, tf.minimum(a, b)))


add = _kit.binary(_on_bool(tf.add, tf.logical_or), "add")
subtract = _kit.binary(_on_bool(tf.subtract, _via_int8(tf.subtract)), "subtract")
multiply = _kit.binary(_on_bool(tf.multiply, tf.logical_and), "multiply")
maximum = _kit.binary(_on_bool(tf.maximum, tf.logical_or), "maximum")
minimum = _kit.binary(_on_bool(tf.minimum, tf.logical_and), "minimum")
fmax = _kit.binary(_on_bool(_fmax, tf.logical_or), "fmax")
fmin = _kit.binary(_on_bool(_fmin, tf.logical_and), "fmin")
power = _kit.binary(_on_bool(_computed_in(tf.pow, _UNSIGNED_WIDER), _via_int8(tf.pow)), "power")
floor_divide = _kit.binary(tf.math.floordiv, "floor_divide")
mod = _kit.binary(tf.math.floormod, "mod", result=C.no_bool)
fmod = _kit.binary(_computed_in(tf.truncatemod, _TRUNCATEMOD_WIDER), "fmod", result=C.no_bool)
divide = _kit.float_binary(tf.math.truediv, "divide")
true_divide = _kit.float_binary(tf.math.truediv, "true_divide")
arctan2 = _kit.float_binary(tf.math.atan2, "arctan2")


def _logaddexp(a, b, log_base=1.0):
    """log_b(b**a + b**b) computed stably; log_base is ln(b)."""
    big = tf.maximum(a, b)
    delta = tf.abs(a - b)
    delta = tf.where(tf.math.is_nan(delta) & tf.equal(a, b), tf.zeros_like(delta), delta)
    return big + tf.math.log1p(tf.exp(-delta * log_base)) / log_base


logaddexp = _kit.float_binary(_logaddexp, "logaddexp")
logaddexp2 = _kit.float_binary(lambda a, b: _logaddexp(a, b, math.log(2.0)), "logaddexp2")


def _nextafter(a, b):
    if a.dtype in (tf.float32, tf.float64):
        return tf.math.nextafter(a, b)
    # Half precision: step through the bit pattern (TF has no kernel for it).
    bits = tf.bitcast(a, tf.int16)
    toward = tf.where(b > a, tf.ones_like(bits), -tf.ones_like(bits))
    step = tf.where(a >= 0, toward, -toward)
    zero = tf.equal(a, 0)
    tiny = tf.bitcast(tf.where(b > a, tf.ones_like(bits), tf.constant(-32767, tf.int16)), a.dtype)
    out = tf.bitcast(bits + step, a.dtype)
    out = tf.where(zero, tiny, out)
    return tf.where(tf.equal(a, b) | tf.math.is_nan(a) | tf.math.is_nan(b), a + b * 0, out)


nextafter = _kit.float_binary(_nextafter, "nextafter")


def divide_no_nan(x1, x2):
    x1, x2, _ = _kit.promote(x1, x2, "divide_no_nan", float)
    return tf.math.divide_no_nan(x1, x2)


def _int_pair(x1, x2, op):
    x1, x2, dtype = _kit.promote(x1, x2, op)
    C.check_integer_dtype(dtype, op, "x1", allow_bool=False)
    return x1, x2


def _broadcast(a, b):
    shape = tf.broadcast_dynamic_shape(tf.shape(a), tf.shape(b))
    return tf.broadcast_to(a, shape), tf.broadcast_to(b, shape)


def _gcd(a, b):
    """Euclid's algorithm, element-wise, on broadcast integer tensors."""
    a, b = tf.abs(a), tf.abs(b)

    def body(a, b):
        nonzero = tf.not_equal(b, 0)
        safe = tf.where(nonzero, b, tf.ones_like(b))
        return tf.where(nonzero, b, a), tf.where(nonzero, tf.math.floormod(a, safe), b)

    a, b = tf.while_loop(lambda a, b: tf.reduce_any(tf.not_equal(b, 0)), body, (a, b))
    return a


def gcd(x1, x2):
    x1, x2 = _int_pair(x1, x2, "gcd")
    wide = [tf.cast(v, tf.int64) for v in _broadcast(x1, x2)]  # every sign and width at once
    return tf.cast(_gcd(*wide), x1.dtype)


def lcm(x1, x2):
    x1, x2 = _int_pair(x1, x2, "lcm")
    dtype = x1.dtype
    x1, x2 = [tf.cast(v, tf.int64) for v in _broadcast(x1, x2)]
    g = _gcd(x1, x2)
    safe = tf.where(tf.equal(g, 0), tf.ones_like(g), g)
    return tf.cast(tf.where(tf.equal(g, 0), tf.zeros_like(g), tf.abs(x1 // safe * x2)), dtype)


def hypot(x1, x2):
    x1, x2, dtype = _kit.promote(x1, x2, "hypot")
    dtype = C.wide_float_dtype(dtype)
    x1, x2 = tf.abs(_cast(x1, dtype)), tf.abs(_cast(x2, dtype))
    big, small = tf.maximum(x1, x2), tf.minimum(x1, x2)
    safe = tf.where(tf.equal(big, 0), tf.ones_like(big), big)
    ratio = small / safe
    out = tf.where(tf.equal(big, 0), big, big * tf.sqrt(1 + ratio * ratio))
    return tf.where(tf.math.is_inf(big), big, out)


def heaviside(x1, x2):
    x1, x2, dtype = _kit.promote(x1, x2, "heaviside")
    dtype = C.wide_float_dtype(dtype)
    x1, x2 = _cast(x1, dtype), _cast(x2, dtype)
    x1, x2 = _broadcast(x1, x2)
    ones = tf.ones_like(x1)
    return tf.where(x1 < 0, tf.zeros_like(x1), tf.where(x1 > 0, ones, x2))


def ldexp(x1, x2):
    x1 = _t(x1, "ldexp", "x1")
    x2 = _t(x2, "ldexp", "x2")
    C.check_integer_dtype(x2.dtype, "ldexp", "x2")
    dtype = C.result_type(x1.dtype, x2.dtype, float)
    x1 = _cast(x1, dtype)
    return x1 * tf.pow(tf.constant(2.0, x1.dtype), tf.cast(x2, x1.dtype))


# ----------------------------------------------------------------------------- unary math


def _abs(x):
    return x if x.dtype == tf.bool or x.dtype.is_unsigned else tf.abs(x)


def _sign(x):
    if x.dtype == tf.bool or x.dtype.is_unsigned:
        return tf.cast(tf.not_equal(x, 0), x.dtype) if x.dtype != tf.bool else x
    return tf.sign(x)


def _real(x):
    return tf.math.real(x) if x.dtype.is_complex else x


def _imag(x):
    return tf.math.imag(x) if x.dtype.is_complex else tf.zeros_like(x)


def _conj(x):
    return tf.math.conj(x) if x.dtype.is_complex else x


abs = _kit.unary(_abs, "abs")  # noqa: A001
absolute = _kit.unary(_abs, "absolute")
def _negative(x):
    return tf.zeros_like(x) - x if x.dtype.is_unsigned else tf.negative(x)


negative = _kit.unary(_negative, "negative")
sign = _kit.unary(_sign, "sign")
conjugate = _kit.unary(_conj, "conjugate")
conj = _kit.unary(_conj, "conj")
real = _kit.unary(_real, "real")
imag = _kit.unary(_imag, "imag")
copy = _kit.unary(tf.identity, "copy")


def _exp2(x):
    return tf.pow(tf.constant(2.0, x.dtype), x)


def _log_base(base):
    return lambda x: tf.math.log(x) / tf.constant(math.log(base), x.dtype)


def _sinc(x):
    zero = tf.equal(x, 0)
    px = math.pi * tf.where(zero, tf.ones_like(x), x)  # the inner where keeps gradients finite
    return tf.where(zero, tf.ones_like(x), tf.sin(px) / px)


def _trunc(x):
    return tf.where(x < 0, tf.math.ceil(x), tf.math.floor(x))


def _angle(x):
    if x.dtype.is_complex:
        return tf.math.angle(x)
    return tf.math.atan2(tf.zeros_like(x), x)


def _cbrt(x):
    return tf.sign(x) * tf.pow(tf.abs(x), tf.constant(1.0 / 3.0, x.dtype))


def _i0(x):
    if x.dtype in (tf.float16, tf.bfloat16):
        return tf.cast(tf.math.bessel_i0(tf.cast(x, tf.float32)), x.dtype)
    return tf.math.bessel_i0(x)


sin = _kit.float_unary(tf.sin, "sin")
cos = _kit.float_unary(tf.cos, "cos")
tan = _kit.float_unary(tf.tan, "tan")
arcsin = _kit.float_unary(tf.asin, "arcsin")
arccos = _kit.float_unary(tf.acos, "arccos")
arctan = _kit.float_unary(tf.atan, "arctan")
sinh = _kit.float_unary(tf.sinh, "sinh")
cosh = _kit.float_unary(tf.cosh, "cosh")
tanh = _kit.float_unary(tf.tanh, "tanh")
arcsinh = _kit.float_unary(tf.asinh, "arcsinh")
arccosh = _kit.float_unary(tf.acosh, "arccosh")
arctanh = _kit.float_unary(tf.atanh, "arctanh")
exp = _kit.float_unary(tf.exp, "exp")
exp2 = _kit.float_unary(_exp2, "exp2")
expm1 = _kit.float_unary(tf.math.expm1, "expm1")
log = _kit.float_unary(tf.math.log, "log")
log2 = _kit.float_unary(_log_base(2.0), "log2")
log10 = _kit.float_unary(_log_base(10.0), "log10")
log1p = _kit.float_unary(tf.math.log1p, "log1p")
sqrt = _kit.float_unary(tf.sqrt, "sqrt")
ceil = _kit.float_unary(tf.math.ceil, "ceil")
floor = _kit.float_unary(tf.math.floor, "floor")
reciprocal = _kit.float_unary(tf.math.reciprocal, "reciprocal")
sinc = _kit.float_unary(_sinc, "sinc")
fabs = _kit.float_unary(tf.abs, "fabs")
angle = _kit.float_unary(_angle, "angle")
i0 = _kit.float_unary(_i0, "i0")
cbrt = _kit.float_unary(_cbrt, "cbrt", rule=C.wide_float_dtype)
deg2rad = _kit.float_unary(lambda x: x * tf.constant(math.pi / 180, x.dtype), "deg2rad",
                           rule=C.wide_float_dtype)
rad2deg = _kit.float_unary(lambda x: x * tf.constant(180 / math.pi, x.dtype), "rad2deg",
                           rule=C.wide_float_dtype)


def square(x):
    x = _t(x, "square")
    return tf.square(tf.cast(x, tf.int32) if x.dtype == tf.bool else x)


def trunc(x):
    x = _t(x, "trunc")
    return x if _is_int_or_bool(x) else _trunc(x)


def round(x, decimals=0):  # noqa: A001
    x = _t(x, "round")
    if _is_int_or_bool(x):
        if decimals >= 0:
            return x
        factor = 10.0 ** -decimals
        return tf.cast(tf.round(tf.cast(x, tf.float64) / factor) * factor, x.dtype)
    if decimals == 0:
        return tf.round(x)
    factor = tf.constant(10.0 ** decimals, x.dtype)
    return tf.round(x * factor) / factor


def clip(x, x_min, x_max):
    x = _t(x, "clip")
    x = _cast(x, C.no_bool(dtypes.standardize_dtype(x.dtype)))
    if x_min is not None:
        x = tf.maximum(x, tf.cast(_convert(x_min, None), x.dtype))
    if x_max is not None:
        x = tf.minimum(x, tf.cast(_convert(x_max, None), x.dtype))
    return x


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    x = _t(x, "nan_to_num")
    if _is_int_or_bool(x):
        return x
    info = ml_dtypes.finfo(x.dtype.as_numpy_dtype)
    posinf = info.max if posinf is None else posinf
    neginf = info.min if neginf is None else neginf
    x = tf.where(tf.math.is_nan(x), tf.constant(nan, x.dtype), x)
    x = tf.where(tf.equal(x, math.inf), tf.constant(posinf, x.dtype), x)
    return tf.where(tf.equal(x, -math.inf), tf.constant(neginf, x.dtype), x)


# ----------------------------------------------------------------------------- predicates


def _signbit(x):
    if x.dtype.is_unsigned or x.dtype == tf.bool:
        return tf.zeros_like(x, dtype=tf.bool)
    if x.dtype.is_integer:
        return x < 0
    bits = {2: tf.int16, 4: tf.int32, 8: tf.int64}[x.dtype.size]
    return tf.bitcast(x, bits) < 0


def _float_predicate(fn, op, integer_value):
    def call(x):
        x = _t(x, op)
        if _is_int_or_bool(x):
            return tf.fill(tf.shape(x), integer_value)
        return fn(x)

    call.__name__ = op
    return call


isnan = _float_predicate(tf.math.is_nan, "isnan", False)
isinf = _float_predicate(tf.math.is_inf, "isinf", False)
isfinite = _float_predicate(tf.math.is_finite, "isfinite", True)
isneginf = _float_predicate(lambda x: tf.equal(x, -math.inf), "isneginf", False)
isposinf = _float_predicate(lambda x: tf.equal(x, math.inf), "isposinf", False)
signbit = _kit.unary(_signbit, "signbit")
def _isreal(x):
    if x.dtype.is_complex:
        return tf.equal(tf.math.imag(x), 0)
    return tf.fill(tf.shape(x), True)


isreal = _kit.unary(_isreal, "isreal")


def _compare(fn):
    # TF's ordering kernels take no bools: compare them as int8.
    def call(a, b):
        if a.dtype == tf.bool:
            return fn(tf.cast(a, tf.int8), tf.cast(b, tf.int8))
        return fn(a, b)

    return call


equal = _kit.compare(tf.equal, "equal")
not_equal = _kit.compare(tf.not_equal, "not_equal")
greater = _kit.compare(_compare(tf.greater), "greater")
greater_equal = _kit.compare(_compare(tf.greater_equal), "greater_equal")
less = _kit.compare(_compare(tf.less), "less")
less_equal = _kit.compare(_compare(tf.less_equal), "less_equal")


def isclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    x1, x2, _ = _kit.promote(x1, x2, "isclose", float)
    diff, ref = tf.abs(x1 - x2), tf.abs(x2)
    finite = tf.math.is_finite(tf.abs(x1)) & tf.math.is_finite(tf.abs(x2))
    close = tf.equal(x1, x2) | (finite & (diff <= atol + rtol * ref))
    if equal_nan:
        close = close | (tf.math.is_nan(tf.abs(x1)) & tf.math.is_nan(tf.abs(x2)))
    return close


def allclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    return tf.reduce_all(isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))


def _logical(fn, op):
    def call(x1, x2):
        return fn(tf.cast(_t(x1, op, "x1"), tf.bool), tf.cast(_t(x2, op, "x2"), tf.bool))

    call.__name__ = op
    return call


logical_and = _logical(tf.logical_and, "logical_and")
logical_or = _logical(tf.logical_or, "logical_or")
logical_xor = _logical(tf.math.logical_xor, "logical_xor")
logical_not = _kit.unary(lambda x: tf.logical_not(tf.cast(x, tf.bool)), "logical_not")

# ----------------------------------------------------------------------------- bits


def _bitwise(fn, op, bool_fn=None):
    def call(x, y):
        x, y, dtype = _kit.promote(x, y, op, names=("x", "y"))
        C.check_integer_dtype(dtype, op, "x", allow_bool="shift" not in op)
        if dtype == "bool":
            if bool_fn is None:
                return tf.cast(fn(tf.cast(x, tf.int8), tf.cast(y, tf.int8)), tf.int8)
            return bool_fn(x, y)
        return fn(x, y)

    call.__name__ = op
    return call


bitwise_and = _bitwise(tf.bitwise.bitwise_and, "bitwise_and", tf.logical_and)
bitwise_or = _bitwise(tf.bitwise.bitwise_or, "bitwise_or", tf.logical_or)
bitwise_xor = _bitwise(tf.bitwise.bitwise_xor, "bitwise_xor", tf.math.logical_xor)
bitwise_left_shift = _bitwise(tf.bitwise.left_shift, "bitwise_left_shift")
bitwise_right_shift = _bitwise(tf.bitwise.right_shift, "bitwise_right_shift")
left_shift = _bitwise(tf.bitwise.left_shift, "left_shift")
right_shift = _bitwise(tf.bitwise.right_shift, "right_shift")


def bitwise_invert(x):
    x = _t(x, "bitwise_invert")
    C.check_integer_dtype(x.dtype, "bitwise_invert", "x")
    return tf.logical_not(x) if x.dtype == tf.bool else tf.bitwise.invert(x)


bitwise_not = bitwise_invert


def where(condition, x1=None, x2=None):
    C.check_where_args(x1, x2)
    condition = tf.cast(_t(condition, "where", "condition"), tf.bool)
    if x1 is None:
        indices = tf.cast(tf.where(condition), tf.int32)
        return tuple(indices[:, i] for i in range(condition.shape.rank))
    x1, x2, _ = _kit.promote(x1, x2, "where")
    return tf.where(condition, x1, x2)


# ----------------------------------------------------------------------------- creation


def array(x, dtype=None):
    return _convert(x, dtype)


def zeros(shape, dtype=None):
    return tf.zeros(shape, dtype=_native(C.creation_dtype(dtype)))


def ones(shape, dtype=None):
    return tf.ones(shape, dtype=_native(C.creation_dtype(dtype)))


def empty(shape, dtype=None):
    return tf.zeros(shape, dtype=_native(C.creation_dtype(dtype)))


def full(shape, fill_value, dtype=None):
    fill = _convert(fill_value, C.creation_dtype(dtype))
    return tf.broadcast_to(fill, shape)


def _like(x, dtype, op):
    x = _t(x, op)
    return x, (x.dtype if dtype is None else _native(dtype))


def zeros_like(x, dtype=None):
    x, dtype = _like(x, dtype, "zeros_like")
    return tf.zeros_like(x, dtype=dtype)


def ones_like(x, dtype=None):
    x, dtype = _like(x, dtype, "ones_like")
    return tf.ones_like(x, dtype=dtype)


def empty_like(x, dtype=None):
    return zeros_like(x, dtype)


def full_like(x, fill_value, dtype=None):
    x, dtype = _like(x, dtype, "full_like")
    return tf.broadcast_to(tf.cast(_convert(fill_value, None), dtype), tf.shape(x))


def _diagonal_offsets(n, m, k):
    """j - i - k for an n x m grid (0 on the k-th diagonal)."""
    m = n if m is None else m
    rows = tf.range(n)[:, None]
    cols = tf.range(m)[None, :]
    return cols - rows - k


def eye(N, M=None, k=0, dtype=None):
    return tf.cast(tf.equal(_diagonal_offsets(N, M, k), 0), _native(C.creation_dtype(dtype)))


def identity(n, dtype=None):
    return tf.eye(n, dtype=_native(C.creation_dtype(dtype)))


def tri(N, M=None, k=0, dtype=None):
    return tf.cast(_diagonal_offsets(N, M, k) <= 0, _native(C.creation_dtype(dtype)))


def _band(x, keep, op):
    x = _t(x, op)
    if x.shape.rank is not None:
        C.check_rank(tuple(x.shape), op, 2)
    shape = tf.shape(x)
    mask = keep(_diagonal_offsets(shape[-2], shape[-1], 0))
    return tf.where(mask, x, tf.zeros_like(x))


def tril(x, k=0):
    return _band(x, lambda d: d <= k, "tril")


def triu(x, k=0):
    return _band(x, lambda d: d >= k, "triu")


def arange(start, stop=None, step=None, dtype=None):
    if dtype is None:
        dtype = C.value_dtype(*[v for v in (start, stop, step) if v is not None])
    if stop is None:
        start, stop = 0, start
    step = 1 if step is None else step
    native = _native(dtype)
    compute = native if native.is_floating or native in (tf.int32, tf.int64) else tf.int64
    out = tf.range(tf.cast(start, compute), tf.cast(stop, compute), tf.cast(step, compute))
    return tf.cast(out, native)


def _linspace(start, stop, num, endpoint, axis, compute):
    """num samples from start to stop (tensors broadcast together) along `axis`, and the step."""
    C.check_num(num)
    start, stop = _broadcast(_convert(start, compute), _convert(stop, compute))
    div = (num - 1) if endpoint else num
    if div > 0:
        step = (stop - start) / div
    else:
        step = tf.fill(tf.shape(start), tf.constant(math.nan, start.dtype))
    n = tf.reshape(tf.range(num, dtype=start.dtype), [-1] + [1] * start.shape.rank)
    out = start + n * (step if div > 0 else tf.zeros_like(start))
    if endpoint and num > 1:
        out = tf.concat([out[:-1], stop[None]], axis=0)
    return _move_first_axis(out, axis), step


def _move_first_axis(x, axis):
    rank = x.shape.rank
    axis = axis % rank
    perm = list(range(1, rank))
    perm.insert(axis, 0)
    return tf.transpose(x, perm)


def _output(x, dtype):
    native = _native(dtype)
    if not (native.is_floating or native.is_complex):
        x = tf.floor(x)
    return tf.cast(x, native)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    dtype = dtype if dtype is not None else C.value_dtype(start, stop, 1.0)
    out, step = _linspace(start, stop, num, endpoint, axis, C.float_dtype(dtype))
    return (_output(out, dtype), step) if retstep else _output(out, dtype)


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    dtype = dtype if dtype is not None else C.value_dtype(start, stop, 1.0)
    out, _ = _linspace(start, stop, num, endpoint, axis, "float64")
    return _output(tf.pow(_convert(base, "float64"), out), dtype)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    dtype = dtype if dtype is not None else C.value_dtype(start, stop, 1.0)
    start, stop = _convert(start, "float64"), _convert(stop, "float64")
    if tf.executing_eagerly():
        C.check_nonzero_ends(bool(tf.reduce_any(tf.equal(start, 0) | tf.equal(stop, 0))))
    sign = tf.sign(start)
    logs, _ = _linspace(_log_base(10.0)(start / sign), _log_base(10.0)(stop / sign), num, endpoint,
                        0, "float64")
    out = tf.pow(tf.constant(10.0, tf.float64), logs) * sign
    if num > 0:  # exact end points, as NumPy gives
        out = tf.concat([tf.broadcast_to(start, tf.shape(out[:1][0]))[None], out[1:]], axis=0)
        if endpoint and num > 1:
            out = tf.concat([out[:-1], tf.broadcast_to(stop, tf.shape(out[0]))[None]], axis=0)
    return _output(_move_first_axis(out, axis), dtype)


def meshgrid(*x, indexing="xy"):
    axes = C.meshgrid_axes(len(x), indexing)
    vectors = [tf.reshape(_t(v, "meshgrid"), [-1]) for v in x]
    shape = [0] * len(x)
    for axis, v in zip(axes, vectors):
        shape[axis] = tf.shape(v)[0]
    grids = []
    for axis, v in zip(axes, vectors):  # each input keeps its own dtype, as in NumPy
        view = [1] * len(x)
        view[axis] = -1
        grids.append(tf.broadcast_to(tf.reshape(v, view), tf.stack(shape)))
    return grids


def vander(x, N=None, increasing=False):
    x = _t(x, "vander")
    C.check_rank(tuple(x.shape), "vander", 1)
    n = tf.shape(x)[0] if N is None else N
    compute = _native(C.result_type(x.dtype, "float32"))
    powers = tf.cast(tf.range(n), compute)
    if not increasing:
        powers = tf.reverse(powers, axis=[0])
    out = tf.pow(tf.cast(x, compute)[:, None], powers[None, :])
    if _is_int_or_bool(x):
        out = tf.round(out)
    return tf.cast(out, x.dtype)


def _window(op):
    def call(x):
        values = C.window(op, C.window_length(x, op))
        return _convert(values, C.creation_dtype(None))

    call.__name__ = op
    return call


bartlett = _window("bartlett")
blackman = _window("blackman")
hamming = _window("hamming")
hanning = _window("hanning")


def kaiser(x, beta):
    values = C.window("kaiser", C.window_length(x, "kaiser"), float(beta))
    return _convert(values, C.creation_dtype(None))


# ----------------------------------------------------------------------------- info


def ndim(x):
    return _t(x, "ndim").shape.rank


def size(x):
    x = _t(x, "size")
    if x.shape.is_fully_defined():
        return x.shape.num_elements()
    return tf.size(x, out_type=tf.int32)


__all__ = list(C.OP_NAMES)
