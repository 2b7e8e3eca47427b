"""keras.ops.numpy element-wise ops: values against NumPy, Keras dtype rules, symbolic shapes,
gradients and errors, on the backend named by KERAS_BACKEND."""

import math

import kc_ops
import numpy as np
import pytest
from kc_ops import numpy as knp
from kc_ops.keras_tensor import KerasTensor

BACKEND = kc_ops.backend()
ATOL = {"float16": 2e-3, "bfloat16": 2e-2, "float32": 1e-5, "float64": 1e-10}


def to_np(x):
    return np.asarray(kc_ops.convert_to_numpy(x))


def dtype_of(x):
    return kc_ops.standardize_dtype(x.dtype)


def check(result, expected, dtype, rtol=None):
    assert dtype_of(result) == dtype
    got = to_np(result)
    expected = np.asarray(expected)
    assert got.shape == expected.shape
    if dtype in ATOL:
        tol = ATOL[dtype]
        np.testing.assert_allclose(got.astype(np.float64), expected.astype(np.float64),
                                   rtol=rtol or tol * 10, atol=tol, equal_nan=True)
    else:
        np.testing.assert_array_equal(got, expected)


F32 = np.array([[-1.5, -0.25, 0.0], [0.5, 1.0, 2.75]], dtype="float32")
POS = np.array([[0.25, 0.5, 0.75], [1.0, 1.5, 3.0]], dtype="float32")
UNIT = np.array([[-0.9, -0.5, 0.0], [0.25, 0.5, 0.9]], dtype="float32")
BIG = np.array([[1.0, 1.5, 2.0], [3.0, 4.0, 10.0]], dtype="float32")
I32 = np.array([[-3, -1, 0], [1, 2, 7]], dtype="int32")
NAT = np.array([[1, 2, 3], [4, 8, 9]], dtype="int32")

# ----------------------------------------------------------------------------- unary math

FLOAT_UNARY = [
    ("sin", np.sin, F32), ("cos", np.cos, F32), ("tan", np.tan, UNIT),
    ("arcsin", np.arcsin, UNIT), ("arccos", np.arccos, UNIT), ("arctan", np.arctan, F32),
    ("sinh", np.sinh, F32), ("cosh", np.cosh, F32), ("tanh", np.tanh, F32),
    ("arcsinh", np.arcsinh, F32), ("arccosh", np.arccosh, BIG), ("arctanh", np.arctanh, UNIT),
    ("exp", np.exp, F32), ("exp2", np.exp2, F32), ("expm1", np.expm1, F32),
    ("log", np.log, POS), ("log2", np.log2, POS), ("log10", np.log10, POS),
    ("log1p", np.log1p, POS), ("sqrt", np.sqrt, POS), ("ceil", np.ceil, F32),
    ("floor", np.floor, F32), ("reciprocal", np.reciprocal, POS), ("sinc", np.sinc, F32),
    ("fabs", np.fabs, F32), ("angle", np.angle, F32), ("i0", np.i0, F32),
    ("cbrt", np.cbrt, F32), ("deg2rad", np.deg2rad, F32), ("rad2deg", np.rad2deg, F32),
]


@pytest.mark.parametrize("name,ref,x", FLOAT_UNARY, ids=[c[0] for c in FLOAT_UNARY])
def test_float_unary_matches_numpy(name, ref, x):
    check(getattr(knp, name)(x), ref(x.astype(np.float64)), "float32")


@pytest.mark.parametrize("name,ref,x", FLOAT_UNARY, ids=[c[0] for c in FLOAT_UNARY])
def test_float_unary_int_input_gives_float32(name, ref, x):
    ints = np.array([1, 2, 3], dtype="int32") if name != "arccosh" else np.array([1, 2, 3], "int16")
    if name in ("arcsin", "arccos", "arctanh", "tan"):
        ints = np.array([0, 0, 0], dtype="int32")
    check(getattr(knp, name)(ints), ref(ints.astype(np.float64)), "float32")


@pytest.mark.parametrize("name", ["sin", "exp", "sqrt", "log1p", "ceil", "tanh"])
def test_float_unary_keeps_float16_and_float64(name):
    x = np.array([0.5, 1.0, 2.0])
    ref = getattr(np, name)(x)
    check(getattr(knp, name)(x.astype("float16")), ref, "float16")
    check(getattr(knp, name)(x.astype("float64")), ref, "float64")


def test_float_unary_bool_and_int64_inputs():
    check(knp.sqrt(np.array([True, False])), [1.0, 0.0], "float32")
    check(knp.exp(np.array([0, 1], dtype="int64")), [1.0, math.e], "float32")
    check(knp.ceil(np.array([1, 2], dtype="int64")), [1.0, 2.0], "float32")


