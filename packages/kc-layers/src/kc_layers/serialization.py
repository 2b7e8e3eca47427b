"""`keras.layers.serialize` / `deserialize`."""


def serialize(layer):
    from kc_saving.serialization import serialize_keras_object

    return serialize_keras_object(layer)


def deserialize(config, custom_objects=None):
    from kc_saving.serialization import deserialize_keras_object

    return deserialize_keras_object(config, custom_objects=custom_objects)
