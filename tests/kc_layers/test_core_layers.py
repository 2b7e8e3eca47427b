"""Core layers: Dense (with LoRA), Embedding (mask_zero, LoRA), Identity, Masking, Lambda."""

import json

import kc_ops
import keras
import numpy as np
import pytest
from kc_saving.serialization import (
    UnsafeDeserializationError,
    deserialize_keras_object,
    serialize_keras_object,
)
from keras import layers

c = kc_ops.convert_to_numpy
rng = np.random.default_rng(0)


def randn(*shape):
    return rng.standard_normal(shape).astype("float32")


def test_dense_matches_numpy():
    layer = layers.Dense(3, activation="relu")
    x = randn(4, 5)
    y = layer(x)
    kernel, bias = layer.get_weights()
    assert kernel.shape == (5, 3) and np.all(bias == 0)
    np.testing.assert_allclose(c(y), np.maximum(x @ kernel, 0), rtol=1e-5, atol=1e-6)
    assert [w.path for w in layer.weights] == [f"{layer.name}/kernel", f"{layer.name}/bias"]


def test_dense_on_rank3_and_symbolic():
    layer = layers.Dense(2, use_bias=False)
    x = randn(2, 3, 4)
    np.testing.assert_allclose(c(layer(x)), x @ layer.get_weights()[0], rtol=1e-5, atol=1e-6)
    assert len(layer.weights) == 1
    assert layers.Dense(7)(keras.Input((3, 4))).shape == (None, 3, 7)
    with pytest.raises(ValueError, match="expected axis -1"):
        layer(randn(2, 3, 5))
    with pytest.raises(ValueError, match="units"):
        layers.Dense(0)


def test_dense_config_matches_keras_keys():
    config = layers.Dense(4, name="d").get_config()
    assert list(config) == [
        "name", "trainable", "dtype", "units", "activation", "use_bias", "kernel_initializer",
        "bias_initializer", "kernel_regularizer", "bias_regularizer", "kernel_constraint",
        "bias_constraint", "quantization_config"]
    clone = layers.Dense.from_config(json.loads(json.dumps(config)))
    assert clone.units == 4 and clone.name == "d"


def test_dense_lora():
    layer = layers.Dense(3, use_bias=True)
    x = randn(2, 4)
    layer(x)
    kernel, bias = layer.get_weights()
    layer.enable_lora(2)
    assert [v.name for v in layer.trainable_weights] == ["bias", "lora_kernel_a", "lora_kernel_b"]
    assert [v.name for v in layer.non_trainable_weights] == ["kernel"]
    np.testing.assert_allclose(c(layer(x)), x @ kernel + bias, rtol=1e-5, atol=1e-5)  # b = 0
    a = randn(4, 2)
    b = randn(2, 3)
    layer.lora_kernel_a.assign(a)
    layer.lora_kernel_b.assign(b)
    merged = kernel + (2 / 2) * a @ b
    np.testing.assert_allclose(c(layer(x)), x @ merged + bias, rtol=1e-4, atol=1e-4)
    store = {}
    layer.save_own_variables(store)
    assert sorted(store) == ["0", "1"]
    np.testing.assert_allclose(store["0"], merged, rtol=1e-5, atol=1e-5)
    with pytest.raises(ValueError, match="already enabled"):
        layer.enable_lora(2)
    plain = layers.Dense(3)
    plain.build((None, 4))
    plain.load_own_variables(store)
    np.testing.assert_allclose(c(plain(x)), x @ merged + bias, rtol=1e-4, atol=1e-4)
    with pytest.raises(ValueError, match="build the layer first"):
        layers.Dense(2).enable_lora(2)
    from_config = layers.Dense(3, lora_rank=2, lora_alpha=4)
    from_config.build((None, 4))
    assert from_config.lora_enabled and from_config.get_config()["lora_alpha"] == 4


