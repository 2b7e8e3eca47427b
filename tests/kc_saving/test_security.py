"""Loading never runs code from a file unless the user opts out of safe mode, never imports a
module a config names, and never writes outside its target: checked with hand-made malicious
`.keras` archives. Each payload would create a marker file if it ever ran; the tests check the
marker is absent after the refusal (and, for the lambda, present when safe mode is off)."""

import base64
import io
import json
import marshal
import os
import sys
import zipfile

import h5py
import keras
import numpy as np
import pytest


def _empty_weights():
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        f.create_group("vars")
    return buffer.getvalue()


def write_archive(path, config, members=None):
    """A `.keras` archive written by hand: metadata, the given config, an empty weights file,
    plus any extra `{member name: bytes}`."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "metadata.json",
            json.dumps({"keras_version": "3.15.1", "date_saved": "2026-01-01@00:00:00"}),
        )
        archive.writestr("config.json", json.dumps(config))
        archive.writestr("model.weights.h5", _empty_weights())
        for name, data in (members or {}).items():
            archive.writestr(zipfile.ZipInfo(name), data)
    return str(path)


def _dtype():
    return {
        "module": "keras",
        "class_name": "DTypePolicy",
        "config": {"name": "float32"},
        "registered_name": None,
    }


def sequential_config(*layers):
    input_layer = {
        "module": "keras.layers",
        "class_name": "InputLayer",
        "registered_name": None,
        "config": {
            "batch_shape": [None, 3],
            "dtype": "float32",
            "sparse": False,
            "ragged": False,
            "name": "input_layer",
        },
    }
    return {
        "module": "keras",
        "class_name": "Sequential",
        "registered_name": None,
        "config": {
            "name": "sequential",
            "trainable": True,
            "dtype": _dtype(),
            "layers": [input_layer, *layers],
        },
        "build_config": {"input_shape": [None, 3]},
        "compile_config": {},
    }


def dense_config(activation="linear", name="dense"):
    return {
        "module": "keras.layers",
        "class_name": "Dense",
        "registered_name": None,
        "config": {
            "name": name,
            "trainable": True,
            "dtype": _dtype(),
            "units": 2,
            "activation": activation,
            "use_bias": True,
        },
    }


def lambda_payload(marker):
    """Keras's `__lambda__` config for `x -> x`, which also creates `marker` when it runs."""
    code = (lambda x, path=None: (open(path, "w").close(), x)[1]).__code__
    return {
        "class_name": "__lambda__",
        "config": {
            "code": base64.b64encode(marshal.dumps(code)).decode("ascii"),
            "defaults": [str(marker)],
            "closure": None,
        },
    }


def lambda_layer_config(function, name="lam"):
    return {
        "module": "keras.layers",
        "class_name": "Lambda",
        "registered_name": None,
        "config": {
            "name": name,
            "trainable": True,
            "dtype": _dtype(),
            "function": function,
            "arguments": {},
        },
    }


# --- code in a config -----------------------------------------------------------------------------
def test_lambda_bytecode_is_refused_and_never_runs(tmp_path):
    marker = tmp_path / "lambda_ran"
    path = write_archive(
        tmp_path / "evil.keras", sequential_config(lambda_layer_config(lambda_payload(marker)))
    )
    with pytest.raises(
        ValueError, match="Refusing to deserialize a Python lambda.*safe_mode=False"
    ):
        keras.saving.load_model(path)
    with pytest.raises(ValueError, match="Refusing to deserialize a Python lambda"):
        keras.saving.load_model(path, safe_mode=True)
    assert not marker.exists()


def test_lambda_payload_really_runs_without_safe_mode(tmp_path):
    """The control for the test above: the same payload does execute once the user opts out."""
    marker = tmp_path / "lambda_ran"
    path = write_archive(
        tmp_path / "evil.keras", sequential_config(lambda_layer_config(lambda_payload(marker)))
    )
    model = keras.saving.load_model(path, safe_mode=False)
    x = np.arange(6, dtype="float32").reshape(2, 3)
    np.testing.assert_allclose(np.asarray(model.predict(x, verbose=0)), x)
    assert marker.exists()


def test_nested_lambda_in_an_activation_is_refused(tmp_path):
    marker = tmp_path / "activation_ran"
    path = write_archive(
        tmp_path / "evil.keras", sequential_config(dense_config(activation=lambda_payload(marker)))
    )
    with pytest.raises(ValueError, match="Refusing to deserialize a Python lambda"):
        keras.saving.load_model(path)
    assert not marker.exists()


def test_keras2_style_lambda_is_refused():
    config = {
        "class_name": "Lambda",
        "config": {
            "name": "lam",
            "function": ["4wEAAAAAAAAAAAAAAAE=", None, None],
            "function_type": "lambda",
            "arguments": {},
        },
    }
    with pytest.raises(ValueError, match="Refusing to deserialize a Python lambda"):
        keras.saving.deserialize_keras_object(config)


