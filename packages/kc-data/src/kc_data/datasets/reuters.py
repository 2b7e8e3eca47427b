"""Reuters newswire topics: 11,228 newswires as word-index sequences, labelled by 46 topics."""

import json

import numpy as np

from kc_data.datasets._common import BASE_URL, limit_vocabulary, object_array, offset_and_filter
from kc_data.utils.file_utils import get_file

FILE_HASH = "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916"
WORD_INDEX_HASH = "4d44cc38712099c9e383dc6e5f11a921"
LABEL_NAMES = (
    "cocoa",
    "grain",
    "veg-oil",
    "earn",
    "acq",
    "wheat",
    "copper",
    "housing",
    "money-supply",
    "coffee",
    "sugar",
    "trade",
    "reserves",
    "ship",
    "cotton",
    "carcass",
    "crude",
    "nat-gas",
    "cpi",
    "money-fx",
    "interest",
    "gnp",
    "meal-feed",
    "alum",
    "oilseed",
    "gold",
    "tin",
    "strategic-metal",
    "livestock",
    "retail",
    "ipi",
    "iron-steel",
    "rubber",
    "heat",
    "jobs",
    "lei",
    "bop",
    "zinc",
    "orange",
    "pet-chem",
    "dlr",
    "gas",
    "silver",
    "wpi",
    "hog",
    "lead",
)


def load_data(
    path="reuters.npz",
    num_words=None,
    skip_top=0,
    maxlen=None,
    test_split=0.2,
    seed=113,
    start_char=1,
    oov_char=2,
    index_from=3,
):
    """`(x_train, y_train), (x_test, y_test)`: the newswires are shuffled with `seed`, then
    the last `test_split` fraction is the test set. Sequences are processed as in
    `imdb.load_data`."""
    if not 0 <= test_split < 1:
        raise ValueError(f"Expected `test_split` in [0, 1), received {test_split}.")
    path = get_file(fname=path, origin=BASE_URL + "reuters.npz", file_hash=FILE_HASH)
    with np.load(path, allow_pickle=True) as f:
        xs, labels = f["x"], f["y"]
    rng = np.random.RandomState(seed)
    order = np.arange(len(xs))
    rng.shuffle(order)
    xs, labels = xs[order], labels[order]
    xs, labels = offset_and_filter(xs, labels, maxlen, start_char, index_from)
    xs = limit_vocabulary(xs, num_words, skip_top, oov_char)
    split = int(len(xs) * (1 - test_split))
    labels = np.asarray(labels)
    return (object_array(xs[:split]), labels[:split]), (object_array(xs[split:]), labels[split:])


def get_word_index(path="reuters_word_index.json"):
    """The `{word: index}` dictionary (indices before the `index_from` offset)."""
    path = get_file(
        fname=path, origin=BASE_URL + "reuters_word_index.json", file_hash=WORD_INDEX_HASH
    )
    with open(path) as f:
        return json.load(f)


def get_label_names():
    """The 46 topic names, indexed by label."""
    return LABEL_NAMES
