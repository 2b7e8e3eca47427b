"""Keras 3's config serialization: objects to JSON-able dicts and back.

`serialize_keras_object(obj)` gives `{"module", "class_name", "config", "registered_name"}`
(plus `build_config` / `compile_config` where present). `deserialize_keras_object` finds the
class only through the registry, `custom_objects` and the public `keras` namespaces: a module
named in a config is never imported, and a config naming a module outside this project is
refused before anything is imported. With safe mode on (the default) Python bytecode (lambdas)
in a config is refused too.
"""

import base64
import importlib
import inspect
import marshal
import threading
import types

import numpy as np
from kc_ops import config as kc_config
from kc_ops import dtypes

from kc_saving import object_registration

# Public namespaces, searched in this order when a config does not pin one down.
_SEARCH_ORDER = (
    "keras.layers", "keras", "keras.models", "keras.losses", "keras.metrics",
    "keras.optimizers", "keras.optimizers.schedules", "keras.initializers",
    "keras.regularizers", "keras.constraints", "keras.activations", "keras.dtype_policies",
    "keras.callbacks", "keras.quantizers", "keras.random",
)
# The public namespace for the first component after "keras." / "keras.src." in a module name.
_NAMESPACE_OF = {
    "layers": "keras.layers", "losses": "keras.losses", "metrics": "keras.metrics",
    "optimizers": "keras.optimizers", "initializers": "keras.initializers",
    "regularizers": "keras.regularizers", "constraints": "keras.constraints",
    "activations": "keras.activations", "models": "keras.models", "callbacks": "keras.callbacks",
    "dtype_policies": "keras.dtype_policies", "quantizers": "keras.quantizers",
    "random": "keras.random", "ops": "keras.ops", "saving": "keras.saving",
}
# This project's own packages: the only non-`keras` modules a config may name.
_PROJECT_PACKAGES = frozenset({
    "kc_ops", "kc_saving", "kc_layers", "kc_data", "kc_train", "kc_applications",
})
# Classes real Keras writes under an internal module name.
_INTERNAL_NAMES = {"Functional": ("keras.src.models.functional", "Functional")}

_safe_mode_state = threading.local()


class UnsafeDeserializationError(ValueError):
    """A config would import a foreign module or run code stored in it."""


class SafeModeScope:
    """Fix the safe mode of every deserialization inside (nested `from_config` calls too)."""

    def __init__(self, safe_mode=True):
        self.safe_mode = safe_mode

    def __enter__(self):
        self.previous = getattr(_safe_mode_state, "value", None)
        _safe_mode_state.value = self.safe_mode
        return self

    def __exit__(self, *exc):
        _safe_mode_state.value = self.previous
        return False


def in_safe_mode():
    """The safe mode in force: an enclosing SafeModeScope's, else the global default."""
    value = getattr(_safe_mode_state, "value", None)
    return kc_config.in_safe_mode_by_default() if value is None else value


def _effective_safe_mode(safe_mode):
    scoped = getattr(_safe_mode_state, "value", None)
    if scoped is not None:
        return scoped
    return bool(safe_mode) and kc_config.in_safe_mode_by_default()


# --- serializing -----------------------------------------------------------------------------

def serialize_keras_object(obj):
    """A JSON-able description of `obj` that `deserialize_keras_object` turns back into it."""
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, list):
        return [serialize_keras_object(x) for x in obj]
    if isinstance(obj, tuple):
        return tuple(serialize_keras_object(x) for x in obj)
    if isinstance(obj, dict):
        return {k: serialize_keras_object(v) for k, v in obj.items()}
    special = _serialize_special(obj)
    if special is not _NOT_SPECIAL:
        return special
    if isinstance(obj, (types.FunctionType, types.BuiltinFunctionType)):
        return _serialize_function(obj)
    if isinstance(obj, type):
        module, registered = _module_and_registered_name(obj)
        return {"module": module, "class_name": obj.__name__, "config": None,
                "registered_name": registered}
    if not hasattr(obj, "get_config"):
        raise TypeError(
            f"Cannot serialize {obj!r}: expected a plain value, a NumPy array, a function or an "
            f"object with a get_config() method; received type {type(obj).__name__}."
        )
    return _serialize_object(obj)


