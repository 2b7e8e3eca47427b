"""`keras.optimizers.schedules`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
    "CosineDecay": "kc_train.optimizers.schedules:CosineDecay",
    "CosineDecayRestarts": "kc_train.optimizers.schedules:CosineDecayRestarts",
    "ExponentialDecay": "kc_train.optimizers.schedules:ExponentialDecay",
    "InverseTimeDecay": "kc_train.optimizers.schedules:InverseTimeDecay",
    "LearningRateSchedule": "kc_train.optimizers.schedules:LearningRateSchedule",
    "PiecewiseConstantDecay": "kc_train.optimizers.schedules:PiecewiseConstantDecay",
    "PolynomialDecay": "kc_train.optimizers.schedules:PolynomialDecay",
    "deserialize": "kc_train.optimizers.schedules:deserialize",
    "serialize": "kc_train.optimizers.schedules:serialize",
}

_lazy.install(globals(), _EXPORTS)