def test_wide_float_rules():
    # cbrt / deg2rad / hypot / heaviside give float64 for int64 inputs (Keras's rule).
    check(knp.cbrt(np.array([8, 27], dtype="int64")), [2.0, 3.0], "float64")
    check(knp.cbrt(np.array([8, 27], dtype="int8")), [2.0, 3.0], "float32")
    check(knp.deg2rad(np.array([180], dtype="int64")), [math.pi], "float64")
    check(knp.hypot(np.array([3], "int32"), np.array([4], "int32")), [5.0], "float32")
    check(knp.hypot(np.array([3], "int64"), np.array([4], "int64")), [5.0], "float64")
    check(knp.heaviside(np.array([-1, 0, 2], "int64"), np.array([7], "int64")), [0.0, 7.0, 1.0],
          "float64")


KEEP_UNARY = [
    ("abs", np.abs), ("absolute", np.absolute), ("negative", np.negative), ("sign", np.sign),
    ("conj", np.conj), ("conjugate", np.conjugate), ("real", np.real), ("imag", np.imag),
    ("copy", np.copy), ("trunc", np.trunc),
]


@pytest.mark.parametrize("name,ref", KEEP_UNARY, ids=[c[0] for c in KEEP_UNARY])
@pytest.mark.parametrize("x", [F32, I32, F32.astype("float16")],
                         ids=["float32", "int32", "float16"])
def test_dtype_preserving_unary(name, ref, x):
    check(getattr(knp, name)(x), ref(x), dtype_of(x))


def test_abs_of_bool_and_uint8():
    check(knp.abs(np.array([True, False])), [True, False], "bool")
    check(knp.abs(np.array([0, 200], "uint8")), [0, 200], "uint8")


def test_fmod_and_negative_of_narrow_types():
    x = np.array([7, -7, 9], dtype="int8")
    y = np.array([3, 3, -4], dtype="int8")
    check(knp.fmod(x, y), np.fmod(x, y), "int8")
    check(knp.mod(x, y), np.mod(x, y), "int8")
    h = np.array([5.5, -5.5], dtype="float16")
    check(knp.fmod(h, np.float16(2)), np.fmod(h, np.float16(2)), "float16")
    u = np.array([0, 1, 200], dtype="uint8")
    check(knp.negative(u), np.negative(u), "uint8")
    check(knp.power(u, 2), np.power(u, 2), "uint8")
    check(knp.nan_to_num(np.array([np.inf, np.nan], "float64")), [np.finfo("float64").max, 0.0],
          "float64")


def test_square_round_clip_nan_to_num():
    check(knp.square(I32), np.square(I32), "int32")
    check(knp.square(np.array([True, False])), [1, 0], "int32")
    check(knp.square(F32), np.square(F32), "float32")
    x = np.array([0.5, 1.5, 2.5, -0.5, 1.234], dtype="float32")
    check(knp.round(x), np.round(x), "float32")
    check(knp.round(x, decimals=2), np.round(x, 2), "float32")
    check(knp.round(np.array([15, 25, 149], "int32"), decimals=-1), [20, 20, 150], "int32")
    check(knp.clip(F32, -0.5, 1.0), np.clip(F32, -0.5, 1.0), "float32")
    check(knp.clip(I32, -1, 2), np.clip(I32, -1, 2), "int32")
    check(knp.clip(np.array([True, False]), 0, 1), [1, 0], "int32")
    bad = np.array([np.nan, np.inf, -np.inf, 1.0], dtype="float32")
    check(knp.nan_to_num(bad), np.nan_to_num(bad), "float32")
    check(knp.nan_to_num(bad, nan=1.0, posinf=2.0, neginf=-2.0), [1.0, 2.0, -2.0, 1.0], "float32")
    check(knp.nan_to_num(I32), I32, "int32")


def test_complex_parts():
    z = np.array([1 + 2j, -3 - 1j], dtype="complex64")
    check(knp.real(z), [1.0, -3.0], "float32")
    check(knp.imag(z), [2.0, -1.0], "float32")
    check(knp.conj(z), np.conj(z), "complex64")
    check(knp.angle(z), np.angle(z), "float32")
    check(knp.isreal(z), [False, False], "bool")
    check(knp.isreal(F32), np.ones((2, 3), bool), "bool")


# ----------------------------------------------------------------------------- binary math

