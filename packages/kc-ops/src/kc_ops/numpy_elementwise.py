"""`keras.ops.numpy`, part: element-wise math, comparisons, logic, bit operations, creation
and windows (see numpy.py). Each op is defined once here and runs on the active backend; the
dtype rules live in the backend functions (kc_ops/backends/elementwise_common.py)."""

from kc_ops.backends import elementwise_common as _common
from kc_ops.backends import numpy as B
from kc_ops.keras_tensor import KerasTensor
from kc_ops.operation import symbolic_op

__all__ = list(_common.OP_NAMES)


def _where_spec(condition, x1=None, x2=None):
    if x1 is None and x2 is None:  # nonzero: one index vector of unknown length per axis
        return tuple(KerasTensor((None,), dtype="int32") for _ in condition.shape)
    from kc_ops.core import compute_output_spec

    return compute_output_spec(where.eager, condition, x1, x2)


def _scalar_int_spec(x):
    return KerasTensor((), dtype="int32")


@symbolic_op
def abs(x):  # noqa: A001
    """Absolute value, element-wise (same dtype)."""
    return B.abs(x)


@symbolic_op
def absolute(x):
    """Absolute value, element-wise (same dtype)."""
    return B.absolute(x)


@symbolic_op(eager=B.add)
def add(x1, x2):
    """x1 + x2, element-wise, with broadcasting."""
    return B.add(x1, x2)


