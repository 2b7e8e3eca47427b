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
    return B.abs(x)


@symbolic_op
def absolute(x):
    return B.absolute(x)


@symbolic_op
def add(x1, x2):
    return B.add(x1, x2)


@symbolic_op
def allclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    return B.allclose(x1, x2, rtol, atol, equal_nan)


@symbolic_op
def angle(x):
    return B.angle(x)


@symbolic_op
def arange(start, stop=None, step=None, dtype=None):
    return B.arange(start, stop, step, dtype)


@symbolic_op
def arccos(x):
    return B.arccos(x)


@symbolic_op
def arccosh(x):
    return B.arccosh(x)


@symbolic_op
def arcsin(x):
    return B.arcsin(x)


@symbolic_op
def arcsinh(x):
    return B.arcsinh(x)


@symbolic_op
def arctan(x):
    return B.arctan(x)


@symbolic_op
def arctan2(x1, x2):
    return B.arctan2(x1, x2)


@symbolic_op
def arctanh(x):
    return B.arctanh(x)


@symbolic_op
def array(x, dtype=None):
    return B.array(x, dtype)


@symbolic_op
def bartlett(x):
    return B.bartlett(x)


@symbolic_op
def bitwise_and(x, y):
    return B.bitwise_and(x, y)


@symbolic_op
def bitwise_invert(x):
    return B.bitwise_invert(x)


@symbolic_op
def bitwise_left_shift(x, y):
    return B.bitwise_left_shift(x, y)


@symbolic_op
def bitwise_not(x):
    return B.bitwise_not(x)


@symbolic_op
def bitwise_or(x, y):
    return B.bitwise_or(x, y)


@symbolic_op
def bitwise_right_shift(x, y):
    return B.bitwise_right_shift(x, y)


@symbolic_op
def bitwise_xor(x, y):
    return B.bitwise_xor(x, y)


@symbolic_op
def blackman(x):
    return B.blackman(x)


@symbolic_op
def cbrt(x):
    return B.cbrt(x)


@symbolic_op
def ceil(x):
    return B.ceil(x)


@symbolic_op
def clip(x, x_min, x_max):
    return B.clip(x, x_min, x_max)


@symbolic_op
def conj(x):
    return B.conj(x)


@symbolic_op
def conjugate(x):
    return B.conjugate(x)


@symbolic_op
def copy(x):
    return B.copy(x)


@symbolic_op
def cos(x):
    return B.cos(x)


@symbolic_op
def cosh(x):
    return B.cosh(x)


@symbolic_op
def deg2rad(x):
    return B.deg2rad(x)


@symbolic_op
def divide(x1, x2):
    return B.divide(x1, x2)


@symbolic_op
def divide_no_nan(x1, x2):
    return B.divide_no_nan(x1, x2)


@symbolic_op
def empty(shape, dtype=None):
    return B.empty(shape, dtype)


@symbolic_op
def empty_like(x, dtype=None):
    return B.empty_like(x, dtype)


@symbolic_op
def equal(x1, x2):
    return B.equal(x1, x2)


@symbolic_op
def exp(x):
    return B.exp(x)


@symbolic_op
def exp2(x):
    return B.exp2(x)


@symbolic_op
def expm1(x):
    return B.expm1(x)


@symbolic_op
def eye(N, M=None, k=0, dtype=None):
    return B.eye(N, M, k, dtype)


@symbolic_op
def fabs(x):
    return B.fabs(x)


@symbolic_op
def floor(x):
    return B.floor(x)


@symbolic_op
def floor_divide(x1, x2):
    return B.floor_divide(x1, x2)


@symbolic_op
def fmax(x1, x2):
    return B.fmax(x1, x2)


@symbolic_op
def fmin(x1, x2):
    return B.fmin(x1, x2)


@symbolic_op
def fmod(x1, x2):
    return B.fmod(x1, x2)


@symbolic_op
def full(shape, fill_value, dtype=None):
    return B.full(shape, fill_value, dtype)


@symbolic_op
def full_like(x, fill_value, dtype=None):
    return B.full_like(x, fill_value, dtype)


@symbolic_op
def gcd(x1, x2):
    return B.gcd(x1, x2)


@symbolic_op
def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    return B.geomspace(start, stop, num, endpoint, dtype, axis)


@symbolic_op
def greater(x1, x2):
    return B.greater(x1, x2)


@symbolic_op
def greater_equal(x1, x2):
    return B.greater_equal(x1, x2)


@symbolic_op
def hamming(x):
    return B.hamming(x)


@symbolic_op
def hanning(x):
    return B.hanning(x)


@symbolic_op
def heaviside(x1, x2):
    return B.heaviside(x1, x2)


@symbolic_op
def hypot(x1, x2):
    return B.hypot(x1, x2)


@symbolic_op
def i0(x):
    return B.i0(x)


@symbolic_op
def identity(n, dtype=None):
    return B.identity(n, dtype)


@symbolic_op
def imag(x):
    return B.imag(x)


@symbolic_op
def isclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    return B.isclose(x1, x2, rtol, atol, equal_nan)


@symbolic_op
def isfinite(x):
    return B.isfinite(x)


