"""NumPy-API functions (element-wise math, comparisons, logic, bits, creation) on PyTorch."""

import functools
import math

import torch

from kc_ops import dtypes
from kc_ops.backends import elementwise_common as C
from kc_ops.backends.torch import core

# dtype name (or object) -> the framework's dtype, memoized: it runs on every conversion.
_native = functools.lru_cache(maxsize=None)(core.to_native_dtype)
_device = core.get_device


def _convert(x, dtype):
    return core.convert_to_tensor(x, dtype=dtype)


def _cast(x, dtype):
    native = _native(dtype)
    return x if x.dtype == native else x.to(native)


_kit = C.ElementwiseKit(
    core.NATIVE_TYPES, (torch.float16, torch.bfloat16, torch.float32, torch.float64), _convert, _cast,
    _native,
    # torch has almost no kernels for the wide unsigned types.
    compute_dtypes={"uint16": "int32", "uint32": "int64", "uint64": "int64"},
)
_t = _kit.tensor


_WIDER = {torch.uint16: torch.int32, torch.uint32: torch.int64, torch.uint64: torch.int64}


def _widened(fn):
    """fn computed in a wider signed dtype for the unsigned dtypes torch has few kernels for."""

    def call(*args):
        wider = _WIDER.get(args[0].dtype)
        if wider is None:
            return fn(*args)
        out = fn(*[a.to(wider) for a in args])
        return out.to(args[0].dtype) if out.dtype == wider else out

    return call


def _is_int_or_bool(x):
    return not (x.dtype.is_floating_point or x.dtype.is_complex)


# ----------------------------------------------------------------------------- arithmetic

add = _kit.binary(torch.add, "add")
subtract = _kit.binary(torch.subtract, "subtract")
multiply = _kit.binary(torch.multiply, "multiply")
# (scalars=False: these torch functions take tensors only.)
maximum = _kit.binary(torch.maximum, "maximum", scalars=False)
minimum = _kit.binary(torch.minimum, "minimum", scalars=False)
fmax = _kit.binary(torch.fmax, "fmax", scalars=False)
fmin = _kit.binary(torch.fmin, "fmin", scalars=False)
power = _kit.binary(torch.pow, "power")
floor_divide = _kit.binary(torch.floor_divide, "floor_divide")
mod = _kit.binary(torch.remainder, "mod", result=C.no_bool)
fmod = _kit.binary(torch.fmod, "fmod", result=C.no_bool)
divide = _kit.float_binary(torch.true_divide, "divide")
true_divide = _kit.float_binary(torch.true_divide, "true_divide")
arctan2 = _kit.float_binary(torch.atan2, "arctan2", scalars=False)
logaddexp = _kit.float_binary(torch.logaddexp, "logaddexp", scalars=False)
logaddexp2 = _kit.float_binary(torch.logaddexp2, "logaddexp2", scalars=False)
nextafter = _kit.float_binary(torch.nextafter, "nextafter", scalars=False)


def divide_no_nan(x1, x2):
    native = core.NATIVE_TYPES
    if not (type(x1) in native and type(x2) in native and x1.dtype is x2.dtype
            and x1.is_floating_point()):
        x1, x2, _ = _kit.promote(x1, x2, "divide_no_nan", float)
    zero = x2 == 0
    if not (torch.is_grad_enabled() and (x1.requires_grad or x2.requires_grad)):
        return torch.true_divide(x1, x2).masked_fill_(zero, 0)  # no gradient: one op fewer
    # Dividing by 1 where x2 == 0 keeps the gradient finite there.
    out = torch.true_divide(x1, x2.masked_fill(zero, 1))
    return out.masked_fill(zero, 0)


def _int_pair(x1, x2, op):
    x1, x2, dtype = _kit.promote(x1, x2, op)
    C.check_integer_dtype(dtype, op, "x1", allow_bool=False)
    return x1, x2


def gcd(x1, x2):
    return _widened(torch.gcd)(*_int_pair(x1, x2, "gcd"))


