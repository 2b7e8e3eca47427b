import os
import subprocess
import sys

import keras

PACKAGE_DIR = os.path.join("packages", "keras", "src", "keras")


def test_keras_is_ours():
    assert PACKAGE_DIR in keras.__file__
    assert keras.__version__ == "3.15.0"


def test_importing_tensorflow_keeps_our_keras():
    code = (
        "import keras, importlib.util\n"
        "if importlib.util.find_spec('tensorflow'):\n"
        "    import tensorflow\n"
        "import keras as again\n"
        "print(again.__file__)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert PACKAGE_DIR in result.stdout


def test_installed_keras_distribution_is_ours():
    from importlib import metadata

    dist = metadata.distribution("keras")
    assert dist.version == "3.15.0"
    assert "kc-ops" in " ".join(dist.requires or [])


def test_import_keras_is_lazy():
    code = "import sys, keras; print('kc_layers' in sys.modules, 'kc_train' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False", "False"]


def test_public_core_names():
    assert keras.config.backend() in ("numpy", "jax", "torch", "tensorflow")
    assert keras.random.normal((2,), seed=1).shape == (2,)
    assert keras.tree.flatten([1, [2]]) == [1, 2]
    assert keras.backend.result_type("int8", "int16") == "int16"