def test_embedding_and_mask_zero():
    layer = layers.Embedding(5, 3, mask_zero=True)
    ids = np.array([[1, 0, 4], [2, 3, 0]], "int32")
    out = layer(ids)
    table = layer.get_weights()[0]
    np.testing.assert_allclose(c(out), table[ids], rtol=1e-6)
    np.testing.assert_array_equal(c(layer.compute_mask(ids)), ids != 0)
    symbolic = layer(keras.Input((3,), dtype="int32"))
    assert symbolic.shape == (None, 3, 3) and symbolic.dtype == "float32"
    assert symbolic._keras_mask is not None and symbolic._keras_mask.shape == (None, 3)
    np.testing.assert_allclose(c(layer(ids.astype("float32"))), table[ids], rtol=1e-6)


def test_embedding_weights_argument_and_lora():
    table = randn(4, 2)
    layer = layers.Embedding(4, 2, weights=[table])
    ids = np.array([[3, 1]])
    np.testing.assert_allclose(c(layer(ids)), table[ids], rtol=1e-6)
    layer.enable_lora(1, lora_alpha=2.0)
    a, b = randn(4, 1), randn(1, 2)
    layer.lora_embeddings_a.assign(a)
    layer.lora_embeddings_b.assign(b)
    np.testing.assert_allclose(c(layer(ids)), (table + 2.0 * a @ b)[ids], rtol=1e-5, atol=1e-5)
    with pytest.raises(ValueError, match="input_dim"):
        layers.Embedding(0, 2)


def test_identity_and_masking():
    x = np.array([[[1.0, 2.0], [0.0, 0.0], [3.0, 0.0]]], "float32")
    np.testing.assert_array_equal(c(layers.Identity()(x)), x)
    masking = layers.Masking(mask_value=0.0)
    out = masking(x)
    np.testing.assert_array_equal(c(out), x)
    np.testing.assert_array_equal(c(masking.compute_mask(x)), [[True, False, True]])
    symbolic = masking(keras.Input((3, 2)))
    assert symbolic._keras_mask.shape == (None, 3)
    passed = layers.Identity()(symbolic)
    assert passed._keras_mask is not None
    x2 = np.array([[[5.0, 5.0], [1.0, 5.0]]], "float32")
    np.testing.assert_array_equal(c(layers.Masking(5.0)(x2)), [[[0.0, 0.0], [1.0, 5.0]]])


def scale_by_two(x):
    return x * 2.0


def test_lambda_layer():
    layer = layers.Lambda(lambda x, k: x * k, arguments={"k": 3.0})
    x = randn(2, 3)
    np.testing.assert_allclose(c(layer(x)), 3 * x, rtol=1e-6)
    assert layer(keras.Input((3,))).shape == (None, 3)
    shaped = layers.Lambda(lambda x: kc_ops.concatenate([x, x], axis=-1), output_shape=(6,))
    assert shaped(keras.Input((3,))).shape == (None, 6)
    assert shaped.compute_output_shape((None, 3)) == (None, 6)
    with_training = layers.Lambda(lambda x, training=None: x + (1.0 if training else 0.0))
    np.testing.assert_allclose(c(with_training(x, training=True)), x + 1, rtol=1e-6)
    with pytest.raises(ValueError, match="callable"):
        layers.Lambda(3)


def test_lambda_serialization_and_safe_mode():
    layer = layers.Lambda(lambda x: x + 1.0, name="plus_one")
    config = json.loads(json.dumps(serialize_keras_object(layer)))
    assert config["config"]["function"]["class_name"] == "__lambda__"
    with pytest.raises(UnsafeDeserializationError, match="safe_mode=False"):
        deserialize_keras_object(config)
    with pytest.raises(UnsafeDeserializationError):
        layers.Lambda.from_config(config["config"])
    clone = deserialize_keras_object(config, safe_mode=False)
    np.testing.assert_allclose(c(clone(np.zeros((1, 2), "float32"))), [[1.0, 1.0]])
    named = layers.Lambda(scale_by_two)
    named_config = json.loads(json.dumps(serialize_keras_object(named)))
    assert named_config["config"]["function"]["config"] == "scale_by_two"
    restored = deserialize_keras_object(named_config, custom_objects={"scale_by_two": scale_by_two})
    np.testing.assert_allclose(c(restored(np.ones((1,), "float32"))), [2.0])


def test_mixed_precision_dense():
    layer = layers.Dense(2, dtype="mixed_float16")
    y = layer(randn(1, 3))
    assert kc_ops.dtype(y) == "float16" and layer.kernel.dtype == "float32"
