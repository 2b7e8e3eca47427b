"""Fashion-MNIST: 70,000 28x28 grayscale images of 10 clothing categories (gzipped IDX files)."""

import gzip
import os

import numpy as np

from kc_data.datasets._common import BASE_URL
from kc_data.utils.file_utils import get_file

DIRNAME = os.path.join("datasets", "fashion-mnist")
FILES = [
    "train-labels-idx1-ubyte.gz",
    "train-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
]


def _read(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def load_data():
    """`(x_train, y_train), (x_test, y_test)`: uint8 images (N, 28, 28), uint8 labels (N,)."""
    paths = [get_file(name, origin=BASE_URL + name, cache_subdir=DIRNAME) for name in FILES]
    y_train = _read(paths[0], 8)
    x_train = _read(paths[1], 16).reshape(len(y_train), 28, 28)
    y_test = _read(paths[2], 8)
    x_test = _read(paths[3], 16).reshape(len(y_test), 28, 28)
    return (x_train, y_train), (x_test, y_test)
