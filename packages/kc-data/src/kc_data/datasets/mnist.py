"""MNIST handwritten digits: 60,000 training and 10,000 test 28x28 grayscale images."""

import numpy as np

from kc_data.datasets._common import BASE_URL
from kc_data.utils.file_utils import get_file

FILE_HASH = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"


def load_data(path="mnist.npz"):
    """`(x_train, y_train), (x_test, y_test)`: uint8 images (N, 28, 28), uint8 labels (N,).
    `path` is the file name in the cache (`~/.keras/datasets`)."""
    path = get_file(fname=path, origin=BASE_URL + "mnist.npz", file_hash=FILE_HASH)
    with np.load(path, allow_pickle=False) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
