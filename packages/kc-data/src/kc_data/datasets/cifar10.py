"""CIFAR-10: 50,000 training and 10,000 test 32x32 color images in 10 classes."""

import os

import numpy as np

from kc_data.datasets import _cifar
from kc_data.utils.file_utils import get_file

ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
FILE_HASH = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"


def load_data():
    """`(x_train, y_train), (x_test, y_test)`: uint8 images (N, 32, 32, 3) (channels first
    if `image_data_format()` says so), uint8 labels (N, 1)."""
    folder = get_file(
        fname="cifar-10-batches-py-target", origin=ORIGIN, extract=True, file_hash=FILE_HASH
    )
    folder = os.path.join(folder, "cifar-10-batches-py")
    parts = [_cifar.load_batch(os.path.join(folder, f"data_batch_{i}")) for i in range(1, 6)]
    x_train = np.concatenate([p[0] for p in parts])
    y_train = np.concatenate([p[1] for p in parts])
    x_test, y_test = _cifar.load_batch(os.path.join(folder, "test_batch"))
    return _cifar.finish(x_train, y_train, x_test, y_test)
