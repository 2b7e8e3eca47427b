"""`keras.Input` and `InputLayer`: the entry points of a Functional model."""

from kc_ops import config, dtypes
from kc_ops.keras_tensor import KerasTensor
from kc_ops.operation import Node

from kc_layers.layer import Layer


def _check_batch_shape(batch_shape, argument):
    if not isinstance(batch_shape, (list, tuple)) or not all(
        d is None or (isinstance(d, int) and not isinstance(d, bool) and d >= 0)
        for d in batch_shape
    ):
        raise ValueError(
            f"Input `{argument}` must be a tuple of non-negative ints or None. Received: "
            f"{argument}={batch_shape!r}"
        )
    return tuple(batch_shape)


class InputLayer(Layer):
    """Holds the symbolic input tensor of a Functional model (one node, no inputs)."""

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None, ragged=None,
                 batch_shape=None, input_tensor=None, optional=False, name=None, **kwargs):
        if "input_shape" in kwargs and shape is None:
            shape = kwargs.pop("input_shape")
        if "batch_input_shape" in kwargs and batch_shape is None:
            batch_shape = kwargs.pop("batch_input_shape")
        super().__init__(name=name, **kwargs)
        if input_tensor is not None:
            if not isinstance(input_tensor, KerasTensor):
                raise ValueError(
                    "InputLayer's `input_tensor` must be a KerasTensor. Received an object of "
                    f"type {type(input_tensor).__name__}."
                )
            batch_shape = input_tensor.shape
            dtype = input_tensor.dtype
            shape = None
        if shape is not None and batch_shape is not None:
            raise ValueError("Pass `shape` or `batch_shape` to Input, not both.")
        if batch_size is not None and (not isinstance(batch_size, int) or batch_size <= 0):
            raise ValueError(f"Input `batch_size` must be a positive int. Received: {batch_size!r}")
        if batch_shape is None:
            if shape is None:
                raise ValueError(
                    "Input needs a `shape` (without the batch dimension) or a `batch_shape`."
                )
            shape = (shape,) if isinstance(shape, int) else shape
            batch_shape = (batch_size,) + _check_batch_shape(shape, "shape")
        self._batch_shape = _check_batch_shape(batch_shape, "batch_shape")
        self._dtype = dtypes.standardize_dtype(dtype or config.floatx())
        self.sparse = bool(sparse)
        self.ragged = bool(ragged)
        self.optional = optional
        self.built = True
        if input_tensor is None:
            input_tensor = KerasTensor(self._batch_shape, dtype=self._dtype, sparse=self.sparse,
                                       ragged=self.ragged, name=self.name)
        Node(self, call_args=(), call_kwargs={}, outputs=input_tensor)
        self._input_tensor = input_tensor

    @property
    def batch_shape(self):
        return self._batch_shape

    @property
    def dtype(self):
        return self._dtype

    @property
    def output(self):
        return self._input_tensor

    def call(self):
        return self._input_tensor

    def get_config(self):
        return {"batch_shape": list(self._batch_shape), "dtype": self._dtype, "sparse": self.sparse,
                "ragged": self.ragged, "name": self.name, "optional": self.optional}


def Input(shape=None, batch_size=None, dtype=None, sparse=None, ragged=None, batch_shape=None,
          name=None, tensor=None, optional=False):
    """A symbolic input: the KerasTensor a Functional model starts from."""
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, sparse=sparse,
                       ragged=ragged, batch_shape=batch_shape, input_tensor=tensor,
                       optional=optional, name=name)
    return layer.output