def lcm(x1, x2):
    return _widened(torch.lcm)(*_int_pair(x1, x2, "lcm"))


def hypot(x1, x2):
    x1, x2, dtype = _kit.promote(x1, x2, "hypot")
    dtype = C.wide_float_dtype(dtype)
    return torch.hypot(_cast(x1, dtype), _cast(x2, dtype))


def heaviside(x1, x2):
    x1, x2, dtype = _kit.promote(x1, x2, "heaviside")
    dtype = C.wide_float_dtype(dtype)
    return torch.heaviside(_cast(x1, dtype), _cast(x2, dtype))


def ldexp(x1, x2):
    x1 = _t(x1, "ldexp", "x1")
    x2 = _t(x2, "ldexp", "x2")
    C.check_integer_dtype(x2.dtype, "ldexp", "x2")
    dtype = C.result_type(x1.dtype, x2.dtype, float)
    return torch.ldexp(_cast(x1, dtype), x2).to(_native(dtype))


# ----------------------------------------------------------------------------- unary math


def _abs(x):
    return x if x.dtype == torch.bool else torch.abs(x)


def _imag(x):
    return torch.imag(x) if x.is_complex() else torch.zeros_like(x)


def _conj(x):
    return torch.conj_physical(x) if x.is_complex() else x


abs = _kit.unary(_abs, "abs")  # noqa: A001
absolute = _kit.unary(_abs, "absolute")
negative = _kit.unary(torch.negative, "negative")
sign = _kit.unary(torch.sign, "sign")
conjugate = _kit.unary(_conj, "conjugate")
conj = _kit.unary(_conj, "conj")
real = _kit.unary(torch.real, "real")
imag = _kit.unary(_imag, "imag")
copy = _kit.unary(torch.clone, "copy")

sin = _kit.float_unary(torch.sin, "sin")
cos = _kit.float_unary(torch.cos, "cos")
tan = _kit.float_unary(torch.tan, "tan")
arcsin = _kit.float_unary(torch.asin, "arcsin")
arccos = _kit.float_unary(torch.acos, "arccos")
arctan = _kit.float_unary(torch.atan, "arctan")
sinh = _kit.float_unary(torch.sinh, "sinh")
cosh = _kit.float_unary(torch.cosh, "cosh")
tanh = _kit.float_unary(torch.tanh, "tanh")
arcsinh = _kit.float_unary(torch.asinh, "arcsinh")
arccosh = _kit.float_unary(torch.acosh, "arccosh")
arctanh = _kit.float_unary(torch.atanh, "arctanh")
exp = _kit.float_unary(torch.exp, "exp")
exp2 = _kit.float_unary(torch.exp2, "exp2")
expm1 = _kit.float_unary(torch.expm1, "expm1")
log = _kit.float_unary(torch.log, "log")
log2 = _kit.float_unary(torch.log2, "log2")
log10 = _kit.float_unary(torch.log10, "log10")
log1p = _kit.float_unary(torch.log1p, "log1p")
sqrt = _kit.float_unary(torch.sqrt, "sqrt")
ceil = _kit.float_unary(torch.ceil, "ceil")
floor = _kit.float_unary(torch.floor, "floor")
reciprocal = _kit.float_unary(torch.reciprocal, "reciprocal")
sinc = _kit.float_unary(torch.sinc, "sinc")
fabs = _kit.float_unary(torch.abs, "fabs")
angle = _kit.float_unary(torch.angle, "angle")
deg2rad = _kit.float_unary(torch.deg2rad, "deg2rad", rule=C.wide_float_dtype)
rad2deg = _kit.float_unary(torch.rad2deg, "rad2deg", rule=C.wide_float_dtype)


def _cbrt(x):
    return torch.sign(x) * torch.pow(torch.abs(x), 1.0 / 3.0)


cbrt = _kit.float_unary(_cbrt, "cbrt", rule=C.wide_float_dtype)