_NOT_SPECIAL = object()


def _serialize_special(obj):
    """Arrays, tensors, dtypes, bytes, slices, Ellipsis and KerasTensors; else _NOT_SPECIAL."""
    from kc_ops.keras_tensor import KerasTensor

    if isinstance(obj, np.ndarray):
        if obj.ndim == 0:
            return obj.item()
        return {"class_name": "__numpy__",
                "config": {"value": obj.tolist(), "dtype": dtypes.standardize_dtype(obj.dtype)}}
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.dtype):
        return dtypes.standardize_dtype(obj)
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    if isinstance(obj, slice):
        return {"class_name": "__slice__", "config": {
            "start": serialize_keras_object(obj.start), "stop": serialize_keras_object(obj.stop),
            "step": serialize_keras_object(obj.step)}}
    if obj is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    if isinstance(obj, KerasTensor):
        config = {"shape": list(obj.shape), "dtype": obj.dtype}
        history = obj._keras_history
        if history is not None:
            config["keras_history"] = [history.operation.name, history.node_index, history.tensor_index]
        return {"class_name": "__keras_tensor__", "config": config}
    if _is_backend_tensor(obj):
        import kc_ops

        value = kc_ops.convert_to_numpy(obj)
        return {"class_name": "__tensor__",
                "config": {"value": value.tolist(), "dtype": dtypes.standardize_dtype(value.dtype)}}
    return _NOT_SPECIAL


def _is_backend_tensor(obj):
    import kc_ops

    return kc_ops.is_tensor(obj)


def _serialize_function(fn):
    if fn.__name__ == "<lambda>":
        return {"class_name": "__lambda__", "config": {"value": list(func_dump(fn))}}
    module, registered = _module_and_registered_name(fn)
    return {"module": module, "class_name": "function", "config": fn.__name__,
            "registered_name": registered or fn.__name__}


def _serialize_object(obj):
    cls = type(obj)
    module, registered = _module_and_registered_name(cls)
    config = {"module": module, "class_name": cls.__name__, "config": _plain(obj.get_config()),
              "registered_name": registered}
    if getattr(obj, "built", False) and hasattr(obj, "get_build_config"):
        build_config = obj.get_build_config()
        if build_config is not None:
            config["build_config"] = _plain(build_config)
    if getattr(obj, "compiled", False) and hasattr(obj, "get_compile_config"):
        compile_config = obj.get_compile_config()
        if compile_config is not None:
            config["compile_config"] = _plain(compile_config)
    return config


def _module_and_registered_name(target):
    """Keras's (module, registered_name) pair for a class or function."""
    registered = object_registration._GLOBAL_CUSTOM_NAMES.get(target)
    if registered is not None:
        return target.__module__, registered
    namespace = _public_namespace_of(target)
    if namespace is None:
        return target.__module__, object_registration.get_registered_name(target)
    if namespace == "keras.models" and target.__name__ in _INTERNAL_NAMES:
        return _INTERNAL_NAMES[target.__name__]
    return namespace, None


def _public_namespace_of(target):
    """The public namespace exporting `target` under its own name, if any."""
    module = getattr(target, "__module__", "") or ""
    if not module.startswith(("kc_", "keras")):
        return None  # user code: never a public export
    for namespace in _SEARCH_ORDER:
        try:
            found = getattr(importlib.import_module(namespace), target.__name__, None)
        except ImportError:
            continue
        if found is target:
            return namespace
    return None