BINARY = [
    ("add", np.add, F32, F32[::-1]), ("subtract", np.subtract, F32, POS),
    ("multiply", np.multiply, F32, POS), ("maximum", np.maximum, F32, UNIT),
    ("minimum", np.minimum, F32, UNIT), ("fmax", np.fmax, F32, UNIT),
    ("fmin", np.fmin, F32, UNIT), ("power", np.power, POS, F32),
    ("floor_divide", np.floor_divide, F32, POS), ("mod", np.mod, F32, POS),
    ("fmod", np.fmod, F32, POS), ("divide", np.divide, F32, POS),
    ("true_divide", np.true_divide, F32, POS), ("arctan2", np.arctan2, F32, UNIT),
    ("logaddexp", np.logaddexp, F32, UNIT), ("logaddexp2", np.logaddexp2, F32, UNIT),
    ("hypot", np.hypot, F32, UNIT), ("heaviside", np.heaviside, F32, POS),
]


@pytest.mark.parametrize("name,ref,a,b", BINARY, ids=[c[0] for c in BINARY])
def test_binary_float_matches_numpy(name, ref, a, b):
    check(getattr(knp, name)(a, b), ref(a.astype(np.float64), b.astype(np.float64)), "float32")


INT_BINARY = [
    ("add", np.add), ("subtract", np.subtract), ("multiply", np.multiply),
    ("maximum", np.maximum), ("minimum", np.minimum), ("fmax", np.fmax), ("fmin", np.fmin),
    ("power", np.power), ("floor_divide", np.floor_divide), ("mod", np.mod), ("fmod", np.fmod),
    ("gcd", np.gcd), ("lcm", np.lcm),
]


@pytest.mark.parametrize("name,ref", INT_BINARY, ids=[c[0] for c in INT_BINARY])
def test_binary_int_matches_numpy(name, ref):
    check(getattr(knp, name)(I32, NAT), ref(I32, NAT), "int32")


SCALAR_OPS = [name for name, *_ in BINARY] + ["equal", "less", "greater_equal", "nextafter"]


@pytest.mark.parametrize("name", SCALAR_OPS)
def test_python_scalar_operand_in_x_dtype(name):
    # float16 tensor with a Python float on either side: computed (and returned) in float16.
    x = np.array([[1.5, 0.5, 3.0]], dtype="float16")
    ref = getattr(np, name)
    want = "bool" if name in ("equal", "less", "greater_equal") else "float16"
    half = np.float16(2.5)
    check(getattr(knp, name)(x, 2.5), ref(x, half), want)
    check(getattr(knp, name)(2.5, x), ref(half, x), want)


@pytest.mark.parametrize("name", ["add", "subtract", "multiply", "maximum", "minimum", "power",
                                  "floor_divide", "mod", "fmod", "equal", "greater"])
def test_python_int_operand_keeps_int8(name):
    x = np.array([-7, 1, 9], dtype="int8")
    want = "bool" if name in ("equal", "greater") else "int8"
    check(getattr(knp, name)(x, 3), getattr(np, name)(x, np.int8(3)), want)
    check(getattr(knp, name)(3, x[1:]),
          getattr(np, name)(np.int8(3), x[1:]), want)


def test_binary_broadcasting_and_scalars():
    row = np.array([1.0, 2.0, 3.0], dtype="float32")
    check(knp.add(F32, row), F32 + row, "float32")
    check(knp.multiply(2, F32), 2 * F32, "float32")
    check(knp.subtract(1.5, F32), 1.5 - F32, "float32")
    check(knp.divide([[1, 2, 3]], 2), [[0.5, 1.0, 1.5]], "float32")


def test_division_special_values():
    one = np.array([1.0, -1.0, 0.0], dtype="float32")
    zero = np.zeros(3, dtype="float32")
    with np.errstate(divide="ignore", invalid="ignore"):
        check(knp.divide(one, zero), one / zero, "float32")
    check(knp.divide_no_nan(one, zero), [0.0, 0.0, 0.0], "float32")
    check(knp.divide_no_nan(np.array([4, 3]), np.array([2, 0])), [2.0, 0.0], "float32")


def test_nextafter_and_ldexp():
    a = np.array([0.0, 1.0, -1.0], dtype="float32")
    b = np.array([1.0, 2.0, -2.0], dtype="float32")
    check(knp.nextafter(a, b), np.nextafter(a, b), "float32")
    check(knp.ldexp(np.array([1.0, 0.75], "float32"), np.array([3, -1], "int32")), [8.0, 0.375],
          "float32")


def test_fmax_fmin_ignore_nan():
    a = np.array([np.nan, 1.0, np.nan], dtype="float32")
    b = np.array([2.0, np.nan, np.nan], dtype="float32")
    check(knp.fmax(a, b), np.fmax(a, b), "float32")
    check(knp.fmin(a, b), np.fmin(a, b), "float32")
    check(knp.maximum(a, b), np.maximum(a, b), "float32")


