"""NumPy-API functions (element-wise math, comparisons, logic, bits, creation) on NumPy."""

import functools

import ml_dtypes
import numpy as np

from kc_ops.backends import elementwise_common as C
from kc_ops.backends import numpy_like_elementwise
from kc_ops.backends.numpy import core

# dtype name (or object) -> the framework's dtype, memoized: it runs on every conversion.
_native = functools.lru_cache(maxsize=None)(core.to_native_dtype)


def _convert(x, dtype):
    return core.convert_to_tensor(x, dtype=dtype)


def _cast(x, dtype):
    native = _native(dtype)
    return x if x.dtype == native else x.astype(native)


_kit = C.ElementwiseKit(
    np.ndarray,
    [np.dtype(d) for d in ("float16", "float32", "float64")] + [np.dtype(ml_dtypes.bfloat16)],
    _convert,
    _cast,
    _native,
    strong_scalar_dtypes=("bfloat16",),  # ml_dtypes' bfloat16 + a Python float gives float32
)
_t = _kit.tensor


# ----------------------------------------------------------------------------- arithmetic

add = _kit.binary(np.add, "add")
subtract = _kit.binary(np.subtract, "subtract")
multiply = _kit.binary(np.multiply, "multiply")
maximum = _kit.binary(np.maximum, "maximum")
minimum = _kit.binary(np.minimum, "minimum")
fmax = _kit.binary(np.fmax, "fmax")
fmin = _kit.binary(np.fmin, "fmin")
power = _kit.binary(np.power, "power")
floor_divide = _kit.binary(np.floor_divide, "floor_divide")
mod = _kit.binary(np.mod, "mod", result=C.no_bool)
fmod = _kit.binary(np.fmod, "fmod", result=C.no_bool)
divide = _kit.float_binary(np.divide, "divide")
true_divide = _kit.float_binary(np.true_divide, "true_divide")
arctan2 = _kit.float_binary(np.arctan2, "arctan2")
logaddexp = _kit.float_binary(np.logaddexp, "logaddexp")
logaddexp2 = _kit.float_binary(np.logaddexp2, "logaddexp2")
nextafter = _kit.float_binary(np.nextafter, "nextafter")