def _i0(x):
    if x.dtype in (torch.float16, torch.bfloat16):  # no half-precision kernel everywhere
        return torch.special.i0(x.float()).to(x.dtype)
    return torch.special.i0(x)


i0 = _kit.float_unary(_i0, "i0")


def square(x):
    x = _t(x, "square")
    return _widened(torch.square)(x.to(torch.int32) if x.dtype == torch.bool else x)


def trunc(x):
    x = _t(x, "trunc")
    return x if _is_int_or_bool(x) else torch.trunc(x)


def round(x, decimals=0):  # noqa: A001
    x = _t(x, "round")
    if _is_int_or_bool(x):
        if decimals >= 0:
            return x
        factor = 10.0 ** -decimals
        return (torch.round(x.double() / factor) * factor).to(x.dtype)
    return torch.round(x, decimals=decimals)


def clip(x, x_min, x_max):
    x = _t(x, "clip")
    x = _cast(x, C.no_bool(dtypes.standardize_dtype(x.dtype)))
    if x_min is None and x_max is None:
        return x
    low = None if x_min is None else _convert(x_min, None).to(x.dtype)
    high = None if x_max is None else _convert(x_max, None).to(x.dtype)
    return torch.clamp(x, low, high)


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    x = _t(x, "nan_to_num")
    if _is_int_or_bool(x):
        return x
    return torch.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


# ----------------------------------------------------------------------------- predicates


def _predicate(fn, op):
    def call(x):
        x = _t(x, op)
        return fn(x.to(torch.float32) if _is_int_or_bool(x) else x)

    call.__name__ = op
    return call


isnan = _predicate(torch.isnan, "isnan")
isinf = _predicate(torch.isinf, "isinf")
isfinite = _predicate(torch.isfinite, "isfinite")
isneginf = _predicate(torch.isneginf, "isneginf")
isposinf = _predicate(torch.isposinf, "isposinf")
signbit = _predicate(torch.signbit, "signbit")
isreal = _kit.unary(torch.isreal, "isreal")

equal = _kit.compare(torch.eq, "equal")
not_equal = _kit.compare(torch.ne, "not_equal")
greater = _kit.compare(torch.gt, "greater")
greater_equal = _kit.compare(torch.ge, "greater_equal")
less = _kit.compare(torch.lt, "less")
less_equal = _kit.compare(torch.le, "less_equal")


def isclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    x1, x2, _ = _kit.promote(x1, x2, "isclose", float)
    return torch.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


def allclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    return torch.all(isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))


def _logical(fn, op):
    def call(x1, x2):
        return fn(_t(x1, op, "x1"), _t(x2, op, "x2"))

    call.__name__ = op
    return call


logical_and = _logical(_widened(torch.logical_and), "logical_and")
logical_or = _logical(_widened(torch.logical_or), "logical_or")
logical_xor = _logical(_widened(torch.logical_xor), "logical_xor")
logical_not = _kit.unary(torch.logical_not, "logical_not")

# ----------------------------------------------------------------------------- bits


def _bitwise(fn, op):
    def call(x, y):
        x, y, dtype = _kit.promote(x, y, op, names=("x", "y"))
        C.check_integer_dtype(dtype, op, "x", allow_bool="shift" not in op)
        return fn(x, y)

    call.__name__ = op
    return call


bitwise_and = _bitwise(_widened(torch.bitwise_and), "bitwise_and")
bitwise_or = _bitwise(_widened(torch.bitwise_or), "bitwise_or")
bitwise_xor = _bitwise(_widened(torch.bitwise_xor), "bitwise_xor")
bitwise_left_shift = _bitwise(_widened(torch.bitwise_left_shift), "bitwise_left_shift")
bitwise_right_shift = _bitwise(_widened(torch.bitwise_right_shift), "bitwise_right_shift")
left_shift = _bitwise(_widened(torch.bitwise_left_shift), "left_shift")
right_shift = _bitwise(_widened(torch.bitwise_right_shift), "right_shift")