def test_hypot_extremes():
    a = np.array([np.inf, 3e30, 0.0, -np.inf], dtype="float32")
    b = np.array([np.inf, 4e30, 0.0, 1.0], dtype="float32")
    check(knp.hypot(a, b), np.hypot(a, b), "float32")


def test_logaddexp_infinities():
    a = np.array([-np.inf, np.inf, 0.0], dtype="float32")
    b = np.array([-np.inf, np.inf, -np.inf], dtype="float32")
    check(knp.logaddexp(a, b), np.logaddexp(a, b), "float32")


# ----------------------------------------------------------------------------- promotion

PROMOTION = [
    ("add", "int8", "int16", "int16"),
    ("add", "int32", "float16", "float16"),
    ("add", "bool", "int32", "int32"),
    ("add", "uint8", "int8", "int16"),
    ("add", "uint8", "uint16", "uint16"),
    ("add", "int64", "float32", "float32"),
    ("add", "bfloat16", "float16", "float32"),
    ("add", "float32", "float64", "float64"),
    ("add", "bool", "bool", "bool"),
    ("multiply", "int16", "uint8", "int16"),
    ("subtract", "int32", "int64", "int64"),
    ("maximum", "int8", "float32", "float32"),
    ("divide", "int32", "int32", "float32"),
    ("divide", "int64", "int64", "float32"),
    ("divide", "int8", "float16", "float16"),
    ("true_divide", "int16", "int16", "float32"),
    ("divide", "float64", "int32", "float64"),
    ("floor_divide", "int8", "int8", "int8"),
    ("power", "int16", "int32", "int32"),
    ("mod", "bool", "bool", "int32"),
    ("arctan2", "int8", "int8", "float32"),
    ("logaddexp", "float16", "int32", "float16"),
    ("where", "int8", "float16", "float16"),
]


@pytest.mark.parametrize("name,d1,d2,expected", PROMOTION)
def test_promotion_table(name, d1, d2, expected):
    import ml_dtypes

    def make(d):
        return np.ones((2,), dtype=ml_dtypes.bfloat16 if d == "bfloat16" else d)

    fn = getattr(knp, name)
    if name == "where":
        out = fn(np.array([True, False]), make(d1), make(d2))
    else:
        out = fn(make(d1), make(d2))
    assert dtype_of(out) == expected


WEAK = [
    ("add", "int8", 1, "int8"),
    ("add", "uint8", 3, "uint8"),
    ("add", "int8", 1.0, "float32"),
    ("add", "int64", 1.0, "float32"),
    ("add", "float16", 2.0, "float16"),
    ("multiply", "bfloat16", 3, "bfloat16"),
    ("add", "bool", 1, "int32"),
    ("add", "bool", True, "bool"),
    ("subtract", "float64", 1, "float64"),
    ("divide", "int16", 2, "float32"),
    ("power", "int8", 2, "int8"),
    ("maximum", "int32", 0.5, "float32"),
]


@pytest.mark.parametrize("name,dtype,scalar,expected", WEAK)
def test_python_scalars_are_weak(name, dtype, scalar, expected):
    x = kc_ops.convert_to_tensor(np.array([1, 2]), dtype=dtype)
    assert dtype_of(getattr(knp, name)(x, scalar)) == expected
    assert dtype_of(getattr(knp, name)(scalar, x)) == expected


def test_two_python_scalars():
    assert dtype_of(knp.add(1, 2)) == "int32"
    assert dtype_of(knp.add(1, 2.0)) == "float32"
    assert dtype_of(knp.divide(1, 2)) == "float32"
    np.testing.assert_allclose(to_np(knp.divide(1, 2)), 0.5)


def test_floatx_drives_weak_and_creation_dtypes():
    previous = kc_ops.config.floatx()
    kc_ops.config.set_floatx("float16")
    try:
        assert dtype_of(knp.sqrt(np.array([4], "int32"))) == "float16"
        assert dtype_of(knp.divide(1, 2)) == "float16"
        assert dtype_of(knp.zeros(2)) == "float16"
        assert dtype_of(knp.add(np.array([1], "int8"), 1.5)) == "float16"
    finally:
        kc_ops.config.set_floatx(previous)
    assert dtype_of(knp.sqrt(np.array([4], "int32"))) == previous


def test_variable_and_list_inputs():
    v = kc_ops.Variable(np.array([1.0, 2.0], dtype="float32"))
    check(knp.add(v, 1), [2.0, 3.0], "float32")
    check(knp.multiply(v, [2, 3]), [2.0, 6.0], "float32")
    check(knp.add([1, 2], [3, 4]), [4, 6], "int32")


# ----------------------------------------------------------------------------- comparisons, logic

