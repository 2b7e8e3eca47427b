"""`keras.datasets.fashion_mnist`."""

from kc_data.datasets.fashion_mnist import load_data  # noqa: F401