def _plain(value):
    """A get_config() result made JSON-able: tuples become lists, objects their configs."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return serialize_keras_object(value)


def func_dump(fn):
    """(base64 marshalled code, defaults, closure values) of a Python function."""
    code = base64.b64encode(marshal.dumps(fn.__code__)).decode("ascii")
    closure = tuple(cell.cell_contents for cell in fn.__closure__) if fn.__closure__ else None
    return code, fn.__defaults__, closure


def func_load(code, defaults=None, closure=None, globs=None):
    """Rebuild a function from `func_dump`'s output. Runs code from the config: callers must
    have checked safe mode first."""
    raw = base64.b64decode(code.encode("ascii") if isinstance(code, str) else code)
    function_code = marshal.loads(raw)
    cells = tuple(types.CellType(value) for value in closure) if closure else None
    defaults = tuple(defaults) if isinstance(defaults, list) else defaults
    return types.FunctionType(function_code, globs or globals(), function_code.co_name,
                              defaults, cells)


# --- deserializing ---------------------------------------------------------------------------

_LAMBDA_REFUSAL = (
    "Refusing to deserialize a Python lambda: its bytecode is stored in the config and would "
    "run on load. If you trust the source of this config, pass safe_mode=False or call "
    "keras.config.enable_unsafe_deserialization()."
)


def deserialize_keras_object(config, custom_objects=None, safe_mode=True, **kwargs):
    """The object described by `config` (as written by `serialize_keras_object` or Keras)."""
    custom_objects = custom_objects or {}
    module_objects = kwargs.get("module_objects")
    if getattr(_safe_mode_state, "value", None) is None:
        with SafeModeScope(_effective_safe_mode(safe_mode)):
            _precheck(config, custom_objects, module_objects)
            return _deserialize(config, custom_objects, module_objects)
    _precheck(config, custom_objects, module_objects)
    return _deserialize(config, custom_objects, module_objects)


def _precheck(config, custom_objects, module_objects):
    """Refuse, before anything is imported or built, a config holding code (in safe mode) or
    naming a module outside this project anywhere in it, unless that entry resolves to a
    registered/custom object."""
    if isinstance(config, (list, tuple)):
        for item in config:
            _precheck(item, custom_objects, module_objects)
        return
    if not isinstance(config, dict):
        return
    _refuse_code(config)
    module, class_name = config.get("module"), config.get("class_name")
    if isinstance(module, str) and module and isinstance(class_name, str):
        name = config.get("config") if class_name == "function" else class_name
        known = any(
            isinstance(n, str)
            and object_registration.get_registered_object(n, custom_objects, module_objects) is not None
            for n in (config.get("registered_name"), name)
        )
        if not known:
            _namespaces_for(name, module)  # raises for a foreign module
    for value in config.values():
        if isinstance(value, (dict, list, tuple)):
            _precheck(value, custom_objects, module_objects)


def _deserialize(config, custom_objects, module_objects=None):
    if config is None or isinstance(config, (bool, int, float)):
        return config
    if isinstance(config, str):
        found = object_registration.get_registered_object(config, custom_objects, module_objects)
        return config if found is None else found
    if isinstance(config, (list, tuple)):
        return [_deserialize(c, custom_objects, module_objects) for c in config]
    if not isinstance(config, dict):
        raise TypeError(
            f"Cannot deserialize {config!r}: expected a dict config (or a plain value); received "
            f"type {type(config).__name__}."
        )
    if "class_name" not in config or "config" not in config:
        return {k: _deserialize(v, custom_objects, module_objects) for k, v in config.items()}
    class_name = config["class_name"]
    inner = config["config"]
    if isinstance(class_name, str) and class_name.startswith("__") and class_name.endswith("__"):
        return _deserialize_special(class_name, inner, config, custom_objects)
    module = config.get("module")
    registered_name = config.get("registered_name")
    if class_name == "function":
        return _resolve(inner, module, registered_name, custom_objects, module_objects)
    found = _resolve(class_name, module, registered_name, custom_objects, module_objects)
    if not isinstance(found, type) or inner is None:
        return found
    obj = _instantiate(found, inner, custom_objects)
    build_config = config.get("build_config")
    if build_config and not getattr(obj, "built", True) and hasattr(obj, "build_from_config"):
        obj.build_from_config(build_config)
    compile_config = config.get("compile_config")
    if compile_config and hasattr(obj, "compile_from_config"):
        obj.compile_from_config(compile_config)
    return obj


def _instantiate(cls, inner, custom_objects):
    if not isinstance(inner, dict):
        raise TypeError(
            f"The config of {cls.__name__} must be a dict; received {type(inner).__name__}."
        )
    with object_registration.CustomObjectScope(custom_objects):
        if not hasattr(cls, "from_config"):
            return cls(**inner)
        parameters = inspect.signature(cls.from_config).parameters
        if "custom_objects" in parameters:
            return cls.from_config(inner, custom_objects=custom_objects)
        return cls.from_config(inner)


def _deserialize_special(class_name, inner, config, custom_objects):
    if class_name == "__lambda__":
        if in_safe_mode():
            raise UnsafeDeserializationError(_LAMBDA_REFUSAL)
        if "value" in inner:
            return func_load(*inner["value"])
        return func_load(inner["code"], inner.get("defaults"), inner.get("closure"))
    if class_name == "__numpy__":
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__tensor__":
        import kc_ops

        return kc_ops.convert_to_tensor(np.array(inner["value"], dtype=inner["dtype"]))
    if class_name == "__bytes__":
        return inner["value"].encode("utf-8")
    if class_name == "__slice__":
        return slice(*(_deserialize(inner.get(k), custom_objects) for k in ("start", "stop", "step")))
    if class_name == "__ellipsis__":
        return Ellipsis
    if class_name in ("__keras_tensor__", "__typespec__"):
        return config  # Functional configs read these themselves
    if class_name == "__tuple__":
        return tuple(_deserialize(x, custom_objects) for x in inner.get("value", inner.get("items", [])))
    raise TypeError(f"Cannot deserialize the special config class_name {class_name!r}.")


def _refuse_code(config):
    """Lambdas: `__lambda__` configs, or Keras 2's `function_type: "lambda"` + bytecode."""
    is_code = config.get("class_name") == "__lambda__" or config.get("function_type") == "lambda"
    if is_code and in_safe_mode():
        raise UnsafeDeserializationError(_LAMBDA_REFUSAL)


