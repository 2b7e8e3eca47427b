"""Saves are atomic and damaged files fail with a clear error naming them.

A process killed (SIGKILL) in the middle of `model.save` / `save_weights` leaves the previous
file, intact and loadable; a finished save leaves the new one. Truncated or corrupt files raise
a ValueError naming the file instead of a zipfile / h5py traceback.
"""

import os
import signal
import subprocess
import sys
import time
import zipfile

import keras
import numpy as np
import pytest

_CHILD = r"""
import sys, time, zipfile
import numpy as np
import keras
from kc_saving import weights_store

path, ready, slow = sys.argv[1], sys.argv[2], sys.argv[3] == "slow"
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
model.set_weights([np.full((4, 3), 1.0, "float32"), np.zeros(3, "float32")])
save = model.save if path.endswith(".keras") else model.save_weights
save(path)                                   # the old file: every kernel entry 1.0
model.set_weights([np.full((4, 3), 2.0, "float32"), np.zeros(3, "float32")])

def stall(original):
    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        open(ready, "w").close()             # part of the new file is written: kill me now
        time.sleep(120)
        return result
    return wrapper

if slow and path.endswith(".keras"):    # stall between two archive members
    zipfile.ZipFile.writestr = stall(zipfile.ZipFile.writestr)
elif slow:                                  # stall between two datasets
    weights_store.H5Group.__setitem__ = stall(weights_store.H5Group.__setitem__)
save(path)                                   # the new file: every kernel entry 2.0
print("saved")
"""


def _kernel_value(path):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    if path.endswith(".keras"):
        model = keras.saving.load_model(path)
    else:
        model.load_weights(path)
    kernel = model.layers[0].get_weights()[0]
    assert np.all(kernel == kernel.flat[0])
    return float(kernel.flat[0])


def _child(path, ready, mode):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, path, ready, mode],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("filename", ["model.keras", "model.weights.h5"])
def test_sigkill_during_save_keeps_the_old_file(tmp_path, filename):
    path, ready = str(tmp_path / filename), str(tmp_path / "ready")
    child = _child(path, ready, "slow")
    deadline = time.time() + 180
    while not os.path.exists(ready):
        if child.poll() is not None:
            pytest.fail(f"the child exited early: {child.stderr.read()[-3000:]}")
        if time.time() > deadline:
            child.kill()
            pytest.fail("the child never reached the middle of its save")
        time.sleep(0.05)
    temporaries = [n for n in os.listdir(tmp_path) if n.startswith(".tmp_")]
    assert temporaries, "the new file should be written to a temporary file first"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert _kernel_value(path) == 1.0  # the old file, whole


@pytest.mark.parametrize("filename", ["model.keras", "model.weights.h5"])
def test_finished_save_replaces_the_file_and_leaves_no_temporary(tmp_path, filename):
    path, ready = str(tmp_path / filename), str(tmp_path / "ready")
    child = _child(path, ready, "fast")
    out, err = child.communicate(timeout=180)
    assert child.returncode == 0, err[-3000:]
    assert _kernel_value(path) == 2.0
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".tmp_")]


def _small_model():
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(40), keras.layers.Dense(2)])
    rng = np.random.default_rng(0)
    model.set_weights([rng.normal(size=w.shape).astype("float32") for w in model.get_weights()])
    return model


def test_error_during_save_keeps_old_file_and_cleans_up(tmp_path, monkeypatch):
    model = _small_model()
    path = str(tmp_path / "m.keras")
    model.save(path)
    before = open(path, "rb").read()

    def broken(self, name, data, *args, **kwargs):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", broken)
    with pytest.raises(OSError, match="disk full"):
        model.save(path)
    monkeypatch.undo()
    assert open(path, "rb").read() == before
    assert os.listdir(tmp_path) == ["m.keras"]


