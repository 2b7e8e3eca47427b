"""`keras.datasets.cifar100`."""

from kc_data.datasets.cifar100 import load_data  # noqa: F401
