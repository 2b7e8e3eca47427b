import numpy as np
import pytest

import keras


def dense_stack():
    inputs = keras.Input(shape=(4,), name="x")
    h = keras.layers.Dense(8, activation="relu", name="h")(inputs)
    outputs = keras.layers.Dense(2, name="out")(h)
    return keras.Model(inputs, outputs, name="mlp")


def test_functional_model_runs_and_matches_numpy():
    model = dense_stack()
    assert isinstance(model, keras.Model) and model.name == "mlp"
    x = np.random.default_rng(0).standard_normal((3, 4)).astype("float32")
    kernel_h, bias_h, kernel_o, bias_o = model.get_weights()
    expected = np.maximum(x @ kernel_h + bias_h, 0) @ kernel_o + bias_o
    np.testing.assert_allclose(keras.ops.convert_to_numpy(model(x)), expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-5, atol=1e-5)


def test_functional_structure_and_get_layer():
    model = dense_stack()
    assert [l.name for l in model.layers] == ["x", "h", "out"]
    assert model.get_layer("h").units == 8
    assert model.get_layer(index=2).name == "out"
    with pytest.raises(ValueError, match="No layer named 'nope'"):
        model.get_layer("nope")
    assert model.output.shape == (None, 2)
    sub = keras.Model(model.input, model.get_layer("h").output)
    assert sub.output_shape == (None, 8)


def test_multi_input_output_dicts_and_shared_layer():
    a = keras.Input(shape=(3,), name="a")
    b = keras.Input(shape=(3,), name="b")
    shared = keras.layers.Dense(2, name="shared")
    out = {"sum": keras.layers.Add(name="add")([shared(a), shared(b)]), "left": shared(a)}
    model = keras.Model({"a": a, "b": b}, out)
    xa, xb = np.ones((2, 3), "float32"), np.full((2, 3), 2.0, "float32")
    result = model({"a": xa, "b": xb})
    kernel, bias = shared.get_weights()
    np.testing.assert_allclose(keras.ops.convert_to_numpy(result["sum"]), xa @ kernel + bias + xb @ kernel + bias, rtol=1e-5)
    assert len(model.weights) == 2  # the shared layer counts once


def test_nested_model_as_layer():
    inner = dense_stack()
    inputs = keras.Input(shape=(4,))
    outer = keras.Model(inputs, keras.layers.Dense(1)(inner(inputs)))
    assert len(outer.weights) == 6
    assert outer.predict(np.ones((2, 4), "float32"), verbose=0).shape == (2, 1)


def test_sequential_add_pop_and_deferred_build():
    model = keras.Sequential()
    model.add(keras.layers.Dense(5, name="d1"))
    model.add(keras.layers.Dense(2, name="d2"))
    assert not model.built
    y = model(np.ones((3, 7), "float32"))
    assert tuple(y.shape) == (3, 2) and model.built
    assert model.layers[0].get_weights()[0].shape == (7, 5)
    popped = model.pop()
    assert popped.name == "d2" and [l.name for l in model.layers] == ["d1"]
    built = keras.Sequential([keras.layers.Dense(3)])
    built.build((None, 4))
    assert built.output_shape == (None, 3)
    with pytest.raises(ValueError, match="unique names"):
        keras.Sequential([keras.layers.Dense(1, name="same"), keras.layers.Dense(1, name="same")])


class Subclassed(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(8, activation="relu")
        self.out = keras.layers.Dense(2)

    def call(self, x):
        return self.out(self.hidden(x))


def test_three_styles_agree():
    functional = dense_stack()
    sequential = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(2)])
    subclassed = Subclassed()
    x = np.random.default_rng(1).standard_normal((5, 4)).astype("float32")
    subclassed(x)
    weights = functional.get_weights()
    sequential.set_weights(weights)
    subclassed.set_weights(weights)
    reference = keras.ops.convert_to_numpy(functional(x))
    np.testing.assert_allclose(keras.ops.convert_to_numpy(sequential(x)), reference, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(subclassed(x)), reference, rtol=1e-5, atol=1e-6)


def test_config_round_trips():
    model = dense_stack()
    clone = keras.Model.from_config(model.get_config())
    assert [l.name for l in clone.layers] == ["x", "h", "out"]
    clone.set_weights(model.get_weights())
    x = np.ones((2, 4), "float32")
    np.testing.assert_allclose(keras.ops.convert_to_numpy(clone(x)), keras.ops.convert_to_numpy(model(x)), rtol=1e-6)
    seq = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, name="d")], name="s")
    config = seq.get_config()
    assert config["name"] == "s" and config["layers"][0]["class_name"] == "InputLayer"
    again = keras.Sequential.from_config(config)
    assert again.output_shape == (None, 3)


def test_graph_disconnected_error():
    a, b = keras.Input(shape=(2,)), keras.Input(shape=(2,))
    out = keras.layers.Add()([a, b])
    with pytest.raises(ValueError, match="disconnected"):
        keras.Model(a, out)
