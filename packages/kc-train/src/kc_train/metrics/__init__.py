"""Metrics: the `Metric` base class, the built-in metrics and metric functions, and
`get` / `serialize` / `deserialize`."""

from kc_ops.naming import to_snake_case

from kc_train.losses import (  # noqa: F401  (metric functions shared with the losses)
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_focal_crossentropy,
    categorical_hinge,
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
)
from kc_train.losses.identifiers import ObjectTable
from kc_train.metrics.accuracy import (  # noqa: F401
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    TopKCategoricalAccuracy,
    accuracy,
    binary_accuracy,
    categorical_accuracy,
    sparse_categorical_accuracy,
    sparse_top_k_categorical_accuracy,
    top_k_categorical_accuracy,
)
from kc_train.metrics.auc import (  # noqa: F401
    AUC,
    PrecisionAtRecall,
    RecallAtPrecision,
    SensitivityAtSpecificity,
    SpecificityAtSensitivity,
)
from kc_train.metrics.confusion import (  # noqa: F401
    FalseNegatives,
    FalsePositives,
    Precision,
    Recall,
    TrueNegatives,
    TruePositives,
)
from kc_train.metrics.f_score import F1Score, FBetaScore  # noqa: F401
from kc_train.metrics.iou import BinaryIoU, IoU, MeanIoU, OneHotIoU, OneHotMeanIoU  # noqa: F401
from kc_train.metrics.metric import Metric  # noqa: F401
from kc_train.metrics.reduction_metrics import Mean, MeanMetricWrapper, Sum  # noqa: F401
from kc_train.metrics.regression_metrics import (  # noqa: F401
    ConcordanceCorrelation,
    PearsonCorrelation,
    R2Score,
    RootMeanSquaredError,
    concordance_correlation,
    pearson_correlation,
)
from kc_train.metrics.wrapped import (  # noqa: F401
    BinaryCrossentropy,
    CategoricalCrossentropy,
    CategoricalHinge,
    CosineSimilarity,
    Hinge,
    KLDivergence,
    LogCoshError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    Poisson,
    SparseCategoricalCrossentropy,
    SquaredHinge,
    cosine_similarity,
)

_CLASSES = [
    Metric,
    Mean,
    Sum,
    MeanMetricWrapper,
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    TopKCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    AUC,
    PrecisionAtRecall,
    RecallAtPrecision,
    SensitivityAtSpecificity,
    SpecificityAtSensitivity,
    FalseNegatives,
    FalsePositives,
    TrueNegatives,
    TruePositives,
    Precision,
    Recall,
    F1Score,
    FBetaScore,
    IoU,
    MeanIoU,
    BinaryIoU,
    OneHotIoU,
    OneHotMeanIoU,
    ConcordanceCorrelation,
    PearsonCorrelation,
    R2Score,
    RootMeanSquaredError,
    BinaryCrossentropy,
    CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
    CategoricalHinge,
    Hinge,
    SquaredHinge,
    CosineSimilarity,
    KLDivergence,
    LogCoshError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    Poisson,
]
_OBJECTS = {cls.__name__: cls for cls in _CLASSES}
_OBJECTS.update({to_snake_case(cls.__name__): cls for cls in _CLASSES})
_ALIASES = {
    "bce": BinaryCrossentropy,
    "BCE": BinaryCrossentropy,
    "mse": MeanSquaredError,
    "MSE": MeanSquaredError,
    "mae": MeanAbsoluteError,
    "MAE": MeanAbsoluteError,
    "mape": MeanAbsolutePercentageError,
    "MAPE": MeanAbsolutePercentageError,
    "msle": MeanSquaredLogarithmicError,
    "MSLE": MeanSquaredLogarithmicError,
    "rmse": RootMeanSquaredError,
    "acc": Accuracy,
    "auc": AUC,
    "logcosh": LogCoshError,
    "kld": KLDivergence,
    "KLD": KLDivergence,
    "log_cosh_error": LogCoshError,
    "f1_score": F1Score,
    "iou": IoU,
    "r2_score": R2Score,
}
_TABLE = ObjectTable("metric", "keras.metrics", _OBJECTS, _ALIASES)
_FUNCTIONS = [
    accuracy,
    binary_accuracy,
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_accuracy,
    categorical_crossentropy,
    categorical_focal_crossentropy,
    categorical_hinge,
    concordance_correlation,
    cosine_similarity,
    hinge,
    huber,
    kl_divergence,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
    pearson_correlation,
    poisson,
    sparse_categorical_accuracy,
    sparse_categorical_crossentropy,
    sparse_top_k_categorical_accuracy,
    squared_hinge,
    top_k_categorical_accuracy,
]
# metric functions, for MeanMetricWrapper configs
FUNCTION_TABLE = ObjectTable(
    "metric function", "keras.metrics", {f.__name__: f for f in _FUNCTIONS}
)


def serialize(metric):
    """A JSON-friendly config of a metric object or function."""
    return _TABLE.serialize(metric)


def deserialize(config, custom_objects=None):
    """A metric from a name or a `serialize` config."""
    return _TABLE.deserialize(config, custom_objects)


def get(identifier):
    """A metric from a name ("accuracy", "mse", "AUC"), a config dict or a callable; class
    names give a new instance."""
    return _TABLE.get(identifier)