def bitwise_invert(x):
    x = _t(x, "bitwise_invert")
    C.check_integer_dtype(x.dtype, "bitwise_invert", "x")
    return _widened(torch.bitwise_not)(x)


bitwise_not = bitwise_invert


def where(condition, x1=None, x2=None):
    C.check_where_args(x1, x2)
    condition = _t(condition, "where", "condition")
    if x1 is None:
        return tuple(i.to(torch.int32) for i in torch.nonzero(condition, as_tuple=True))
    x1, x2, _ = _kit.promote(x1, x2, "where")
    return torch.where(condition.to(torch.bool), x1, x2)


# ----------------------------------------------------------------------------- creation


def _shape(shape):
    if isinstance(shape, (list, tuple)) or getattr(shape, "ndim", 0) == 1:
        return tuple(int(d) for d in shape)
    return (int(shape),)


def array(x, dtype=None):
    return _convert(x, dtype)


def zeros(shape, dtype=None):
    return torch.zeros(_shape(shape), dtype=_native(C.creation_dtype(dtype)), device=_device())


def ones(shape, dtype=None):
    return torch.ones(_shape(shape), dtype=_native(C.creation_dtype(dtype)), device=_device())


def empty(shape, dtype=None):
    return torch.empty(_shape(shape), dtype=_native(C.creation_dtype(dtype)), device=_device())


def full(shape, fill_value, dtype=None):
    dtype = C.creation_dtype(dtype)
    fill = _convert(fill_value, dtype)
    return torch.broadcast_to(fill, _shape(shape)).clone()


def _like(x, dtype, op):
    x = _t(x, op)
    return x, (x.dtype if dtype is None else _native(dtype))


def zeros_like(x, dtype=None):
    x, dtype = _like(x, dtype, "zeros_like")
    return torch.zeros_like(x, dtype=dtype)


def ones_like(x, dtype=None):
    x, dtype = _like(x, dtype, "ones_like")
    return torch.ones_like(x, dtype=dtype)


def empty_like(x, dtype=None):
    x, dtype = _like(x, dtype, "empty_like")
    return torch.empty_like(x, dtype=dtype)


def full_like(x, fill_value, dtype=None):
    x, dtype = _like(x, dtype, "full_like")
    fill = _convert(fill_value, None).to(dtype)
    return torch.broadcast_to(fill, x.shape).clone()


def _diagonal_offsets(n, m, k):
    """j - i - k for an n x m grid (0 on the k-th diagonal)."""
    m = n if m is None else m
    rows = torch.arange(n, device=_device()).unsqueeze(1)
    cols = torch.arange(m, device=_device()).unsqueeze(0)
    return cols - rows - k


def eye(N, M=None, k=0, dtype=None):
    return (_diagonal_offsets(N, M, k) == 0).to(_native(C.creation_dtype(dtype)))


def identity(n, dtype=None):
    return torch.eye(n, dtype=_native(C.creation_dtype(dtype)), device=_device())


def tri(N, M=None, k=0, dtype=None):
    return (_diagonal_offsets(N, M, k) <= 0).to(_native(C.creation_dtype(dtype)))


def tril(x, k=0):
    return torch.tril(_t(x, "tril"), diagonal=k)


def triu(x, k=0):
    return torch.triu(_t(x, "triu"), diagonal=k)


def _number(v):
    return v.item() if isinstance(v, torch.Tensor) else v


def arange(start, stop=None, step=None, dtype=None):
    if dtype is None:
        dtype = C.value_dtype(*[v for v in (start, stop, step) if v is not None])
    if stop is None:
        start, stop = 0, start
    step = 1 if step is None else step
    return torch.arange(_number(start), _number(stop), _number(step),
                        dtype=_native(dtype), device=_device())


