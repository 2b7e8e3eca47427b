"""Keras 3's config serialization: objects to JSON-able dicts and back.

`serialize_keras_object(obj)` gives `{"module", "class_name", "config", "registered_name"}`
(plus `build_config` for built layers). `deserialize_keras_object` resolves the class only
through the public `keras` namespaces, the registry and `custom_objects`: it never imports a
module named in the file, and with `safe_mode` (the default) it refuses Python code (lambdas).
"""

import importlib
import types

import numpy as np

from kc_ops import config as kc_config
from kc_saving import object_registration

# Public namespaces searched for a class or function, by the module names Keras files use.
_PUBLIC_NAMESPACES = {
    "keras.layers": "keras.layers", "keras.losses": "keras.losses", "keras.metrics": "keras.metrics",
    "keras.optimizers": "keras.optimizers", "keras.optimizers.schedules": "keras.optimizers.schedules",
    "keras.initializers": "keras.initializers", "keras.regularizers": "keras.regularizers",
    "keras.constraints": "keras.constraints", "keras.activations": "keras.activations",
    "keras.models": "keras.models", "keras": "keras", "keras.dtype_policies": "keras.dtype_policies",
    "keras.callbacks": "keras.callbacks", "keras.random": "keras.random", "keras.ops": "keras.ops",
    "builtins": None,
}
_SEARCH_ORDER = ("keras.layers", "keras.models", "keras", "keras.losses", "keras.metrics",
                 "keras.optimizers", "keras.optimizers.schedules", "keras.initializers",
                 "keras.regularizers", "keras.constraints", "keras.activations",
                 "keras.dtype_policies")


class UnsafeDeserializationError(ValueError):
    """Raised when a config would run code from the file while safe_mode is on."""


def _public_module_for(obj):
    module = getattr(obj, "__module__", "") or ""
    name = type(obj).__name__ if not isinstance(obj, (type, types.FunctionType)) else obj.__name__
    for namespace in _SEARCH_ORDER:
        try:
            found = getattr(importlib.import_module(namespace), name, None)
        except ImportError:
            continue
        target = obj if isinstance(obj, (type, types.FunctionType)) else type(obj)
        if found is target:
            return namespace
    return module


def serialize_keras_object(obj):
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(x) for x in obj]
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    if isinstance(obj, np.ndarray):
        return {"class_name": "__numpy__", "config": {"value": obj.tolist(), "dtype": obj.dtype.name}}
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    if isinstance(obj, types.FunctionType) and obj.__name__ == "<lambda>":
        import base64
        import marshal

        code = base64.b64encode(marshal.dumps(obj.__code__)).decode("ascii")
        return {"class_name": "__lambda__", "config": {"code": code, "defaults": None, "closure": None}}
    if isinstance(obj, (types.FunctionType, types.BuiltinFunctionType)):
        registered = object_registration._GLOBAL_CUSTOM_NAMES.get(obj)
        module = _public_module_for(obj)
        if registered is None and module in _PUBLIC_NAMESPACES:
            return obj.__name__
        return {"module": module, "class_name": "function", "config": obj.__name__,
                "registered_name": registered or obj.__name__}
    if isinstance(obj, type):
        return {"module": _public_module_for(obj), "class_name": obj.__name__, "config": None,
                "registered_name": object_registration._GLOBAL_CUSTOM_NAMES.get(obj)}
    if not hasattr(obj, "get_config"):
        raise TypeError(f"Cannot serialize {obj!r}: it has no get_config() method.")
    cls = type(obj)
    registered = object_registration._GLOBAL_CUSTOM_NAMES.get(cls)
    config = {
        "module": _public_module_for(obj) if registered is None else cls.__module__,
        "class_name": cls.__name__,
        "config": _plain(obj.get_config()),
        "registered_name": registered,
    }
    if getattr(obj, "built", False) and hasattr(obj, "get_build_config"):
        build_config = obj.get_build_config()
        if build_config:
            config["build_config"] = _plain(build_config)
    if hasattr(obj, "get_compile_config") and getattr(obj, "compiled", False):
        compile_config = obj.get_compile_config()
        if compile_config:
            config["compile_config"] = _plain(compile_config)
    return config


