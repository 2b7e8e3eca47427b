"""Files saved by real Keras 3.15 (`../shared/fixtures/keras-3.15/`) load here with the same
predictions, on every backend; files we save again keep Keras's layout.

The expected values come from the fixtures themselves (real Keras's predictions, its config
JSON, and the HDF5 datasets read directly with h5py), never from our own code.
"""

import importlib.util
import io
import json
import os
import sys
import zipfile

import h5py
import kc_ops
import keras
import numpy as np
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(REPO, "..", "shared", "fixtures", "keras-3.15")
NAMES = [
    "mnist_convnet",
    "functional_multi_io",
    "rnn_stack",
    "transformer_block",
    "custom_registered",
]

pytestmark = pytest.mark.skipif(
    not os.path.isdir(FIXTURES), reason=f"fixtures directory {FIXTURES} is absent"
)


def _meta(name):
    with open(os.path.join(FIXTURES, name + ".json")) as f:
        return json.load(f)


def _missing_layers(name):
    """Keras layer classes this fixture uses that kc does not implement yet."""
    if not os.path.isdir(FIXTURES):
        return []
    meta = _meta(name)
    custom = {"GatedResidual"} if meta["custom_module"] else set()
    needed = set(meta["all_layer_classes"]) - custom
    return sorted(c for c in needed if not hasattr(keras.layers, c))


def _fixture_params(names):
    params = []
    for name in names:
        missing = _missing_layers(name)
        marks = [pytest.mark.skip(reason=f"needs {', '.join(missing)}")] if missing else []
        params.append(pytest.param(name, marks=marks, id=name))
    return params


ALL = _fixture_params(NAMES)


def _register_custom(meta):
    module_file = meta["custom_module"]
    if not module_file:
        return
    module_name = module_file[:-3]
    if module_name in sys.modules:
        return
    spec = importlib.util.spec_from_file_location(module_name, os.path.join(FIXTURES, module_file))
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)


class Fixture:
    def __init__(self, name):
        self.name = name
        self.meta = _meta(name)
        _register_custom(self.meta)
        inputs = np.load(self.path(".inputs.npz"))
        self.x = [inputs[i["key"]] for i in self.meta["inputs"]]
        outputs = np.load(self.path(".outputs.npz"))
        self.want = [outputs[o["key"]] for o in self.meta["outputs"]]
        self.tol = self.meta["tolerance"]

    def path(self, suffix):
        return os.path.join(FIXTURES, self.name + suffix)

    def config(self):
        with open(self.path(".config.json")) as f:
            return json.load(f)

    def check_predictions(self, model):
        y = model.predict(self.x if len(self.x) > 1 else self.x[0], verbose=0)
        ys = list(y) if isinstance(y, (list, tuple)) else [y]
        assert len(ys) == len(self.want), (
            f"{self.name}: {len(ys)} outputs, expected {len(self.want)}"
        )
        for got, want in zip(ys, self.want):
            np.testing.assert_allclose(
                np.asarray(got), want, atol=self.tol["atol"], rtol=self.tol["rtol"]
            )


_cache = {}


def fixture(name):
    if name not in _cache:
        _cache[name] = Fixture(name)
    return _cache[name]


def _no_torch_compile(model):
    """mnist_convnet's compile config says jit_compile=True; torch.compile's start-up costs
    ~20 s on CI's 2 cores, so torch tests run the compiled model eagerly."""
    if kc_ops.backend() == "torch" and getattr(model, "compiled", False):
        model.run_eagerly = True
    return model


def _load(path):
    return _no_torch_compile(keras.saving.load_model(path))


def _loaded(name):
    key = ("model", name)
    if key not in _cache:
        _cache[key] = _load(fixture(name).path(".keras"))
    return _cache[key]


def _h5_layout(source):
    """{dataset path: shape} and {`vars` group holding datasets: its `name` attribute} of an
    HDF5 file. (Empty groups of variable-less objects do not matter to a loader.)"""
    layout, names = {}, {}
    with h5py.File(source, "r") as f:

        def visit(path, item):
            if isinstance(item, h5py.Dataset):
                layout[path] = tuple(item.shape)
            elif "name" in item.attrs and len(item):
                value = item.attrs["name"]
                names[path] = value.decode() if isinstance(value, bytes) else str(value)

        f.visititems(visit)
    return layout, names


