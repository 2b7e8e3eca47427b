"""NumPy-API functions (element-wise math, comparisons, logic, bits, creation) on JAX."""

import functools

import jax.numpy as jnp
import numpy as np

from kc_ops.backends import elementwise_common as C
from kc_ops.backends import numpy_like_elementwise
from kc_ops.backends.jax import core

# dtype name (or object) -> the framework's dtype, memoized: it runs on every conversion.
_native = functools.lru_cache(maxsize=None)(core.to_native_dtype)


def _convert(x, dtype):
    return core.convert_to_tensor(x, dtype=dtype)


def _cast(x, dtype):
    native = _native(dtype)
    return x if x.dtype == native else x.astype(native)


_kit = C.ElementwiseKit(
    type(jnp.zeros(())),
    [np.dtype(d) for d in ("float16", "float32", "float64")] + [np.dtype(jnp.bfloat16)],
    _convert,
    _cast,
    _native,
)
_t = _kit.tensor


# ----------------------------------------------------------------------------- arithmetic

add = _kit.binary(jnp.add, "add")
subtract = _kit.binary(jnp.subtract, "subtract")
multiply = _kit.binary(jnp.multiply, "multiply")
maximum = _kit.binary(jnp.maximum, "maximum")
minimum = _kit.binary(jnp.minimum, "minimum")
fmax = _kit.binary(jnp.fmax, "fmax")
fmin = _kit.binary(jnp.fmin, "fmin")
power = _kit.binary(jnp.power, "power")
floor_divide = _kit.binary(jnp.floor_divide, "floor_divide")
mod = _kit.binary(jnp.mod, "mod", result=C.no_bool)
fmod = _kit.binary(jnp.fmod, "fmod", result=C.no_bool)
divide = _kit.float_binary(jnp.divide, "divide")
true_divide = _kit.float_binary(jnp.true_divide, "true_divide")
arctan2 = _kit.float_binary(jnp.arctan2, "arctan2")
logaddexp = _kit.float_binary(jnp.logaddexp, "logaddexp")
logaddexp2 = _kit.float_binary(jnp.logaddexp2, "logaddexp2")
nextafter = _kit.float_binary(jnp.nextafter, "nextafter")


def divide_no_nan(x1, x2):
    x1, x2, dtype = _kit.promote(x1, x2, "divide_no_nan", float)
    zero = x2 == 0
    # The inner where keeps the gradient finite where x2 == 0.
    out = jnp.divide(x1, jnp.where(zero, jnp.ones((), x2.dtype), x2))
    return jnp.where(zero, jnp.zeros((), out.dtype), out)


def _int_pair(x1, x2, op):
    x1, x2, dtype = _kit.promote(x1, x2, op)
    C.check_integer_dtype(dtype, op, "x1", allow_bool=False)
    return x1, x2, dtype


def gcd(x1, x2):
    x1, x2, dtype = _int_pair(x1, x2, "gcd")
    return jnp.gcd(x1, x2).astype(_native(dtype))


def lcm(x1, x2):
    x1, x2, dtype = _int_pair(x1, x2, "lcm")
    return jnp.lcm(x1, x2).astype(_native(dtype))


def hypot(x1, x2):
    x1, x2, dtype = _kit.promote(x1, x2, "hypot")
    dtype = C.wide_float_dtype(dtype)
    return jnp.hypot(_cast(x1, dtype), _cast(x2, dtype))


def heaviside(x1, x2):
    x1, x2, dtype = _kit.promote(x1, x2, "heaviside")
    dtype = C.wide_float_dtype(dtype)
    return jnp.heaviside(_cast(x1, dtype), _cast(x2, dtype))


def ldexp(x1, x2):
    x1 = _t(x1, "ldexp", "x1")
    x2 = _t(x2, "ldexp", "x2")
    C.check_integer_dtype(x2.dtype, "ldexp", "x2")
    dtype = C.result_type(x1.dtype, x2.dtype, float)
    x1 = _cast(x1, dtype)
    return jnp.ldexp(x1, x2)


# ----------------------------------------------------------------------------- unary math

abs = _kit.unary(jnp.absolute, "abs")  # noqa: A001
absolute = _kit.unary(jnp.absolute, "absolute")
negative = _kit.unary(jnp.negative, "negative")
sign = _kit.unary(jnp.sign, "sign")
conjugate = _kit.unary(jnp.conjugate, "conjugate")
conj = _kit.unary(jnp.conjugate, "conj")
real = _kit.unary(jnp.real, "real")
imag = _kit.unary(jnp.imag, "imag")
copy = _kit.unary(jnp.copy, "copy")

