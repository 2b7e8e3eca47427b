"""The framework-neutral dataset returned by the dataset utilities when no tf.data is wanted,
and the choice between the two.

`BatchDataset` is a `PyDataset`: `fit` consumes it directly, `len()` is its number of
batches, iterating it yields batches of NumPy arrays, and with `shuffle=True` the sample
order is redrawn every epoch.
"""

import math

import numpy as np
from kc_ops import config, tree

from kc_data.py_dataset import PyDataset


class BatchDataset(PyDataset):
    """Batches of `load(indices)` over `num_samples` samples.

    `load(indices)` returns one batch (any nested structure of NumPy arrays) for an integer
    array of sample indices. Extra attributes (e.g. `class_names`) may be set on it.
    """

    def __init__(self, num_samples, load, batch_size=32, shuffle=False, seed=None):
        super().__init__()
        if batch_size is not None and (
            not isinstance(batch_size, (int, np.integer)) or batch_size < 1
        ):
            raise ValueError(
                f"Expected `batch_size` to be a positive int or None, received {batch_size!r}."
            )
        self.num_samples = int(num_samples)
        self.batch_size = batch_size
        self._load = load
        self._shuffle = shuffle
        self._rng = np.random.default_rng(seed)
        self._order = self._new_order()

    def _new_order(self):
        if self._shuffle:
            return self._rng.permutation(self.num_samples)
        return np.arange(self.num_samples)

    def __len__(self):
        if self.batch_size is None:
            return self.num_samples
        return math.ceil(self.num_samples / self.batch_size)

    def __getitem__(self, index):
        if not 0 <= index < len(self):
            raise IndexError(
                f"Batch index {index} out of range for a dataset of {len(self)} batches."
            )
        if self.batch_size is None:  # unbatched: one sample at a time
            return _first(self._load(self._order[index : index + 1]))
        return self._load(self._order[index * self.batch_size : (index + 1) * self.batch_size])

    def on_epoch_end(self):
        self._order = self._new_order()

    def __iter__(self):
        for index in range(len(self)):
            yield self[index]
        self.on_epoch_end()  # a new order for the next pass when shuffling

    def as_numpy(self):
        """Every sample, unshuffled, as one structure of arrays."""
        return self._load(np.arange(self.num_samples))


def _first(batch):
    return tree.map_structure(lambda a: a[0], batch)


def from_arrays(arrays, batch_size=32, shuffle=False, seed=None):
    """A BatchDataset over a structure of arrays sharing their first dimension."""
    leaves = tree.flatten(arrays)
    return BatchDataset(
        len(leaves[0]),
        lambda rows: tree.map_structure(lambda a: a[rows], arrays),
        batch_size=batch_size,
        shuffle=shuffle,
        seed=seed,
    )


def wants_tf_data(format):
    """`format="tf"` (the Keras default) gives tf.data on the tensorflow backend and a
    `BatchDataset` elsewhere; "tf.data" always gives tf.data; "numpy" never does."""
    if format not in ("tf", "tf.data", "numpy"):
        raise ValueError(
            f"Expected `format` to be 'tf', 'tf.data' or 'numpy', received {format!r}."
        )
    return format == "tf.data" or (format == "tf" and config.backend() == "tensorflow")


def to_tf_dataset(dataset):
    """The same batches as a tf.data.Dataset (with known cardinality); attributes such as
    `class_names` and `file_paths` are copied."""
    try:
        import tensorflow as tf
    except ImportError:
        raise ImportError("format='tf.data' needs tensorflow, which is not installed.") from None
    first = dataset[0]

    def spec(a):
        if type(a).__name__ == "RaggedTensor":
            return tf.RaggedTensorSpec(
                shape=[None] + a.shape[1:].as_list(), dtype=a.dtype, ragged_rank=a.ragged_rank
            )
        a = np.asarray(a)
        dtype = tf.string if a.dtype.kind in "OUS" else tf.as_dtype(a.dtype)
        shape = a.shape if dataset.batch_size is None else (None,) + a.shape[1:]
        if getattr(dataset, "variable_length", False) and len(shape) > 2:
            shape = (shape[0],) + (None,) * (len(shape) - 2) + shape[-1:]  # e.g. clip lengths
        return tf.TensorSpec(shape=shape, dtype=dtype)

    signature = tree.map_structure(spec, first)
    if isinstance(signature, list):
        signature = tuple(signature)

    def generate():
        for batch in dataset:
            yield tuple(batch) if isinstance(batch, list) else batch

    result = tf.data.Dataset.from_generator(generate, output_signature=signature)
    result = result.apply(tf.data.experimental.assert_cardinality(len(dataset)))
    for name in ("class_names", "file_paths"):
        if hasattr(dataset, name):
            setattr(result, name, getattr(dataset, name))
    return result


def finish(dataset, format):
    return to_tf_dataset(dataset) if wants_tf_data(format) else dataset
