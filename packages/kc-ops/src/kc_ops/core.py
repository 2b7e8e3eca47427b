"""`keras.ops.core`: tensor conversion, shapes, dtypes and output specs.

(Control-flow and update ops of `keras.ops.core` are added below the basics.)
"""

from kc_ops import dtypes
from kc_ops.backends import core as _backend
from kc_ops.keras_tensor import KerasTensor
from kc_ops.operation import symbolic_op
from kc_ops.variables import Variable as _Variable


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """A tensor of the active backend (np.ndarray, jax.Array, torch.Tensor or tf.Tensor)."""
    return _backend.convert_to_tensor(x, dtype=dtype, sparse=sparse, ragged=ragged)


def convert_to_numpy(x):
    if isinstance(x, KerasTensor):
        raise TypeError(
            "A symbolic KerasTensor has no value to convert to NumPy. Received: " + repr(x)
        )
    return _backend.convert_to_numpy(x)


# True for a native tensor of the active backend (not for Variables or KerasTensors): the
# backend's own function, without a forwarding call (layers ask this on every call).
is_tensor = _backend.is_tensor


def shape(x):
    """The shape as a tuple; symbolic dims are None (KerasTensor) or scalar tensors (tf graphs)."""
    if isinstance(x, KerasTensor):
        return x.shape
    if isinstance(x, _Variable):
        return x.shape
    if not hasattr(x, "shape"):
        x = _backend.convert_to_tensor(x)
    return _backend.shape(x)


def dtype(x):
    """The standardized dtype name of a tensor, Variable or KerasTensor."""
    if isinstance(x, (KerasTensor, _Variable)):
        return x.dtype
    if not hasattr(x, "dtype"):
        x = _backend.convert_to_tensor(x)
    return dtypes.standardize_dtype(x.dtype)


def _cast_spec(x, dtype):
    return KerasTensor(x.shape, dtype=dtype, sparse=x.sparse, ragged=x.ragged)


@symbolic_op(spec=_cast_spec)
def cast(x, dtype):
    return _backend.cast(x, dtypes.standardize_dtype(dtype))


def compute_output_spec(fn, *args, **kwargs):
    """Output KerasTensor(s) of `fn` for KerasTensor inputs, derived by the backend."""
    return _backend.compute_output_spec(fn, *args, **kwargs)


@symbolic_op
def get_item(x, key):
    if isinstance(x, _Variable):
        x = x.value
    return x[key]


def is_keras_tensor(x):
    return isinstance(x, KerasTensor)


def in_tracing_context():
    return _backend.in_tracing_context()


def device(device_name):
    """Context manager placing new tensors on `device_name` ("cpu", "gpu:0")."""
    return _backend.device_scope(device_name)


__all__ = [
    "cast", "compute_output_spec", "convert_to_numpy", "convert_to_tensor", "dtype", "get_item",
    "is_tensor", "shape",
]

# Control flow, slicing/scatter updates and gradient ops (kc_ops/core_ops.py).
from kc_ops.core_ops import *  # noqa: E402,F401,F403
from kc_ops.core_ops import __all__ as _core_ops_all  # noqa: E402

__all__ = __all__ + _core_ops_all
