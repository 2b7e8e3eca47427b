"""The registry of user classes and functions known to (de)serialization."""

import inspect
import threading

_GLOBAL_CUSTOM_OBJECTS = {}
_GLOBAL_CUSTOM_NAMES = {}
_scope = threading.local()


def register_keras_serializable(package="Custom", name=None):
    """Decorator registering a class or function as "package>name" for deserialization."""

    def decorator(obj):
        registered = name or getattr(obj, "__name__", None)
        if registered is None:
            raise ValueError(f"Cannot register {obj!r}: it has no __name__; pass `name`.")
        key = f"{package}>{registered}"
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError(
                f"Cannot register {obj.__name__}: serializable classes must define get_config()."
            )
        _GLOBAL_CUSTOM_OBJECTS[key] = obj
        _GLOBAL_CUSTOM_NAMES[obj] = key
        return obj

    return decorator


def get_registered_name(obj):
    if obj in _GLOBAL_CUSTOM_NAMES:
        return _GLOBAL_CUSTOM_NAMES[obj]
    return getattr(obj, "__name__", type(obj).__name__)


def _scoped_objects():
    result = {}
    for objects in getattr(_scope, "stack", []):
        result.update(objects)
    return result


def get_registered_object(name, custom_objects=None, module_objects=None):
    for table in (_scoped_objects(), _GLOBAL_CUSTOM_OBJECTS, custom_objects or {}, module_objects or {}):
        if name in table:
            return table[name]
    return None


def get_custom_objects():
    return _GLOBAL_CUSTOM_OBJECTS


class CustomObjectScope:
    """`with CustomObjectScope({"MyLayer": MyLayer}):` makes those names resolvable."""

    def __init__(self, custom_objects):
        self.custom_objects = dict(custom_objects or {})

    def __enter__(self):
        if not hasattr(_scope, "stack"):
            _scope.stack = []
        _scope.stack.append(self.custom_objects)
        return self

    def __exit__(self, *exc):
        _scope.stack.pop()
        return False


custom_object_scope = CustomObjectScope