COMPARE = [
    ("equal", np.equal), ("not_equal", np.not_equal), ("greater", np.greater),
    ("greater_equal", np.greater_equal), ("less", np.less), ("less_equal", np.less_equal),
]


@pytest.mark.parametrize("name,ref", COMPARE, ids=[c[0] for c in COMPARE])
def test_comparisons(name, ref):
    fn = getattr(knp, name)
    check(fn(F32, UNIT), ref(F32, UNIT), "bool")
    check(fn(I32, 1), ref(I32, 1), "bool")
    check(fn(I32, F32), ref(I32, F32), "bool")
    b1, b2 = np.array([True, True, False]), np.array([True, False, False])
    check(fn(b1, b2), ref(b1, b2), "bool")


def test_nan_comparisons():
    a = np.array([np.nan, 1.0], dtype="float32")
    check(knp.equal(a, a), [False, True], "bool")
    check(knp.not_equal(a, a), [True, False], "bool")
    check(knp.less(a, 2.0), [False, True], "bool")


def test_isclose_allclose():
    a = np.array([1.0, 1.0, np.nan, np.inf, 0.0], dtype="float32")
    b = np.array([1.0 + 1e-7, 1.1, np.nan, np.inf, 1e-9], dtype="float32")
    check(knp.isclose(a, b), np.isclose(a, b), "bool")
    check(knp.isclose(a, b, equal_nan=True), np.isclose(a, b, equal_nan=True), "bool")
    check(knp.isclose(a, b, rtol=0.2), np.isclose(a, b, rtol=0.2), "bool")
    assert bool(to_np(knp.allclose(np.ones(3), np.ones(3) + 1e-9)))
    assert not bool(to_np(knp.allclose(np.ones(3), np.ones(3) + 1e-3)))
    assert dtype_of(knp.allclose(np.ones(3), np.ones(3))) == "bool"


PREDICATES = [
    ("isnan", np.isnan), ("isinf", np.isinf), ("isfinite", np.isfinite),
    ("isneginf", np.isneginf), ("isposinf", np.isposinf), ("signbit", np.signbit),
]


@pytest.mark.parametrize("name,ref", PREDICATES, ids=[c[0] for c in PREDICATES])
def test_predicates(name, ref):
    x = np.array([np.nan, np.inf, -np.inf, -0.0, 0.0, -2.0, 3.0], dtype="float32")
    check(getattr(knp, name)(x), ref(x), "bool")
    check(getattr(knp, name)(x.astype("float16")), ref(x.astype("float16")), "bool")
    check(getattr(knp, name)(I32), ref(I32), "bool")


LOGICAL = [("logical_and", np.logical_and), ("logical_or", np.logical_or),
           ("logical_xor", np.logical_xor)]


@pytest.mark.parametrize("name,ref", LOGICAL, ids=[c[0] for c in LOGICAL])
def test_logical(name, ref):
    a = np.array([True, True, False, False])
    b = np.array([True, False, True, False])
    check(getattr(knp, name)(a, b), ref(a, b), "bool")
    x = np.array([0.0, 2.0, 0.0, -1.0], dtype="float32")
    check(getattr(knp, name)(x, b), ref(x, b), "bool")
    check(knp.logical_not(x), np.logical_not(x), "bool")


def test_where():
    cond = np.array([[True, False, True], [False, False, True]])
    check(knp.where(cond, F32, UNIT), np.where(cond, F32, UNIT), "float32")
    check(knp.where(cond, I32, 0), np.where(cond, I32, 0), "int32")
    check(knp.where(cond, 1, 0.5), np.where(cond, 1, 0.5), "float32")
    idx = knp.where(cond)
    assert isinstance(idx, tuple) and len(idx) == 2
    for got, want in zip(idx, np.nonzero(cond)):
        check(got, want, "int32")


# ----------------------------------------------------------------------------- bits

BITWISE = [
    ("bitwise_and", np.bitwise_and), ("bitwise_or", np.bitwise_or),
    ("bitwise_xor", np.bitwise_xor), ("bitwise_left_shift", np.left_shift),
    ("left_shift", np.left_shift), ("bitwise_right_shift", np.right_shift),
    ("right_shift", np.right_shift),
]


@pytest.mark.parametrize("name,ref", BITWISE, ids=[c[0] for c in BITWISE])
@pytest.mark.parametrize("dtype", ["int8", "int32", "uint8"])
def test_bitwise(name, ref, dtype):
    x = np.array([1, 6, 12, 100], dtype=dtype)
    y = np.array([3, 1, 2, 0], dtype=dtype)
    check(getattr(knp, name)(x, y), ref(x, y), dtype)
    check(getattr(knp, name)(x, 1), ref(x, np.array(1, dtype)), dtype)


