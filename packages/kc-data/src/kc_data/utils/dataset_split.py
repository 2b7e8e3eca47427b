"""`split_dataset`: split arrays or a dataset of samples into two datasets."""

import numpy as np
from kc_ops import config, tree

from kc_data.adapters import conversion


def _samples_as_arrays(dataset):
    """The samples of `dataset` as a structure of arrays (and whether it was a tuple)."""
    if isinstance(dataset, (list, tuple)) and all(conversion.is_array_leaf(v) for v in dataset):
        return tuple(conversion.to_numpy(v) for v in dataset)
    if isinstance(dataset, dict) or conversion.is_array_leaf(dataset):
        return tree.map_structure(conversion.to_numpy, dataset)
    if isinstance(dataset, list):
        return np.asarray(dataset)
    if hasattr(dataset, "__iter__"):  # tf.data.Dataset or torch Dataset of samples
        samples = [tree.map_structure(conversion.to_numpy, s) for s in dataset]
        if not samples:
            raise ValueError("Expected a non-empty dataset to split, received one with no sample.")
        if isinstance(samples[0], list):
            samples = [tuple(s) for s in samples]
        return tree.map_structure(lambda *parts: np.stack(parts), *samples)
    raise TypeError(
        "Expected `dataset` to be arrays, a tuple/dict of arrays, a tf.data.Dataset or a torch "
        f"Dataset, received {type(dataset).__name__}."
    )


def _sizes(total, left_size, right_size):
    def resolve(name, size):
        if size is None:
            return None
        if isinstance(size, float):
            if not 0.0 < size < 1.0:
                raise ValueError(f"Expected a float `{name}` in (0, 1), received {size}.")
            return int(round(size * total))
        if isinstance(size, (int, np.integer)) and not isinstance(size, bool):
            if not 0 < size <= total:
                raise ValueError(
                    f"Expected an int `{name}` in [1, {total}] (the number of samples), "
                    f"received {size}."
                )
            return int(size)
        raise TypeError(
            f"Expected `{name}` to be an int, a float or None, received {type(size).__name__}."
        )

    left, right = resolve("left_size", left_size), resolve("right_size", right_size)
    if left is None and right is None:
        raise ValueError("Expected `left_size` or `right_size` (or both), received None for both.")
    left = total - right if left is None else left
    right = total - left if right is None else right
    if left + right > total:
        raise ValueError(f"left_size + right_size = {left + right} exceeds the {total} samples.")
    if left == 0 or right == 0:
        raise ValueError(
            f"Splitting {total} samples into {left} and {right} leaves one side empty; "
            "adjust the sizes."
        )
    return left, right


def split_dataset(
    dataset, left_size=None, right_size=None, shuffle=False, seed=None, preferred_backend=None
):
    """Split `dataset` into `(left, right)`. Sizes are fractions (floats) or sample counts.

    Returns tf.data.Datasets of samples when `preferred_backend="tensorflow"` (or None on the
    tensorflow backend), torch `TensorDataset`s when `preferred_backend="torch"`, and
    otherwise the same structure as the input (e.g. a tuple of NumPy arrays), which `fit`
    and the other utilities accept directly.
    """
    if preferred_backend not in (None, "tensorflow", "torch", "numpy", "jax"):
        raise ValueError(
            "Expected `preferred_backend` to be None, 'tensorflow', 'torch', 'numpy' or 'jax', "
            f"received {preferred_backend!r}."
        )
    arrays = _samples_as_arrays(dataset)
    total = len(tree.flatten(arrays)[0])
    left, right = _sizes(total, left_size, right_size)
    order = np.random.default_rng(seed).permutation(total) if shuffle else np.arange(total)
    parts = [
        tree.map_structure(lambda a, rows=rows: a[rows], arrays)
        for rows in (order[:left], order[left : left + right])
    ]
    backend = preferred_backend or ("tensorflow" if config.backend() == "tensorflow" else None)
    if backend == "tensorflow":
        import tensorflow as tf

        return tuple(tf.data.Dataset.from_tensor_slices(p) for p in parts)
    if backend == "torch":
        import torch.utils.data

        def to_torch(part):
            leaves = part if isinstance(part, tuple) else (part,)
            return torch.utils.data.TensorDataset(*(torch.as_tensor(v) for v in leaves))

        return tuple(to_torch(p) for p in parts)
    return tuple(parts)
