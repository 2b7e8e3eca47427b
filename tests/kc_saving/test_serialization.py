"""`keras.saving`: the object registry and Keras 3's config (de)serialization, safe mode."""

import json
import sys

import kc_ops
import keras
import numpy as np
import pytest
from kc_ops import config as kc_config
from kc_saving.serialization import (
    UnsafeDeserializationError,
    deserialize_keras_object,
    serialize_keras_object,
)


@keras.saving.register_keras_serializable(package="TestPkg")
class Scaler(keras.layers.Layer):
    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return x * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


@keras.saving.register_keras_serializable(package="TestPkg", name="triple")
def triple(x):
    return 3 * x


class Unregistered(keras.layers.Layer):
    def __init__(self, value=1, **kwargs):
        super().__init__(**kwargs)
        self.value = value

    def call(self, x):
        return x

    def get_config(self):
        return {**super().get_config(), "value": self.value}


def roundtrip(obj, **kwargs):
    return deserialize_keras_object(json.loads(json.dumps(serialize_keras_object(obj))), **kwargs)


def test_registry_names_and_lookup():
    assert keras.saving.get_registered_name(Scaler) == "TestPkg>Scaler"
    assert keras.saving.get_registered_object("TestPkg>Scaler") is Scaler
    assert keras.saving.get_registered_name(triple) == "TestPkg>triple"
    assert keras.saving.get_registered_object("TestPkg>triple") is triple
    assert keras.saving.get_registered_name(Unregistered) == "Unregistered"
    assert keras.saving.get_registered_object("Nope") is None
    assert keras.saving.get_registered_object("X", custom_objects={"X": Unregistered}) is Unregistered
    assert keras.saving.get_custom_objects()["TestPkg>Scaler"] is Scaler


def test_register_requires_get_config():
    with pytest.raises(ValueError, match="get_config"):
        keras.saving.register_keras_serializable()(type("NoConfig", (), {}))


def test_dtype_policy_serializes_like_keras():
    assert serialize_keras_object(keras.DTypePolicy("float32")) == {
        "module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"},
        "registered_name": None,
    }
    policy = roundtrip(keras.DTypePolicy("mixed_float16"))
    assert isinstance(policy, keras.DTypePolicy) and policy.compute_dtype == "float16"


def test_registered_custom_layer_round_trip():
    layer = Scaler(3.0, name="scaler")
    layer(np.ones((2, 4), "float32"))
    config = serialize_keras_object(layer)
    assert config["module"] == __name__ and config["class_name"] == "Scaler"
    assert config["registered_name"] == "TestPkg>Scaler"
    assert config["build_config"] == {"input_shape": [2, 4]}
    clone = deserialize_keras_object(json.loads(json.dumps(config)))
    assert type(clone) is Scaler and clone.factor == 3.0 and clone.name == "scaler" and clone.built


def test_registered_function_round_trip():
    config = serialize_keras_object(triple)
    assert config["class_name"] == "function" and config["registered_name"] == "TestPkg>triple"
    assert roundtrip(triple) is triple


def test_builtin_layer_uses_the_public_module():
    dense = keras.layers.Dense(3, name="d")
    config = serialize_keras_object(dense)
    assert config["module"] == "keras.layers" and config["registered_name"] is None
    clone = roundtrip(dense)
    assert type(clone) is type(dense) and clone.units == 3


def test_keras_src_module_names_map_to_public_namespaces():
    config = {"module": "keras.src.layers.core.dense", "class_name": "Dense",
              "config": {"units": 2, "name": "x"}, "registered_name": None}
    layer = deserialize_keras_object(config)
    assert type(layer) is keras.layers.Dense and layer.units == 2
    fn = deserialize_keras_object({"module": "keras.src.activations.activations",
                                   "class_name": "function", "config": "relu",
                                   "registered_name": "relu"})
    np.testing.assert_allclose(kc_ops.convert_to_numpy(fn(np.array([-1.0, 2.0]))), [0.0, 2.0])


