import os
import sys

import keras
import numpy as np
import pytest

needs_fit = pytest.mark.skipif(
    keras.config.backend() == "numpy", reason="fit needs a training backend; numpy has no autodiff"
)


def data(n=16):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, 3)).astype("float32")
    return x, (x[:, :2] * 2.0 - 1.0).astype("float32")


def get_model(name="dense_out"):
    m = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2, name=name)])
    m.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05), loss="mse", metrics=["mae"])
    return m


def steps(directory):
    return sorted(int(n) for n in os.listdir(directory) if n.isdigit())


def read_state(step_dir):
    import orbax.checkpoint as ocp

    with ocp.StandardCheckpointer() as checkpointer:
        return checkpointer.restore(os.path.join(step_dir, "state"))


def saved_iterations(state):
    (optimizer,) = state["optimizer_variables"].values()  # keyed by the optimizer's name
    return int(optimizer["iteration"])


class Feed(keras.callbacks.Callback):
    """Puts a scripted value in the logs, so save_best_only decisions are known in advance."""

    def __init__(self, values):
        super().__init__()
        self.values = list(values)

    def on_epoch_end(self, epoch, logs=None):
        logs["watched"] = self.values[epoch]


# --- arguments (no training needed) ------------------------------------------------------
@pytest.mark.parametrize("save_freq", ["batch", 0, -2, 1.5, True])
def test_bad_save_freq_is_rejected(tmp_path, save_freq):
    with pytest.raises(ValueError, match="save_freq"):
        keras.callbacks.OrbaxCheckpoint(str(tmp_path), save_freq=save_freq)


def test_bad_mode_and_max_to_keep_are_rejected(tmp_path):
    with pytest.raises(ValueError, match="mode"):
        keras.callbacks.OrbaxCheckpoint(str(tmp_path), mode="biggest")
    with pytest.raises(ValueError, match="max_to_keep"):
        keras.callbacks.OrbaxCheckpoint(str(tmp_path), max_to_keep=0)


def test_defaults_and_single_host(tmp_path):
    cb = keras.callbacks.OrbaxCheckpoint(str(tmp_path))
    assert (cb.monitor, cb.mode, cb.save_freq, cb.max_to_keep) == ("val_loss", "min", "epoch", 1)
    assert keras.callbacks.OrbaxCheckpoint(str(tmp_path), monitor="val_accuracy").mode == "max"
    assert cb.is_multihost_enabled() is False
    assert cb.is_primary_host() is True
    assert cb.model is None
    cb.wait_until_finished()  # nothing pending: returns at once


def test_missing_orbax_names_the_package(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "orbax.checkpoint", None)
    with pytest.raises(ImportError, match="pip install orbax-checkpoint"):
        keras.callbacks.OrbaxCheckpoint(str(tmp_path))


# --- saving ------------------------------------------------------------------------------
@needs_fit
def test_one_checkpoint_per_epoch_with_all_items(tmp_path):
    x, y = data()
    cb = keras.callbacks.OrbaxCheckpoint(str(tmp_path), max_to_keep=5)
    get_model().fit(x, y, batch_size=8, epochs=3, verbose=0, callbacks=[cb])
    assert steps(tmp_path) == [0, 1, 2]
    items = set(os.listdir(tmp_path / "2"))
    assert {"state", "metadata", "model_config"} <= items
    state = read_state(str(tmp_path / "2"))
    assert {"trainable_variables", "optimizer_variables", "metrics_variables"} <= set(state)
    # 16 samples in batches of 8, three epochs: the saved optimizer has taken 6 steps.
    assert saved_iterations(state) == 6


@needs_fit
def test_integer_save_freq_numbers_steps_by_global_batch(tmp_path):
    x, y = data()
    cb = keras.callbacks.OrbaxCheckpoint(str(tmp_path), save_freq=3, max_to_keep=10)
    # 4 batches per epoch, 3 epochs = 12 batches: saves after batches 3, 6, 9 and 12.
    get_model().fit(x, y, batch_size=4, epochs=3, verbose=0, callbacks=[cb])
    assert steps(tmp_path) == [3, 6, 9, 12]
    state = read_state(str(tmp_path / "9"))
    assert saved_iterations(state) == 9


@needs_fit
@pytest.mark.parametrize("max_to_keep, expected", [(1, [3]), (2, [2, 3])])
def test_max_to_keep_prunes_older_steps(tmp_path, max_to_keep, expected):
    x, y = data()
    cb = keras.callbacks.OrbaxCheckpoint(str(tmp_path), max_to_keep=max_to_keep)
    get_model().fit(x, y, batch_size=8, epochs=4, verbose=0, callbacks=[cb])
    assert steps(tmp_path) == expected


@needs_fit
@pytest.mark.parametrize(
    "mode, values, threshold, expected, best",
    [
        ("min", [3.0, 1.0, 2.0, 0.5], None, [0, 1, 3], 0.5),
        ("max", [3.0, 1.0, 2.0, 4.0], None, [0, 3], 4.0),
        ("min", [3.0, 1.0, 2.0, 0.5], 1.5, [1, 3], 0.5),
        ("max", [3.0, 1.0, 2.0, 4.0], 5.0, [], 5.0),
    ],
)
def test_save_best_only_follows_mode_and_threshold(
    tmp_path, mode, values, threshold, expected, best
):
    x, y = data()
    cb = keras.callbacks.OrbaxCheckpoint(
        str(tmp_path), monitor="watched", mode=mode, save_best_only=True,
        initial_value_threshold=threshold, max_to_keep=10,
    )
    get_model().fit(x, y, batch_size=8, epochs=4, verbose=0, callbacks=[Feed(values), cb])
    assert steps(tmp_path) == expected
    assert cb.best == best


