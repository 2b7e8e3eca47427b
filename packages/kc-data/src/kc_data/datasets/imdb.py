"""IMDB movie reviews: 25,000 training and 25,000 test reviews as word-index sequences,
labelled by sentiment (0 negative, 1 positive)."""

import json

import numpy as np

from kc_data.datasets._common import BASE_URL, limit_vocabulary, object_array, offset_and_filter
from kc_data.utils.file_utils import get_file

FILE_HASH = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
WORD_INDEX_HASH = "bfafd718b763782e994055a2d397834f"


def load_data(
    path="imdb.npz",
    num_words=None,
    skip_top=0,
    maxlen=None,
    seed=113,
    start_char=1,
    oov_char=2,
    index_from=3,
    **kwargs,
):
    """`(x_train, y_train), (x_test, y_test)`: x are object arrays of lists of word indices
    (offset by `index_from`, each starting with `start_char`); words outside
    `[skip_top, num_words)` become `oov_char` (or are dropped when it is None); sequences of
    `maxlen` words or more are dropped. Both splits are shuffled with `seed`."""
    if kwargs:
        raise TypeError(f"Unrecognized keyword arguments: {sorted(kwargs)}.")
    path = get_file(fname=path, origin=BASE_URL + "imdb.npz", file_hash=FILE_HASH)
    with np.load(path, allow_pickle=True) as f:
        x_train, labels_train = f["x_train"], f["labels_train"]
        x_test, labels_test = f["x_test"], f["labels_test"]
    rng = np.random.RandomState(seed)
    order = np.arange(len(x_train))
    rng.shuffle(order)
    x_train, labels_train = x_train[order], labels_train[order]
    order = np.arange(len(x_test))
    rng.shuffle(order)
    x_test, labels_test = x_test[order], labels_test[order]

    train, y_train = offset_and_filter(x_train, labels_train, maxlen, start_char, index_from)
    test, y_test = offset_and_filter(x_test, labels_test, maxlen, start_char, index_from)
    xs = limit_vocabulary(train + test, num_words, skip_top, oov_char)
    split = len(train)
    return (object_array(xs[:split]), np.asarray(y_train)), (
        object_array(xs[split:]),
        np.asarray(y_test),
    )


def get_word_index(path="imdb_word_index.json"):
    """The `{word: index}` dictionary (indices before the `index_from` offset)."""
    path = get_file(fname=path, origin=BASE_URL + "imdb_word_index.json", file_hash=WORD_INDEX_HASH)
    with open(path) as f:
        return json.load(f)
