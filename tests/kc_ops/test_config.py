import json
import os
import subprocess
import sys

import pytest

from kc_ops import config


def run_python(code, **env):
    environment = dict(os.environ, **env)
    return subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True)


def test_backend_matches_environment():
    assert config.backend() == os.environ.get("KERAS_BACKEND", config.backend())


def test_unknown_backend_is_a_clear_error():
    result = run_python("import kc_ops", KERAS_BACKEND="cntk")
    assert result.returncode != 0
    assert "Unknown backend 'cntk'" in result.stderr
    assert "numpy, jax, torch, tensorflow" in result.stderr


def test_keras_json_is_created_and_read(tmp_path):
    env = {"KERAS_HOME": str(tmp_path), "KERAS_BACKEND": ""}
    result = run_python("import kc_ops.config as c; print(c.backend())", **env)
    assert result.returncode == 0, result.stderr
    saved = json.loads((tmp_path / "keras.json").read_text())
    assert saved["backend"] == result.stdout.strip()
    assert saved["floatx"] == "float32" and saved["image_data_format"] == "channels_last"
    (tmp_path / "keras.json").write_text(json.dumps({"backend": "numpy", "epsilon": 1e-5}))
    result = run_python("import kc_ops.config as c; print(c.backend(), c.epsilon())", **env)
    assert result.stdout.split() == ["numpy", "1e-05"]


def test_numpy_backend_imports_no_framework():
    code = "import sys, kc_ops; print(sorted(m for m in ('jax', 'torch', 'tensorflow') if m in sys.modules))"
    result = run_python(code, KERAS_BACKEND="numpy")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_floatx_epsilon_and_data_format_setters():
    old = (config.floatx(), config.epsilon(), config.image_data_format())
    try:
        config.set_floatx("float16")
        config.set_epsilon(1e-3)
        config.set_image_data_format("channels_first")
        assert (config.floatx(), config.epsilon(), config.image_data_format()) == (
            "float16", 1e-3, "channels_first")
        with pytest.raises(ValueError, match="Unknown floatx"):
            config.set_floatx("int8")
        with pytest.raises(ValueError, match="channels_last"):
            config.set_image_data_format("nhwc")
    finally:
        config.set_floatx(old[0])
        config.set_epsilon(old[1])
        config.set_image_data_format(old[2])


def test_flags():
    config.disable_interactive_logging()
    assert not config.is_interactive_logging_enabled()
    config.enable_interactive_logging()
    assert config.is_interactive_logging_enabled()
    assert config.in_safe_mode_by_default()
