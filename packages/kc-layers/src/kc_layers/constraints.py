"""`keras.constraints`: projections applied to a weight after each optimizer update, plus
`get`, `serialize` and `deserialize`."""

import kc_ops
from kc_ops import config

from kc_layers import identifiers as _ids


class Constraint:
    """Base class: `__call__(w)` returns the projected weight (the identity here)."""

    def __call__(self, w):
        return w

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _norms(w, axis):
    return kc_ops.sqrt(kc_ops.sum(kc_ops.square(w), axis=axis, keepdims=True))


def _rescale(w, norms, desired):
    return kc_ops.multiply(w, kc_ops.divide(desired, kc_ops.add(norms, config.epsilon())))


class MaxNorm(Constraint):
    """Rescale slices along `axis` whose L2 norm exceeds `max_value`."""

    def __init__(self, max_value=2, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        norms = _norms(w, self.axis)
        return _rescale(w, norms, kc_ops.clip(norms, 0, self.max_value))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class MinMaxNorm(Constraint):
    """Move slice norms into [min_value, max_value], a fraction `rate` of the way."""

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w):
        norms = _norms(w, self.axis)
        clipped = kc_ops.clip(norms, self.min_value, self.max_value)
        desired = kc_ops.add(kc_ops.multiply(self.rate, clipped),
                             kc_ops.multiply(1.0 - self.rate, norms))
        return _rescale(w, norms, desired)

    def get_config(self):
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate,
                "axis": self.axis}


class NonNeg(Constraint):
    """Zero out negative weights."""

    def __call__(self, w):
        return kc_ops.multiply(w, kc_ops.cast(kc_ops.greater_equal(w, 0.0), kc_ops.dtype(w)))


class UnitNorm(Constraint):
    """Scale slices along `axis` to unit L2 norm."""

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        return kc_ops.divide(w, kc_ops.add(_norms(w, self.axis), config.epsilon()))

    def get_config(self):
        return {"axis": self.axis}


max_norm = MaxNorm
min_max_norm = MinMaxNorm
non_neg = NonNeg
unit_norm = UnitNorm

ALL_OBJECTS = {cls.__name__: cls for cls in (Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm)}
ALL_OBJECTS.update(max_norm=MaxNorm, min_max_norm=MinMaxNorm, non_neg=NonNeg,
                   unit_norm=UnitNorm)


def serialize(constraint):
    if constraint is None:
        return None
    if not hasattr(constraint, "get_config"):
        raise ValueError(
            "Cannot serialize constraint: expected a Constraint with `get_config`, "
            f"received {constraint!r}."
        )
    return _ids.serialize_object(constraint, "keras.constraints")


def deserialize(config, custom_objects=None):
    return _ids.deserialize_object(config, "constraint", ALL_OBJECTS, custom_objects)


def get(identifier):
    """None -> None; a name or config dict -> a new constraint; a callable as is."""
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(
        "Could not interpret constraint identifier: expected None, a string, a config dict or "
        f"a callable, received {identifier!r}."
    )