def test_unregistered_class_needs_custom_objects_or_scope():
    layer = Unregistered(5)
    config = json.loads(json.dumps(serialize_keras_object(layer)))
    assert config["registered_name"] == "Unregistered"
    with pytest.raises(UnsafeDeserializationError, match="custom_objects"):
        deserialize_keras_object(config)
    clone = deserialize_keras_object(config, custom_objects={"Unregistered": Unregistered})
    assert type(clone) is Unregistered and clone.value == 5
    with keras.saving.custom_object_scope({"Unregistered": Unregistered}):
        assert type(deserialize_keras_object(config)) is Unregistered
    with keras.saving.CustomObjectScope({"Unregistered": Unregistered}) as scope:
        assert scope.custom_objects == {"Unregistered": Unregistered}
        assert keras.saving.get_registered_object("Unregistered") is Unregistered
    assert keras.saving.get_registered_object("Unregistered") is None


@pytest.mark.parametrize("module,class_name", [
    ("os", "system"), ("subprocess", "Popen"), ("builtins", "eval"), ("importlib", "import_module"),
    ("posix", "system"), ("keras_evil", "X"), ("kc_evil", "X"), ("keras2.layers", "Dense"),
])
def test_foreign_modules_are_refused_before_import(module, class_name):
    for config in (
        {"module": module, "class_name": "function", "config": class_name, "registered_name": None},
        {"module": module, "class_name": class_name, "config": {}, "registered_name": None},
    ):
        before = set(sys.modules)
        with pytest.raises(UnsafeDeserializationError, match=f"module {module!r}"):
            deserialize_keras_object(config, safe_mode=False)
        assert set(sys.modules) - before == set()


def test_nested_foreign_module_is_refused():
    config = serialize_keras_object(keras.layers.Dense(2))
    config["config"]["kernel_initializer"] = {
        "module": "os", "class_name": "function", "config": "system", "registered_name": None}
    with pytest.raises((UnsafeDeserializationError, ValueError), match="'os'"):
        deserialize_keras_object(config)


def test_lambda_is_refused_in_safe_mode():
    config = json.loads(json.dumps(serialize_keras_object(lambda x: x + 1)))
    assert config["class_name"] == "__lambda__"
    with pytest.raises(UnsafeDeserializationError, match="safe_mode=False"):
        deserialize_keras_object(config)
    fn = deserialize_keras_object(config, safe_mode=False)
    assert fn(1) == 2


def test_lambda_allowed_after_enable_unsafe_deserialization(monkeypatch):
    config = json.loads(json.dumps(serialize_keras_object(lambda x, k=3: x * k)))
    monkeypatch.setitem(kc_config._state, "unsafe_deserialization", False)
    with pytest.raises(UnsafeDeserializationError):
        deserialize_keras_object(config)
    kc_config.enable_unsafe_deserialization()
    assert deserialize_keras_object(config)(2) == 6


def test_nested_lambda_in_a_layer_config_is_refused():
    layer = keras.layers.Lambda(lambda x: x * 2.0)
    config = json.loads(json.dumps(serialize_keras_object(layer)))
    with pytest.raises(UnsafeDeserializationError, match="lambda"):
        deserialize_keras_object(config)
    clone = deserialize_keras_object(config, safe_mode=False)
    np.testing.assert_allclose(kc_ops.convert_to_numpy(clone(np.ones((1, 2), "float32"))), [[2.0, 2.0]])


def test_keras2_lambda_function_type_is_refused():
    config = {"module": "keras.layers", "class_name": "Lambda", "registered_name": None,
              "config": {"name": "l", "function": ["ZZZZ", None, None], "function_type": "lambda"}}
    with pytest.raises(UnsafeDeserializationError, match="lambda"):
        deserialize_keras_object(config)


