"""`keras.datasets.reuters`."""

from kc_data.datasets.reuters import load_data, get_label_names, get_word_index  # noqa: F401
