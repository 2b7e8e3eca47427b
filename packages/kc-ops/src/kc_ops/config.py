"""Global configuration: backend choice, floatx, epsilon, image data format and flags.

The backend comes from `KERAS_BACKEND`, else from `$KERAS_HOME/keras.json` (default
`~/.keras/keras.json`, written with defaults on first use when the folder is writable), else
jax when installed, else numpy.
"""

import importlib.util
import json
import os

BACKENDS = ("numpy", "jax", "torch", "tensorflow")
_FRAMEWORK_MODULE = {"numpy": "numpy", "jax": "jax", "torch": "torch", "tensorflow": "tensorflow"}
_FLOATX = ("float16", "bfloat16", "float32", "float64")
_DATA_FORMATS = ("channels_last", "channels_first")

_state = {
    "floatx": "float32",
    "epsilon": 1e-7,
    "image_data_format": "channels_last",
    "unsafe_deserialization": False,
    "interactive_logging": True,
    "traceback_filtering": True,
    "flash_attention": None,
    "max_epochs": None,
    "max_steps_per_epoch": None,
    "dtype_policy": None,
}


def keras_home():
    if "KERAS_HOME" in os.environ:
        return os.environ["KERAS_HOME"]
    base = os.path.expanduser("~")
    if not os.access(base, os.W_OK):
        base = "/tmp"
    return os.path.join(base, ".keras")


def _framework_installed(name):
    return importlib.util.find_spec(_FRAMEWORK_MODULE[name]) is not None


def _read_config_file():
    path = os.path.join(keras_home(), "keras.json")
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def _write_default_config_file(backend_name):
    folder = keras_home()
    try:
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "keras.json")
        if os.path.exists(path):
            return
        contents = {
            "floatx": _state["floatx"],
            "epsilon": _state["epsilon"],
            "backend": backend_name,
            "image_data_format": _state["image_data_format"],
        }
        with open(path, "w") as f:
            json.dump(contents, f, indent=4)
    except OSError:
        pass  # read-only home: defaults stay in memory


def _check_backend_name(name):
    if name not in BACKENDS:
        raise ValueError(
            f"Unknown backend {name!r}. Expected one of {', '.join(BACKENDS)} "
            "(set with the KERAS_BACKEND environment variable or in keras.json)."
        )
    if not _framework_installed(name):
        raise ImportError(
            f"The backend {name!r} was selected, but the package {_FRAMEWORK_MODULE[name]!r} "
            f"is not installed. Install it, or choose another backend among {', '.join(BACKENDS)}."
        )
    return name


def _resolve_backend():
    file_config = _read_config_file() or {}
    for key in ("floatx", "epsilon", "image_data_format"):
        if key in file_config:
            _state[key] = file_config[key]
    name = os.environ.get("KERAS_BACKEND") or file_config.get("backend")
    if name is None:
        name = "jax" if _framework_installed("jax") else "numpy"
    name = _check_backend_name(name.lower())
    if not file_config:
        _write_default_config_file(name)
    return name


_BACKEND = _resolve_backend()


def backend():
    """The name of the active backend: 'numpy', 'jax', 'torch' or 'tensorflow'."""
    return _BACKEND


def set_backend(backend):
    """Switch the backend by reloading kc and keras modules (affects new imports only)."""
    import sys

    _check_backend_name(backend)
    os.environ["KERAS_BACKEND"] = backend
    for name in list(sys.modules):
        if name == "keras" or name.startswith(("keras.", "kc_")):
            del sys.modules[name]
    importlib.import_module("keras")


def floatx():
    return _state["floatx"]


def set_floatx(value):
    if value not in _FLOATX:
        raise ValueError(f"Unknown floatx type {value!r}. Expected one of {_FLOATX}.")
    _state["floatx"] = str(value)


def epsilon():
    return _state["epsilon"]


def set_epsilon(value):
    _state["epsilon"] = float(value)


def image_data_format():
    return _state["image_data_format"]


def set_image_data_format(data_format):
    data_format = str(data_format).lower()
    if data_format not in _DATA_FORMATS:
        raise ValueError(
            f"Unknown data_format {data_format!r}. Expected one of {_DATA_FORMATS}."
        )
    _state["image_data_format"] = data_format


def standardize_data_format(data_format):
    if data_format is None:
        return image_data_format()
    data_format = str(data_format).lower()
    if data_format not in _DATA_FORMATS:
        raise ValueError(
            f"The `data_format` argument must be one of {_DATA_FORMATS}. Received: {data_format!r}"
        )
    return data_format


def enable_unsafe_deserialization():
    _state["unsafe_deserialization"] = True


def in_safe_mode_by_default():
    return not _state["unsafe_deserialization"]


def enable_interactive_logging():
    _state["interactive_logging"] = True


def disable_interactive_logging():
    _state["interactive_logging"] = False


def is_interactive_logging_enabled():
    return _state["interactive_logging"]


def enable_traceback_filtering():
    _state["traceback_filtering"] = True


def disable_traceback_filtering():
    _state["traceback_filtering"] = False


def is_traceback_filtering_enabled():
    return _state["traceback_filtering"]


def enable_flash_attention():
    _state["flash_attention"] = True


def disable_flash_attention():
    _state["flash_attention"] = False


def is_flash_attention_enabled():
    return _state["flash_attention"]


def is_nnx_enabled():
    return False


def max_epochs():
    return _state["max_epochs"]


def set_max_epochs(max_epochs):
    _state["max_epochs"] = max_epochs


def max_steps_per_epoch():
    return _state["max_steps_per_epoch"]


def set_max_steps_per_epoch(max_steps_per_epoch):
    _state["max_steps_per_epoch"] = max_steps_per_epoch


def dtype_policy():
    """The global dtype policy; kc-layers installs the policy classes (see set_dtype_policy)."""
    return _state["dtype_policy"]


def set_dtype_policy(policy):
    _state["dtype_policy"] = policy
