"""Adapter for `tf.data.Dataset`, and building a `tf.data.Dataset` from any adapter.

TensorFlow is imported only here, when the user passed a tf.data object or asked for one.
On the tensorflow backend, tf.RaggedTensor and tf.SparseTensor batches pass through as-is.
"""

import sys

from kc_data.adapters import conversion
from kc_data.adapters.base import DataAdapter, batch_spec, standardize_batch


def is_tf_dataset(x):
    if not conversion.module_of(x).startswith("tensorflow") or "tensorflow" not in sys.modules:
        return False
    return isinstance(x, sys.modules["tensorflow"].data.Dataset)


class TFDatasetAdapter(DataAdapter):
    def __init__(self, dataset, steps_per_epoch=None):
        super().__init__(steps_per_epoch)
        self.dataset = dataset
        cardinality = int(dataset.cardinality())
        self._length = cardinality if cardinality >= 0 else None

    @property
    def num_batches(self):
        if self.steps_per_epoch is not None:
            return self.steps_per_epoch
        return self._length

    def _one_pass(self):
        for batch in self.dataset:
            yield standardize_batch(batch)

    def get_tf_dataset(self):
        return self.dataset


def _tf_spec(tf, dtype_and_shape):
    dtype, shape = dtype_and_shape
    if dtype.kind in "OUS":
        return tf.TensorSpec(shape=shape, dtype=tf.string)
    return tf.TensorSpec(shape=shape, dtype=tf.as_dtype(dtype))


def dataset_from_adapter(adapter):
    """A tf.data.Dataset over `adapter.get_numpy_iterator()` (one epoch per iteration)."""
    import tensorflow as tf

    spec = batch_spec(adapter._first_numpy_batch())
    signature = _signature(tf, spec)
    return tf.data.Dataset.from_generator(adapter.get_numpy_iterator, output_signature=signature)


def _signature(tf, spec):
    # Leaves of `spec` are (dtype, shape) tuples: walk the batch structure by hand.
    if isinstance(spec, tuple) and len(spec) == 2 and hasattr(spec[0], "kind"):
        return _tf_spec(tf, spec)
    if isinstance(spec, dict):
        return {k: _signature(tf, v) for k, v in spec.items()}
    if isinstance(spec, (list, tuple)):
        items = [_signature(tf, v) for v in spec]
        return type(spec)(*items) if hasattr(spec, "_fields") else type(spec)(items)
    raise TypeError(f"Cannot build a tf.data signature for {spec!r}.")
