"""Tensors, variables and output specs on PyTorch. Tensors live on the GPU when there is one."""

import contextlib
import threading

import numpy as np
import torch

from kc_ops import dtypes, scopes, variables
from kc_ops.backends import common
from kc_ops.keras_tensor import KerasTensor

NAME = "torch"
SUPPORTS_SPARSE_TENSORS = False
SUPPORTS_RAGGED_TENSORS = False
IS_THREAD_SAFE = True
DEFAULT_DEVICE = "cuda" if torch.cuda.is_available() else "cpu"

_NATIVE = {
    "bool": torch.bool, "uint8": torch.uint8, "uint16": torch.uint16, "uint32": torch.uint32,
    "uint64": torch.uint64, "int8": torch.int8, "int16": torch.int16, "int32": torch.int32,
    "int64": torch.int64, "bfloat16": torch.bfloat16, "float16": torch.float16,
    "float32": torch.float32, "float64": torch.float64, "complex64": torch.complex64,
    "complex128": torch.complex128, "float8_e4m3fn": torch.float8_e4m3fn,
    "float8_e5m2": torch.float8_e5m2,
}
_local = threading.local()


def to_native_dtype(dtype):
    if isinstance(dtype, torch.dtype):
        return dtype
    name = dtypes.standardize_dtype(dtype)
    if name not in _NATIVE:
        raise ValueError(f"The torch backend does not support the dtype {name!r}.")
    return _NATIVE[name]


def get_device():
    return getattr(_local, "device", None) or DEFAULT_DEVICE


def _meta_mode():
    return getattr(_local, "meta", False)


# The tensor types ops take as they are: a Variable's stored value is a Parameter.
NATIVE_TYPES = (torch.Tensor, torch.nn.Parameter)

_INT_AND_FLOAT = frozenset(
    (torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.float16, torch.bfloat16,
     torch.float32, torch.float64))
_ONES = {}


def _one(like):
    """A scalar 1 of `like`'s dtype and device, made once (read only, never written)."""
    key = (like.dtype, like.device)
    one = _ONES.get(key)
    if one is None:
        one = _ONES[key] = torch.ones((), dtype=like.dtype, device=like.device)
    return one


class Variable(variables.Variable):
    def _initialize(self, value):
        tensor = convert_to_tensor(value, dtype=self._dtype)
        requires_grad = self._trainable and tensor.is_floating_point()
        self._value = torch.nn.Parameter(tensor.detach().clone(), requires_grad=requires_grad)

    def _direct_assign(self, value):
        value = convert_to_tensor(value, dtype=self._dtype)
        if self._value.requires_grad or value.requires_grad:
            with torch.no_grad():
                self._value.copy_(value)
        else:  # no autograd involved: skip the no_grad context (this runs per metric update)
            self._value.copy_(value)

    def assign_add(self, value):
        # Eager with nothing to convert (metric updates, counters): add in place directly.
        value_ = self._value
        if not scopes._value_scopes and value_ is not None and not value_.requires_grad:
            if type(value) in NATIVE_TYPES:
                if value.dtype is value_.dtype and (not value.ndim or value.shape == value_.shape):
                    return self._direct_assign_add(value)
            elif type(value) is int and value_.dtype in _INT_AND_FLOAT or (
                    type(value) is float and value_.is_floating_point()):
                # `add_(1, alpha=n)`: torch wraps a Python number in a tensor per call, which
                # costs as much again as the add (optimizer steps, metric counts).
                try:
                    return value_.add_(_one(value_), alpha=value)
                except RuntimeError:  # n beyond the dtype's range: convert (wrap) as before
                    pass
        return super().assign_add(value)

    def _write_version(self):
        value = self._value  # torch counts the in-place writes of each tensor
        if value is None or scopes._value_scopes or torch.compiler.is_compiling():
            return None  # (traced, the count would be a symbol a compiled graph branches on)
        return id(value), value._version

    def _assign_add_scaled(self, value, scale):
        value_ = self._value
        if (type(value) in NATIVE_TYPES and not scopes._value_scopes and value_ is not None
                and not value_.requires_grad and not value.requires_grad
                and value.dtype is value_.dtype and not value.ndim):
            return value_.add_(value, alpha=scale)  # one kernel for the loss tracker's update
        return super()._assign_add_scaled(value, scale)

    def _direct_assign_add(self, value):
        if self._value.requires_grad or getattr(value, "requires_grad", False):
            with torch.no_grad():
                return self._value.add_(value)
        return self._value.add_(value)

    @property
    def value(self):
        if self._value is not None and not scopes._value_scopes:  # value_scopes_active(), inlined
            return self._value
        if _meta_mode():
            return torch.empty(self._shape, dtype=to_native_dtype(self.dtype), device="meta")
        return super().value

    @variables.Variable.trainable.setter
    def trainable(self, value):
        variables.Variable.trainable.fset(self, value)
        if self._value is not None and self._value.is_floating_point():
            self._value.requires_grad_(self._trainable)

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        def unwrap(x):
            return x.value if isinstance(x, Variable) else x

        args = [unwrap(a) for a in args]
        kwargs = {k: unwrap(v) for k, v in (kwargs or {}).items()}
        return func(*args, **kwargs)


