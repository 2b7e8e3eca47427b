"""Each loader on tiny synthetic files in its real format, placed in a temporary cache."""

import gzip
import io
import json
import pickle
import tarfile

import kc_ops
import numpy as np
import pytest
from kc_data import datasets
from kc_data.utils.file_utils import hash_file


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    folder = tmp_path / "datasets"
    folder.mkdir()
    return folder


def _place(monkeypatch, module, path, attribute="FILE_HASH"):
    """Point the loader's expected hash at our synthetic file (so no download happens)."""
    monkeypatch.setattr(module, attribute, hash_file(path))


def test_mnist(cache, monkeypatch):
    x = np.arange(2 * 28 * 28, dtype="uint8").reshape(2, 28, 28)
    np.savez(
        cache / "mnist.npz",
        x_train=x,
        y_train=np.array([3, 4], "uint8"),
        x_test=x[:1],
        y_test=np.array([7], "uint8"),
    )
    _place(monkeypatch, datasets.mnist, cache / "mnist.npz")
    (x_train, y_train), (x_test, y_test) = datasets.mnist.load_data()
    np.testing.assert_array_equal(x_train, x)
    assert y_train.tolist() == [3, 4] and y_test.tolist() == [7] and x_test.shape == (1, 28, 28)


def test_fashion_mnist_idx_gz(cache):
    folder = cache / "fashion-mnist"
    folder.mkdir()
    images = np.arange(3 * 784, dtype="uint8") % 251

    def write(name, header, payload):
        with gzip.open(folder / name, "wb") as f:
            f.write(header + payload.tobytes())

    for prefix, n in (("train", 3), ("t10k", 1)):
        write(
            f"{prefix}-labels-idx1-ubyte.gz",
            b"\0\0\x08\x01" + n.to_bytes(4, "big"),
            np.arange(n, dtype="uint8") + 5,
        )
        write(
            f"{prefix}-images-idx3-ubyte.gz",
            b"\0\0\x08\x03" + n.to_bytes(4, "big") + b"\0\0\0\x1c" * 2,
            images[: n * 784],
        )
    (x_train, y_train), (x_test, y_test) = datasets.fashion_mnist.load_data()
    assert x_train.shape == (3, 28, 28) and y_train.tolist() == [5, 6, 7]
    np.testing.assert_array_equal(x_test.reshape(-1), images[:784])


