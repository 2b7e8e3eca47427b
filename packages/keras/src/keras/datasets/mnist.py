"""`keras.datasets.mnist`."""

from kc_data.datasets.mnist import load_data  # noqa: F401
