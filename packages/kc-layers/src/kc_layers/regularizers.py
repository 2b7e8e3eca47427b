"""`keras.regularizers`: weight penalties added to a layer's losses, plus `get`, `serialize` and
`deserialize`."""

import math

import kc_ops
from kc_ops import nn as _nn

from kc_layers import identifiers as _ids


def _non_negative(value, name, owner):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
        value >= 0 and math.isfinite(value)
    ):
        raise ValueError(
            f"{owner}: `{name}` must be a finite non-negative number, received {value!r}."
        )
    return float(value)


class Regularizer:
    """Base class: `__call__(x)` returns a scalar penalty for the weight tensor `x`."""

    def __call__(self, x):
        return 0.0

    def get_config(self):
        raise NotImplementedError(f"{type(self).__name__} must implement `get_config()`.")

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class L1(Regularizer):
    """`l1 * sum(abs(x))`."""

    def __init__(self, l1=0.01):
        self.l1 = _non_negative(0.01 if l1 is None else l1, "l1", "L1")

    def __call__(self, x):
        return kc_ops.multiply(self.l1, kc_ops.sum(kc_ops.absolute(x)))

    def get_config(self):
        return {"l1": self.l1}


class L2(Regularizer):
    """`l2 * sum(square(x))`."""

    def __init__(self, l2=0.01):
        self.l2 = _non_negative(0.01 if l2 is None else l2, "l2", "L2")

    def __call__(self, x):
        return kc_ops.multiply(self.l2, kc_ops.sum(kc_ops.square(x)))

    def get_config(self):
        return {"l2": self.l2}


class L1L2(Regularizer):
    """`l1 * sum(abs(x)) + l2 * sum(square(x))`."""

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = _non_negative(0.0 if l1 is None else l1, "l1", "L1L2")
        self.l2 = _non_negative(0.0 if l2 is None else l2, "l2", "L1L2")

    def __call__(self, x):
        penalty = kc_ops.multiply(self.l1, kc_ops.sum(kc_ops.absolute(x)))
        return kc_ops.add(penalty, kc_ops.multiply(self.l2, kc_ops.sum(kc_ops.square(x))))

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """`factor` times the mean absolute cosine similarity between distinct rows
    (`mode="rows"`) or columns (`mode="columns"`) of a 2D weight."""

    def __init__(self, factor=0.01, mode="rows"):
        self.factor = _non_negative(factor, "factor", "OrthogonalRegularizer")
        if mode not in ("rows", "columns"):
            raise ValueError(
                "OrthogonalRegularizer: `mode` must be 'rows' or 'columns', "
                f"received {mode!r}."
            )
        self.mode = mode

    def __call__(self, x):
        shape = kc_ops.shape(x)
        if len(shape) != 2:
            raise ValueError(
                "OrthogonalRegularizer applies to 2D weights only, received a weight of "
                f"shape {tuple(shape)}."
            )
        if self.mode == "rows":
            vectors = _nn.normalize(x, axis=1)
        else:
            vectors = kc_ops.transpose(_nn.normalize(x, axis=0))
        size = shape[0] if self.mode == "rows" else shape[1]
        cosines = kc_ops.matmul(vectors, kc_ops.transpose(vectors))
        off_diagonal = kc_ops.multiply(
            cosines, kc_ops.subtract(1.0, kc_ops.eye(size, dtype=kc_ops.dtype(cosines)))
        )
        pairs = size * (size - 1) / 2.0
        total = kc_ops.sum(kc_ops.absolute(off_diagonal))  # every pair counted twice
        return kc_ops.multiply(self.factor * 0.5 / max(pairs, 1.0), total)

    def get_config(self):
        return {"factor": self.factor, "mode": self.mode}


l1 = L1
l2 = L2
l1_l2 = L1L2
orthogonal_regularizer = OrthogonalRegularizer

ALL_OBJECTS = {cls.__name__: cls for cls in (Regularizer, L1, L2, L1L2, OrthogonalRegularizer)}
ALL_OBJECTS.update(l1=L1, l2=L2, l1_l2=L1L2, orthogonal_regularizer=OrthogonalRegularizer)


def serialize(regularizer):
    if regularizer is None:
        return None
    if not hasattr(regularizer, "get_config"):
        raise ValueError(
            "Cannot serialize regularizer: expected a Regularizer with `get_config`, "
            f"received {regularizer!r}."
        )
    return _ids.serialize_object(regularizer, "keras.regularizers")


def deserialize(config, custom_objects=None):
    return _ids.deserialize_object(config, "regularizer", ALL_OBJECTS, custom_objects)


def get(identifier):
    """None -> None; a name or config dict -> a new regularizer; a callable as is."""
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(
        "Could not interpret regularizer identifier: expected None, a string, a config dict or "
        f"a callable, received {identifier!r}."
    )