def test_bitwise_bool_and_invert():
    a, b = np.array([True, False, True]), np.array([True, True, False])
    check(knp.bitwise_and(a, b), a & b, "bool")
    check(knp.bitwise_xor(a, b), a ^ b, "bool")
    x = np.array([0, 5, -3], dtype="int16")
    check(knp.bitwise_invert(x), np.invert(x), "int16")
    u = np.array([0, 250], "uint8")
    check(knp.bitwise_not(u), np.invert(u), "uint8")
    check(knp.bitwise_not(a), ~a, "bool")
    check(knp.bitwise_and(np.array([12], "int8"), np.array([10], "int16")), [8], "int16")


# ----------------------------------------------------------------------------- creation


def test_zeros_ones_full_empty():
    check(knp.zeros((2, 3)), np.zeros((2, 3)), "float32")
    check(knp.ones(3, dtype="int8"), np.ones(3), "int8")
    check(knp.full((2, 2), 7), np.full((2, 2), 7.0), "float32")
    check(knp.full((2, 2), 7, dtype="int32"), np.full((2, 2), 7), "int32")
    check(knp.full((2, 3), np.array([1.0, 2.0, 3.0])), np.full((2, 3), [1.0, 2.0, 3.0]), "float32")
    e = knp.empty((2, 4), dtype="float16")
    assert dtype_of(e) == "float16" and to_np(e).shape == (2, 4)
    check(knp.zeros_like(I32), np.zeros_like(I32), "int32")
    check(knp.ones_like(F32, dtype="int8"), np.ones((2, 3)), "int8")
    check(knp.full_like(I32, 4), np.full_like(I32, 4), "int32")
    check(knp.full_like(F32, 0.5, dtype="float16"), np.full((2, 3), 0.5), "float16")
    assert to_np(knp.empty_like(F32)).shape == (2, 3) and dtype_of(knp.empty_like(F32)) == "float32"


def test_array_copy():
    check(knp.array([1, 2, 3]), [1, 2, 3], "int32")
    check(knp.array([1.0, 2.0]), [1.0, 2.0], "float32")
    check(knp.array(np.array([1, 2]), dtype="float16"), [1.0, 2.0], "float16")
    c = knp.copy(F32)
    check(c, F32, "float32")


@pytest.mark.parametrize("n,m,k", [(3, None, 0), (3, 4, 0), (4, 3, 1), (3, 3, -1), (3, None, 2),
                                   (2, 5, -3)])
def test_eye_and_tri(n, m, k):
    check(knp.eye(n, m, k), np.eye(n, m, k), "float32")
    check(knp.tri(n, m, k), np.tri(n, m, k), "float32")


def test_eye_identity_dtypes():
    check(knp.eye(2, dtype="int32"), np.eye(2), "int32")
    check(knp.identity(3), np.identity(3), "float32")
    check(knp.identity(2, dtype="bool"), np.identity(2, bool), "bool")
    check(knp.tri(3, dtype="int8"), np.tri(3), "int8")


@pytest.mark.parametrize("k", [-1, 0, 2])
def test_tril_triu(k):
    x = np.arange(24, dtype="float32").reshape(2, 3, 4)
    check(knp.tril(x, k), np.tril(x, k), "float32")
    check(knp.triu(x, k), np.triu(x, k), "float32")
    check(knp.triu(I32, k), np.triu(I32, k), "int32")


def test_arange():
    check(knp.arange(5), np.arange(5), "int32")
    check(knp.arange(2, 8, 2), np.arange(2, 8, 2), "int32")
    check(knp.arange(0.0, 1.0, 0.25), np.arange(0, 1, 0.25), "float32")
    check(knp.arange(1, 2.5, 0.5), np.arange(1, 2.5, 0.5), "float32")
    check(knp.arange(5, 0, -2), np.arange(5, 0, -2), "int32")
    check(knp.arange(4, dtype="float16"), np.arange(4), "float16")
    check(knp.arange(3, dtype="int64"), np.arange(3), "int64")


def test_linspace():
    check(knp.linspace(0, 1, 5), np.linspace(0, 1, 5), "float32")
    check(knp.linspace(0, 1, 4, endpoint=False), np.linspace(0, 1, 4, endpoint=False), "float32")
    check(knp.linspace(2, 3, 1), np.linspace(2, 3, 1), "float32")
    check(knp.linspace(0, 10, 4, dtype="int32"), np.linspace(0, 10, 4).astype("int32"), "int32")
    start, stop = np.array([0.0, 1.0]), np.array([2.0, 5.0])
    check(knp.linspace(start, stop, 3, axis=1), np.linspace(start, stop, 3, axis=1), "float64")
    samples, step = knp.linspace(0.0, 1.0, 5, retstep=True)
    check(samples, np.linspace(0, 1, 5), "float32")
    np.testing.assert_allclose(float(to_np(step)), 0.25)


