"""`keras.datasets.california_housing`."""

from kc_data.datasets.california_housing import load_data  # noqa: F401
