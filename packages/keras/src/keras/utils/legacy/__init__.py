"""`keras.utils.legacy`: re-exports from kc-saving."""

from kc_saving.legacy_serialization import deserialize_keras_object, serialize_keras_object  # noqa: F401
