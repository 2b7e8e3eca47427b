"""`keras.preprocessing.sequence`: re-exports from kc-data."""

from kc_data import pad_sequences  # noqa: F401
