"""Recognising and converting the tensors of any installed framework, without importing one.

A framework is only touched when the user's data already comes from it (then it is in
`sys.modules`), so importing kc_data never loads tensorflow, torch, jax or pandas.
"""

import sys

import numpy as np
from kc_ops import config
from kc_ops.keras_tensor import KerasTensor
from kc_ops.variables import Variable


def module_of(x):
    return type(x).__module__ or ""


def is_pandas(x):
    return module_of(x).startswith("pandas")


def is_torch_tensor(x):
    return "torch" in sys.modules and isinstance(x, sys.modules["torch"].Tensor)


def is_tf_tensor(x):
    """tf.Tensor, tf.Variable, tf.RaggedTensor or tf.SparseTensor."""
    return module_of(x).startswith("tensorflow") and hasattr(x, "dtype") and hasattr(x, "shape")


def is_tf_ragged_or_sparse(x):
    name = type(x).__name__
    return module_of(x).startswith("tensorflow") and name in ("RaggedTensor", "SparseTensor")


def is_jax_array(x):
    return module_of(x).startswith(("jax", "jaxlib")) and hasattr(x, "shape")


def is_array_leaf(x):
    """True for anything an array adapter can slice: arrays, tensors, pandas, Variables."""
    return (
        isinstance(x, (np.ndarray, np.generic, Variable))
        or is_pandas(x)
        or is_torch_tensor(x)
        or is_tf_tensor(x)
        or is_jax_array(x)
        or (hasattr(x, "__array__") and hasattr(x, "shape"))  # e.g. h5py datasets
    )


def pandas_to_numpy(x):
    """A DataFrame or Series as a NumPy array; object (string) columns are refused by name."""
    dtypes = x.dtypes if hasattr(x, "columns") else {getattr(x, "name", None): x.dtype}
    items = dtypes.items() if hasattr(dtypes, "items") else []
    types = sys.modules["pandas"].api.types
    bad = [
        str(name)
        for name, dtype in items
        if not (types.is_numeric_dtype(dtype) or types.is_bool_dtype(dtype))
    ]
    if bad:
        raise ValueError(
            f"Cannot use pandas data with non-numeric columns (e.g. strings): {bad}. Expected "
            "numeric columns; encode them first (e.g. `pd.to_numeric`, `pd.get_dummies`)."
        )
    return x.to_numpy()


def to_numpy(x):
    """One leaf (array, tensor of any framework, pandas object, Variable) as a NumPy array."""
    if x is None or isinstance(x, np.ndarray):
        return x
    if isinstance(x, KerasTensor):
        raise TypeError(
            "Expected concrete data (arrays or tensors), received a symbolic KerasTensor: "
            f"{x!r}. Symbolic tensors describe a model's inputs; they hold no values."
        )
    if isinstance(x, Variable):
        from kc_ops import core

        return core.convert_to_numpy(x)
    if is_pandas(x):
        return pandas_to_numpy(x)
    if is_torch_tensor(x):
        x = x.detach().cpu()
        if x.dtype == sys.modules["torch"].bfloat16:
            x = x.float()
        return x.numpy()
    if is_tf_ragged_or_sparse(x):
        if type(x).__name__ == "SparseTensor":
            return sys.modules["tensorflow"].sparse.to_dense(x).numpy()
        raise TypeError(
            "A tf.RaggedTensor can only be used as-is with the tensorflow backend (current "
            f"backend: {config.backend()}). Pad it first, e.g. with `x.to_tensor()`."
        )
    if is_tf_tensor(x):
        return x.numpy()
    return np.asarray(x)