# NumPy dtypes torch.from_numpy takes as they are.
_FROM_NUMPY = frozenset(np.dtype(name) for name in (
    "bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64",
    "complex64", "complex128"))


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    if sparse:
        raise ValueError("The torch backend does not support sparse tensors in kc.")
    if ragged:
        raise ValueError("The torch backend does not support ragged tensors.")
    if (type(x) is np.ndarray and dtype is None and x.dtype in _FROM_NUMPY and x.flags.writeable
            and x.flags.c_contiguous and get_device() == "cpu"):
        return torch.from_numpy(x)  # each batch of array data; shares memory as as_tensor does
    if isinstance(x, variables.Variable):
        x = x.value
    if isinstance(x, KerasTensor):
        raise TypeError(
            "A symbolic KerasTensor cannot be converted to a concrete tensor. Received: " + repr(x)
        )
    if dtype is not None:
        dtype = to_native_dtype(dtype)
    if isinstance(x, torch.Tensor):
        return x if dtype is None or x.dtype == dtype else x.to(dtype)
    if isinstance(x, (np.ndarray, np.generic)):  # every batch of array data comes this way
        x = np.asarray(x)
        name = dtypes.standardize_dtype(x.dtype)
        if dtype is None:
            dtype = to_native_dtype(name)
        if name == "bfloat16":  # torch cannot read ml_dtypes arrays directly
            return torch.as_tensor(x.astype(np.float32), device=get_device()).to(dtype)
        flags = x.flags
        if not flags.writeable or not flags.c_contiguous:
            x = np.ascontiguousarray(x).copy()
        return torch.as_tensor(x, dtype=dtype, device=get_device())
    if isinstance(x, (bool, int, float, complex, list, tuple)):
        if dtype is None:
            dtype = to_native_dtype(common.infer_dtype(x))
    elif hasattr(x, "__array__"):
        x = np.asarray(x)
    return torch.as_tensor(x, dtype=dtype, device=get_device())


def convert_to_numpy(x):
    if isinstance(x, variables.Variable):
        x = x.value
    if isinstance(x, torch.Tensor):
        x = x.detach()
        if x.device.type != "cpu":
            x = x.cpu()
        if x.dtype == torch.bfloat16:
            import ml_dtypes

            return x.float().numpy().astype(ml_dtypes.bfloat16)
        return x.numpy()
    return np.asarray(x)


def is_tensor(x):
    return isinstance(x, torch.Tensor)


def shape(x):
    return tuple(x.shape)


def cast(x, dtype):
    return convert_to_tensor(x, dtype=dtype)


@contextlib.contextmanager
def _meta_scope():
    previous = _meta_mode()
    _local.meta = True
    scopes.count_value_scope(1)
    try:
        yield
    finally:
        scopes.count_value_scope(-1)
        _local.meta = previous


def compute_output_spec(fn, *args, **kwargs):
    def spec_of(x):
        if isinstance(x, torch.Tensor):
            return tuple(x.shape), dtypes.standardize_dtype(str(x.dtype))
        return None

    def make_meta(shape, dtype):
        return torch.empty(shape, dtype=to_native_dtype(dtype), device="meta")

    def run_meta(call, placeholders):
        with _meta_scope(), torch.no_grad():
            return call(placeholders)

    try:
        return common.probe_output_spec(fn, args, kwargs, make_meta, run_meta, spec_of)
    except Exception:
        # Some ops have no meta kernel (or read values): run on small real tensors instead.
        def make_real(shape, dtype):
            return torch.zeros(shape, dtype=to_native_dtype(dtype), device=get_device())

        def run_real(call, placeholders):
            with torch.no_grad():
                return call(placeholders)

        return common.probe_output_spec(fn, args, kwargs, make_real, run_real, spec_of)


def in_tracing_context():
    return torch.compiler.is_compiling()


@contextlib.contextmanager
def device_scope(device_name):
    previous = getattr(_local, "device", None)
    name = str(device_name).lower().replace("gpu", "cuda")
    _local.device = name
    try:
        yield
    finally:
        _local.device = previous


def _register_plain_types():
    from kc_ops.operation import register_plain_type, register_variable_type

    register_variable_type(Variable)

    for cls in (np.ndarray, *NATIVE_TYPES, np.float32, np.int32):
        register_plain_type(cls)


_register_plain_types()