def divide_no_nan(x1, x2):
    x1, x2, dtype = _kit.promote(x1, x2, "divide_no_nan", float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(x2 == 0, np.zeros((), _native(dtype)), np.divide(x1, x2))
    return out.astype(_native(dtype), copy=False)


def _int_pair(x1, x2, op):
    x1, x2, dtype = _kit.promote(x1, x2, op)
    C.check_integer_dtype(dtype, op, "x1", allow_bool=False)
    return x1, x2, dtype


def gcd(x1, x2):
    x1, x2, dtype = _int_pair(x1, x2, "gcd")
    return np.gcd(x1, x2).astype(_native(dtype), copy=False)


def lcm(x1, x2):
    x1, x2, dtype = _int_pair(x1, x2, "lcm")
    return np.lcm(x1, x2).astype(_native(dtype), copy=False)


def hypot(x1, x2):
    x1, x2, dtype = _kit.promote(x1, x2, "hypot")
    dtype = C.wide_float_dtype(dtype)
    return np.hypot(_cast(x1, dtype), _cast(x2, dtype))


def heaviside(x1, x2):
    x1, x2, dtype = _kit.promote(x1, x2, "heaviside")
    dtype = C.wide_float_dtype(dtype)
    return np.heaviside(_cast(x1, dtype), _cast(x2, dtype))


def ldexp(x1, x2):
    x1 = _t(x1, "ldexp", "x1")
    x2 = _t(x2, "ldexp", "x2")
    C.check_integer_dtype(x2.dtype, "ldexp", "x2")
    dtype = C.result_type(x1.dtype, x2.dtype, float)
    x1 = _cast(x1, dtype)
    if x1.dtype.kind != "f":  # bfloat16: compute in float32
        return np.ldexp(x1.astype(np.float32), x2).astype(x1.dtype)
    return np.ldexp(x1, x2)


# ----------------------------------------------------------------------------- unary math

abs = _kit.unary(np.absolute, "abs")  # noqa: A001
absolute = _kit.unary(np.absolute, "absolute")
negative = _kit.unary(np.negative, "negative")
sign = _kit.unary(np.sign, "sign")
conjugate = _kit.unary(np.conjugate, "conjugate")
conj = _kit.unary(np.conjugate, "conj")
real = _kit.unary(np.real, "real")
imag = _kit.unary(np.imag, "imag")
copy = _kit.unary(np.copy, "copy")

sin = _kit.float_unary(np.sin, "sin")
cos = _kit.float_unary(np.cos, "cos")
tan = _kit.float_unary(np.tan, "tan")
arcsin = _kit.float_unary(np.arcsin, "arcsin")
arccos = _kit.float_unary(np.arccos, "arccos")
arctan = _kit.float_unary(np.arctan, "arctan")
sinh = _kit.float_unary(np.sinh, "sinh")
cosh = _kit.float_unary(np.cosh, "cosh")
tanh = _kit.float_unary(np.tanh, "tanh")
arcsinh = _kit.float_unary(np.arcsinh, "arcsinh")
arccosh = _kit.float_unary(np.arccosh, "arccosh")
arctanh = _kit.float_unary(np.arctanh, "arctanh")
exp = _kit.float_unary(np.exp, "exp")
exp2 = _kit.float_unary(np.exp2, "exp2")
expm1 = _kit.float_unary(np.expm1, "expm1")
log = _kit.float_unary(np.log, "log")
log2 = _kit.float_unary(np.log2, "log2")
log10 = _kit.float_unary(np.log10, "log10")
log1p = _kit.float_unary(np.log1p, "log1p")
sqrt = _kit.float_unary(np.sqrt, "sqrt")
ceil = _kit.float_unary(np.ceil, "ceil")
floor = _kit.float_unary(np.floor, "floor")
reciprocal = _kit.float_unary(np.reciprocal, "reciprocal")
sinc = _kit.float_unary(np.sinc, "sinc")
fabs = _kit.float_unary(np.fabs, "fabs")


def angle(x):
    x, _ = _kit.to_float(x, "angle")
    out = np.angle(x)
    return out if out.dtype == x.dtype or np.iscomplexobj(x) else out.astype(x.dtype)


def i0(x):
    x, dtype = _kit.to_float(x, "i0")
    return np.i0(x.astype(np.float64)).astype(_native(dtype))


cbrt = _kit.float_unary(np.cbrt, "cbrt", rule=C.wide_float_dtype)
deg2rad = _kit.float_unary(np.deg2rad, "deg2rad", rule=C.wide_float_dtype)
rad2deg = _kit.float_unary(np.rad2deg, "rad2deg", rule=C.wide_float_dtype)


globals().update(numpy_like_elementwise.make(np, _kit, _convert, _cast, _native))


def _like(x, dtype, op):
    x = _t(x, op)
    return x, (x.dtype if dtype is None else _native(dtype))


def zeros_like(x, dtype=None):
    x, dtype = _like(x, dtype, "zeros_like")
    return np.zeros(x.shape, dtype=dtype)


def ones_like(x, dtype=None):
    x, dtype = _like(x, dtype, "ones_like")
    return np.ones(x.shape, dtype=dtype)


def empty_like(x, dtype=None):
    x, dtype = _like(x, dtype, "empty_like")
    return np.empty(x.shape, dtype=dtype)


def full_like(x, fill_value, dtype=None):
    x, dtype = _like(x, dtype, "full_like")
    return np.full(x.shape, np.asarray(core.convert_to_numpy(fill_value)), dtype=dtype)


def eye(N, M=None, k=0, dtype=None):
    return np.eye(N, M=M, k=k, dtype=_native(C.creation_dtype(dtype)))


def identity(n, dtype=None):
    return np.identity(n, dtype=_native(C.creation_dtype(dtype)))


def tri(N, M=None, k=0, dtype=None):
    return np.tri(N, M=M, k=k, dtype=_native(C.creation_dtype(dtype)))


def tril(x, k=0):
    return np.tril(_t(x, "tril"), k=k)


def triu(x, k=0):
    return np.triu(_t(x, "triu"), k=k)


def arange(start, stop=None, step=None, dtype=None):
    if dtype is None:
        dtype = C.value_dtype(*[v for v in (start, stop, step) if v is not None])
    if stop is None:
        start, stop = 0, start
    return np.arange(start, stop, 1 if step is None else step, dtype=_native(dtype))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    if dtype is None:
        dtype = C.value_dtype(start, stop, 1.0)
    out = np.linspace(core.convert_to_numpy(start), core.convert_to_numpy(stop), num=num,
                      endpoint=endpoint, retstep=retstep, axis=axis)
    if retstep:
        return out[0].astype(_native(dtype)), out[1]
    return out.astype(_native(dtype))


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    if dtype is None:
        dtype = C.value_dtype(start, stop, 1.0)
    out = np.logspace(core.convert_to_numpy(start), core.convert_to_numpy(stop), num=num,
                      endpoint=endpoint, base=base, axis=axis)
    return out.astype(_native(dtype))


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    if dtype is None:
        dtype = C.value_dtype(start, stop, 1.0)
    out = np.geomspace(core.convert_to_numpy(start), core.convert_to_numpy(stop), num=num,
                       endpoint=endpoint, axis=axis)
    return out.astype(_native(dtype))


def meshgrid(*x, indexing="xy"):
    C.meshgrid_axes(len(x), indexing)  # validates `indexing`
    return np.meshgrid(*[_t(v, "meshgrid") for v in x], indexing=indexing)


def vander(x, N=None, increasing=False):
    x = _t(x, "vander")
    compute = _native(C.result_type(x.dtype, "float32"))
    return np.vander(x.astype(compute), N=N, increasing=increasing).astype(x.dtype)


def _window(op):
    def call(x):
        m = C.window_length(x, op)
        return C.window(op, m).astype(_native(C.creation_dtype(None)))

    call.__name__ = op
    return call


bartlett = _window("bartlett")
blackman = _window("blackman")
hamming = _window("hamming")
hanning = _window("hanning")


def kaiser(x, beta):
    m = C.window_length(x, "kaiser")
    return C.window("kaiser", m, beta).astype(_native(C.creation_dtype(None)))


# ----------------------------------------------------------------------------- info


def ndim(x):
    return np.ndim(_t(x, "ndim"))


def size(x):
    return int(np.size(_t(x, "size")))

__all__ = list(C.OP_NAMES)