@symbolic_op
def isinf(x):
    return B.isinf(x)


@symbolic_op
def isnan(x):
    return B.isnan(x)


@symbolic_op
def isneginf(x):
    return B.isneginf(x)


@symbolic_op
def isposinf(x):
    return B.isposinf(x)


@symbolic_op
def isreal(x):
    return B.isreal(x)


@symbolic_op
def kaiser(x, beta):
    return B.kaiser(x, beta)


@symbolic_op
def lcm(x1, x2):
    return B.lcm(x1, x2)


@symbolic_op
def ldexp(x1, x2):
    return B.ldexp(x1, x2)


@symbolic_op
def left_shift(x, y):
    return B.left_shift(x, y)


@symbolic_op
def less(x1, x2):
    return B.less(x1, x2)


@symbolic_op
def less_equal(x1, x2):
    return B.less_equal(x1, x2)


@symbolic_op
def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    return B.linspace(start, stop, num, endpoint, retstep, dtype, axis)


@symbolic_op
def log(x):
    return B.log(x)


@symbolic_op
def log10(x):
    return B.log10(x)


@symbolic_op
def log1p(x):
    return B.log1p(x)


@symbolic_op
def log2(x):
    return B.log2(x)


@symbolic_op
def logaddexp(x1, x2):
    return B.logaddexp(x1, x2)


@symbolic_op
def logaddexp2(x1, x2):
    return B.logaddexp2(x1, x2)


@symbolic_op
def logical_and(x1, x2):
    return B.logical_and(x1, x2)


@symbolic_op
def logical_not(x):
    return B.logical_not(x)


@symbolic_op
def logical_or(x1, x2):
    return B.logical_or(x1, x2)


@symbolic_op
def logical_xor(x1, x2):
    return B.logical_xor(x1, x2)


@symbolic_op
def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    return B.logspace(start, stop, num, endpoint, base, dtype, axis)


@symbolic_op
def maximum(x1, x2):
    return B.maximum(x1, x2)


@symbolic_op
def meshgrid(*x, indexing='xy'):
    return B.meshgrid(*x, indexing=indexing)


@symbolic_op
def minimum(x1, x2):
    return B.minimum(x1, x2)


@symbolic_op
def mod(x1, x2):
    return B.mod(x1, x2)


@symbolic_op
def multiply(x1, x2):
    return B.multiply(x1, x2)


@symbolic_op
def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    return B.nan_to_num(x, nan, posinf, neginf)


@symbolic_op(spec=_scalar_int_spec)
def ndim(x):
    return B.ndim(x)


@symbolic_op
def negative(x):
    return B.negative(x)


@symbolic_op
def nextafter(x1, x2):
    return B.nextafter(x1, x2)


@symbolic_op
def not_equal(x1, x2):
    return B.not_equal(x1, x2)


@symbolic_op
def ones(shape, dtype=None):
    return B.ones(shape, dtype)


@symbolic_op
def ones_like(x, dtype=None):
    return B.ones_like(x, dtype)


@symbolic_op
def power(x1, x2):
    return B.power(x1, x2)


@symbolic_op
def rad2deg(x):
    return B.rad2deg(x)


@symbolic_op
def real(x):
    return B.real(x)


@symbolic_op
def reciprocal(x):
    return B.reciprocal(x)


@symbolic_op
def right_shift(x, y):
    return B.right_shift(x, y)


@symbolic_op
def round(x, decimals=0):  # noqa: A001
    return B.round(x, decimals)


@symbolic_op
def sign(x):
    return B.sign(x)


@symbolic_op
def signbit(x):
    return B.signbit(x)


@symbolic_op
def sin(x):
    return B.sin(x)


@symbolic_op
def sinc(x):
    return B.sinc(x)


@symbolic_op
def sinh(x):
    return B.sinh(x)


@symbolic_op(spec=_scalar_int_spec)
def size(x):
    return B.size(x)


@symbolic_op
def sqrt(x):
    return B.sqrt(x)


@symbolic_op
def square(x):
    return B.square(x)


@symbolic_op
def subtract(x1, x2):
    return B.subtract(x1, x2)


@symbolic_op
def tan(x):
    return B.tan(x)


@symbolic_op
def tanh(x):
    return B.tanh(x)


@symbolic_op
def tri(N, M=None, k=0, dtype=None):
    return B.tri(N, M, k, dtype)


@symbolic_op
def tril(x, k=0):
    return B.tril(x, k)


@symbolic_op
def triu(x, k=0):
    return B.triu(x, k)


@symbolic_op
def true_divide(x1, x2):
    return B.true_divide(x1, x2)


@symbolic_op
def trunc(x):
    return B.trunc(x)


@symbolic_op
def vander(x, N=None, increasing=False):
    return B.vander(x, N, increasing)


@symbolic_op(spec=_where_spec)
def where(condition, x1=None, x2=None):
    return B.where(condition, x1, x2)


@symbolic_op
def zeros(shape, dtype=None):
    return B.zeros(shape, dtype)


@symbolic_op
def zeros_like(x, dtype=None):
    return B.zeros_like(x, dtype)
