"""Helpers shared by the dataset loaders."""

import numpy as np

BASE_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"


def shuffle_split(x, y, test_split, seed):
    """Shuffle with `np.random.RandomState(seed)` then keep the first `1 - test_split` for
    training (the regression datasets' convention)."""
    if not 0 <= test_split < 1:
        raise ValueError(f"Expected `test_split` in [0, 1), received {test_split}.")
    indices = np.random.RandomState(seed).permutation(len(x))
    x, y = x[indices], y[indices]
    split = int(len(x) * (1 - test_split))
    return (np.array(x[:split]), np.array(y[:split])), (np.array(x[split:]), np.array(y[split:]))


def offset_and_filter(xs, labels, maxlen, start_char, index_from):
    """Shift word indices by `index_from`, prepend `start_char`, and drop sequences of
    `maxlen` words or more. Returns (list of lists, labels)."""
    if start_char is not None:
        xs = [[start_char] + [w + index_from for w in x] for x in xs]
    elif index_from:
        xs = [[w + index_from for w in x] for x in xs]
    else:
        xs = [list(x) for x in xs]
    if maxlen:
        keep = [i for i, x in enumerate(xs) if len(x) < maxlen]
        if not keep:
            raise ValueError(f"No sequence is shorter than maxlen={maxlen}; increase maxlen.")
        xs, labels = [xs[i] for i in keep], np.asarray(labels)[keep]
    return xs, labels


def limit_vocabulary(xs, num_words, skip_top, oov_char):
    """Words outside [skip_top, num_words) become `oov_char` (dropped when it is None).
    Without `num_words`, the largest index present is the bound, as in Keras."""
    if not num_words:
        num_words = max(max(x) for x in xs if x)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    return [[w for w in x if skip_top <= w < num_words] for x in xs]


def object_array(sequences):
    out = np.empty(len(sequences), dtype=object)
    out[:] = [list(s) for s in sequences]
    return out
