"""Tensors, variables and output specs on JAX."""

import contextlib

import jax
import jax.numpy as jnp
import numpy as np

from kc_ops import dtypes, variables
from kc_ops.backends import common
from kc_ops.keras_tensor import KerasTensor

NAME = "jax"
SUPPORTS_SPARSE_TENSORS = False
SUPPORTS_RAGGED_TENSORS = False
IS_THREAD_SAFE = True

jax.config.update("jax_enable_x64", True)  # int64/float64 exist as in the other backends


def to_native_dtype(dtype):
    name = dtypes.standardize_dtype(dtype)
    if name == "string":
        raise ValueError("The jax backend has no string tensors.")
    return jnp.dtype(name)


class Variable(variables.Variable):
    def _initialize(self, value):
        self._value = jnp.array(value, dtype=to_native_dtype(self._dtype))

    def _direct_assign(self, value):
        if isinstance(value, jax.core.Tracer):
            raise ValueError(
                f"Variable {self.path!r} was assigned a traced value outside a StatelessScope. "
                "Inside jax.jit, use the stateless API (stateless_call / stateless_apply)."
            )
        self._value = jnp.asarray(value, dtype=self._value.dtype)

    def __jax_array__(self):
        return self.value


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    if sparse:
        raise ValueError("The jax backend does not support sparse tensors in kc.")
    if ragged:
        raise ValueError("The jax backend does not support ragged tensors.")
    if isinstance(x, variables.Variable):
        x = x.value
    if isinstance(x, KerasTensor):
        raise TypeError(
            "A symbolic KerasTensor cannot be converted to a concrete tensor. Received: " + repr(x)
        )
    if dtype is not None:
        dtype = to_native_dtype(dtype)
    if isinstance(x, (jax.Array, jax.core.Tracer)):
        return x if dtype is None or x.dtype == dtype else x.astype(dtype)
    if dtype is None:
        if isinstance(x, (bool, int, float, complex, list, tuple)):
            dtype = to_native_dtype(common.infer_dtype(x))
    if not isinstance(x, (np.ndarray, np.generic, bool, int, float, complex, list, tuple)) and hasattr(x, "__array__"):
        x = np.asarray(x)
    return jnp.asarray(x, dtype=dtype)


def convert_to_numpy(x):
    if isinstance(x, variables.Variable):
        x = x.value
    return np.asarray(x)


def is_tensor(x):
    return isinstance(x, (jax.Array, jax.core.Tracer))


def shape(x):
    return tuple(x.shape)


def cast(x, dtype):
    return convert_to_tensor(x, dtype=dtype)


def compute_output_spec(fn, *args, **kwargs):
    def make(shape, dtype):
        return jax.ShapeDtypeStruct(shape, to_native_dtype(dtype))

    def spec_of(x):
        if isinstance(x, (jax.ShapeDtypeStruct, jax.Array)):
            return tuple(x.shape), dtypes.standardize_dtype(x.dtype)
        return None

    return common.probe_output_spec(fn, args, kwargs, make, jax.eval_shape, spec_of)


def in_tracing_context():
    from jax._src import core as jax_core  # no public equivalent of this check

    return not jax_core.trace_state_clean()


def device_scope(device_name):
    if device_name is None:
        return contextlib.nullcontext()
    kind, _, index = str(device_name).lower().partition(":")
    devices = jax.devices(kind if kind != "gpu" else "gpu")
    return jax.default_device(devices[int(index or 0)])


def _register_plain_types():
    from kc_ops.operation import register_plain_type, register_variable_type

    register_variable_type(Variable)

    for cls in (np.ndarray, type(jnp.zeros(())), np.float32, np.int32):
        register_plain_type(cls)


_register_plain_types()
