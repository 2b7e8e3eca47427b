"""Adapter for in-memory data: NumPy arrays, tensors of any framework, pandas objects and
kc Variables, in any nested structure of dicts, lists and tuples.

Everything is converted to NumPy once; each batch is then one slice (or one gather when
shuffled) per array. Float64 NumPy data is cast to `floatx` like Keras does.
"""

import math

import numpy as np
from kc_ops import config, tree

from kc_data.adapters import conversion
from kc_data.adapters.base import DataAdapter


def _as_array(leaf):
    array = conversion.to_numpy(leaf)
    if array.dtype == np.float64:
        array = array.astype(config.floatx())
    if array.ndim == 0:
        raise ValueError(
            f"Expected arrays with a batch dimension, received a scalar of value {array!r}."
        )
    return array


def check_lengths(x, y=None, sample_weight=None):
    """The common number of samples; a clear error naming every size if they differ."""
    sizes = {}
    for name, part in (("x", x), ("y", y), ("sample_weight", sample_weight)):
        leaves = [leaf for leaf in tree.flatten(part) if leaf is not None]
        if leaves:
            sizes[name] = [int(np.shape(leaf)[0]) for leaf in leaves]
    distinct = {n for values in sizes.values() for n in values}
    if len(distinct) > 1:
        described = ", ".join(
            f"{name} sizes: {', '.join(map(str, values))}" for name, values in sizes.items()
        )
        raise ValueError(
            "Data cardinality is ambiguous: all arrays must contain the same number of samples. "
            f"Received {described}."
        )
    if not distinct:
        raise ValueError("Expected data in `x`, received no array (x is None or empty).")
    return distinct.pop()


class ArrayDataAdapter(DataAdapter):
    """`batch_size=None` means one batch of everything (or `ceil(n / steps_per_epoch)` rows
    per batch when `steps_per_epoch` is given). `shuffle`: False, True (a new permutation
    each epoch) or "batch" (batch-sized chunks in random order, shuffled inside)."""

    def __init__(
        self,
        x,
        y=None,
        sample_weight=None,
        batch_size=None,
        steps_per_epoch=None,
        shuffle=False,
        seed=None,
    ):
        super().__init__(steps_per_epoch)
        if shuffle not in (True, False, "batch"):
            raise ValueError(
                f"Expected `shuffle` to be True, False or 'batch', received {shuffle!r}."
            )
        batch = tuple(part for part in (x, y, sample_weight))
        while len(batch) > 1 and batch[-1] is None:
            batch = batch[:-1]
        self._data = tree.map_structure(lambda v: None if v is None else _as_array(v), batch)
        self._structure = self._data
        self._leaves = tree.flatten(self._data)
        self.num_samples = check_lengths(*self._data)
        if batch_size is None:
            batch_size = (
                self.num_samples
                if steps_per_epoch is None
                else math.ceil(self.num_samples / steps_per_epoch)
            )
        if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise ValueError(
                f"Expected `batch_size` to be a positive int, received {batch_size!r}."
            )
        self.batch_size = int(batch_size)
        self._shuffle = shuffle
        # Unseeded shuffles draw from NumPy's global generator, which keras.utils.set_random_seed
        # seeds, so training is reproducible as in Keras.
        self._rng = np.random.default_rng(np.random.randint(2**31) if seed is None else seed)

    @property
    def num_batches(self):
        if self.steps_per_epoch is not None:
            return self.steps_per_epoch
        return math.ceil(self.num_samples / self.batch_size)

    @property
    def has_partial_batch(self):
        return self.num_samples % self.batch_size != 0

    @property
    def partial_batch_size(self):
        return self.num_samples % self.batch_size or None

    def _order(self):
        n, size = self.num_samples, self.batch_size
        if self._shuffle is True:
            return self._rng.permutation(n)
        if self._shuffle == "batch":
            full = n // size
            chunks = [
                self._rng.permutation(size) + start * size for start in self._rng.permutation(full)
            ]
            if n % size:  # the partial batch stays last
                chunks.append(self._rng.permutation(n % size) + full * size)
            return np.concatenate(chunks)
        return None

    def _one_pass(self):
        order = self._order()
        unflatten = tree.pack_sequence_as
        if all(v is None or type(v) is np.ndarray for v in self._structure):  # (x, y[, w])
            unflatten = lambda _, leaves: tuple(leaves)  # noqa: E731
        for start in range(0, self.num_samples, self.batch_size):
            stop = min(start + self.batch_size, self.num_samples)
            if order is None:
                leaves = [None if a is None else a[start:stop] for a in self._leaves]
            else:
                rows = order[start:stop]
                leaves = [None if a is None else a[rows] for a in self._leaves]
            yield unflatten(self._structure, leaves)
