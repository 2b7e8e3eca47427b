"""Shared `get` / `serialize` / `deserialize` logic for activations, initializers, regularizers
and constraints.

Serialized objects use the Keras 3 format
`{"module": ..., "class_name": ..., "config": ..., "registered_name": ...}`. Objects the user
registered with `keras.saving.register_keras_serializable` are resolved through kc-saving's
registry when it is available.
"""

import importlib


def _registry():
    """kc-saving's object registry module, or None while it is not installed."""
    for name in ("kc_saving.object_registration", "kc_saving.serialization"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


def registered_name(obj):
    """The name an object was registered under ("package>Name"), or None."""
    registry = _registry()
    getter = getattr(registry, "get_registered_name", None) if registry else None
    if getter is None:
        return None
    name = getter(obj)
    default = getattr(obj, "__name__", None) or type(obj).__name__
    return None if name == default else name


def lookup(name, builtins, custom_objects=None):
    """Find `name` in custom_objects, then the global registry / custom-object scope, then
    `builtins`; None when it is nowhere."""
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    registry = _registry()
    getter = getattr(registry, "get_registered_object", None) if registry else None
    if getter is not None:
        found = getter(name, custom_objects=custom_objects)
        if found is not None:
            return found
    return builtins.get(name)


def serialize_object(obj, module):
    """Keras 3 config dict of an object with `get_config` defined in `module` (public name)."""
    cls = type(obj)
    name = registered_name(cls)
    return {
        "module": module if name is None else cls.__module__,
        "class_name": cls.__name__,
        "config": obj.get_config(),
        "registered_name": name,
    }


def unknown(kind, name, builtins):
    choices = ", ".join(sorted(builtins))
    return ValueError(
        f"Unknown {kind}: {name!r}. Expected one of: {choices}; or an object registered with "
        "`keras.saving.register_keras_serializable()` or passed in `custom_objects`."
    )


def deserialize_object(config, kind, builtins, custom_objects=None):
    """An instance from a class name or a config dict (Keras 3 or legacy Keras 2 format)."""
    if isinstance(config, str):
        cls = lookup(config, builtins, custom_objects)
        if cls is None:
            raise unknown(kind, config, builtins)
        return cls() if isinstance(cls, type) else cls
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            f"Could not interpret {kind} config: expected a string or a dict with "
            f"'class_name' and 'config', received {config!r}."
        )
    name = config.get("registered_name") or config["class_name"]
    cls = lookup(name, builtins, custom_objects)
    if cls is None and name != config["class_name"]:
        cls = lookup(config["class_name"], builtins, custom_objects)
    if cls is None:
        raise unknown(kind, config["class_name"], builtins)
    inner = config.get("config") or {}
    if hasattr(cls, "from_config"):
        return cls.from_config(inner)
    return cls(**inner)