def _plain(value):
    """Make a get_config() result JSON-able (tuples -> lists, objects -> configs)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, np.generic):
        return value.item()
    return serialize_keras_object(value)


def _safe_mode(safe_mode):
    return safe_mode and kc_config.in_safe_mode_by_default()


def _resolve(class_name, module, registered_name, custom_objects):
    for name in (registered_name, class_name):
        if name:
            found = object_registration.get_registered_object(name, custom_objects)
            if found is not None:
                return found
    if module is None or module == "":
        namespaces = _SEARCH_ORDER
    elif module in _PUBLIC_NAMESPACES or module.startswith(("keras.", "kc_")) or module == "keras":
        namespaces = [_PUBLIC_NAMESPACES.get(module) or module] + list(_SEARCH_ORDER)
        if module.startswith(("keras.src.", "kc_")):
            namespaces = list(_SEARCH_ORDER)
    else:
        raise UnsafeDeserializationError(
            f"Refusing to deserialize {class_name!r} from module {module!r}: only objects of "
            "keras and registered or custom objects can be loaded. Register the class with "
            "keras.saving.register_keras_serializable or pass it in custom_objects."
        )
    for namespace in namespaces:
        if namespace is None:
            continue
        try:
            found = getattr(importlib.import_module(namespace), class_name, None)
        except ImportError:
            found = None
        if found is not None:
            return found
    raise TypeError(
        f"Could not locate class {class_name!r} (module {module!r}). Make sure custom classes "
        "are registered with keras.saving.register_keras_serializable or passed in custom_objects."
    )


def deserialize_keras_object(config, custom_objects=None, safe_mode=True, **kwargs):
    if config is None or isinstance(config, (bool, int, float)):
        return config
    if isinstance(config, str):
        found = object_registration.get_registered_object(config, custom_objects)
        return found if found is not None else config
    if isinstance(config, (list, tuple)):
        return [deserialize_keras_object(c, custom_objects, safe_mode) for c in config]
    if not isinstance(config, dict):
        raise TypeError(f"Cannot deserialize {config!r}: expected a dict config.")
    if "class_name" not in config:
        return {k: deserialize_keras_object(v, custom_objects, safe_mode) if isinstance(v, dict) and "class_name" in v else v
                for k, v in config.items()}
    class_name = config["class_name"]
    inner = config.get("config")
    if class_name == "__lambda__":
        if _safe_mode(safe_mode):
            raise UnsafeDeserializationError(
                "Refusing to deserialize a Python lambda: it would execute code stored in the "
                "file. If you trust the file, pass safe_mode=False or call "
                "keras.config.enable_unsafe_deserialization()."
            )
        import base64
        import marshal

        code = marshal.loads(base64.b64decode(inner["code"]))
        return types.FunctionType(code, globals())
    if class_name == "__numpy__":
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__bytes__":
        return inner["value"].encode("utf-8")
    if class_name == "__keras_tensor__":
        return config
    module = config.get("module")
    registered_name = config.get("registered_name")
    if class_name == "function":
        return _resolve(inner, module, registered_name, custom_objects)
    cls = _resolve(class_name, module, registered_name, custom_objects)
    if inner is None and isinstance(cls, type):
        return cls
    if not isinstance(cls, type):
        return cls
    inner = _check_safe(inner, safe_mode)
    if hasattr(cls, "from_config"):
        import inspect

        params = inspect.signature(cls.from_config).parameters
        with object_registration.CustomObjectScope(custom_objects or {}):
            obj = cls.from_config(inner, custom_objects=custom_objects) if "custom_objects" in params else cls.from_config(inner)
    else:
        obj = cls(**inner)
    build_config = config.get("build_config")
    if build_config and not getattr(obj, "built", True) and hasattr(obj, "build_from_config"):
        obj.build_from_config(build_config)
    return obj


def _check_safe(value, safe_mode):
    """Refuse lambdas nested anywhere in a config unless safe mode is off."""
    if isinstance(value, dict):
        if value.get("class_name") == "__lambda__" and _safe_mode(safe_mode):
            raise UnsafeDeserializationError(
                "Refusing to deserialize a nested Python lambda (marshalled bytecode) while "
                "safe_mode is on. Pass safe_mode=False only if you trust the file."
            )
        return {k: _check_safe(v, safe_mode) for k, v in value.items()}
    if isinstance(value, list):
        return [_check_safe(v, safe_mode) for v in value]
    return value
