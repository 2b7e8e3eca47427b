"""`keras.datasets.cifar10`."""

from kc_data.datasets.cifar10 import load_data  # noqa: F401