# --- foreign modules and callables ----------------------------------------------------------------
@pytest.fixture
def evil_module(tmp_path, monkeypatch):
    """A module on sys.path that creates a marker file the moment it is imported."""
    name = "kc_evil_payload_module"
    marker = tmp_path / "module_imported"
    (tmp_path / f"{name}.py").write_text(
        f"open({str(marker)!r}, 'w').close()\n"
        "def run(x):\n    return x\n"
        "class Evil:\n    def __init__(self, **kwargs):\n        pass\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop(name, None)
    yield name, marker
    sys.modules.pop(name, None)


@pytest.mark.parametrize("safe_mode", [True, False])
def test_unknown_module_is_refused_before_import(tmp_path, evil_module, safe_mode):
    name, marker = evil_module
    as_function = dense_config(
        activation={
            "module": name,
            "class_name": "function",
            "config": "run",
            "registered_name": None,
        }
    )
    as_class = {"module": name, "class_name": "Evil", "config": {}, "registered_name": None}
    for index, layer in enumerate([as_function, as_class]):
        path = write_archive(tmp_path / f"evil{index}.keras", sequential_config(layer))
        with pytest.raises(ValueError, match=f"Refusing to deserialize .* from module '{name}'"):
            keras.saving.load_model(path, safe_mode=safe_mode)
    assert not marker.exists()
    assert name not in sys.modules


DANGEROUS = [
    ("os", "system", {"command": "touch {marker}"}),
    ("subprocess", "Popen", {"args": ["touch", "{marker}"]}),
    ("builtins", "eval", {"source": "open({marker!r}, 'w')"}),
    ("importlib", "import_module", {"name": "kc_evil_payload_module"}),
    ("posix", "system", {"command": "touch {marker}"}),
]


@pytest.mark.parametrize(
    "module, attribute, kwargs", DANGEROUS, ids=[f"{m}.{a}" for m, a, _ in DANGEROUS]
)
def test_dangerous_callables_are_refused(tmp_path, module, attribute, kwargs):
    marker = tmp_path / "ran"
    kwargs = json.loads(
        json.dumps(kwargs).replace("{marker}", str(marker)).replace("{marker!r}", repr(str(marker)))
    )
    as_class = {
        "module": module,
        "class_name": attribute,
        "config": kwargs,
        "registered_name": None,
    }
    as_function = dense_config(
        activation={
            "module": module,
            "class_name": "function",
            "config": attribute,
            "registered_name": attribute,
        }
    )
    for index, layer in enumerate([as_class, as_function]):
        path = write_archive(tmp_path / f"e{index}.keras", sequential_config(layer))
        for safe_mode in (True, False):
            with pytest.raises(
                ValueError, match=f"Refusing to deserialize '{attribute}' from module '{module}'"
            ):
                keras.saving.load_model(path, safe_mode=safe_mode)
    assert not marker.exists()


def test_keras_module_name_cannot_smuggle_a_builtin(tmp_path):
    """`module: "keras"` only searches keras's public namespaces: `eval` is not found there."""
    marker = tmp_path / "ran"
    layer = {
        "module": "keras",
        "class_name": "eval",
        "registered_name": None,
        "config": {"source": f"open({str(marker)!r}, 'w')"},
    }
    path = write_archive(tmp_path / "e.keras", sequential_config(layer))
    with pytest.raises((TypeError, ValueError), match="eval"):
        keras.saving.load_model(path)
    assert not marker.exists()


# --- the zip archive itself -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "member",
    [
        "/tmp/kc_evil_absolute.txt",
        "../kc_evil_parent.txt",
        "assets/../../kc_evil_nested.txt",
        "C:/kc_evil_drive.txt",
        "..\\kc_evil_backslash.txt",
    ],
)
def test_unsafe_member_paths_are_refused(tmp_path, member):
    work = tmp_path / "inner"
    work.mkdir()
    path = write_archive(
        work / "m.keras", sequential_config(dense_config()), members={member: b"owned"}
    )
    before = set(os.listdir(tmp_path)), set(os.listdir(work))
    cwd = os.getcwd()
    os.chdir(work)
    try:
        with pytest.raises(ValueError, match="unsafe member"):
            keras.saving.load_model(path)
        with pytest.raises(ValueError, match="unsafe member"):
            keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]).load_weights(path)
    finally:
        os.chdir(cwd)
    assert (set(os.listdir(tmp_path)), set(os.listdir(work))) == before
    assert not os.path.exists("/tmp/kc_evil_absolute.txt")


def test_duplicate_member_names_are_refused(tmp_path):
    """A second `config.json` could hide from a reviewer reading only the first one."""
    path = write_archive(
        tmp_path / "dup.keras", sequential_config(dense_config()), members={"config.json": b"{}"}
    )
    with pytest.raises(ValueError, match="config.json"):
        keras.saving.load_model(path)


# --- opting out -------------------------------------------------------------------------------
def test_benign_lambda_loads_with_safe_mode_off(tmp_path):
    model = keras.Sequential(
        [keras.Input((3,)), keras.layers.Lambda(lambda x: x * 2 + 1, name="affine")]
    )
    path = str(tmp_path / "lambda.keras")
    model.save(path)
    with pytest.raises(ValueError, match="safe_mode"):
        keras.saving.load_model(path)
    loaded = keras.saving.load_model(path, safe_mode=False)
    x = np.arange(6, dtype="float32").reshape(2, 3)
    np.testing.assert_allclose(np.asarray(loaded.predict(x, verbose=0)), x * 2 + 1)
