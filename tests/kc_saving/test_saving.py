"""`model.save` / `keras.saving.load_model`, `save_weights` / `load_weights`, `to_json`,
`clone_model`: round trips on every backend, and files that cross backends.

Every model gets weights from a seeded NumPy generator; expected predictions are computed with
NumPy from those arrays (or, for round trips, taken from the model before saving).
"""

import json
import os
import subprocess
import sys
import zipfile

import h5py
import kc_ops
import keras
import numpy as np
import pytest
from keras import ops

BACKEND = kc_ops.backend()
needs_training = pytest.mark.skipif(BACKEND == "numpy", reason="training is not supported on numpy")


def _seed_weights(model, seed=0):
    rng = np.random.default_rng(seed)
    model.set_weights([rng.normal(0, 0.5, w.shape).astype("float32") for w in model.get_weights()])
    return model


def _np(x):
    return np.asarray(kc_ops.convert_to_numpy(x))


# --- models -----------------------------------------------------------------------------------
def make_sequential():
    model = keras.Sequential(
        [
            keras.Input((5,)),
            keras.layers.Dense(8, activation="relu", name="hidden"),
            keras.layers.Dense(3, name="out"),
        ]
    )
    return _seed_weights(model)


def sequential_reference(model, x):
    (k1, b1), (k2, b2) = [(lyr.get_weights()[0], lyr.get_weights()[1]) for lyr in model.layers]
    return np.maximum(x @ k1 + b1, 0) @ k2 + b2


def make_functional():
    """Two inputs, two outputs returned as a dict."""
    a = keras.Input((4,), name="a")
    b = keras.Input((3,), name="b")
    h = keras.layers.Concatenate(name="join")(
        [keras.layers.Dense(5, name="da")(a), keras.layers.Dense(5, name="db")(b)]
    )
    h = keras.layers.Dense(6, activation="tanh", name="trunk")(h)
    outputs = {
        "label": keras.layers.Dense(2, activation="softmax", name="label")(h),
        "value": keras.layers.Dense(1, name="value")(h),
    }
    return _seed_weights(keras.Model({"a": a, "b": b}, outputs, name="two_by_two"), seed=1)