def _archive_weights(path):
    with zipfile.ZipFile(path) as archive:
        return io.BytesIO(archive.read("model.weights.h5"))


def _strip_shared_ids(value):
    if isinstance(value, dict):
        return {k: _strip_shared_ids(v) for k, v in value.items() if k != "shared_object_id"}
    if isinstance(value, list):
        return [_strip_shared_ids(v) for v in value]
    return value


def _layer_name(layer_config):
    return layer_config.get("name") or layer_config["config"]["name"]


def _flat_refs(refs):
    """Functional `input_layers` / `output_layers`: Keras writes one ref unnested."""
    if refs and not isinstance(refs[0], list):
        return [refs]
    return refs


# --- 1. loading real Keras files ---------------------------------------------------------------
@pytest.mark.parametrize("name", ALL)
def test_load_model_reproduces_predictions(name):
    model = _loaded(name)
    fx = fixture(name)
    assert type(model).__name__ == fx.meta["class_name"]
    assert model.count_params() == fx.meta["param_count"]
    assert [type(lyr).__name__ for lyr in model.layers if type(lyr).__name__ != "InputLayer"] == [
        c for c in fx.meta["layer_classes"] if c != "InputLayer"
    ]
    fx.check_predictions(model)


@pytest.mark.parametrize("name", ALL)
def test_load_weights_into_model_from_config(name):
    fx = fixture(name)
    cls = keras.Sequential if fx.meta["class_name"] == "Sequential" else keras.Model
    rebuilt = cls.from_config(fx.config())
    rebuilt.load_weights(fx.path(".weights.h5"))
    fx.check_predictions(rebuilt)


@pytest.mark.parametrize("name", ALL)
def test_model_from_json_of_fixture_config(name):
    fx = fixture(name)
    with zipfile.ZipFile(fx.path(".keras")) as archive:
        archive_config = json.loads(archive.read("config.json"))
    text = json.dumps(
        {k: archive_config[k] for k in ("module", "class_name", "config", "registered_name")}
    )
    model = keras.models.model_from_json(text)
    model.load_weights(fx.path(".weights.h5"))
    fx.check_predictions(model)


@pytest.mark.parametrize("name", ALL)
def test_get_config_matches_keras(name):
    fx = fixture(name)
    ours = _strip_shared_ids(json.loads(json.dumps(_loaded(name).get_config())))
    want = _strip_shared_ids(fx.config())
    assert sorted(ours) == sorted(want)
    for key in ("name", "trainable"):
        assert ours[key] == want[key]
    for key in ("input_layers", "output_layers"):
        if key in want:
            assert _flat_refs(ours[key]) == _flat_refs(want[key])
    assert sorted(map(_layer_name, ours["layers"])) == sorted(map(_layer_name, want["layers"]))
    by_name = {_layer_name(layer): layer for layer in ours["layers"]}
    for expected in want["layers"]:
        got = by_name[_layer_name(expected)]
        where = f"{name}: layer {_layer_name(expected)!r}"
        assert got["class_name"] == expected["class_name"], where
        assert got.get("module") == expected.get("module"), where
        assert got.get("registered_name") == expected.get("registered_name"), where
        assert got["config"] == expected["config"], where
        if "inbound_nodes" in expected:
            assert got["inbound_nodes"] == expected["inbound_nodes"], where
        if "build_config" in expected:  # we may record more build configs, never fewer
            assert got.get("build_config") == expected["build_config"], where


@pytest.mark.parametrize("name", ALL)
def test_layer_order_matches_keras(name):
    """Keras orders a Functional's layers by depth from the inputs, ties by first visit in a
    depth-first walk from the outputs. Weights of same-class layers are keyed by that order
    (`dense`, `dense_1`, ...), so it must match for files to be exchanged safely."""
    ours = [_layer_name(layer) for layer in _loaded(name).get_config()["layers"]]
    want = [_layer_name(layer) for layer in fixture(name).config()["layers"]]
    assert ours == want


def test_sequential_build_input_shape():
    config = _loaded("mnist_convnet").get_config()
    assert config.get("build_input_shape") == fixture("mnist_convnet").config()["build_input_shape"]


