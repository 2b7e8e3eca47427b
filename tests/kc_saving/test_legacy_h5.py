"""Keras 2 `.h5` files: whole models (`model.save("x.h5")`) and weight files
(`model.save_weights("x.h5")`), built here by hand with h5py in Keras 2's layout: root
attribute `model_config` (Keras 2 JSON), group `model_weights` with `layer_names`, and one
group per layer listing its datasets in `weight_names`. Expected predictions are computed
with NumPy from the arrays written into the file."""

import json

import h5py
import kc_ops
import keras
import numpy as np
import pytest

RNG = np.random.default_rng(7)
K1 = RNG.normal(size=(4, 5)).astype("float32")
B1 = RNG.normal(size=(5,)).astype("float32")
K2 = RNG.normal(size=(5, 3)).astype("float32")
B2 = RNG.normal(size=(3,)).astype("float32")
X = RNG.normal(size=(6, 4)).astype("float32")


def reference(x):
    h = np.maximum(x @ K1 + B1, 0)
    logits = h @ K2 + B2
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def dense2(name, units, activation, input_shape=None):
    config = {
        "name": name,
        "trainable": True,
        "dtype": "float32",
        "units": units,
        "activation": activation,
        "use_bias": True,
        "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}},
        "kernel_regularizer": None,
        "bias_regularizer": None,
        "activity_regularizer": None,
        "kernel_constraint": None,
        "bias_constraint": None,
    }
    if input_shape is not None:
        config["batch_input_shape"] = [None, *input_shape]
    return {"class_name": "Dense", "config": config}


def sequential_config(with_input_layer):
    layers = [
        dense2("hidden", 5, "relu", None if with_input_layer else (4,)),
        dense2("probs", 3, "softmax"),
    ]
    if with_input_layer:
        layers.insert(
            0,
            {
                "class_name": "InputLayer",
                "config": {
                    "batch_input_shape": [None, 4],
                    "dtype": "float32",
                    "sparse": False,
                    "ragged": False,
                    "name": "hidden_input",
                },
            },
        )
    return {"class_name": "Sequential", "config": {"name": "sequential", "layers": layers}}


def functional_config():
    def node(*names):
        return [[[name, 0, 0, {}] for name in names]]

    layers = [
        {
            "class_name": "InputLayer",
            "name": "x",
            "inbound_nodes": [],
            "config": {
                "batch_input_shape": [None, 4],
                "dtype": "float32",
                "sparse": False,
                "ragged": False,
                "name": "x",
            },
        },
        {**dense2("hidden", 5, "relu"), "name": "hidden", "inbound_nodes": node("x")},
        {**dense2("probs", 3, "softmax"), "name": "probs", "inbound_nodes": node("hidden")},
    ]
    return {
        "class_name": "Functional",
        "config": {
            "name": "model",
            "layers": layers,
            "input_layers": [["x", 0, 0]],
            "output_layers": [["probs", 0, 0]],
        },
    }


def _strings(values):
    return np.array([v.encode("utf-8") for v in values], dtype="S")


def write_layer_weights(group):
    """Keras 2's weight groups: `layer_names` on the parent, `weight_names` on each layer."""
    group.attrs["layer_names"] = _strings(["hidden", "probs"])
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = b"2.13.1"
    for layer, arrays in (("hidden", (K1, B1)), ("probs", (K2, B2))):
        g = group.create_group(layer)
        names = [f"{layer}/kernel:0", f"{layer}/bias:0"]
        g.attrs["weight_names"] = _strings(names)
        for name, array in zip(names, arrays):
            g.create_dataset(name, data=array)


def write_model_file(path, config, training_config=None):
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = b"2.13.1"
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = json.dumps(config).encode("utf-8")
        if training_config is not None:
            f.attrs["training_config"] = json.dumps(training_config).encode("utf-8")
        write_layer_weights(f.create_group("model_weights"))
    return str(path)


def write_weights_file(path):
    with h5py.File(path, "w") as f:
        write_layer_weights(f)
    return str(path)