def test_logspace_geomspace():
    check(knp.logspace(0, 3, 4), np.logspace(0, 3, 4), "float32", rtol=1e-5)
    check(knp.logspace(0, 3, 3, endpoint=False, base=2),
          np.logspace(0, 3, 3, endpoint=False, base=2), "float32")
    check(knp.geomspace(1, 1000, 4), np.geomspace(1, 1000, 4), "float32", rtol=1e-5)
    check(knp.geomspace(-2, -32, 5), np.geomspace(-2, -32, 5), "float32", rtol=1e-5)
    check(knp.geomspace(1, 16, 4, endpoint=False), np.geomspace(1, 16, 4, endpoint=False),
          "float32", rtol=1e-5)


def test_meshgrid():
    a, b = np.array([1, 2, 3], "int32"), np.array([4.0, 5.0], "float32")
    for indexing in ("xy", "ij"):
        got = knp.meshgrid(a, b, indexing=indexing)
        want = np.meshgrid(a, b, indexing=indexing)
        assert len(got) == 2
        check(got[0], want[0], "int32")
        check(got[1], want[1], "float32")


def test_vander():
    x = np.array([1, 2, 3], "int32")
    check(knp.vander(x), np.vander(x), "int32")
    f = np.array([0.5, 2.0], "float32")
    check(knp.vander(f, 4, increasing=True), np.vander(f, 4, increasing=True), "float32")


@pytest.mark.parametrize("name", ["bartlett", "blackman", "hamming", "hanning"])
@pytest.mark.parametrize("m", [0, 1, 5, 8])
def test_windows(name, m):
    check(getattr(knp, name)(m), getattr(np, name)(m), "float32")


def test_kaiser():
    check(knp.kaiser(6, 8.6), np.kaiser(6, 8.6), "float32", rtol=1e-5)
    check(knp.kaiser(1, 2.0), np.kaiser(1, 2.0), "float32")


def test_ndim_size():
    assert knp.ndim(F32) == 2
    assert knp.ndim(3.0) == 0
    assert int(knp.size(F32)) == 6
    assert int(knp.size(np.zeros((2, 0, 5)))) == 0


# ----------------------------------------------------------------------------- symbolic


def test_symbolic_broadcasting():
    a = KerasTensor((None, 3), dtype="float32")
    b = KerasTensor((1, 3), dtype="float32")
    out = knp.add(a, b)
    assert isinstance(out, KerasTensor)
    assert out.shape == (None, 3) and out.dtype == "float32"
    out = knp.multiply(KerasTensor((None, 1, 4), dtype="int8"), KerasTensor((5, 1), dtype="int16"))
    assert out.shape == (None, 5, 4) and out.dtype == "int16"


@pytest.mark.parametrize("name,dtype,expected", [
    ("sqrt", "int32", "float32"), ("exp", "float16", "float16"), ("isnan", "float32", "bool"),
    ("negative", "int8", "int8"), ("square", "bool", "int32"), ("cbrt", "int64", "float64"),
    ("tril", "float32", "float32"), ("logical_not", "float32", "bool"),
])
def test_symbolic_unary(name, dtype, expected):
    out = getattr(knp, name)(KerasTensor((None, 4, 4), dtype=dtype))
    assert out.shape == (None, 4, 4) and out.dtype == expected


def test_symbolic_binary_and_scalars():
    x = KerasTensor((None, 2), dtype="int8")
    assert knp.add(x, 1).dtype == "int8"
    assert knp.divide(x, 2).dtype == "float32"
    assert knp.greater(x, 0).dtype == "bool"
    out = knp.where(KerasTensor((None, 2), dtype="bool"), x, 1.5)
    assert out.shape == (None, 2) and out.dtype == "float32"
    assert knp.clip(x, 0, 3).dtype == "int8"
    assert knp.isclose(x, KerasTensor((None, 1), dtype="float32")).shape == (None, 2)


def test_symbolic_nonzero_ndim_size_like():
    x = KerasTensor((None, 3), dtype="float32")
    idx = knp.where(x)
    assert len(idx) == 2 and all(i.shape == (None,) and i.dtype == "int32" for i in idx)
    assert knp.ndim(x).dtype == "int32"
    assert knp.size(x).shape == ()
    z = knp.zeros_like(x, dtype="int8")
    assert z.shape == (None, 3) and z.dtype == "int8"
    grids = knp.meshgrid(KerasTensor((3,)), KerasTensor((2,)))
    assert [g.shape for g in grids] == [(2, 3), (2, 3)]