@keras.saving.register_keras_serializable(package="kc_test_saving")
class GatedDense(keras.layers.Layer):
    """tanh(x @ kernel + bias) * sigmoid(x @ gate), plus a nested LayerNormalization."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.norm = keras.layers.LayerNormalization(name="norm")

    def build(self, input_shape):
        dim = input_shape[-1]
        self.kernel = self.add_weight(shape=(dim, self.units), initializer="glorot_uniform")
        self.gate = self.add_weight(shape=(dim, self.units), initializer="glorot_uniform")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros")
        self.norm.build((None, self.units))

    def call(self, x):
        h = ops.tanh(ops.matmul(x, self.kernel) + self.bias) * ops.sigmoid(ops.matmul(x, self.gate))
        return self.norm(h)

    def get_config(self):
        return {**super().get_config(), "units": self.units}


@keras.saving.register_keras_serializable(package="kc_test_saving")
class TinyNet(keras.Model):
    def __init__(self, units=6, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.block = GatedDense(units)
        self.head = keras.layers.Dense(2)

    def call(self, x):
        return self.head(self.block(x))

    def get_config(self):
        return {"units": self.units, "name": self.name}


def make_subclassed():
    model = TinyNet(6, name="tiny")
    model(np.zeros((1, 5), "float32"))
    return _seed_weights(model, seed=2)


def x_single(n=6, dim=5, seed=10):
    return np.random.default_rng(seed).normal(size=(n, dim)).astype("float32")


def x_multi(n=6):
    rng = np.random.default_rng(11)
    return {
        "a": rng.normal(size=(n, 4)).astype("float32"),
        "b": rng.normal(size=(n, 3)).astype("float32"),
    }


def _predict(model, x):
    y = model.predict(x, verbose=0)
    if isinstance(y, dict):
        return {k: np.asarray(v) for k, v in y.items()}
    return np.asarray(y)


def _assert_same(got, want, atol=1e-6):
    if isinstance(want, dict):
        assert sorted(got) == sorted(want)
        for key in want:
            np.testing.assert_allclose(got[key], want[key], atol=atol, rtol=1e-6)
    else:
        np.testing.assert_allclose(got, want, atol=atol, rtol=1e-6)


MODELS = {
    "sequential": (make_sequential, x_single),
    "functional": (make_functional, x_multi),
    "subclassed": (make_subclassed, x_single),
}


# --- whole-model round trips ------------------------------------------------------------------
def test_sequential_matches_numpy_reference_after_reload(tmp_path):
    model = make_sequential()
    x = x_single()
    want = sequential_reference(model, x)
    path = str(tmp_path / "seq.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert type(loaded).__name__ == "Sequential"
    assert [lyr.name for lyr in loaded.layers] == ["hidden", "out"]
    np.testing.assert_allclose(_predict(loaded, x), want, atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_save_load_same_predictions(kind, tmp_path):
    make, data = MODELS[kind]
    model = make()
    x = data()
    want = _predict(model, x)
    path = str(tmp_path / f"{kind}.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert type(loaded) is type(model) or kind == "functional"
    assert len(loaded.weights) == len(model.weights)
    _assert_same(_predict(loaded, x), want)
    for a, b in zip(loaded.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_functional_dict_outputs_keep_their_keys(tmp_path):
    model = make_functional()
    path = str(tmp_path / "f.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    y = loaded.predict(x_multi(), verbose=0)
    assert isinstance(y, dict) and sorted(y) == ["label", "value"]
    np.testing.assert_allclose(np.sum(y["label"], axis=-1), 1.0, rtol=1e-5)  # softmax head
    assert y["value"].shape == (6, 1)


def test_custom_layer_needs_registration_or_custom_objects(tmp_path):
    class LocalScale(keras.layers.Layer):
        def call(self, x):
            return 2.0 * x

    inputs = keras.Input((3,))
    model = keras.Model(inputs, LocalScale(name="scale")(inputs))
    path = str(tmp_path / "local.keras")
    model.save(path)
    with pytest.raises((TypeError, ValueError), match="LocalScale"):
        keras.saving.load_model(path)
    loaded = keras.saving.load_model(path, custom_objects={"LocalScale": LocalScale})
    x = np.arange(6, dtype="float32").reshape(2, 3)
    np.testing.assert_allclose(_predict(loaded, x), 2.0 * x)


@needs_training
@pytest.mark.parametrize("kind", sorted(MODELS))
def test_training_resumes_with_restored_optimizer(kind, tmp_path):
    make, data = MODELS[kind]
    model = make()
    x = data(n=8)
    if kind == "functional":
        y = {
            "label": np.eye(2, dtype="float32")[np.arange(8) % 2],
            "value": np.linspace(-1, 1, 8, dtype="float32")[:, None],
        }
        loss = {"label": "categorical_crossentropy", "value": "mse"}
    else:
        width = 3 if kind == "sequential" else 2
        y = np.linspace(-1, 1, 8 * width, dtype="float32").reshape(8, width)
        loss = "mse"
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss=loss)
    model.train_on_batch(x, y)
    model.train_on_batch(x, y)
    path = str(tmp_path / "trained.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert int(_np(loaded.optimizer.iterations)) == 2
    for a, b in zip(loaded.optimizer.variables, model.optimizer.variables):
        np.testing.assert_array_equal(_np(a), _np(b))
    # train_on_batch reports the loss tracker's running mean: start both from a clean tracker.
    model.reset_metrics()
    loaded.reset_metrics()
    loss_original = model.train_on_batch(x, y)
    loss_loaded = loaded.train_on_batch(x, y)
    np.testing.assert_allclose(loss_loaded, loss_original, rtol=1e-5, atol=1e-6)
    for a, b in zip(loaded.get_weights(), model.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_load_model_compile_false_leaves_model_uncompiled(tmp_path):
    model = make_sequential()
    model.compile(optimizer="sgd", loss="mse")
    path = str(tmp_path / "c.keras")
    model.save(path)
    assert keras.saving.load_model(path).compiled
    assert not keras.saving.load_model(path, compile=False).compiled


# --- archive layout -----------------------------------------------------------------------------
def test_archive_layout_matches_keras(tmp_path):
    model = make_functional()
    path = str(tmp_path / "layout.keras")
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["metadata.json", "config.json", "model.weights.h5"]
        config = json.loads(archive.read("config.json"))
        metadata = json.loads(archive.read("metadata.json"))
        with h5py.File(__import__("io").BytesIO(archive.read("model.weights.h5")), "r") as f:
            datasets = []
            f.visititems(lambda p, o: datasets.append(p) if isinstance(o, h5py.Dataset) else None)
            name_of = {p: f[p].attrs["name"] for p in ["layers/dense/vars", "layers/dense_2/vars"]}
    assert sorted(config) == [
        "build_config",
        "class_name",
        "compile_config",
        "config",
        "module",
        "registered_name",
    ]
    assert config["class_name"] == "Functional"
    assert config["module"] == "keras.src.models.functional"
    assert config["compile_config"] == {}
    assert sorted(metadata) == ["date_saved", "keras_version"]
    # Layers are keyed by snake_case class name in model order, not by their names.
    assert sorted(datasets) == sorted(
        [f"layers/dense{s}/vars/{i}" for s in ("", "_1", "_2", "_3", "_4") for i in (0, 1)]
    )
    assert name_of == {"layers/dense/vars": "da", "layers/dense_2/vars": "trunk"}


def test_overwrite_false_refuses_existing_file(tmp_path):
    model = make_sequential()
    path = str(tmp_path / "m.keras")
    model.save(path)
    with pytest.raises(FileExistsError, match="m.keras"):
        model.save(path, overwrite=False)


def test_wrong_suffix_is_refused(tmp_path):
    model = make_sequential()
    with pytest.raises(ValueError, match=r"\.keras"):
        model.save(str(tmp_path / "m.zip"))
    with pytest.raises(ValueError, match=r"\.weights\.h5"):
        model.save_weights(str(tmp_path / "m.h5"))


def test_missing_file_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothere.keras"):
        keras.saving.load_model(str(tmp_path / "nothere.keras"))


# --- weights files ------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", sorted(MODELS))
def test_save_weights_load_weights(kind, tmp_path):
    make, data = MODELS[kind]
    model = make()
    x = data()
    want = _predict(model, x)
    path = str(tmp_path / "w.weights.h5")
    model.save_weights(path)
    other = make()
    _seed_weights(other, seed=99)
    assert not np.allclose(other.get_weights()[0], model.get_weights()[0])
    other.load_weights(path)
    _assert_same(_predict(other, x), want)


def test_load_weights_from_keras_archive(tmp_path):
    model = make_sequential()
    path = str(tmp_path / "m.keras")
    model.save(path)
    other = _seed_weights(make_sequential(), seed=5)
    other.load_weights(path)
    for a, b in zip(other.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)


def _wider_sequential():
    model = keras.Sequential(
        [
            keras.Input((5,)),
            keras.layers.Dense(8, activation="relu", name="hidden"),
            keras.layers.Dense(4, name="out"),
        ]
    )
    return _seed_weights(model, seed=3)


def test_load_weights_shape_mismatch_names_layer(tmp_path):
    path = str(tmp_path / "w.weights.h5")
    make_sequential().save_weights(path)
    with pytest.raises(ValueError, match="out"):
        _wider_sequential().load_weights(path)


def test_load_weights_skip_mismatch_loads_the_rest(tmp_path):
    source = make_sequential()
    path = str(tmp_path / "w.weights.h5")
    source.save_weights(path)
    target = _wider_sequential()
    before_out = [w.copy() for w in target.layers[1].get_weights()]
    with pytest.warns(UserWarning, match="Skipping"):
        target.load_weights(path, skip_mismatch=True)
    for a, b in zip(target.layers[0].get_weights(), source.layers[0].get_weights()):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(target.layers[1].get_weights(), before_out):
        np.testing.assert_array_equal(a, b)


def test_load_weights_missing_layer_is_an_error_unless_skipped(tmp_path):
    small = keras.Sequential([keras.Input((5,)), keras.layers.Dense(8, name="hidden")])
    _seed_weights(small)
    path = str(tmp_path / "small.weights.h5")
    small.save_weights(path)
    target = make_sequential()
    with pytest.raises(ValueError, match="dense_1"):
        target.load_weights(path)
    target.load_weights(path, skip_mismatch=True)
    np.testing.assert_array_equal(
        target.layers[0].get_weights()[0], small.layers[0].get_weights()[0]
    )


def test_weights_file_stores_datasets_by_class_key(tmp_path):
    model = make_sequential()
    path = str(tmp_path / "w.weights.h5")
    model.save_weights(path)
    with h5py.File(path, "r") as f:
        np.testing.assert_array_equal(
            f["layers/dense/vars/0"][()], model.layers[0].get_weights()[0]
        )
        np.testing.assert_array_equal(
            f["layers/dense_1/vars/1"][()], model.layers[1].get_weights()[1]
        )
        assert f["layers/dense_1/vars"].attrs["name"] == "out"


# --- JSON and cloning ---------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["sequential", "functional"])
def test_to_json_model_from_json(kind):
    make, data = MODELS[kind]
    model = make()
    text = model.to_json()
    parsed = json.loads(text)
    assert parsed["class_name"] in ("Sequential", "Functional")
    rebuilt = keras.models.model_from_json(text)
    assert [lyr.name for lyr in rebuilt.layers] == [lyr.name for lyr in model.layers]
    rebuilt.set_weights(model.get_weights())
    _assert_same(_predict(rebuilt, data()), _predict(model, data()))


def test_clone_model_with_clone_function():
    model = make_sequential()
    seen = []

    def clone_function(layer):
        seen.append(layer.name)
        config = layer.get_config()
        if layer.name == "hidden":
            config["activation"] = "linear"
        return layer.__class__.from_config(config)

    clone = keras.models.clone_model(model, clone_function=clone_function)
    assert "hidden" in seen and "out" in seen
    clone.set_weights(model.get_weights())
    x = x_single()
    (k1, b1), (k2, b2) = [tuple(lyr.get_weights()) for lyr in model.layers]
    np.testing.assert_allclose(_predict(clone, x), (x @ k1 + b1) @ k2 + b2, atol=1e-5, rtol=1e-5)
    assert clone.layers[0] is not model.layers[0]


def test_clone_model_functional_has_fresh_weights_same_structure():
    model = make_functional()
    clone = keras.models.clone_model(model)
    assert [type(lyr).__name__ for lyr in clone.layers] == [
        type(lyr).__name__ for lyr in model.layers
    ]
    assert [w.shape for w in clone.weights] == [w.shape for w in model.weights]
    clone.set_weights(model.get_weights())
    _assert_same(_predict(clone, x_multi()), _predict(model, x_multi()))


# --- across backends ----------------------------------------------------------------------------
_LOADER = """
import sys, numpy as np, keras
path, inputs, out = sys.argv[1:4]
data = np.load(inputs)
model = keras.saving.load_model(path)
y = model.predict({k: data[k] for k in data.files} if len(data.files) > 1 else data[data.files[0]],
                  verbose=0)