@symbolic_op
def allclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether all elements of x1 and x2 are close (see `isclose`); a scalar bool tensor."""
    return B.allclose(x1, x2, rtol, atol, equal_nan)


@symbolic_op
def angle(x):
    """Argument (phase) of complex values; 0 or pi for real values."""
    return B.angle(x)


@symbolic_op
def arange(start, stop=None, step=None, dtype=None):
    """Evenly spaced values in [start, stop) with `step`; int32 for int arguments."""
    return B.arange(start, stop, step, dtype)


@symbolic_op
def arccos(x):
    """Inverse cosine, element-wise."""
    return B.arccos(x)


@symbolic_op
def arccosh(x):
    """Inverse hyperbolic cosine, element-wise."""
    return B.arccosh(x)


@symbolic_op
def arcsin(x):
    """Inverse sine, element-wise."""
    return B.arcsin(x)


@symbolic_op
def arcsinh(x):
    """Inverse hyperbolic sine, element-wise."""
    return B.arcsinh(x)


@symbolic_op
def arctan(x):
    """Inverse tangent, element-wise."""
    return B.arctan(x)


@symbolic_op
def arctan2(x1, x2):
    """Angle of the point (x2, x1) in radians, element-wise."""
    return B.arctan2(x1, x2)


@symbolic_op
def arctanh(x):
    """Inverse hyperbolic tangent, element-wise."""
    return B.arctanh(x)


@symbolic_op
def array(x, dtype=None):
    """A tensor holding `x` (like `convert_to_tensor`)."""
    return B.array(x, dtype)


@symbolic_op
def bartlett(x):
    """The Bartlett (triangular) window of length `x`."""
    return B.bartlett(x)


@symbolic_op
def bitwise_and(x, y):
    """Bitwise AND of integer or bool tensors."""
    return B.bitwise_and(x, y)


@symbolic_op
def bitwise_invert(x):
    """Bitwise NOT of an integer or bool tensor."""
    return B.bitwise_invert(x)


@symbolic_op
def bitwise_left_shift(x, y):
    """x shifted left by y bits."""
    return B.bitwise_left_shift(x, y)


@symbolic_op
def bitwise_not(x):
    """Bitwise NOT of an integer or bool tensor."""
    return B.bitwise_not(x)


@symbolic_op
def bitwise_or(x, y):
    """Bitwise OR of integer or bool tensors."""
    return B.bitwise_or(x, y)


@symbolic_op
def bitwise_right_shift(x, y):
    """x shifted right by y bits."""
    return B.bitwise_right_shift(x, y)


@symbolic_op
def bitwise_xor(x, y):
    """Bitwise XOR of integer or bool tensors."""
    return B.bitwise_xor(x, y)


@symbolic_op
def blackman(x):
    """The Blackman window of length `x`."""
    return B.blackman(x)


@symbolic_op
def cbrt(x):
    """Cube root, element-wise."""
    return B.cbrt(x)


@symbolic_op
def ceil(x):
    """Smallest integer-valued float >= x, element-wise."""
    return B.ceil(x)


@symbolic_op
def clip(x, x_min, x_max):
    """x limited to [x_min, x_max] (keeps x's dtype; bool becomes int32)."""
    return B.clip(x, x_min, x_max)


@symbolic_op
def conj(x):
    """Complex conjugate, element-wise."""
    return B.conj(x)


@symbolic_op
def conjugate(x):
    """Complex conjugate, element-wise."""
    return B.conjugate(x)


@symbolic_op
def copy(x):
    """A copy of x."""
    return B.copy(x)


@symbolic_op
def cos(x):
    """Cosine, element-wise."""
    return B.cos(x)


@symbolic_op
def cosh(x):
    """Hyperbolic cosine, element-wise."""
    return B.cosh(x)


@symbolic_op
def deg2rad(x):
    """Degrees to radians."""
    return B.deg2rad(x)


@symbolic_op(eager=B.divide)
def divide(x1, x2):
    """x1 / x2 (true division; integer inputs give floats)."""
    return B.divide(x1, x2)


@symbolic_op(eager=B.divide_no_nan)
def divide_no_nan(x1, x2):
    """x1 / x2, with 0 where x2 is 0."""
    return B.divide_no_nan(x1, x2)


@symbolic_op
def empty(shape, dtype=None):
    """An uninitialized tensor of `shape` (floatx by default)."""
    return B.empty(shape, dtype)


@symbolic_op
def empty_like(x, dtype=None):
    """An uninitialized tensor with the shape (and dtype) of x."""
    return B.empty_like(x, dtype)


@symbolic_op
def equal(x1, x2):
    """x1 == x2, element-wise."""
    return B.equal(x1, x2)


@symbolic_op
def exp(x):
    """e ** x, element-wise."""
    return B.exp(x)


@symbolic_op
def exp2(x):
    """2 ** x, element-wise."""
    return B.exp2(x)


@symbolic_op
def expm1(x):
    """exp(x) - 1, accurate for small x."""
    return B.expm1(x)


@symbolic_op
def eye(N, M=None, k=0, dtype=None):
    """A 2-D tensor with ones on the k-th diagonal."""
    return B.eye(N, M, k, dtype)


@symbolic_op
def fabs(x):
    """Absolute value as a float, element-wise."""
    return B.fabs(x)


@symbolic_op
def floor(x):
    """Largest integer-valued float <= x, element-wise."""
    return B.floor(x)


@symbolic_op
def floor_divide(x1, x2):
    """Largest integer <= x1 / x2, element-wise."""
    return B.floor_divide(x1, x2)


@symbolic_op
def fmax(x1, x2):
    """Element-wise maximum, ignoring NaNs."""
    return B.fmax(x1, x2)


@symbolic_op
def fmin(x1, x2):
    """Element-wise minimum, ignoring NaNs."""
    return B.fmin(x1, x2)


@symbolic_op
def fmod(x1, x2):
    """Remainder of x1 / x2 with the sign of x1 (C fmod)."""
    return B.fmod(x1, x2)


@symbolic_op
def full(shape, fill_value, dtype=None):
    """A tensor of `shape` filled with `fill_value` (floatx by default)."""
    return B.full(shape, fill_value, dtype)


@symbolic_op
def full_like(x, fill_value, dtype=None):
    """A tensor with the shape (and dtype) of x filled with `fill_value`."""
    return B.full_like(x, fill_value, dtype)


@symbolic_op
def gcd(x1, x2):
    """Greatest common divisor of integer tensors."""
    return B.gcd(x1, x2)


@symbolic_op
def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """Numbers spaced evenly on a log scale from start to stop."""
    return B.geomspace(start, stop, num, endpoint, dtype, axis)


@symbolic_op
def greater(x1, x2):
    """x1 > x2, element-wise."""
    return B.greater(x1, x2)


@symbolic_op
def greater_equal(x1, x2):
    """x1 >= x2, element-wise."""
    return B.greater_equal(x1, x2)


@symbolic_op
def hamming(x):
    """The Hamming window of length `x`."""
    return B.hamming(x)


@symbolic_op
def hanning(x):
    """The Hann window of length `x`."""
    return B.hanning(x)


@symbolic_op
def heaviside(x1, x2):
    """Heaviside step: 0 where x1 < 0, x2 where x1 == 0, 1 where x1 > 0."""
    return B.heaviside(x1, x2)


@symbolic_op
def hypot(x1, x2):
    """sqrt(x1**2 + x2**2), element-wise, without overflow."""
    return B.hypot(x1, x2)


@symbolic_op
def i0(x):
    """Modified Bessel function of the first kind, order 0."""
    return B.i0(x)


@symbolic_op
def identity(n, dtype=None):
    """The n x n identity matrix."""
    return B.identity(n, dtype)


@symbolic_op
def imag(x):
    """Imaginary part (zeros for real tensors)."""
    return B.imag(x)


@symbolic_op
def isclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    """|x1 - x2| <= atol + rtol * |x2|, element-wise."""
    return B.isclose(x1, x2, rtol, atol, equal_nan)


@symbolic_op
def isfinite(x):
    """Whether each element is finite."""
    return B.isfinite(x)


@symbolic_op
def isinf(x):
    """Whether each element is +inf or -inf."""
    return B.isinf(x)


@symbolic_op
def isnan(x):
    """Whether each element is NaN."""
    return B.isnan(x)


@symbolic_op
def isneginf(x):
    """Whether each element is -inf."""
    return B.isneginf(x)


@symbolic_op
def isposinf(x):
    """Whether each element is +inf."""
    return B.isposinf(x)


@symbolic_op
def isreal(x):
    """Whether each element has a zero imaginary part."""
    return B.isreal(x)


@symbolic_op
def kaiser(x, beta):
    """The Kaiser window of length `x` with shape parameter `beta`."""
    return B.kaiser(x, beta)


@symbolic_op
def lcm(x1, x2):
    """Least common multiple of integer tensors."""
    return B.lcm(x1, x2)


@symbolic_op
def ldexp(x1, x2):
    """x1 * 2 ** x2 (x2 an integer tensor)."""
    return B.ldexp(x1, x2)


@symbolic_op
def left_shift(x, y):
    """x shifted left by y bits."""
    return B.left_shift(x, y)


@symbolic_op
def less(x1, x2):
    """x1 < x2, element-wise."""
    return B.less(x1, x2)


@symbolic_op
def less_equal(x1, x2):
    """x1 <= x2, element-wise."""
    return B.less_equal(x1, x2)


@symbolic_op
def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """`num` evenly spaced samples from start to stop (and the step if `retstep`)."""
    return B.linspace(start, stop, num, endpoint, retstep, dtype, axis)


@symbolic_op
def log(x):
    """Natural logarithm, element-wise."""
    return B.log(x)


@symbolic_op
def log10(x):
    """Base-10 logarithm, element-wise."""
    return B.log10(x)


@symbolic_op
def log1p(x):
    """log(1 + x), accurate for small x."""
    return B.log1p(x)


@symbolic_op
def log2(x):
    """Base-2 logarithm, element-wise."""
    return B.log2(x)


@symbolic_op
def logaddexp(x1, x2):
    """log(exp(x1) + exp(x2)), computed stably."""
    return B.logaddexp(x1, x2)


@symbolic_op
def logaddexp2(x1, x2):
    """log2(2**x1 + 2**x2), computed stably."""
    return B.logaddexp2(x1, x2)


@symbolic_op
def logical_and(x1, x2):
    """Truth value of x1 AND x2."""
    return B.logical_and(x1, x2)


@symbolic_op
def logical_not(x):
    """Truth value of NOT x."""
    return B.logical_not(x)


@symbolic_op
def logical_or(x1, x2):
    """Truth value of x1 OR x2."""
    return B.logical_or(x1, x2)


@symbolic_op
def logical_xor(x1, x2):
    """Truth value of x1 XOR x2."""
    return B.logical_xor(x1, x2)


@symbolic_op
def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    """base ** linspace(start, stop, num)."""
    return B.logspace(start, stop, num, endpoint, base, dtype, axis)


@symbolic_op(eager=B.maximum)
def maximum(x1, x2):
    """Element-wise maximum (NaNs propagate)."""
    return B.maximum(x1, x2)


@symbolic_op
def meshgrid(*x, indexing='xy'):
    """Coordinate grids from 1-D tensors ('xy' or 'ij' indexing)."""
    return B.meshgrid(*x, indexing=indexing)


@symbolic_op(eager=B.minimum)
def minimum(x1, x2):
    """Element-wise minimum (NaNs propagate)."""
    return B.minimum(x1, x2)


@symbolic_op
def mod(x1, x2):
    """Remainder of floor division, with the sign of x2."""
    return B.mod(x1, x2)


@symbolic_op(eager=B.multiply)
def multiply(x1, x2):
    """x1 * x2, element-wise, with broadcasting."""
    return B.multiply(x1, x2)


@symbolic_op
def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    """NaN, +inf and -inf replaced by finite numbers."""
    return B.nan_to_num(x, nan, posinf, neginf)


@symbolic_op(spec=_scalar_int_spec)
def ndim(x):
    """The number of dimensions of x."""
    return B.ndim(x)


@symbolic_op
def negative(x):
    """-x, element-wise."""
    return B.negative(x)


@symbolic_op
def nextafter(x1, x2):
    """The next representable value after x1 towards x2."""
    return B.nextafter(x1, x2)


@symbolic_op
def not_equal(x1, x2):
    """x1 != x2, element-wise."""
    return B.not_equal(x1, x2)


@symbolic_op
def ones(shape, dtype=None):
    """A tensor of `shape` filled with ones (floatx by default)."""
    return B.ones(shape, dtype)


@symbolic_op
def ones_like(x, dtype=None):
    """Ones with the shape (and dtype) of x."""
    return B.ones_like(x, dtype)


@symbolic_op
def power(x1, x2):
    """x1 ** x2, element-wise."""
    return B.power(x1, x2)


@symbolic_op
def rad2deg(x):
    """Radians to degrees."""
    return B.rad2deg(x)


@symbolic_op
def real(x):
    """Real part (x itself for real tensors)."""
    return B.real(x)


@symbolic_op
def reciprocal(x):
    """1 / x, element-wise."""
    return B.reciprocal(x)


@symbolic_op
def right_shift(x, y):
    """x shifted right by y bits."""
    return B.right_shift(x, y)


@symbolic_op
def round(x, decimals=0):  # noqa: A001
    """x rounded half to even, to `decimals` decimals."""
    return B.round(x, decimals)


@symbolic_op
def sign(x):
    """-1, 0 or 1 according to the sign of x."""
    return B.sign(x)


@symbolic_op
def signbit(x):
    """Whether the sign bit is set (true for -0.0)."""
    return B.signbit(x)


@symbolic_op
def sin(x):
    """Sine, element-wise."""
    return B.sin(x)


@symbolic_op
def sinc(x):
    """sin(pi x) / (pi x), with 1 at 0."""
    return B.sinc(x)


@symbolic_op
def sinh(x):
    """Hyperbolic sine, element-wise."""
    return B.sinh(x)


@symbolic_op(spec=_scalar_int_spec)
def size(x):
    """The number of elements of x."""
    return B.size(x)


@symbolic_op
def sqrt(x):
    """Non-negative square root, element-wise."""
    return B.sqrt(x)


@symbolic_op
def square(x):
    """x * x, element-wise."""
    return B.square(x)


@symbolic_op(eager=B.subtract)
def subtract(x1, x2):
    """x1 - x2, element-wise, with broadcasting."""
    return B.subtract(x1, x2)


@symbolic_op
def tan(x):
    """Tangent, element-wise."""
    return B.tan(x)


@symbolic_op
def tanh(x):
    """Hyperbolic tangent, element-wise."""
    return B.tanh(x)


@symbolic_op
def tri(N, M=None, k=0, dtype=None):
    """An N x M tensor with ones at and below the k-th diagonal."""
    return B.tri(N, M, k, dtype)


@symbolic_op
def tril(x, k=0):
    """x with the elements above the k-th diagonal zeroed (last two axes)."""
    return B.tril(x, k)


@symbolic_op
def triu(x, k=0):
    """x with the elements below the k-th diagonal zeroed (last two axes)."""
    return B.triu(x, k)


@symbolic_op(eager=B.true_divide)
def true_divide(x1, x2):
    """x1 / x2 (true division; integer inputs give floats)."""
    return B.true_divide(x1, x2)


@symbolic_op
def trunc(x):
    """x rounded towards zero (integers are returned unchanged)."""
    return B.trunc(x)


@symbolic_op
def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of a 1-D tensor."""
    return B.vander(x, N, increasing)


@symbolic_op(spec=_where_spec)
def where(condition, x1=None, x2=None):
    """x1 where condition holds, else x2; with the condition only, its nonzero indices."""
    return B.where(condition, x1, x2)


@symbolic_op
def zeros(shape, dtype=None):
    """A tensor of `shape` filled with zeros (floatx by default)."""
    return B.zeros(shape, dtype)


@symbolic_op
def zeros_like(x, dtype=None):
    """Zeros with the shape (and dtype) of x."""
    return B.zeros_like(x, dtype)