# ----------------------------------------------------------------------------- gradients

needs_grad = pytest.mark.skipif(BACKEND == "numpy", reason="the numpy backend has no autodiff")


def _grad(fn, x):
    """d(sum(fn(x)))/dx with the active framework."""
    if BACKEND == "jax":
        import jax

        return np.asarray(jax.grad(lambda v: fn(v).sum())(kc_ops.convert_to_tensor(x)))
    if BACKEND == "torch":
        import torch

        v = torch.tensor(x, requires_grad=True)
        fn(v).sum().backward()
        return v.grad.numpy()
    import tensorflow as tf

    v = tf.Variable(x)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(fn(v))
    return tape.gradient(y, v).numpy()


@needs_grad
@pytest.mark.parametrize("name,fn,deriv", [
    ("sin", knp.sin, np.cos),
    ("exp", knp.exp, np.exp),
    ("sqrt", knp.sqrt, lambda x: 0.5 / np.sqrt(x)),
    ("log1p", knp.log1p, lambda x: 1 / (1 + x)),
    ("square", knp.square, lambda x: 2 * x),
    ("arctan", knp.arctan, lambda x: 1 / (1 + x * x)),
    ("mul_scalar", lambda v: knp.multiply(v, 3.0), lambda x: np.full_like(x, 3.0)),
    ("divide_by_const", lambda v: knp.divide(1.0, v), lambda x: -1 / x**2),
    ("power", lambda v: knp.power(v, 3.0), lambda x: 3 * x**2),
    ("logaddexp", lambda v: knp.logaddexp(v, 0.5), lambda x: np.exp(x) / (np.exp(x) + np.exp(0.5))),
    ("sinc", knp.sinc,
     lambda x: (np.cos(np.pi * x) * np.pi * x - np.sin(np.pi * x)) / (np.pi * x**2)),
])
def test_gradients(name, fn, deriv):
    x = np.array([0.3, 0.7, 1.5], dtype="float32")
    np.testing.assert_allclose(_grad(fn, x), deriv(x.astype(np.float64)), rtol=1e-4, atol=1e-5)


@needs_grad
def test_divide_no_nan_gradient_is_finite():
    x = np.array([1.0, 2.0], dtype="float32")
    g = _grad(lambda v: knp.divide_no_nan(v, np.array([0.0, 4.0], dtype="float32")), x)
    np.testing.assert_allclose(g, [0.0, 0.25])


@needs_grad
def test_where_and_maximum_gradients():
    x = np.array([-1.0, 0.5, 2.0], dtype="float32")
    np.testing.assert_allclose(_grad(lambda v: knp.maximum(v, 0.0), x), [0.0, 1.0, 1.0])
    g = _grad(lambda v: knp.where(v > 1.0, v * v, -v), x)
    np.testing.assert_allclose(g, [-1.0, -1.0, 4.0])


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize("call", [
    lambda: knp.add("a", 1),
    lambda: knp.sin("x"),
    lambda: knp.multiply(np.ones(2), None),
    lambda: knp.greater({"a": 1}, 1),
    lambda: knp.isnan("nan"),
])
def test_string_or_junk_input_raises_type_error(call):
    with pytest.raises(TypeError, match="expected a tensor"):
        call()


def test_error_messages_name_op_and_argument():
    with pytest.raises(TypeError, match=r"`x2` for ops.add"):
        knp.add(np.ones(2), "b")
    with pytest.raises(ValueError, match="both `x1` and `x2` or neither"):
        knp.where(np.array([True]), np.ones(1))
    with pytest.raises(ValueError, match="indexing"):
        knp.meshgrid(np.ones(2), indexing="yx")
    with pytest.raises(TypeError, match="integer"):
        knp.bitwise_and(np.ones(2, "float32"), np.ones(2, "float32"))
    with pytest.raises(TypeError, match="integer"):
        knp.ldexp(np.ones(2, "float32"), np.ones(2, "float32"))
    with pytest.raises(TypeError, match="integer"):
        knp.left_shift(np.array([True]), np.array([True]))
    with pytest.raises(TypeError, match="integer"):
        knp.gcd(np.array([True]), np.array([True]))
    with pytest.raises(TypeError, match="window length"):
        knp.hamming(2.5)
    with pytest.raises(ValueError, match="Invalid dtype"):
        knp.zeros((2,), dtype="float7")


def test_all_names_exported():
    from kc_ops import numpy_elementwise

    for name in numpy_elementwise.__all__:
        assert callable(getattr(knp, name)), name
    assert len(numpy_elementwise.__all__) == 123