# --- 2. mnist_convnet: compile config and optimizer state ----------------------------------------
def test_mnist_restores_optimizer_and_compile_config():
    fx = fixture("mnist_convnet")
    model = keras.saving.load_model(fx.path(".keras"))
    with zipfile.ZipFile(fx.path(".keras")) as archive:
        want = json.loads(archive.read("config.json"))["compile_config"]
    assert model.compiled
    optimizer = model.optimizer
    assert type(optimizer).__name__ == "Adam"
    assert (
        int(kc_ops.convert_to_numpy(optimizer.iterations)) == fx.meta["optimizer_iterations"] == 4
    )
    config = optimizer.get_config()
    for key in ("learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad"):
        np.testing.assert_allclose(config[key], want["optimizer"]["config"][key], rtol=1e-6)
    got = model.get_compile_config()
    loss = (
        keras.saving.serialize_keras_object(got["loss"])
        if not isinstance(got["loss"], dict)
        else got["loss"]
    )
    assert loss["class_name"] == want["loss"]["class_name"] == "SparseCategoricalCrossentropy"
    metrics = [
        m if isinstance(m, dict) else keras.saving.serialize_keras_object(m) for m in got["metrics"]
    ]
    assert [(m["class_name"], m["config"]["name"]) for m in metrics] == [
        (m["class_name"], m["config"]["name"]) for m in want["metrics"]
    ]
    # Every optimizer variable equals the dataset Keras wrote (read here with h5py directly).
    with h5py.File(_archive_weights(fx.path(".keras")), "r") as f:
        stored = f["optimizer/vars"]
        assert len(stored) == len(optimizer.variables) == 22
        for index, variable in enumerate(optimizer.variables):
            np.testing.assert_array_equal(kc_ops.convert_to_numpy(variable), stored[str(index)][()])


@pytest.mark.skipif(kc_ops.backend() == "numpy", reason="training is not supported on numpy")
def test_mnist_training_resumes_from_loaded_state():
    fx = fixture("mnist_convnet")
    model = _load(fx.path(".keras"))
    x = fx.x[0]
    y = np.array([1, 7, 3, 0])
    model.train_on_batch(x, y)
    assert int(kc_ops.convert_to_numpy(model.optimizer.iterations)) == 5
    # Adam's step 5 uses the restored moments: a second, freshly loaded copy whose moments are
    # zeroed must end up with different weights.
    fresh = _load(fx.path(".keras"))
    for variable in fresh.optimizer.variables[2:]:
        variable.assign(np.zeros(variable.shape, dtype="float32"))
    fresh.train_on_batch(x, y)
    changed = [not np.allclose(a, b) for a, b in zip(model.get_weights(), fresh.get_weights())]
    assert any(changed)


# --- 3. our files keep Keras's layout -----------------------------------------------------------
@pytest.mark.parametrize("name", ALL)
def test_resaved_archive_has_keras_layout(name, tmp_path):
    fx = fixture(name)
    model = _loaded(name)
    target = str(tmp_path / "again.keras")
    model.save(target)
    with zipfile.ZipFile(fx.path(".keras")) as theirs, zipfile.ZipFile(target) as ours:
        assert ours.namelist() == theirs.namelist()
        their_config = json.loads(theirs.read("config.json"))
        our_config = json.loads(ours.read("config.json"))
        assert sorted(our_config) == sorted(their_config)
        for key in ("module", "class_name", "registered_name"):
            assert our_config[key] == their_config[key]
        if fx.meta["class_name"] == "Sequential":
            assert our_config["build_config"] == their_config["build_config"]
        metadata = json.loads(ours.read("metadata.json"))
        assert set(metadata) >= {"keras_version", "date_saved"}
        assert metadata["keras_version"].startswith("3.")
    their_layout, their_names = _h5_layout(_archive_weights(fx.path(".keras")))
    our_layout, our_names = _h5_layout(_archive_weights(target))
    assert our_layout == their_layout
    assert our_names == their_names
    again = _load(target)
    fx.check_predictions(again)


@pytest.mark.parametrize("name", ALL)
def test_resaved_weights_file_has_keras_layout(name, tmp_path):
    fx = fixture(name)
    model = _loaded(name)
    target = str(tmp_path / "again.weights.h5")
    model.save_weights(target)
    their_layout, _ = _h5_layout(fx.path(".weights.h5"))
    our_layout, _ = _h5_layout(target)
    assert our_layout == their_layout
    cls = keras.Sequential if fx.meta["class_name"] == "Sequential" else keras.Model
    rebuilt = cls.from_config(fx.config())
    rebuilt.load_weights(target)
    fx.check_predictions(rebuilt)
