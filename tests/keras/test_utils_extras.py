import pytest

import keras


def test_config_attribute_access_and_freeze():
    config = keras.utils.Config(learning_rate=0.1)
    config.epochs = 3
    assert config.as_dict() == {"learning_rate": 0.1, "epochs": 3}
    assert config["epochs"] == 3 and config.get("missing", 7) == 7
    config.freeze()
    with pytest.raises(ValueError, match="frozen"):
        config.epochs = 4
    config.unfreeze()
    config.update(epochs=5)
    assert config.epochs == 5 and config.to_json() == '{"learning_rate": 0.1, "epochs": 5}'


def test_legacy_serialization_round_trip():
    layer = keras.layers.Dense(3, name="d")
    config = keras.utils.legacy.serialize_keras_object(layer)
    assert set(config) == {"class_name", "config"} and config["class_name"] == "Dense"
    again = keras.utils.legacy.deserialize_keras_object(config, module_objects={"Dense": keras.layers.Dense})
    assert isinstance(again, keras.layers.Dense) and again.units == 3
    with pytest.raises(ValueError, match="Unknown object"):
        keras.utils.legacy.deserialize_keras_object("no_such_thing")


def test_layers_serialize_and_deserialize():
    config = keras.layers.serialize(keras.layers.Dropout(0.25))
    assert config["class_name"] == "Dropout" and config["module"] == "keras.layers"
    assert keras.layers.deserialize(config).rate == 0.25
