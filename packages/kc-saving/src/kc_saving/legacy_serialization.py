"""`keras.utils.legacy`: the Keras 2 style `{"class_name", "config"}` serialization."""

from kc_saving import serialization


def serialize_keras_object(instance):
    """`{"class_name": ..., "config": ...}` without the Keras 3 `module` key."""
    if instance is None:
        return None
    if not hasattr(instance, "get_config"):
        name = getattr(instance, "__name__", None)
        if name is None:
            raise ValueError(f"Cannot serialize {instance!r}: it has no get_config() and no name.")
        return name
    return {"class_name": type(instance).__name__, "config": instance.get_config()}


def deserialize_keras_object(identifier, module_objects=None, custom_objects=None,
                             printable_module_name="object"):
    if identifier is None:
        return None
    objects = dict(module_objects or {})
    objects.update(custom_objects or {})
    if isinstance(identifier, str):
        if identifier in objects:
            return objects[identifier]
        found = serialization.deserialize_keras_object(identifier, custom_objects=objects)
        if found is identifier:
            raise ValueError(f"Unknown {printable_module_name}: {identifier!r}.")
        return found
    if isinstance(identifier, dict) and identifier.get("class_name") in objects:
        cls = objects[identifier["class_name"]]
        config = identifier.get("config") or {}
        return cls.from_config(config) if hasattr(cls, "from_config") else cls(**config)
    return serialization.deserialize_keras_object(identifier, custom_objects=objects)
