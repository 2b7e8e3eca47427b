import numpy as np
import pytest

import kc_ops
from kc_ops import config, dtypes
from kc_ops.dtypes import result_type

# (inputs, expected) pairs from Keras 3's documented promotion lattice.
PROMOTIONS = [
    (("int8", "int16"), "int16"),
    (("int8", "uint8"), "int16"),
    (("uint8", "uint16"), "uint16"),
    (("uint32", "int32"), "int64"),
    (("uint64", "int64"), "float32"),
    (("int32", "float16"), "float16"),
    (("int64", "float32"), "float32"),
    (("bfloat16", "float16"), "float32"),
    (("float16", "float64"), "float64"),
    (("bool", "int8"), "int8"),
    (("bool", "float16"), "float16"),
    (("bool", "bool"), "bool"),
    (("int64", float), "float32"),  # weak Python float meets int64
    (("int8", int), "int8"),  # weak Python int keeps the tensor's dtype
    (("uint8", int), "uint8"),
    (("float16", float), "float16"),
    (("bfloat16", int), "bfloat16"),
    (("bool", int), "int32"),
    ((int, float), "float32"),
    ((int,), "int32"),
    ((float,), "float32"),
    (("float32", "complex64"), "complex64"),
]


@pytest.mark.parametrize("inputs,expected", PROMOTIONS)
def test_promotion_table(inputs, expected):
    assert result_type(*inputs) == expected
    if len(inputs) == 2:
        assert result_type(*reversed(inputs)) == expected


def test_result_type_defaults_and_float64_floatx():
    assert result_type() == "float32"
    assert result_type(None) == "float32"
    config.set_floatx("float64")
    try:
        assert result_type(float) == "float64"
        assert result_type("int64", float) == "float64"
    finally:
        config.set_floatx("float32")


def test_standardize_dtype_accepts_framework_objects():
    assert dtypes.standardize_dtype(np.float32) == "float32"
    assert dtypes.standardize_dtype(np.dtype("int64")) == "int64"
    assert dtypes.standardize_dtype("float") == "float32"
    assert dtypes.standardize_dtype(bool) == "bool"
    x = kc_ops.convert_to_tensor(np.zeros(2, dtype="int16"))
    assert dtypes.standardize_dtype(x.dtype) == "int16"
    assert kc_ops.dtype(x) == "int16"


def test_bad_dtype_is_a_clear_error():
    with pytest.raises(ValueError, match="Invalid dtype: 'floot32'"):
        dtypes.standardize_dtype("floot32")
    with pytest.raises(ValueError, match="float8"):
        result_type("float8_e4m3fn", "float32")


def test_bfloat16_round_trip():
    x = kc_ops.convert_to_tensor(np.array([1.5, 2.0]), dtype="bfloat16")
    assert kc_ops.dtype(x) == "bfloat16"
    back = kc_ops.convert_to_numpy(kc_ops.cast(x, "float32"))
    np.testing.assert_array_equal(back, [1.5, 2.0])


def test_python_values_convert_with_keras_defaults():
    assert kc_ops.dtype(kc_ops.convert_to_tensor(3)) == "int32"
    assert kc_ops.dtype(kc_ops.convert_to_tensor(3.0)) == "float32"
    assert kc_ops.dtype(kc_ops.convert_to_tensor([1, 2.5])) == "float32"
    assert kc_ops.dtype(kc_ops.convert_to_tensor(True)) == "bool"


def test_is_float_and_int_dtype():
    assert dtypes.is_float_dtype("bfloat16") and not dtypes.is_float_dtype("int8")
    assert dtypes.is_int_dtype("uint16") and not dtypes.is_int_dtype("float16")