def test_plain_values_tuples_and_arrays():
    assert serialize_keras_object(None) is None
    assert serialize_keras_object([1, "a", 2.5]) == [1, "a", 2.5]
    assert serialize_keras_object((1, 2)) == (1, 2)
    assert serialize_keras_object({"a": (1, 2)}) == {"a": (1, 2)}
    assert serialize_keras_object(np.float32(1.5)) == 1.5
    assert serialize_keras_object(np.dtype("float32")) == "float32"
    array = np.arange(6, dtype="int32").reshape(2, 3)
    config = serialize_keras_object(array)
    assert config == {"class_name": "__numpy__",
                      "config": {"value": [[0, 1, 2], [3, 4, 5]], "dtype": "int32"}}
    back = roundtrip(array)
    assert back.dtype == np.int32 and np.array_equal(back, array)
    assert roundtrip(b"abc") == b"abc"
    assert roundtrip(slice(1, 5, 2)) == slice(1, 5, 2)
    assert roundtrip(Ellipsis) is Ellipsis
    tensor = roundtrip(kc_ops.convert_to_tensor(np.array([1.0, 2.0], "float32")))
    np.testing.assert_array_equal(kc_ops.convert_to_numpy(tensor), [1.0, 2.0])
    assert deserialize_keras_object({"a": 1, "b": [1, 2]}) == {"a": 1, "b": [1, 2]}


def test_bad_configs_give_clear_errors():
    with pytest.raises(TypeError, match="Could not locate 'NoSuchLayer'"):
        deserialize_keras_object({"module": "keras.layers", "class_name": "NoSuchLayer",
                                  "config": {}, "registered_name": None})
    with pytest.raises(TypeError, match="get_config"):
        serialize_keras_object(object())


def test_custom_objects_override_inside_from_config():
    seen = {}

    @keras.saving.register_keras_serializable(package="TestPkg")
    class Outer(keras.layers.Layer):
        def __init__(self, inner, **kwargs):
            super().__init__(**kwargs)
            self.inner = inner if isinstance(inner, keras.layers.Layer) else deserialize_keras_object(inner)
            seen["inner"] = self.inner

        def call(self, x):
            return self.inner(x)

        def get_config(self):
            return {**super().get_config(), "inner": serialize_keras_object(self.inner)}

    config = json.loads(json.dumps(serialize_keras_object(Outer(Unregistered(7)))))
    clone = deserialize_keras_object(config, custom_objects={"Unregistered": Unregistered})
    assert type(clone.inner) is Unregistered and clone.inner.value == 7


def test_project_module_names_resolve():
    config = {"module": "kc_layers.core.dense", "class_name": "Dense",
              "config": {"units": 2}, "registered_name": "Dense"}
    assert type(deserialize_keras_object(config)) is keras.layers.Dense
    internal = {"module": "kc_saving.serialization", "class_name": "SafeModeScope",
                "config": {"safe_mode": True}, "registered_name": None}
    assert deserialize_keras_object(internal).safe_mode is True


_FIXTURES = __import__("pathlib").Path("/work/shared/fixtures/keras-3.15")


@pytest.mark.skipif(not _FIXTURES.is_dir(), reason="the real-Keras fixtures are not available here")
@pytest.mark.parametrize("fixture", ["custom_registered", "mnist_convnet", "rnn_stack"])
def test_real_keras_layer_configs_round_trip_exactly(fixture):
    config = json.loads((_FIXTURES / f"{fixture}.config.json").read_text())
    checked = 0
    for entry in config["layers"]:
        if entry["class_name"] not in ("InputLayer", "Dense", "Embedding"):
            continue
        saved = {k: v for k, v in entry.items() if k not in ("name", "inbound_nodes")}
        ours = json.loads(json.dumps(serialize_keras_object(deserialize_keras_object(saved))))
        assert ours == saved
        checked += 1
    assert checked >= 2
