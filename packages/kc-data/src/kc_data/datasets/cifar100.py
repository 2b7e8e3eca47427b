"""CIFAR-100: 50,000 training and 10,000 test 32x32 color images in 100 (or 20) classes."""

import os

from kc_data.datasets import _cifar
from kc_data.utils.file_utils import get_file

ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz"
FILE_HASH = "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7"


def load_data(label_mode="fine"):
    """`(x_train, y_train), (x_test, y_test)`; `label_mode` "fine" (100 classes) or
    "coarse" (20 superclasses)."""
    if label_mode not in ("fine", "coarse"):
        raise ValueError(
            f"Expected `label_mode` to be 'fine' or 'coarse', received {label_mode!r}."
        )
    folder = get_file(
        fname="cifar-100-python-target", origin=ORIGIN, extract=True, file_hash=FILE_HASH
    )
    folder = os.path.join(folder, "cifar-100-python")
    key = label_mode + "_labels"
    x_train, y_train = _cifar.load_batch(os.path.join(folder, "train"), label_key=key)
    x_test, y_test = _cifar.load_batch(os.path.join(folder, "test"), label_key=key)
    return _cifar.finish(x_train, y_train, x_test, y_test)
