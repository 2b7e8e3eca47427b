"""Helpers the trainers need around data: (un)packing batches, class weights, and the
`validation_split` slicing."""

import math

import numpy as np
from kc_ops import tree

from kc_data.adapters import conversion


def unpack_x_y_sample_weight(data):
    """`(x, y, sample_weight)` from x, (x,), (x, y) or (x, y, sample_weight) (lists too)."""
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data[0], data[1], data[2]
    raise ValueError(
        "Expected data to be x, (x,), (x, y) or (x, y, sample_weight). Received a tuple of "
        f"{len(data)} elements: {data!r}"
    )


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """The inverse of `unpack_x_y_sample_weight`: x alone (wrapped as `(x,)` if x is a tuple,
    so that it is not mistaken for (x, y)), `(x, y)` or `(x, y, sample_weight)`."""
    if y is None:
        return (x,) if isinstance(x, tuple) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def class_weight_to_sample_weight(y, class_weight, sample_weight=None):
    """Per-sample weights (float32) from `{class_index: weight}` and integer or one-hot `y`."""
    if not isinstance(class_weight, dict):
        raise TypeError(
            f"Expected `class_weight` to be a dict mapping class indices to weights, received "
            f"{type(class_weight).__name__}."
        )
    if y is None:
        raise ValueError("`class_weight` needs targets: received y=None.")
    if tree.is_nested(y):
        raise ValueError(
            "`class_weight` is only supported for models with a single output; received a "
            f"nested y of structure {tree.map_structure(lambda _: '*', y)}."
        )
    labels = conversion.to_numpy(y)
    if labels.ndim >= 2 and labels.shape[-1] > 1:
        labels = labels.argmax(axis=-1)
    labels = np.round(labels.reshape(labels.shape[0], -1)[:, 0]).astype(np.int64)
    missing = sorted(set(np.unique(labels).tolist()) - set(class_weight))
    if missing:
        raise ValueError(
            f"`class_weight` has no weight for the classes {missing} found in y. Expected a "
            f"weight for every class; received keys {sorted(class_weight)}."
        )
    table = np.zeros(max(max(class_weight), int(labels.max())) + 1, dtype=np.float32)
    for cls, weight in class_weight.items():
        table[int(cls)] = weight
    weights = table[labels]
    if sample_weight is not None:
        weights = weights * conversion.to_numpy(sample_weight).astype(np.float32).reshape(
            weights.shape
        )
    return weights


def train_validation_split(arrays, validation_split):
    """Split a structure of arrays into (train, validation) structures: the LAST
    `validation_split` fraction of samples validates, as in Keras (no shuffling)."""
    if not isinstance(validation_split, (int, float)) or not 0.0 < validation_split < 1.0:
        raise ValueError(
            f"Expected `validation_split` to be a float in (0, 1), received {validation_split!r}."
        )
    leaves = [leaf for leaf in tree.flatten(arrays) if leaf is not None]
    for leaf in leaves:
        if not conversion.is_array_leaf(leaf):
            raise ValueError(
                "`validation_split` is only supported for arrays, tensors and pandas objects. "
                f"Received an element of type {type(leaf).__name__}."
            )
    if not leaves:
        return arrays, arrays
    sizes = {
        int(np.shape(leaf)[0]) if not conversion.is_pandas(leaf) else len(leaf) for leaf in leaves
    }
    if len(sizes) > 1:
        raise ValueError(
            "All arrays must have the same number of samples to be split; received sizes "
            f"{sorted(sizes)}."
        )
    size = sizes.pop()
    split_at = int(math.floor(size * (1.0 - validation_split)))
    if split_at == 0 or split_at == size:
        raise ValueError(
            f"validation_split={validation_split} with {size} samples leaves "
            f"{split_at} for training and {size - split_at} for validation: both need at least one."
        )

    def part(leaf, rows):
        if leaf is None:
            return None
        return leaf.iloc[rows] if conversion.is_pandas(leaf) else leaf[rows]

    train = tree.map_structure(lambda a: part(a, slice(0, split_at)), arrays)
    validation = tree.map_structure(lambda a: part(a, slice(split_at, None)), arrays)
    return train, validation
