"""`keras.datasets.boston_housing`."""

from kc_data.datasets.boston_housing import load_data  # noqa: F401