def _linspace(start, stop, num, endpoint, axis, compute):
    """num samples from start to stop (tensors broadcast together) along `axis`, and the step."""
    C.check_num(num)
    start, stop = torch.broadcast_tensors(_convert(start, compute), _convert(stop, compute))
    div = (num - 1) if endpoint else num
    step = (stop - start) / div if div > 0 else torch.full_like(start, math.nan)
    n = torch.arange(num, dtype=start.dtype, device=start.device).reshape((-1,) + (1,) * start.ndim)
    out = start + n * (step if div > 0 else torch.zeros_like(start))
    if endpoint and num > 1:
        out = torch.cat([out[:-1], stop.unsqueeze(0)], dim=0)
    return torch.movedim(out, 0, axis), step


def _output(x, dtype):
    native = _native(dtype)
    if not (native.is_floating_point or native.is_complex):
        x = torch.floor(x)
    return x.to(native)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    dtype = dtype if dtype is not None else C.value_dtype(start, stop, 1.0)
    compute = C.float_dtype(dtype)
    out, step = _linspace(start, stop, num, endpoint, axis, compute)
    return (_output(out, dtype), step) if retstep else _output(out, dtype)


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    dtype = dtype if dtype is not None else C.value_dtype(start, stop, 1.0)
    out, _ = _linspace(start, stop, num, endpoint, axis, "float64")
    return _output(torch.pow(_convert(base, "float64"), out), dtype)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    dtype = dtype if dtype is not None else C.value_dtype(start, stop, 1.0)
    start, stop = _convert(start, "float64"), _convert(stop, "float64")
    C.check_nonzero_ends(bool(torch.any(start == 0)) or bool(torch.any(stop == 0)))
    sign = torch.sign(start)
    logs, _ = _linspace(torch.log10(start / sign), torch.log10(stop / sign), num, endpoint, 0,
                        "float64")
    out = torch.pow(10.0, logs) * sign
    if num > 0:  # exact end points, as NumPy gives
        parts = [start.unsqueeze(0), out[1:]]
        out = torch.cat(parts, dim=0)
        if endpoint and num > 1:
            out = torch.cat([out[:-1], stop.unsqueeze(0)], dim=0)
    return _output(torch.movedim(out, 0, axis), dtype)


def meshgrid(*x, indexing="xy"):
    axes = C.meshgrid_axes(len(x), indexing)
    vectors = [_t(v, "meshgrid").reshape(-1) for v in x]
    shape = [0] * len(x)
    for axis, v in zip(axes, vectors):
        shape[axis] = v.shape[0]
    grids = []
    for axis, v in zip(axes, vectors):  # each input keeps its own dtype, as in NumPy
        view = [1] * len(x)
        view[axis] = -1
        grids.append(v.reshape(view).expand(shape).clone())
    return grids


def vander(x, N=None, increasing=False):
    x = _t(x, "vander")
    C.check_rank(tuple(x.shape), "vander", 1)
    n = x.shape[0] if N is None else N
    compute = _native(C.result_type(x.dtype, "float32"))
    powers = torch.arange(n, device=x.device, dtype=compute)
    if not increasing:
        powers = torch.flip(powers, dims=(0,))
    out = torch.pow(x.to(compute).unsqueeze(1), powers.unsqueeze(0))
    if _is_int_or_bool(x):
        out = torch.round(out)
    return out.to(x.dtype)


def _window(op):
    def call(x):
        values = C.window(op, C.window_length(_number(x), op))
        return _convert(values, C.creation_dtype(None))

    call.__name__ = op
    return call


bartlett = _window("bartlett")
blackman = _window("blackman")
hamming = _window("hamming")
hanning = _window("hanning")


def kaiser(x, beta):
    values = C.window("kaiser", C.window_length(_number(x), "kaiser"), _number(beta))
    return _convert(values, C.creation_dtype(None))


# ----------------------------------------------------------------------------- info


def ndim(x):
    return _t(x, "ndim").ndim


def size(x):
    return _t(x, "size").numel()


__all__ = list(C.OP_NAMES)
