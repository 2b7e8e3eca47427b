"""`KerasTensor`: a symbolic tensor with a shape (None for unknown dims) and a dtype.

KerasTensors flow through `keras.Input`, layers and ops to describe a graph; each one records
the operation, node and output index that produced it in `_keras_history`.
"""

import collections

from kc_ops import dtypes

KerasHistory = collections.namedtuple("KerasHistory", ["operation", "node_index", "tensor_index"])


class KerasTensor:
    __array_ufunc__ = None  # NumPy defers to our reflected operators (np_array - KerasTensor)

    def __init__(self, shape, dtype="float32", sparse=False, ragged=False, record_history=True,
                 name=None, **kwargs):
        self._shape = standardize_shape(shape)
        self._dtype = dtypes.standardize_dtype(dtype)
        self._sparse = bool(sparse)
        self._ragged = bool(ragged)
        if self._sparse and self._ragged:
            raise ValueError("A KerasTensor cannot be both sparse and ragged.")
        self.name = name
        self.record_history = record_history
        self._keras_history = None
        self._keras_mask = None
        for key in ("operation", "node_index", "tensor_index"):
            kwargs.pop(key, None)
        if kwargs:
            raise TypeError(f"KerasTensor got unexpected keyword arguments: {sorted(kwargs)}")

    @property
    def shape(self):
        return self._shape

    @shape.setter
    def shape(self, value):
        self._shape = standardize_shape(value)

    @property
    def dtype(self):
        return self._dtype

    @dtype.setter
    def dtype(self, value):
        self._dtype = dtypes.standardize_dtype(value)

    @property
    def sparse(self):
        return self._sparse

    @property
    def ragged(self):
        return self._ragged

    @property
    def ndim(self):
        return len(self._shape)

    def reshape(self, newshape):
        from kc_ops import numpy as knp

        return knp.reshape(self, newshape)

    def squeeze(self, axis=None):
        from kc_ops import numpy as knp

        return knp.squeeze(self, axis=axis)

    def __len__(self):
        raise TypeError("A symbolic KerasTensor has no len(); use its `shape` instead.")

    def __iter__(self):
        raise TypeError(
            "A symbolic KerasTensor cannot be iterated over. Use `keras.ops.unstack` or index it."
        )

    def __bool__(self):
        raise TypeError("A symbolic KerasTensor cannot be used as a Python bool.")

    def __array__(self, *args, **kwargs):
        raise TypeError(
            "A symbolic KerasTensor has no value: it cannot be converted to a NumPy array. "
            "This happens when a backend function or NumPy receives `keras.Input` outputs; "
            "use `keras.ops` functions or wrap the code in a Layer."
        )

    def __repr__(self):
        name = f", name={self.name}" if self.name else ""
        extra = ", sparse=True" if self._sparse else ", ragged=True" if self._ragged else ""
        return f"<KerasTensor shape={self._shape}, dtype={self._dtype}{extra}{name}>"

    def __getitem__(self, key):
        from kc_ops import core

        return core.get_item(self, key)

    __hash__ = object.__hash__


def _binary(op_name, reflected=False):
    def method(self, other):
        from kc_ops import numpy as knp

        fn = getattr(knp, op_name)
        return fn(other, self) if reflected else fn(self, other)

    method.__name__ = op_name
    return method


def _unary(op_name):
    def method(self):
        from kc_ops import numpy as knp

        return getattr(knp, op_name)(self)

    return method


for _dunder, _op in {
    "add": "add", "sub": "subtract", "mul": "multiply", "truediv": "true_divide",
    "floordiv": "floor_divide", "mod": "mod", "pow": "power", "matmul": "matmul",
    "and": "logical_and", "or": "logical_or", "xor": "logical_xor",
}.items():
    setattr(KerasTensor, f"__{_dunder}__", _binary(_op))
    setattr(KerasTensor, f"__r{_dunder}__", _binary(_op, reflected=True))
for _dunder, _op in {"lt": "less", "le": "less_equal", "gt": "greater", "ge": "greater_equal",
                     "eq": "equal", "ne": "not_equal"}.items():
    setattr(KerasTensor, f"__{_dunder}__", _binary(_op))
for _dunder, _op in {"neg": "negative", "abs": "absolute", "invert": "logical_not"}.items():
    setattr(KerasTensor, f"__{_dunder}__", _unary(_op))
KerasTensor.__hash__ = object.__hash__


def standardize_shape(shape):
    """A tuple of ints and Nones; raises a clear error for anything else."""
    if shape is None:
        raise ValueError("Undefined shapes are not supported; use None for unknown dimensions.")
    if not hasattr(shape, "__iter__"):
        raise ValueError(f"Cannot convert {shape!r} to a shape: expected a tuple of ints/None.")
    result = []
    for d in shape:
        if d is None:
            result.append(None)
            continue
        if hasattr(d, "value") and not isinstance(d, int):  # tf.Dimension
            d = d.value
            if d is None:
                result.append(None)
                continue
        try:
            value = int(d)
        except (TypeError, ValueError):
            raise ValueError(
                f"Cannot convert {tuple(shape)!r} to a shape: {d!r} is not an int or None."
            ) from None
        if value < 0:
            raise ValueError(f"Negative dimensions are not allowed in shape {tuple(shape)!r}.")
        result.append(value)
    return tuple(result)


def is_keras_tensor(x):
    return isinstance(x, KerasTensor)