def _namespaces_for(class_name, module):
    """The public namespaces to search for a config's `module`, or a refusal."""
    if not module:
        return list(_SEARCH_ORDER)
    if not isinstance(module, str):
        raise TypeError(f"A config's `module` must be a string. Received: {module!r}")
    parts = module.split(".")
    if parts[0] == "keras":
        rest = parts[2:] if parts[1:2] == ["src"] else parts[1:]
        first = []
        if rest[:2] == ["optimizers", "schedules"]:
            first.append("keras.optimizers.schedules")
        if rest and rest[0] in _NAMESPACE_OF:
            first.append(_NAMESPACE_OF[rest[0]])
        if not rest:
            first.append("keras")
        return first + [n for n in _SEARCH_ORDER if n not in first]
    if parts[0] in _PROJECT_PACKAGES:
        return list(_SEARCH_ORDER)
    raise UnsafeDeserializationError(
        f"Refusing to deserialize {class_name!r} from module {module!r}: only objects of keras "
        "and registered or custom objects can be loaded, and modules named in a config are "
        "never imported. Register the class or function with "
        "keras.saving.register_keras_serializable, or pass it in `custom_objects`."
    )


def _resolve(class_name, module, registered_name, custom_objects, module_objects=None):
    if not isinstance(class_name, str):
        raise TypeError(f"A config's `class_name` must be a string. Received: {class_name!r}")
    for name in (registered_name, class_name):
        if isinstance(name, str):
            found = object_registration.get_registered_object(name, custom_objects, module_objects)
            if found is not None:
                return found
    namespaces = _namespaces_for(class_name, module)
    if module and module.split(".")[0] in _PROJECT_PACKAGES:
        namespaces.append(module)  # this project's own module, when no public name has it
    for namespace in namespaces:
        try:
            found = getattr(importlib.import_module(namespace), class_name, None)
        except ImportError:
            found = None
        if found is not None:
            return found
    raise TypeError(
        f"Could not locate {class_name!r} (module {module!r}, registered name "
        f"{registered_name!r}). Custom classes and functions must be registered with "
        "keras.saving.register_keras_serializable or passed in `custom_objects`."
    )