sin = _kit.float_unary(jnp.sin, "sin")
cos = _kit.float_unary(jnp.cos, "cos")
tan = _kit.float_unary(jnp.tan, "tan")
arcsin = _kit.float_unary(jnp.arcsin, "arcsin")
arccos = _kit.float_unary(jnp.arccos, "arccos")
arctan = _kit.float_unary(jnp.arctan, "arctan")
sinh = _kit.float_unary(jnp.sinh, "sinh")
cosh = _kit.float_unary(jnp.cosh, "cosh")
tanh = _kit.float_unary(jnp.tanh, "tanh")
arcsinh = _kit.float_unary(jnp.arcsinh, "arcsinh")
arccosh = _kit.float_unary(jnp.arccosh, "arccosh")
arctanh = _kit.float_unary(jnp.arctanh, "arctanh")
exp = _kit.float_unary(jnp.exp, "exp")
exp2 = _kit.float_unary(jnp.exp2, "exp2")
expm1 = _kit.float_unary(jnp.expm1, "expm1")
log = _kit.float_unary(jnp.log, "log")
log2 = _kit.float_unary(jnp.log2, "log2")
log10 = _kit.float_unary(jnp.log10, "log10")
log1p = _kit.float_unary(jnp.log1p, "log1p")
sqrt = _kit.float_unary(jnp.sqrt, "sqrt")
ceil = _kit.float_unary(jnp.ceil, "ceil")
floor = _kit.float_unary(jnp.floor, "floor")
reciprocal = _kit.float_unary(jnp.reciprocal, "reciprocal")
sinc = _kit.float_unary(jnp.sinc, "sinc")
fabs = _kit.float_unary(jnp.fabs, "fabs")


def angle(x):
    x, _ = _kit.to_float(x, "angle")
    out = jnp.angle(x)
    return out if out.dtype == x.dtype or jnp.iscomplexobj(x) else out.astype(x.dtype)


def i0(x):
    x, dtype = _kit.to_float(x, "i0")
    return jnp.i0(x)


cbrt = _kit.float_unary(jnp.cbrt, "cbrt", rule=C.wide_float_dtype)
deg2rad = _kit.float_unary(jnp.deg2rad, "deg2rad", rule=C.wide_float_dtype)
rad2deg = _kit.float_unary(jnp.rad2deg, "rad2deg", rule=C.wide_float_dtype)


globals().update(numpy_like_elementwise.make(jnp, _kit, _convert, _cast, _native))


def _like(x, dtype, op):
    x = _t(x, op)
    return x, (x.dtype if dtype is None else _native(dtype))


def zeros_like(x, dtype=None):
    x, dtype = _like(x, dtype, "zeros_like")
    return jnp.zeros(x.shape, dtype=dtype)


def ones_like(x, dtype=None):
    x, dtype = _like(x, dtype, "ones_like")
    return jnp.ones(x.shape, dtype=dtype)


def empty_like(x, dtype=None):
    x, dtype = _like(x, dtype, "empty_like")
    return jnp.empty(x.shape, dtype=dtype)


def full_like(x, fill_value, dtype=None):
    x, dtype = _like(x, dtype, "full_like")
    return jnp.full(x.shape, _convert(fill_value, None), dtype=dtype)


def eye(N, M=None, k=0, dtype=None):
    return jnp.eye(N, M=M, k=k, dtype=_native(C.creation_dtype(dtype)))


def identity(n, dtype=None):
    return jnp.identity(n, dtype=_native(C.creation_dtype(dtype)))


def tri(N, M=None, k=0, dtype=None):
    return jnp.tri(N, M=M, k=k, dtype=_native(C.creation_dtype(dtype)))


def tril(x, k=0):
    return jnp.tril(_t(x, "tril"), k=k)


def triu(x, k=0):
    return jnp.triu(_t(x, "triu"), k=k)


def arange(start, stop=None, step=None, dtype=None):
    if dtype is None:
        dtype = C.value_dtype(*[v for v in (start, stop, step) if v is not None])
    if stop is None:
        start, stop = 0, start
    return jnp.arange(start, stop, 1 if step is None else step, dtype=_native(dtype))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    if dtype is None:
        dtype = C.value_dtype(start, stop, 1.0)
    out = jnp.linspace(_convert(start, None), _convert(stop, None), num=num,
                      endpoint=endpoint, retstep=retstep, axis=axis)
    if retstep:
        return out[0].astype(_native(dtype)), out[1]
    return out.astype(_native(dtype))


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    if dtype is None:
        dtype = C.value_dtype(start, stop, 1.0)
    out = jnp.logspace(_convert(start, None), _convert(stop, None), num=num,
                      endpoint=endpoint, base=base, axis=axis)
    return out.astype(_native(dtype))


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    if dtype is None:
        dtype = C.value_dtype(start, stop, 1.0)
    out = jnp.geomspace(_convert(start, None), _convert(stop, None), num=num,
                       endpoint=endpoint, axis=axis)
    return out.astype(_native(dtype))


def meshgrid(*x, indexing="xy"):
    C.meshgrid_axes(len(x), indexing)  # validates `indexing`
    return jnp.meshgrid(*[_t(v, "meshgrid") for v in x], indexing=indexing)


def vander(x, N=None, increasing=False):
    x = _t(x, "vander")
    compute = _native(C.result_type(x.dtype, "float32"))
    return jnp.vander(x.astype(compute), N=N, increasing=increasing).astype(x.dtype)


def _window(op):
    def call(x):
        m = C.window_length(x, op)
        return jnp.asarray(C.window(op, m), dtype=_native(C.creation_dtype(None)))

    call.__name__ = op
    return call


bartlett = _window("bartlett")
blackman = _window("blackman")
hamming = _window("hamming")
hanning = _window("hanning")


def kaiser(x, beta):
    m = C.window_length(x, "kaiser")
    return jnp.asarray(C.window("kaiser", m, beta), dtype=_native(C.creation_dtype(None)))


# ----------------------------------------------------------------------------- info


def ndim(x):
    return jnp.ndim(_t(x, "ndim"))


def size(x):
    return int(jnp.size(_t(x, "size")))

__all__ = list(C.OP_NAMES)