# --- damaged files ------------------------------------------------------------------------------
@pytest.mark.parametrize("fraction", [0.0, 0.3, 0.7, 0.99])
def test_truncated_keras_file_names_it(tmp_path, fraction):
    good = str(tmp_path / "good.keras")
    _small_model().save(good)
    data = open(good, "rb").read()
    bad = tmp_path / "truncated.keras"
    bad.write_bytes(data[: int(len(data) * fraction)])
    with pytest.raises(ValueError, match="truncated.keras") as info:
        keras.saving.load_model(str(bad))
    assert "not a valid .keras archive" in str(info.value) or "corrupt" in str(info.value)


def test_keras_file_with_damaged_member_names_it(tmp_path):
    good = str(tmp_path / "good.keras")
    _small_model().save(good)
    data = bytearray(open(good, "rb").read())
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo("model.weights.h5")
    middle = info.header_offset + 100 + info.compress_size // 2
    for i in range(middle, middle + 32):
        data[i] ^= 0xFF  # the zip's CRC-32 no longer matches
    bad = tmp_path / "damaged.keras"
    bad.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="damaged.keras.*corrupt"):
        keras.saving.load_model(str(bad))


def test_keras_file_that_is_not_a_zip_names_it(tmp_path):
    bad = tmp_path / "weights_in_disguise.keras"
    _small_model().save_weights(str(tmp_path / "w.weights.h5"))
    bad.write_bytes((tmp_path / "w.weights.h5").read_bytes())
    with pytest.raises(ValueError, match="weights_in_disguise.keras"):
        keras.saving.load_model(str(bad))


@pytest.mark.parametrize("fraction", [0.0, 0.5, 0.95])
def test_truncated_weights_file_names_it(tmp_path, fraction):
    good = str(tmp_path / "good.weights.h5")
    model = _small_model()
    model.save_weights(good)
    data = open(good, "rb").read()
    bad = tmp_path / "cut.weights.h5"
    bad.write_bytes(data[: int(len(data) * fraction)])
    with pytest.raises(ValueError, match="cut.weights.h5"):
        model.load_weights(str(bad))


def test_corrupt_weights_data_is_detected(tmp_path):
    """Flipped bits inside a kernel's data fail the dataset's checksum, not load silently."""
    import h5py

    model = _small_model()
    good = str(tmp_path / "good.weights.h5")
    model.save_weights(good)
    with h5py.File(good, "r") as f:
        dataset = f["layers/dense/vars/0"]
        offset = dataset.id.get_chunk_info(0).byte_offset
    data = bytearray(open(good, "rb").read())
    for i in range(offset + 8, offset + 40):
        data[i] ^= 0xFF
    bad = tmp_path / "flipped.weights.h5"
    bad.write_bytes(bytes(data))
    target = _small_model()
    with pytest.raises(ValueError, match="flipped.weights.h5.*corrupt"):
        target.load_weights(str(bad))
    with pytest.raises(ValueError, match="flipped.weights.h5"):
        target.load_weights(str(bad), skip_mismatch=True)


def test_garbage_weights_file_names_it(tmp_path):
    bad = tmp_path / "noise.weights.h5"
    bad.write_bytes(np.random.default_rng(0).bytes(4096))
    with pytest.raises(ValueError, match="noise.weights.h5"):
        _small_model().load_weights(str(bad))


@pytest.mark.skipif(os.name != "posix", reason="POSIX file permissions")
def test_saved_files_get_ordinary_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        model = _small_model()
        path = str(tmp_path / "m.keras")
        model.save(path)
        assert os.stat(path).st_mode & 0o777 == 0o644  # as open(path, "w") would give
        os.chmod(path, 0o640)
        model.save(path)
        assert os.stat(path).st_mode & 0o777 == 0o640  # replacing keeps the file's permissions
        weights = str(tmp_path / "m.weights.h5")
        model.save_weights(weights)
        assert os.stat(weights).st_mode & 0o777 == 0o644
    finally:
        os.umask(umask)
