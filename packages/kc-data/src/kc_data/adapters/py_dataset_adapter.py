"""Adapter for `PyDataset` (and `Sequence`): batches come from `dataset[i]`, read by the
dataset's own workers; `shuffle` randomises the order of the batch indices each epoch."""

import itertools

import numpy as np

from kc_data.adapters.base import DataAdapter
from kc_data.adapters.generator_adapter import check_structures
from kc_data.py_dataset import iterate_batches


class PyDatasetAdapter(DataAdapter):
    def __init__(self, dataset, steps_per_epoch=None, shuffle=False, seed=None):
        super().__init__(steps_per_epoch)
        self.dataset = dataset
        self._shuffle = bool(shuffle)
        # Unseeded shuffles draw from NumPy's global generator, which keras.utils.set_random_seed
        # seeds, so training is reproducible as in Keras.
        self._rng = np.random.default_rng(np.random.randint(2**31) if seed is None else seed)
        self._length = dataset.num_batches
        if self._length is not None and (
            not isinstance(self._length, (int, np.integer)) or self._length < 0
        ):
            raise ValueError(
                f"Expected {type(dataset).__name__}.num_batches (len) to be a non-negative int "
                f"or None, received {self._length!r}."
            )

    @property
    def num_batches(self):
        if self.steps_per_epoch is not None:
            return self.steps_per_epoch
        return self._length

    def on_epoch_begin(self):
        self.dataset.on_epoch_begin()

    def on_epoch_end(self):
        self.dataset.on_epoch_end()

    def _one_pass(self):
        if self._length is None:
            indices = itertools.count()
        elif self._shuffle:
            indices = self._rng.permutation(self._length).tolist()
        else:
            indices = range(self._length)
        return check_structures(iterate_batches(self.dataset, indices), type(self.dataset).__name__)

    def _first_numpy_batch(self):
        from kc_data.adapters import conversion
        from kc_data.adapters.base import map_leaves, standardize_batch

        return map_leaves(conversion.to_numpy, standardize_batch(self.dataset[0]))
