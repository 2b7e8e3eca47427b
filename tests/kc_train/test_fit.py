import numpy as np
import pytest

import keras

TRAINS = keras.config.backend() != "numpy"
needs_training = pytest.mark.skipif(not TRAINS, reason="the numpy backend cannot train (no autodiff)")


def regression_data(n=256):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, 3)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5]], "float32") + 0.3).astype("float32")
    return x, y


def linear_model():
    return keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])


@needs_training
def test_fit_reduces_loss_and_learns():
    x, y = regression_data()
    model = linear_model()
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse", metrics=["mae"])
    history = model.fit(x, y, batch_size=32, epochs=5, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < losses[0] * 0.1
    assert set(history.history) == {"loss", "mae"}
    kernel, bias = model.get_weights()
    np.testing.assert_allclose(kernel[:, 0], [1.0, -2.0, 0.5], atol=0.05)
    np.testing.assert_allclose(bias, [0.3], atol=0.05)


@needs_training
def test_validation_split_and_evaluate_return_dict():
    x, y = regression_data()
    model = linear_model()
    model.compile(optimizer="adam", loss="mse")
    history = model.fit(x, y, epochs=2, validation_split=0.25, verbose=0)
    assert "val_loss" in history.history and len(history.history["val_loss"]) == 2
    result = model.evaluate(x, y, verbose=0, return_dict=True)
    assert set(result) == {"loss"}
    y_pred = model.predict(x, verbose=0)
    np.testing.assert_allclose(result["loss"], np.mean((y_pred - y) ** 2), rtol=1e-4)


@needs_training
def test_classification_accuracy_string_resolves():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((200, 2)).astype("float32")
    y = (x[:, 0] > 0).astype("int32")
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=10, batch_size=20, verbose=0)
    assert history.history["accuracy"][-1] > 0.9


@needs_training
def test_train_on_batch_and_test_on_batch():
    x, y = regression_data(32)
    model = linear_model()
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    first = model.train_on_batch(x, y)
    for _ in range(20):
        last = model.train_on_batch(x, y)
    assert last < first
    assert model.test_on_batch(x, y, return_dict=True)["loss"] == pytest.approx(
        float(np.mean((model.predict_on_batch(x) - y) ** 2)), rel=1e-4)


def test_evaluate_and_predict_work_on_every_backend():
    x, y = regression_data(64)
    model = linear_model()
    model.compile(loss="mse")
    kernel = np.array([[1.0], [-2.0], [0.5]], "float32")
    model.set_weights([kernel, np.array([0.3], "float32")])
    assert model.evaluate(x, y, verbose=0) == pytest.approx(0.0, abs=1e-8)
    np.testing.assert_allclose(model.predict(x, batch_size=10, verbose=0), y, rtol=1e-5, atol=1e-5)


def test_clear_errors_before_any_step():
    x, y = regression_data(16)
    model = linear_model()
    with pytest.raises(RuntimeError, match="compile"):
        model.fit(x, y, verbose=0)
    with pytest.raises(RuntimeError, match="compile"):
        model.evaluate(x, y, verbose=0)
    with pytest.raises(ValueError):
        model.compile(optimizer="no_such_optimizer", loss="mse")
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match="16.*15|15.*16"):
        model.evaluate(x, y[:15], verbose=0)


@pytest.mark.skipif(TRAINS, reason="checks the numpy backend's refusal to train")
def test_numpy_backend_says_fit_is_unsupported():
    x, y = regression_data(16)
    model = linear_model()
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(RuntimeError, match="numpy backend"):
        model.fit(x, y, verbose=0)


@needs_training
def test_jit_compile_true_trains_like_the_default_step():
    """torch.compile on torch, XLA on TensorFlow; JAX steps are always jitted."""

    def run(jit_compile):
        keras.utils.set_random_seed(1)
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"),
                                  keras.layers.Dense(1)])
        model.compile(keras.optimizers.Adam(0.01), "mse", metrics=["mae"], jit_compile=jit_compile)
        history = model.fit(x, y, epochs=2, batch_size=16, shuffle=False, verbose=0)
        return (model.get_weights(), history.history,
                model.evaluate(x, y, verbose=0, return_dict=True), model.predict(x, verbose=0))

    x, y = regression_data(64)
    default = run("auto")
    if keras.config.backend() == "torch":
        from torch._dynamo.utils import counters

        counters.clear()
    compiled = run(True)
    if keras.config.backend() == "torch":  # the step's only break is loss.backward()
        breaks = list(counters["graph_break"])
        assert all("backward" in reason for reason in breaks), breaks
    for expected, actual in zip(default[0], compiled[0]):
        np.testing.assert_allclose(actual, expected, rtol=1e-4, atol=1e-5)
    for key in ("loss", "mae"):
        np.testing.assert_allclose(compiled[1][key], default[1][key], rtol=1e-4)
        np.testing.assert_allclose(compiled[2][key], default[2][key], rtol=1e-4)
    np.testing.assert_allclose(compiled[3], default[3], rtol=1e-4, atol=1e-5)
