"""Data adapters, one module per kind of source; `get_data_adapter` picks one."""

from kc_ops import tree
from kc_ops.keras_tensor import KerasTensor

from kc_data.adapters import conversion
from kc_data.adapters.array_adapter import ArrayDataAdapter
from kc_data.adapters.base import DataAdapter
from kc_data.adapters.generator_adapter import GeneratorDataAdapter, is_generator_like
from kc_data.adapters.py_dataset_adapter import PyDatasetAdapter
from kc_data.adapters.tf_dataset_adapter import TFDatasetAdapter, is_tf_dataset
from kc_data.adapters.torch_adapter import (
    TorchDataLoaderAdapter,
    is_torch_dataloader,
    is_torch_dataset,
)
from kc_data.py_dataset import PyDataset


def _is_array_data(x):
    leaves = [leaf for leaf in tree.flatten(x) if leaf is not None]
    return bool(leaves) and all(conversion.is_array_leaf(leaf) for leaf in leaves)


def _reject_y(x, y, sample_weight, kind):
    for name, value in (("y", y), ("sample_weight", sample_weight)):
        if value is not None:
            raise ValueError(
                f"Expected `{name}` to be None when `x` is a {kind} (it yields its own targets and "
                f"weights), received {name} of type {type(value).__name__}."
            )


def get_data_adapter(
    x,
    y=None,
    sample_weight=None,
    batch_size=None,
    steps_per_epoch=None,
    shuffle=False,
    class_weight=None,
):
    """The adapter for `x` (+ `y`, `sample_weight` for array data).

    Sources: arrays/tensors/pandas in nested structures, `PyDataset`, `tf.data.Dataset`,
    torch `DataLoader`/`Dataset`, Python generators and iterators. `batch_size=None` with
    arrays gives a single batch (or `steps_per_epoch` batches); other sources batch
    themselves. `class_weight` ({class: weight}) becomes per-sample weights.
    """
    if x is None:
        raise ValueError("Expected data in `x`, received None.")
    if any(isinstance(v, KerasTensor) for v in tree.flatten((x, y, sample_weight))):
        raise TypeError(
            "Expected concrete data (arrays or tensors), received a symbolic KerasTensor. "
            "Symbolic tensors describe a model's inputs; they hold no values to train on."
        )
    if _is_array_data(x):
        if class_weight is not None:
            from kc_data.data_utils import class_weight_to_sample_weight

            if sample_weight is not None:
                raise ValueError("Pass either `class_weight` or `sample_weight`, not both.")
            sample_weight = class_weight_to_sample_weight(y, class_weight)
        return ArrayDataAdapter(
            x,
            y,
            sample_weight,
            batch_size=batch_size,
            steps_per_epoch=steps_per_epoch,
            shuffle=shuffle,
        )
    if isinstance(x, PyDataset):
        _reject_y(x, y, sample_weight, "PyDataset")
        adapter = PyDatasetAdapter(x, steps_per_epoch=steps_per_epoch, shuffle=shuffle)
    elif is_tf_dataset(x):
        _reject_y(x, y, sample_weight, "tf.data.Dataset")
        adapter = TFDatasetAdapter(x, steps_per_epoch=steps_per_epoch)
    elif is_torch_dataloader(x) or is_torch_dataset(x):
        _reject_y(x, y, sample_weight, "torch DataLoader or Dataset")
        adapter = TorchDataLoaderAdapter(
            x, batch_size=batch_size, steps_per_epoch=steps_per_epoch, shuffle=shuffle
        )
    elif is_generator_like(x):
        _reject_y(x, y, sample_weight, "generator")
        adapter = GeneratorDataAdapter(x, steps_per_epoch=steps_per_epoch)
    else:
        bad = next((leaf for leaf in tree.flatten(x) if not conversion.is_array_leaf(leaf)), x)
        raise TypeError(
            "Unrecognized data type: expected NumPy arrays, tensors, pandas objects (or nested "
            "dicts/lists/tuples of them), a PyDataset, a tf.data.Dataset, a torch DataLoader or "
            f"a Python generator. Received x of type {type(x).__name__} containing "
            f"{type(bad).__name__}: {bad!r:.200}"
        )
    adapter.class_weight = class_weight
    return adapter


__all__ = [
    "ArrayDataAdapter",
    "DataAdapter",
    "GeneratorDataAdapter",
    "PyDatasetAdapter",
    "TFDatasetAdapter",
    "TorchDataLoaderAdapter",
    "get_data_adapter",
]
