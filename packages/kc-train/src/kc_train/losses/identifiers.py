"""`get` / `serialize` / `deserialize` for a namespace of built-in objects (losses, metrics,
optimizers, schedules). Unknown class names go to the `kc_saving` registry when it exists."""

import importlib
import inspect


def _saving_module(name="serialization"):
    try:
        return importlib.import_module(f"kc_saving.{name}")
    except ImportError:
        return None


class ObjectTable:
    """Built-in objects of one public namespace, found by name or alias."""

    def __init__(self, kind, public_module, objects, aliases=None, lowercase=False):
        self.kind = kind  # "loss", "metric", ...
        self.public_module = public_module  # "keras.losses"
        self.lowercase = lowercase
        self.objects = {self._key(name): obj for name, obj in objects.items()}
        self.objects.update({self._key(k): v for k, v in (aliases or {}).items()})

    def _key(self, name):
        return name.lower() if self.lowercase else name

    def find(self, name, custom_objects=None):
        if custom_objects and name in custom_objects:
            return custom_objects[name]
        obj = self.objects.get(self._key(name))
        if obj is None:
            registry = _saving_module("object_registration")
            getter = getattr(registry, "get_registered_object", None)
            obj = getter(name, custom_objects) if getter else None
        if obj is None:
            raise ValueError(
                f"Unknown {self.kind} identifier: {name!r}. Expected one of: "
                f"{', '.join(sorted(self.objects))} (or a registered custom object)."
            )
        return obj

    def serialize(self, obj):
        if obj is None:
            return None
        if inspect.isfunction(obj) or inspect.isbuiltin(obj):
            name = obj.__name__
            return {
                "module": self.public_module,
                "class_name": "function",
                "config": name,
                "registered_name": "function",
            }
        if not hasattr(obj, "get_config"):
            raise TypeError(f"Cannot serialize {obj!r}: it has no `get_config()`.")
        cls = type(obj)
        builtin = self.objects.get(self._key(cls.__name__)) is cls
        saving = _saving_module()
        if not builtin and saving is not None and hasattr(saving, "serialize_keras_object"):
            return saving.serialize_keras_object(obj)
        return {
            "module": self.public_module if builtin else cls.__module__,
            "class_name": cls.__name__,
            "config": obj.get_config(),
            "registered_name": None if builtin else cls.__name__,
        }

    def deserialize(self, config, custom_objects=None):
        if isinstance(config, str):
            return self.find(config, custom_objects)
        if not isinstance(config, dict) or "class_name" not in config:
            raise ValueError(
                f"Could not deserialize {self.kind}: expected a name or a dict with "
                f"'class_name' and 'config', received {config!r}."
            )
        if config["class_name"] == "function":
            return self.find(config["config"], custom_objects)
        name = config.get("registered_name") or config["class_name"]
        try:
            cls = self.find(config["class_name"], custom_objects)
        except ValueError:
            cls = self.find(name, custom_objects)
        inner = config.get("config") or {}
        if hasattr(cls, "from_config"):
            return cls.from_config(inner)
        return cls(**inner)

    def get(self, identifier, base_class=None):
        """Keras `get`: None, an instance, a callable, a name or a serialized dict."""
        if identifier is None:
            return None
        if isinstance(identifier, dict):
            obj = self.deserialize(identifier)
        elif isinstance(identifier, str):
            obj = self.find(identifier)
        else:
            obj = identifier
        if inspect.isclass(obj):
            obj = obj()
        if base_class is not None and not isinstance(obj, base_class) and not callable(obj):
            raise ValueError(f"Could not interpret {self.kind} identifier: {identifier!r}")
        if base_class is None and not callable(obj):
            raise ValueError(f"Could not interpret {self.kind} identifier: {identifier!r}")
        return obj