ys = y if isinstance(y, dict) else {"y": y}
np.savez(out, **{k: np.asarray(v) for k, v in ys.items()})
print(keras.config.backend())
"""
_NEXT_BACKEND = {"jax": "torch", "torch": "tensorflow", "tensorflow": "numpy", "numpy": "jax"}


def _run_on(backend, *args):
    env = dict(os.environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="3")
    result = subprocess.run(
        [sys.executable, "-c", _LOADER, *args], env=env, capture_output=True, text=True, timeout=240
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == backend


def test_file_saved_here_loads_on_another_backend(tmp_path):
    """Saved under this backend, loaded under the next one in the cycle jax -> torch ->
    tensorflow -> numpy -> jax, so every backend writes and reads once across the suite."""
    other = _NEXT_BACKEND[BACKEND]
    model = make_functional()
    x = x_multi()
    want = _predict(model, x)
    path = str(tmp_path / "cross.keras")
    model.save(path)
    np.savez(str(tmp_path / "x.npz"), **x)
    _run_on(other, path, str(tmp_path / "x.npz"), str(tmp_path / "y.npz"))
    got = np.load(str(tmp_path / "y.npz"))
    _assert_same({k: got[k] for k in got.files}, want, atol=1e-5)


def test_compiled_model_loads_weights_saved_without_optimizer_state(tmp_path):
    source = make_sequential()
    path = str(tmp_path / "plain.weights.h5")
    source.save_weights(path)
    target = _seed_weights(make_sequential(), seed=4)
    target.compile(optimizer="adam", loss="mse")
    with pytest.warns(UserWarning, match=r"holds no state for 'adam.*' \(at 'optimizer'\)"):
        target.load_weights(path)
    for a, b in zip(target.get_weights(), source.get_weights()):
        np.testing.assert_array_equal(a, b)


@needs_training
def test_optimizer_state_travels_in_weights_file(tmp_path):
    model = make_sequential()
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
    x, y = x_single(n=4), np.ones((4, 3), "float32")
    model.train_on_batch(x, y)
    path = str(tmp_path / "trained.weights.h5")
    model.save_weights(path)
    with h5py.File(path, "r") as f:
        assert f["optimizer/vars/0"][()] == 1  # iterations, as Keras stores it
    other = make_sequential()
    other.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
    other.load_weights(path)
    assert int(_np(other.optimizer.iterations)) == 1
    for a, b in zip(other.optimizer.variables, model.optimizer.variables):
        np.testing.assert_array_equal(_np(a), _np(b))


def test_nested_model_round_trip_and_layout(tmp_path):
    inner = keras.Sequential(
        [keras.Input((5,)), keras.layers.Dense(4, name="inner_dense")], name="inner"
    )
    inputs = keras.Input((5,))
    model = keras.Model(inputs, keras.layers.Dense(2, name="top")(inner(inputs)))
    _seed_weights(model, seed=6)
    path = str(tmp_path / "nested.weights.h5")
    model.save_weights(path)
    with h5py.File(path, "r") as f:
        np.testing.assert_array_equal(
            f["layers/sequential/layers/dense/vars/0"][()], inner.layers[0].get_weights()[0]
        )
        np.testing.assert_array_equal(
            f["layers/dense/vars/0"][()], model.layers[-1].get_weights()[0]
        )
    keras_path = str(tmp_path / "nested.keras")
    model.save(keras_path)
    loaded = keras.saving.load_model(keras_path)
    x = x_single()
    _assert_same(_predict(loaded, x), _predict(model, x))


def test_weights_store_checksums_numbers_and_keeps_text(tmp_path):
    from kc_saving.weights_store import H5WeightsFile

    path = str(tmp_path / "store.weights.h5")
    with H5WeightsFile(path, "w") as store:
        group = store.make("layers/thing", name="thing")
        group["0"] = np.arange(6, dtype="float32").reshape(2, 3)
        group["1"] = np.int64(7)
        group["2"] = np.array(["alpha", "βeta"])
    with h5py.File(path, "r") as f:
        assert f["layers/thing/vars/0"].fletcher32
        assert f["layers/thing/vars"].attrs["name"] == "thing"
    with H5WeightsFile(path, "r") as store:
        group = store.get("layers/thing")
        assert group.keys() == ["0", "1", "2"]
        np.testing.assert_array_equal(group["0"], np.arange(6).reshape(2, 3))
        assert group["1"] == 7
        assert list(group["2"]) == ["alpha", "βeta"]
        assert store.get("layers/other") is None