@pytest.mark.parametrize(
    "with_input_layer", [True, False], ids=["input_layer", "batch_input_shape_on_dense"]
)
def test_load_keras2_sequential_model(tmp_path, with_input_layer):
    path = write_model_file(tmp_path / "old.h5", sequential_config(with_input_layer))
    model = keras.saving.load_model(path)
    assert [layer.name for layer in model.layers] == ["hidden", "probs"]
    np.testing.assert_allclose(
        np.asarray(model.predict(X, verbose=0)), reference(X), rtol=1e-5, atol=1e-6
    )


def test_load_keras2_functional_model(tmp_path):
    path = write_model_file(tmp_path / "old_functional.h5", functional_config())
    model = keras.models.load_model(path)
    np.testing.assert_allclose(
        np.asarray(model.predict(X, verbose=0)), reference(X), rtol=1e-5, atol=1e-6
    )


def test_load_keras2_model_with_training_config(tmp_path):
    training = {
        "loss": "categorical_crossentropy",
        "metrics": ["accuracy"],
        "optimizer_config": {"class_name": "Adam", "config": {"learning_rate": 0.001}},
    }
    path = write_model_file(tmp_path / "compiled.h5", sequential_config(True), training)
    model = keras.saving.load_model(path)
    assert model.compiled
    assert type(model.optimizer).__name__ == "Adam"
    uncompiled = keras.saving.load_model(path, compile=False)
    assert not uncompiled.compiled
    if kc_ops.backend() != "numpy":
        y = np.eye(3, dtype="float32")[np.arange(6) % 3]
        loss = model.train_on_batch(X, y, return_dict=True)["loss"]
        want = -np.mean(np.sum(y * np.log(reference(X)), axis=-1))
        np.testing.assert_allclose(loss, want, rtol=1e-4)


def test_load_keras2_weights_file(tmp_path):
    path = write_weights_file(tmp_path / "weights.h5")
    model = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(5, activation="relu", name="hidden"),
            keras.layers.Dense(3, activation="softmax", name="probs"),
        ]
    )
    model.load_weights(path)
    np.testing.assert_array_equal(model.layers[0].get_weights()[0], K1)
    np.testing.assert_array_equal(model.layers[1].get_weights()[1], B2)
    np.testing.assert_allclose(
        np.asarray(model.predict(X, verbose=0)), reference(X), rtol=1e-5, atol=1e-6
    )


def test_keras2_weights_matched_by_layer_name(tmp_path):
    """Keras 2 matched layers by name: another layer's name in the file is an error naming it,
    or, with skip_mismatch=True, a warning."""
    path = write_weights_file(tmp_path / "weights.h5")
    model = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(5, name="hidden"),
            keras.layers.Dense(3, name="renamed"),
        ]
    )
    with pytest.raises(ValueError, match="renamed"):
        model.load_weights(path)
    with pytest.warns(UserWarning, match="renamed"):
        model.load_weights(path, skip_mismatch=True)
    np.testing.assert_array_equal(model.layers[0].get_weights()[0], K1)


def test_keras2_weights_shape_mismatch(tmp_path):
    path = write_weights_file(tmp_path / "weights.h5")
    model = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(5, name="hidden"),
            keras.layers.Dense(2, name="probs"),
        ]
    )
    with pytest.raises(ValueError, match="probs"):
        model.load_weights(path)


def test_weights_only_h5_given_to_load_model(tmp_path):
    path = write_weights_file(tmp_path / "weights.h5")
    with pytest.raises(ValueError, match="weights-only"):
        keras.saving.load_model(path)


def test_keras2_lambda_is_refused_in_safe_mode(tmp_path):
    config = sequential_config(True)
    config["config"]["layers"].append(
        {
            "class_name": "Lambda",
            "config": {
                "name": "lam",
                "function": ["4wEAAAAAAAAAAAAAAAE=", None, None],
                "function_type": "lambda",
                "arguments": {},
                "output_shape": None,
            },
        }
    )
    path = write_model_file(tmp_path / "lambda.h5", config)
    with pytest.raises(ValueError, match="lambda"):
        keras.saving.load_model(path)


def test_saving_to_legacy_h5_is_refused(tmp_path):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    with pytest.raises(ValueError, match=r"\.keras"):
        model.save(str(tmp_path / "new.h5"))


def test_corrupt_legacy_file_names_it(tmp_path):
    bad = tmp_path / "broken.h5"
    bad.write_bytes(b"\x89HDF\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(ValueError, match="broken.h5"):
        keras.saving.load_model(str(bad))
