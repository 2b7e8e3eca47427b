"""Tensors, variables and output specs on NumPy."""

import ml_dtypes
import numpy as np

from kc_ops import dtypes, variables
from kc_ops.backends import common
from kc_ops.keras_tensor import KerasTensor

NAME = "numpy"
SUPPORTS_SPARSE_TENSORS = False
SUPPORTS_RAGGED_TENSORS = False
IS_THREAD_SAFE = True

_SPECIAL = {"bfloat16": ml_dtypes.bfloat16, "float8_e4m3fn": ml_dtypes.float8_e4m3fn,
            "float8_e5m2": ml_dtypes.float8_e5m2, "string": np.str_}


def to_native_dtype(dtype):
    name = dtypes.standardize_dtype(dtype)
    return np.dtype(_SPECIAL.get(name, name))


class Variable(variables.Variable):
    def _initialize(self, value):
        self._value = np.array(value, dtype=to_native_dtype(self._dtype))

    def _direct_assign(self, value):
        self._value = np.array(value, dtype=self._value.dtype)


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    if sparse:
        raise ValueError("The numpy backend does not support sparse tensors.")
    if ragged:
        raise ValueError("The numpy backend does not support ragged tensors.")
    if isinstance(x, variables.Variable):
        x = x.value
    if isinstance(x, KerasTensor):
        raise TypeError(
            "A symbolic KerasTensor cannot be converted to a concrete tensor. Received: " + repr(x)
        )
    if dtype is not None:
        dtype = to_native_dtype(dtype)
    if isinstance(x, np.ndarray):
        return x if dtype is None or x.dtype == dtype else x.astype(dtype)
    if dtype is None:
        if isinstance(x, (bool, int, float, complex, list, tuple)):
            dtype = to_native_dtype(common.infer_dtype(x))
        elif isinstance(x, np.generic):
            dtype = x.dtype
    if not isinstance(x, (np.generic, bool, int, float, complex, list, tuple, str)) and hasattr(x, "__array__"):
        x = np.asarray(x)  # torch / tf / jax tensors passed to the numpy backend
    return np.array(x, dtype=dtype)


def convert_to_numpy(x):
    if isinstance(x, variables.Variable):
        x = x.value
    return np.array(x)


def is_tensor(x):
    return isinstance(x, (np.ndarray, np.generic))


def shape(x):
    return tuple(x.shape)


def cast(x, dtype):
    return convert_to_tensor(x, dtype=dtype)


def compute_output_spec(fn, *args, **kwargs):
    def make(shape, dtype):
        return np.zeros(shape, dtype=to_native_dtype(dtype))

    def spec_of(x):
        if isinstance(x, (np.ndarray, np.generic)):
            return tuple(x.shape), dtypes.standardize_dtype(x.dtype)
        return None

    def run(call, placeholders):
        with np.errstate(all="ignore"):  # zeros as probes: log(0), 0/0 are expected here
            return call(placeholders)

    return common.probe_output_spec(fn, args, kwargs, make, run, spec_of)


def in_tracing_context():
    return False


def device_scope(device_name):
    import contextlib

    return contextlib.nullcontext()


def _register_plain_types():
    from kc_ops.operation import register_plain_type, register_variable_type

    register_variable_type(Variable)

    for cls in (np.ndarray, np.float32, np.float64, np.int32, np.int64, np.bool_):
        register_plain_type(cls)


_register_plain_types()
