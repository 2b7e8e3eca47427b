"""`keras.optimizers.schedules`: learning-rate schedules and their (de)serialization."""

from kc_train.losses.identifiers import ObjectTable
from kc_train.optimizers.schedules.learning_rate_schedule import (  # noqa: F401
    CosineDecay,
    CosineDecayRestarts,
    ExponentialDecay,
    InverseTimeDecay,
    LearningRateSchedule,
    PiecewiseConstantDecay,
    PolynomialDecay,
)

_CLASSES = [
    LearningRateSchedule,
    ExponentialDecay,
    PiecewiseConstantDecay,
    PolynomialDecay,
    InverseTimeDecay,
    CosineDecay,
    CosineDecayRestarts,
]
_TABLE = ObjectTable(
    "learning rate schedule", "keras.optimizers.schedules", {cls.__name__: cls for cls in _CLASSES}
)


def serialize(learning_rate_schedule):
    return _TABLE.serialize(learning_rate_schedule)


def deserialize(config, custom_objects=None):
    return _TABLE.deserialize(config, custom_objects)