def _cifar_archive(path, top, members):
    with tarfile.open(path, "w:gz") as tar:
        for name, content in members.items():
            data = pickle.dumps(content)
            info = tarfile.TarInfo(f"{top}/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_cifar10(cache, monkeypatch):
    def batch(label):
        return {b"data": np.full((2, 3072), label, "uint8"), b"labels": [label, label + 1]}

    members = {f"data_batch_{i}": batch(i) for i in range(1, 6)}
    members["test_batch"] = batch(9)
    archive = cache / "cifar-10-batches-py-target.tar.gz"
    _cifar_archive(archive, "cifar-10-batches-py", members)
    _place(monkeypatch, datasets.cifar10, archive)
    (x_train, y_train), (x_test, y_test) = datasets.cifar10.load_data()
    assert x_train.shape == (10, 32, 32, 3) and y_train.shape == (10, 1)
    assert y_train[:, 0].tolist() == [1, 2, 2, 3, 3, 4, 4, 5, 5, 6] and x_test[0, 0, 0, 0] == 9


def test_cifar100_label_modes(cache, monkeypatch):
    def batch(n):
        data = np.zeros((n, 3, 32, 32), "uint8")
        data[:, 1] = 7  # the green plane: checks the channels-last transpose
        return {
            b"data": data.reshape(n, 3072),
            b"fine_labels": list(range(n)),
            b"coarse_labels": [1] * n,
        }

    archive = cache / "cifar-100-python-target.tar.gz"
    _cifar_archive(archive, "cifar-100-python", {"train": batch(3), "test": batch(2)})
    _place(monkeypatch, datasets.cifar100, archive)
    (x_train, y_train), _ = datasets.cifar100.load_data()
    assert y_train[:, 0].tolist() == [0, 1, 2] and x_train[0, 5, 5].tolist() == [0, 7, 0]
    (_, y_train), (_, y_test) = datasets.cifar100.load_data(label_mode="coarse")
    assert y_train[:, 0].tolist() == [1, 1, 1] and y_test.dtype == np.uint8
    with pytest.raises(ValueError, match="label_mode"):
        datasets.cifar100.load_data(label_mode="medium")


def _sequences(*lists):
    out = np.empty(len(lists), dtype=object)
    out[:] = [list(x) for x in lists]
    return out


def test_imdb(cache, monkeypatch):
    np.savez(
        cache / "imdb.npz",
        x_train=_sequences([1, 2], [5, 6, 7]),
        labels_train=np.array([0, 1]),
        x_test=_sequences([3]),
        labels_test=np.array([1]),
    )
    _place(monkeypatch, datasets.imdb, cache / "imdb.npz")
    (x_train, y_train), (x_test, y_test) = datasets.imdb.load_data(seed=0)
    pairs = sorted(zip([tuple(x) for x in x_train], y_train.tolist()))
    # start_char 1 prepended, index_from 3 added; the largest index (10) bounds the vocabulary
    assert pairs == [((1, 4, 5), 0), ((1, 8, 9, 2), 1)]
    assert x_test.tolist() == [[1, 6]] and y_test.tolist() == [1]
    (x_train, _), _ = datasets.imdb.load_data(num_words=6, maxlen=4, oov_char=2, seed=0)
    assert [list(x) for x in x_train] == [[1, 4, 5]]
    (x_train, _), _ = datasets.imdb.load_data(
        num_words=6, start_char=None, index_from=0, oov_char=None
    )
    assert sorted(map(list, x_train)) == [[1, 2], [5]]


def test_reuters_and_word_index(cache, monkeypatch):
    np.savez(
        cache / "reuters.npz", x=_sequences([1], [2], [3], [4], [5]), y=np.array([0, 1, 2, 3, 4])
    )
    _place(monkeypatch, datasets.reuters, cache / "reuters.npz")
    (x_train, y_train), (x_test, y_test) = datasets.reuters.load_data(test_split=0.4, num_words=100)
    assert len(x_train) == 3 and len(x_test) == 2
    assert sorted(y_train.tolist() + y_test.tolist()) == [0, 1, 2, 3, 4]
    for x, y in zip(x_train, y_train):  # shuffling kept each newswire with its label
        assert list(x) == [1, y + 1 + 3]
    (cache / "reuters_word_index.json").write_text(json.dumps({"the": 1}))
    _place(monkeypatch, datasets.reuters, cache / "reuters_word_index.json", "WORD_INDEX_HASH")
    assert datasets.reuters.get_word_index() == {"the": 1}
    assert datasets.reuters.get_label_names()[:3] == ("cocoa", "grain", "veg-oil")
    (cache / "imdb_word_index.json").write_text(json.dumps({"movie": 17}))
    _place(monkeypatch, datasets.imdb, cache / "imdb_word_index.json", "WORD_INDEX_HASH")
    assert datasets.imdb.get_word_index() == {"movie": 17}


@pytest.mark.parametrize("name", ["boston_housing", "california_housing"])
def test_regression_datasets(cache, monkeypatch, name):
    module = getattr(datasets, name)
    x = np.arange(20, dtype="float64").reshape(10, 2)
    np.savez(cache / f"{name}.npz", x=x, y=x[:, 0] * 10)
    _place(monkeypatch, module, cache / f"{name}.npz")
    (x_train, y_train), (x_test, y_test) = module.load_data(test_split=0.3, seed=113)
    assert x_train.shape == (7, 2) and x_test.shape == (3, 2)
    np.testing.assert_array_equal(y_train, x_train[:, 0] * 10)
    order = np.random.RandomState(113).permutation(10)
    np.testing.assert_array_equal(x_test, x[order[7:]])
    if name == "california_housing":
        with pytest.raises(ValueError, match="version"):
            module.load_data(version="medium")


def test_channels_first_cifar(cache, monkeypatch):
    archive = cache / "cifar-10-batches-py-target.tar.gz"
    batch = {b"data": np.zeros((1, 3072), "uint8"), b"labels": [0]}
    _cifar_archive(
        archive,
        "cifar-10-batches-py",
        {**{f"data_batch_{i}": batch for i in range(1, 6)}, "test_batch": batch},
    )
    _place(monkeypatch, datasets.cifar10, archive)
    previous = kc_ops.config.image_data_format()
    kc_ops.config.set_image_data_format("channels_first")
    try:
        (x_train, _), _ = datasets.cifar10.load_data()
    finally:
        kc_ops.config.set_image_data_format(previous)
    assert x_train.shape == (5, 3, 32, 32)
