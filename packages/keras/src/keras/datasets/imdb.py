"""`keras.datasets.imdb`."""

from kc_data.datasets.imdb import load_data, get_word_index  # noqa: F401
