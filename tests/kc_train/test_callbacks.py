import csv
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import keras

pytestmark = pytest.mark.skipif(keras.config.backend() == "numpy", reason="fit needs a training backend; numpy has no autodiff")


def data(n=64):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, 3)).astype("float32")
    return x, (x.sum(axis=1, keepdims=True) * 0.5).astype("float32")


def model(lr=0.05):
    m = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    m.compile(optimizer=keras.optimizers.SGD(learning_rate=lr), loss="mse")
    return m


def test_early_stopping_stops_when_the_metric_stalls():
    x, y = data()
    values = iter([1.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1])

    class FakeMetric(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            logs["watched"] = next(values)

    stopper = keras.callbacks.EarlyStopping(monitor="watched", patience=2, mode="min")
    history = model().fit(x, y, epochs=8, verbose=0, callbacks=[FakeMetric(), stopper])
    assert len(history.epoch) == 4  # best at epoch 1, two more without improvement, then stop
    assert stopper.stopped_epoch == 3


def test_learning_rate_scheduler_sets_values():
    x, y = data()
    m = model()
    seen = []
    record = keras.callbacks.LambdaCallback(on_epoch_begin=lambda epoch, logs: seen.append(
        float(np.asarray(m.optimizer.learning_rate))))
    schedule = keras.callbacks.LearningRateScheduler(lambda epoch: 0.1 / (epoch + 1))
    m.fit(x, y, epochs=3, verbose=0, callbacks=[schedule, record])
    np.testing.assert_allclose(seen, [0.1, 0.05, 0.1 / 3], rtol=1e-6)


def test_csv_logger_writes_one_row_per_epoch(tmp_path):
    x, y = data()
    path = tmp_path / "log.csv"
    history = model().fit(x, y, epochs=3, verbose=0, validation_split=0.25,
                          callbacks=[keras.callbacks.CSVLogger(str(path))])
    rows = list(csv.DictReader(open(path)))
    assert [r["epoch"] for r in rows] == ["0", "1", "2"]
    assert set(rows[0]) == {"epoch", "loss", "val_loss"}
    np.testing.assert_allclose([float(r["loss"]) for r in rows], history.history["loss"], rtol=1e-6)


def test_model_checkpoint_writes_formatted_files(tmp_path):
    x, y = data()
    pattern = str(tmp_path / "ckpt_{epoch:02d}_{loss:.3f}.weights.h5")
    model().fit(x, y, epochs=2, verbose=0,
                callbacks=[keras.callbacks.ModelCheckpoint(pattern, monitor="loss", save_weights_only=True)])
    names = sorted(os.listdir(tmp_path))
    assert len(names) == 2 and names[0].startswith("ckpt_01_") and names[1].startswith("ckpt_02_")
    assert all(n.endswith(".weights.h5") for n in names)


def test_model_checkpoint_save_best_only(tmp_path):
    x, y = data()
    path = str(tmp_path / "best.keras")
    m = model()
    m.fit(x, y, epochs=3, verbose=0, validation_data=(x, y),
          callbacks=[keras.callbacks.ModelCheckpoint(path, save_best_only=True)])
    restored = keras.saving.load_model(path)
    np.testing.assert_allclose(restored.predict(x, verbose=0), m.predict(x, verbose=0), rtol=1e-5, atol=1e-6)


def test_terminate_on_nan_names_the_batch(capsys):
    x, y = data()
    y[5] = np.nan
    history = model().fit(x, y, batch_size=4, epochs=3, verbose=0, shuffle=False,
                          callbacks=[keras.callbacks.TerminateOnNaN()])
    assert len(history.epoch) == 1
    assert "Batch 1: invalid loss" in capsys.readouterr().out


def test_tensorboard_event_files_are_readable(tmp_path):
    tf = pytest.importorskip("tensorflow", reason="reading event files uses tensorflow's summary_iterator")
    x, y = data()
    model().fit(x, y, epochs=2, verbose=0, callbacks=[keras.callbacks.TensorBoard(str(tmp_path))])
    files = os.listdir(tmp_path / "train")
    values = []
    for event in tf.compat.v1.train.summary_iterator(str(tmp_path / "train" / files[0])):
        for value in event.summary.value:
            values.append((value.tag, event.step))
    assert values == [("epoch_loss", 0), ("epoch_loss", 1)]


RESUME_SCRIPT = textwrap.dedent("""
    import os, signal, sys
    import numpy as np
    import keras

    backup, kill_at = sys.argv[1], int(sys.argv[2])
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 3)).astype("float32")
    y = (x.sum(axis=1, keepdims=True) * 0.5).astype("float32")
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1, kernel_initializer="ones")])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")

    class Killer(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

    callbacks = [keras.callbacks.BackupAndRestore(backup)] if backup != "-" else []
    model.fit(x, y, epochs=6, batch_size=16, shuffle=False, verbose=0, callbacks=callbacks + [Killer()])
    np.save(sys.argv[3], model.get_weights()[0])
""")


def test_backup_and_restore_resumes_after_sigkill(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(RESUME_SCRIPT)
    backup = str(tmp_path / "backup")
    reference, resumed = str(tmp_path / "reference.npy"), str(tmp_path / "resumed.npy")
    env = dict(os.environ)
    run = lambda *args: subprocess.run([sys.executable, str(script), *args], env=env, capture_output=True, text=True)  # noqa: E731
    assert run("-", "-1", reference).returncode == 0
    killed = run(backup, "2", resumed)
    assert killed.returncode == -9  # SIGKILL after epoch 3's backup
    finished = run(backup, "-1", resumed)
    assert finished.returncode == 0, finished.stderr
    np.testing.assert_allclose(np.load(resumed), np.load(reference), rtol=1e-5, atol=1e-6)
