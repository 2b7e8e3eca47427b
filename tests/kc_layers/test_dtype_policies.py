"""`keras.dtype_policies` / `keras.mixed_precision`: float, mixed, quantized policies and maps."""

import kc_ops
import keras
import numpy as np
import pytest
from kc_layers import dtype_policies as dp
from kc_saving.serialization import deserialize_keras_object, serialize_keras_object


@pytest.fixture(autouse=True)
def reset_global_policy():
    yield
    dp.set_dtype_policy(None)


@pytest.mark.parametrize("name,compute,variable", [
    ("float32", "float32", "float32"), ("float16", "float16", "float16"),
    ("bfloat16", "bfloat16", "bfloat16"), ("mixed_float16", "float16", "float32"),
    ("mixed_bfloat16", "bfloat16", "float32"), ("float64", "float64", "float64"),
])
def test_float_policies(name, compute, variable):
    policy = keras.DTypePolicy(name)
    assert (policy.name, policy.compute_dtype, policy.variable_dtype) == (name, compute, variable)
    assert policy.quantization_mode is None
    assert repr(policy) == f'<DTypePolicy "{name}">'
    assert keras.dtype_policies.get(name) == policy


def test_default_policy_is_floatx_and_bad_names_are_refused():
    assert keras.DTypePolicy().name == kc_ops.config.floatx()
    with pytest.raises(ValueError, match="Cannot convert 'mixed_int3'"):
        keras.DTypePolicy("mixed_int3")
    with pytest.raises(TypeError, match="string name"):
        keras.DTypePolicy(32)
    with pytest.raises(ValueError, match="Cannot interpret"):
        keras.dtype_policies.get(object())


def test_global_policy_functions():
    assert isinstance(keras.config.dtype_policy(), keras.DTypePolicy)
    assert keras.config.dtype_policy().name == "float32"
    keras.mixed_precision.set_global_policy("mixed_float16")
    assert keras.mixed_precision.global_policy().name == "mixed_float16"
    layer = keras.layers.Layer()
    assert layer.compute_dtype == "float16" and layer.variable_dtype == "float32"
    keras.config.set_dtype_policy(keras.mixed_precision.Policy("bfloat16"))
    assert keras.mixed_precision.dtype_policy().compute_dtype == "bfloat16"
    with pytest.raises(ValueError, match="Invalid `policy`"):
        keras.config.set_dtype_policy(3)


def test_quantized_policies():
    policy = keras.dtype_policies.get("int8_from_mixed_bfloat16")
    assert isinstance(policy, keras.dtype_policies.QuantizedDTypePolicy)
    assert policy.name == "int8_from_mixed_bfloat16" and policy.quantization_mode == "int8"
    assert policy.compute_dtype == "bfloat16" and policy.variable_dtype == "float32"
    assert policy.get_config() == {"mode": "int8", "source_name": "mixed_bfloat16"}
    f8 = keras.dtype_policies.QuantizedFloat8DTypePolicy("float8", "float32", amax_history_length=8)
    assert f8.amax_history_length == 8 and f8.name == "float8_from_float32"
    assert f8.default_amax_history_length == 1024
    assert keras.dtype_policies.QuantizedDTypePolicy("int8").name == "int8_from_float32"
    with pytest.raises(ValueError, match="quantization mode"):
        keras.dtype_policies.QuantizedDTypePolicy("int3", "float32")
    back = deserialize_keras_object(serialize_keras_object(f8))
    assert type(back) is type(f8) and back.get_config() == f8.get_config()


def test_policy_serialization_round_trip():
    config = keras.dtype_policies.serialize(keras.DTypePolicy("mixed_float16"))
    assert config == {"module": "keras", "class_name": "DTypePolicy",
                      "config": {"name": "mixed_float16"}, "registered_name": None}
    assert keras.dtype_policies.deserialize(config) == keras.DTypePolicy("mixed_float16")
    assert keras.dtype_policies.get(config).name == "mixed_float16"


def test_policy_map():
    policy_map = keras.dtype_policies.DTypePolicyMap(
        default_policy="mixed_float16", policy_map={"dense.*": "bfloat16", "conv": "float16"})
    assert policy_map.name == "map_mixed_float16" and policy_map.compute_dtype == "float16"
    assert policy_map["dense_3"].name == "bfloat16"
    assert policy_map["conv"].name == "float16"
    assert policy_map["other"].name == "mixed_float16"
    assert sorted(policy_map) == ["conv", "dense.*"] and len(policy_map) == 2
    with pytest.raises(ValueError, match="already"):
        policy_map["conv"] = "float32"
    policy_map["dense_conv"] = "float64"
    with pytest.raises(ValueError, match="several keys"):
        policy_map["dense_conv_2"]
    del policy_map["dense_conv"]
    clone = deserialize_keras_object(serialize_keras_object(policy_map))
    assert clone == policy_map and clone["dense_1"].name == "bfloat16"
    layer = keras.layers.Layer(dtype=policy_map, name="dense_9")
    assert layer.dtype_policy.name == "bfloat16"


def test_convert_input_casts_floats_only():
    policy = keras.DTypePolicy("mixed_float16")
    x = policy.convert_input(np.ones((2,), "float32"), True, policy.compute_dtype)
    assert kc_ops.dtype(x) == "float16"
    i = policy.convert_input(np.ones((2,), "int32"), True, "float16")
    assert kc_ops.dtype(i) == "int32"
    assert kc_ops.dtype(policy.convert_input(np.ones((2,), "float32"), False, "float16")) == "float32"
