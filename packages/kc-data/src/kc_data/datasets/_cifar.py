"""Reading the CIFAR python pickles (a dict with byte-string keys)."""

import pickle

import numpy as np
from kc_ops import config


def load_batch(path, label_key="labels"):
    """`(data, labels)` from one CIFAR batch file: data uint8 (N, 3, 32, 32)."""
    with open(path, "rb") as f:
        content = pickle.load(f, encoding="bytes")
    content = {k.decode("utf8") if isinstance(k, bytes) else k: v for k, v in content.items()}
    data = np.asarray(content["data"], dtype="uint8").reshape(-1, 3, 32, 32)
    return data, np.asarray(content[label_key])


def finish(x_train, y_train, x_test, y_test):
    """Labels as uint8 column vectors, images channels-last unless configured otherwise."""
    y_train = np.reshape(y_train, (len(y_train), 1)).astype("uint8")
    y_test = np.reshape(y_test, (len(y_test), 1)).astype("uint8")
    if config.image_data_format() == "channels_last":
        x_train, x_test = x_train.transpose(0, 2, 3, 1), x_test.transpose(0, 2, 3, 1)
    return (x_train, y_train), (x_test, y_test)
