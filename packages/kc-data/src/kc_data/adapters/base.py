"""`DataAdapter`: the interface every data source offers to the trainers.

A batch is always a tuple `(x,)`, `(x, y)` or `(x, y, sample_weight)`; x, y and
sample_weight may be nested structures (dicts, lists, tuples) of tensors.

Subclasses implement `_one_pass()`, a fresh iterator over one pass of the data yielding
such tuples (leaves may be NumPy arrays or tensors of the source's framework). This class
adds the conversions (NumPy, JAX, torch, tf.data, active backend) and `steps_per_epoch`.
"""

import importlib
import warnings

import numpy as np
from kc_ops import config, tree

from kc_data.adapters import conversion


def standardize_batch(batch):
    """A batch as `(x,)`, `(x, y)` or `(x, y, sample_weight)` (lists count as tuples)."""
    if isinstance(batch, list) and 1 <= len(batch) <= 3 and not _is_namedtuple(batch):
        batch = tuple(batch)
    if not isinstance(batch, tuple) or _is_namedtuple(batch):
        return (batch,)
    if not 1 <= len(batch) <= 3:
        raise ValueError(
            "Expected each batch to be x, (x,), (x, y) or (x, y, sample_weight). Received a "
            f"tuple of {len(batch)} elements."
        )
    while len(batch) > 1 and batch[-1] is None:
        batch = batch[:-1]
    return batch


def _is_namedtuple(x):
    return isinstance(x, tuple) and hasattr(x, "_fields")


def map_leaves(fn, batch):
    """Apply `fn` to every non-None leaf of a batch."""
    if type(batch) is tuple and all(type(v) is np.ndarray or v is None for v in batch):
        return tuple(None if v is None else fn(v) for v in batch)  # (x, y[, w]) of arrays
    return tree.map_structure(lambda v: None if v is None else fn(v), batch)


def _backend_converter(name):
    module = importlib.import_module(f"kc_ops.backends.{name}.core")
    native = module.is_tensor
    convert = module.convert_to_tensor

    def to_tensor(v):
        if type(v) is np.ndarray:  # the common case: a slice of array data
            return convert(v)
        if native(v):
            return v
        return convert(conversion.to_numpy(v))

    return to_tensor


class DataAdapter:
    """Base class. Attributes: `num_batches` (None when unknown), `batch_size` (None when
    the source batches itself), `has_partial_batch`, `partial_batch_size`."""

    def __init__(self, steps_per_epoch=None):
        if steps_per_epoch is not None and (
            not isinstance(steps_per_epoch, int) or steps_per_epoch < 1
        ):
            raise ValueError(
                "Expected `steps_per_epoch` to be a positive int or None, "
                f"received {steps_per_epoch!r}."
            )
        self.steps_per_epoch = steps_per_epoch
        self._live = None  # the pass that carries over between epochs when steps are fixed

    # -- to implement ------------------------------------------------------------------
    def _one_pass(self):
        raise NotImplementedError(f"{type(self).__name__} must define `_one_pass()`.")

    @property
    def num_batches(self):
        return self.steps_per_epoch

    batch_size = None
    class_weight = None  # {class: weight}, applied batch by batch (arrays apply it up-front)
    has_partial_batch = None
    partial_batch_size = None

    # -- epochs --------------------------------------------------------------------------
    def on_epoch_begin(self):
        pass

    def on_epoch_end(self):
        pass

    def close(self):
        """Stop a pass left open (its worker threads or processes shut down)."""
        if self._live is not None:
            self._live.close()
            self._live = None

    def _epoch(self):
        """The batches of one epoch: a full pass, or `steps_per_epoch` batches that continue
        where the previous epoch stopped (restarting the data when it runs out)."""
        if self.steps_per_epoch is None:
            # A loop, not `yield from`: closing this epoch must not close a generator source.
            for batch in self._one_pass():
                yield self._weighted(batch)
            return
        if self._live is None:
            self._live = iter(self._one_pass())
        for step in range(self.steps_per_epoch):
            try:
                batch = next(self._live)
            except StopIteration:
                self._live = None
                warnings.warn(
                    f"The data ran out after {step} of steps_per_epoch={self.steps_per_epoch} "
                    "batches; it restarts at the next epoch. Make sure the data can produce at "
                    "least `steps_per_epoch * epochs` batches.",
                    stacklevel=2,
                )
                return
            yield self._weighted(batch)

    def _weighted(self, batch):
        if self.class_weight is None:
            return batch
        from kc_data.data_utils import class_weight_to_sample_weight

        x, y = batch[0], batch[1] if len(batch) > 1 else None
        sample_weight = batch[2] if len(batch) > 2 else None
        return (x, y, class_weight_to_sample_weight(y, self.class_weight, sample_weight))

    # -- iterators -----------------------------------------------------------------------
    def get_numpy_iterator(self):
        """Batches of NumPy arrays."""
        for batch in self._epoch():
            yield map_leaves(conversion.to_numpy, batch)

    def _converted(self, backend_name):
        convert = _backend_converter(backend_name)
        for batch in self._epoch():
            yield map_leaves(convert, batch)

    def get_iterator(self):
        """Batches of the active backend's tensors (one conversion per array per batch)."""
        return self._converted(config.backend())

    def get_jax_iterator(self):
        """Batches of `jax.Array`s."""
        return self._converted("jax")

    def get_torch_iterator(self):
        """Batches of `torch.Tensor`s (on the default kc device)."""
        return self._converted("torch")

    def get_torch_dataloader(self):
        """A `torch.utils.data.DataLoader` yielding this adapter's batches as torch tensors."""
        from kc_data.adapters import torch_adapter

        return torch_adapter.dataloader_from_adapter(self)

    def get_tf_dataset(self):
        """A `tf.data.Dataset` yielding this adapter's batches as tf tensors."""
        from kc_data.adapters import tf_dataset_adapter

        return tf_dataset_adapter.dataset_from_adapter(self)

    def _first_numpy_batch(self):
        """One batch, to learn the structure, dtypes and shapes (tf.data signatures)."""
        return map_leaves(conversion.to_numpy, next(iter(self._one_pass())))


def batch_spec(batch):
    """Per leaf `(dtype, shape with a free batch dimension)` of a NumPy batch."""
    return map_leaves(lambda a: (np.asarray(a).dtype, (None,) + tuple(np.shape(a)[1:])), batch)