@needs_fit
def test_save_best_only_warns_when_the_monitor_is_missing(tmp_path):
    x, y = data()
    cb = keras.callbacks.OrbaxCheckpoint(str(tmp_path), monitor="val_loss", save_best_only=True)
    with pytest.warns(UserWarning, match="val_loss"):
        get_model().fit(x, y, batch_size=8, epochs=1, verbose=0, callbacks=[cb])
    assert steps(tmp_path) == []


@needs_fit
def test_save_weights_only_leaves_out_optimizer_and_config(tmp_path):
    x, y = data()
    trained = get_model()
    cb = keras.callbacks.OrbaxCheckpoint(str(tmp_path), save_weights_only=True)
    trained.fit(x, y, batch_size=8, epochs=2, verbose=0, callbacks=[cb])
    assert steps(tmp_path) == [1]
    saved_groups = set(read_state(str(tmp_path / "1")))
    assert saved_groups == {"trainable_variables", "non_trainable_variables"}
    assert not os.path.exists(tmp_path / "1" / "model_config")
    with pytest.raises(ValueError, match="save_weights_only"):
        keras.saving.load_model(str(tmp_path))
    fresh = get_model()
    with pytest.warns(UserWarning, match="no optimizer state"):
        fresh.load_weights(str(tmp_path))
    for expected, got in zip(trained.get_weights(), fresh.get_weights()):
        np.testing.assert_array_equal(got, expected)


@needs_fit
def test_wait_until_finished_makes_the_background_save_visible(tmp_path):
    x, y = data()
    cb = keras.callbacks.OrbaxCheckpoint(str(tmp_path), max_to_keep=5, save_on_background=True)
    seen = []

    def check(epoch, logs):
        cb.wait_until_finished()
        seen.append(steps(tmp_path))

    probe = keras.callbacks.LambdaCallback(on_epoch_end=check)
    get_model().fit(x, y, batch_size=8, epochs=2, verbose=0, callbacks=[cb, probe])
    assert seen == [[0], [0, 1]]


# --- restoring ---------------------------------------------------------------------------
def assert_same_state(model, reference):
    for expected, got in zip(reference.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(got, expected)
    assert int(model.optimizer.iterations.numpy()) == int(reference.optimizer.iterations.numpy())
    assert len(model.optimizer.variables) == len(reference.optimizer.variables)
    for expected, got in zip(reference.optimizer.variables, model.optimizer.variables):
        np.testing.assert_array_equal(got.numpy(), expected.numpy())


@needs_fit
@pytest.mark.parametrize("save_on_background", [True, False])
def test_load_model_restores_weights_and_optimizer_then_resumes(tmp_path, save_on_background):
    x, y = data()
    trained = get_model()
    cb = keras.callbacks.OrbaxCheckpoint(str(tmp_path), save_on_background=save_on_background)
    trained.fit(x, y, batch_size=8, epochs=3, verbose=0, callbacks=[cb])
    restored = keras.saving.load_model(str(tmp_path))
    assert int(restored.optimizer.iterations.numpy()) == 6  # 2 batches x 3 epochs
    assert_same_state(restored, trained)
    # Adam's moments and step count came back: one more identical epoch gives identical weights.
    resume = keras.callbacks.OrbaxCheckpoint(str(tmp_path), max_to_keep=5)
    trained.fit(x, y, batch_size=8, epochs=1, verbose=0, shuffle=False)
    restored.fit(x, y, batch_size=8, epochs=4, initial_epoch=3, verbose=0, shuffle=False,
                 callbacks=[resume])
    for expected, got in zip(trained.get_weights(), restored.get_weights()):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    assert steps(tmp_path) == [2, 3]


@needs_fit
def test_load_weights_into_a_fresh_model_with_other_layer_names(tmp_path):
    x, y = data()
    trained = get_model()
    cb = keras.callbacks.OrbaxCheckpoint(str(tmp_path))
    trained.fit(x, y, batch_size=8, epochs=2, verbose=0, callbacks=[cb])
    fresh = get_model(name="another_name")  # paths differ: matched by position instead
    fresh.load_weights(str(tmp_path))
    assert_same_state(fresh, trained)


@needs_fit
def test_load_weights_from_a_specific_step_directory(tmp_path):
    x, y = data()
    trained = get_model()
    after_epoch = []
    record = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: after_epoch.append(
            [w.copy() for w in trained.get_weights()]
        )
    )
    cb = keras.callbacks.OrbaxCheckpoint(str(tmp_path), max_to_keep=3)
    trained.fit(x, y, batch_size=8, epochs=3, verbose=0, callbacks=[record, cb])
    fresh = get_model()
    fresh.load_weights(str(tmp_path / "0"))
    for expected, got in zip(after_epoch[0], fresh.get_weights()):
        np.testing.assert_array_equal(got, expected)
    assert int(fresh.optimizer.iterations.numpy()) == 2


@needs_fit
def test_resuming_onto_existing_steps_warns_and_keeps_them(tmp_path):
    x, y = data()
    m = get_model()
    m.fit(x, y, batch_size=8, epochs=2, verbose=0,
          callbacks=[keras.callbacks.OrbaxCheckpoint(str(tmp_path), max_to_keep=5)])
    with pytest.warns(UserWarning, match="initial_epoch"):
        m.fit(x, y, batch_size=8, epochs=1, verbose=0,
              callbacks=[keras.callbacks.OrbaxCheckpoint(str(tmp_path), max_to_keep=5)])
    assert steps(tmp_path) == [0, 1]


@needs_fit
def test_loading_an_empty_directory_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="no Orbax checkpoint"):
        get_model().load_weights(str(tmp_path))
