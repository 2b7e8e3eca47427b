"""Losses: the `Loss` base class, the built-in loss classes and functions, and
`get` / `serialize` / `deserialize`."""

from kc_train.losses.classes import (  # noqa: F401
    CTC,
    BinaryCrossentropy,
    BinaryFocalCrossentropy,
    CategoricalCrossentropy,
    CategoricalFocalCrossentropy,
    CategoricalGeneralizedCrossEntropy,
    CategoricalHinge,
    Circle,
    CosineSimilarity,
    Dice,
    Hinge,
    Huber,
    KLDivergence,
    LogCosh,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    Poisson,
    SparseCategoricalCrossentropy,
    SquaredHinge,
    Tversky,
)
from kc_train.losses.hinge import categorical_hinge, hinge, squared_hinge  # noqa: F401
from kc_train.losses.identifiers import ObjectTable
from kc_train.losses.loss import Loss, LossFunctionWrapper  # noqa: F401
from kc_train.losses.probabilistic import (  # noqa: F401
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_focal_crossentropy,
    categorical_generalized_cross_entropy,
    ctc,
    kl_divergence,
    poisson,
    sparse_categorical_crossentropy,
)
from kc_train.losses.regression import (  # noqa: F401
    cosine_similarity,
    huber,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
)
from kc_train.losses.segmentation import circle, dice, tversky  # noqa: F401

_CLASSES = [
    Loss,
    LossFunctionWrapper,
    CTC,
    BinaryCrossentropy,
    BinaryFocalCrossentropy,
    CategoricalCrossentropy,
    CategoricalFocalCrossentropy,
    CategoricalGeneralizedCrossEntropy,
    CategoricalHinge,
    Circle,
    CosineSimilarity,
    Dice,
    Hinge,
    Huber,
    KLDivergence,
    LogCosh,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    Poisson,
    SparseCategoricalCrossentropy,
    SquaredHinge,
    Tversky,
]
_FUNCTIONS = [
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_focal_crossentropy,
    categorical_generalized_cross_entropy,
    categorical_hinge,
    circle,
    cosine_similarity,
    ctc,
    dice,
    hinge,
    huber,
    kl_divergence,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
    poisson,
    sparse_categorical_crossentropy,
    squared_hinge,
    tversky,
]
_ALIASES = {
    "bce": binary_crossentropy,
    "BCE": binary_crossentropy,
    "kld": kl_divergence,
    "KLD": kl_divergence,
    "mae": mean_absolute_error,
    "MAE": mean_absolute_error,
    "mse": mean_squared_error,
    "MSE": mean_squared_error,
    "mape": mean_absolute_percentage_error,
    "MAPE": mean_absolute_percentage_error,
    "msle": mean_squared_logarithmic_error,
    "MSLE": mean_squared_logarithmic_error,
    "logcosh": log_cosh,
    "huber_loss": huber,
    "kullback_leibler_divergence": kl_divergence,
}
_TABLE = ObjectTable(
    "loss",
    "keras.losses",
    {**{c.__name__: c for c in _CLASSES}, **{f.__name__: f for f in _FUNCTIONS}},
    _ALIASES,
)


def serialize(loss):
    """A JSON-friendly config of a loss object or function."""
    return _TABLE.serialize(loss)


def deserialize(name, custom_objects=None):
    """A loss from a name or a `serialize` config."""
    return _TABLE.deserialize(name, custom_objects)


def get(identifier):
    """A loss from a name ("mse", "CategoricalCrossentropy"), a config dict or a callable.
    Names of classes give an instance, names of functions the function."""
    return _TABLE.get(identifier)
