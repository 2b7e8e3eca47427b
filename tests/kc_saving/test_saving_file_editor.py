"""`KerasFileEditor`: inspect and edit a saved file's weights without building the model."""

import keras
import numpy as np
import pytest
from kc_saving.file_editor import KerasFileEditor


def make_model(units=3):
    model = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(5, name="hidden"),
            keras.layers.Dense(units, name="out"),
        ]
    )
    rng = np.random.default_rng(0)
    model.set_weights([rng.normal(size=w.shape).astype("float32") for w in model.get_weights()])
    return model


@pytest.fixture
def saved(tmp_path):
    model = make_model()
    path = str(tmp_path / "m.keras")
    model.save(path)
    return model, path


def test_reads_weights_by_object_path(saved, capsys):
    model, path = saved
    editor = KerasFileEditor(path)
    assert sorted(p for p in editor.weights if editor.weights[p]) == [
        "layers/dense",
        "layers/dense_1",
    ]
    np.testing.assert_array_equal(
        editor.weights["layers/dense"]["0"], model.layers[0].get_weights()[0]
    )
    editor.summary()
    out = capsys.readouterr().out
    assert "layers/dense_1  [out]" in out and "(5, 3)" in out


def test_compare_against_models(saved):
    model, path = saved
    editor = KerasFileEditor(path)
    assert editor.compare(model)["status"] == "success"
    result = editor.compare(make_model(units=2))
    assert result == {"status": "error", "error_count": 1, "match_count": result["match_count"]}


def test_edit_weights_and_save(saved, tmp_path):
    model, path = saved
    editor = KerasFileEditor(path)
    new_bias = np.full((3,), 7.0, "float32")
    editor.delete_weight("out", "1")  # found by the layer's name
    editor.add_weights("layers/dense_1", {"1": new_bias})
    target = str(tmp_path / "edited.keras")
    editor.save(target)
    loaded = keras.saving.load_model(target)
    np.testing.assert_array_equal(loaded.layers[1].get_weights()[1], new_bias)
    np.testing.assert_array_equal(
        loaded.layers[0].get_weights()[0], model.layers[0].get_weights()[0]
    )


def test_rename_delete_add_object_and_resave_weights(saved, tmp_path):
    model, path = saved
    editor = KerasFileEditor(path)
    kernel = editor.weights["layers/dense_1"]["0"]
    editor.rename_object("layers/dense_1", "dense_9")
    assert "layers/dense_9" in editor.weights and "layers/dense_1" not in editor.weights
    editor.delete_object("layers/dense_9")
    editor.add_object("layers/dense_1", [kernel * 2, np.zeros(3, "float32")])
    weights_path = str(tmp_path / "edited.weights.h5")
    editor.resave_weights(weights_path)
    target = make_model()
    target.load_weights(weights_path)
    np.testing.assert_array_equal(target.layers[1].get_weights()[0], kernel * 2)
    with pytest.raises(ValueError, match="resave_weights"):
        KerasFileEditor(weights_path).save(str(tmp_path / "x.keras"))


def test_errors_name_what_is_wrong(saved):
    _, path = saved
    editor = KerasFileEditor(path)
    with pytest.raises(ValueError, match="No object 'nope'"):
        editor.delete_object("nope")
    with pytest.raises(ValueError, match="has no weight '5'"):
        editor.delete_weight("layers/dense", "5")
    with pytest.raises(ValueError, match="exists already"):
        editor.add_object("layers/dense", [np.zeros(2)])
    with pytest.raises(ValueError, match=r"\.keras or \.weights\.h5"):
        KerasFileEditor("model.h5")
