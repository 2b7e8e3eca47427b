"""Regression metrics with their own state: RMSE, R2 score, Pearson and concordance
correlation."""

import kc_ops as ops
from kc_ops import config

from kc_train.losses.reduction import float_pair, squeeze_or_expand_to_same_rank
from kc_train.metrics.metric import Metric
from kc_train.metrics.reduction_metrics import Mean, MeanMetricWrapper


class RootMeanSquaredError(Mean):
    """sqrt of the (weighted) mean squared error over all samples seen."""

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = float_pair(y_true, y_pred)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        super().update_state(ops.square(y_true - y_pred), sample_weight=sample_weight)

    def result(self):
        return ops.sqrt(super().result())


def pearson_correlation(y_true, y_pred, axis=-1):
    y_true, y_pred = float_pair(y_true, y_pred)
    t = y_true - ops.mean(y_true, axis=axis, keepdims=True)
    p = y_pred - ops.mean(y_pred, axis=axis, keepdims=True)
    t = t / ops.std(t, axis=axis, keepdims=True)
    p = p / ops.std(p, axis=axis, keepdims=True)
    return ops.mean(t * p, axis=axis)


def concordance_correlation(y_true, y_pred, axis=-1):
    """2 cov / (var_true + var_pred + (mean_true - mean_pred) ** 2)."""
    y_true, y_pred = float_pair(y_true, y_pred)
    mean_t = ops.mean(y_true, axis=axis, keepdims=True)
    mean_p = ops.mean(y_pred, axis=axis, keepdims=True)
    covariance = ops.mean((y_true - mean_t) * (y_pred - mean_p), axis=axis)
    norm = (
        ops.var(y_true, axis=axis)
        + ops.var(y_pred, axis=axis)
        + ops.squeeze(ops.square(mean_t - mean_p), axis)
    )
    return 2.0 * covariance / (norm + config.epsilon())


class PearsonCorrelation(MeanMetricWrapper):
    def __init__(self, name="pearson_correlation", dtype=None, axis=-1):
        super().__init__(pearson_correlation, name=name, dtype=dtype, axis=axis)


class ConcordanceCorrelation(MeanMetricWrapper):
    def __init__(self, name="concordance_correlation", dtype=None, axis=-1):
        super().__init__(concordance_correlation, name=name, dtype=dtype, axis=axis)


_AGGREGATIONS = (None, "uniform_average", "variance_weighted_average")


class R2Score(Metric):
    """The coefficient of determination, per output column then aggregated."""

    def __init__(
        self, class_aggregation="uniform_average", num_regressors=0, name="r2_score", dtype=None
    ):
        super().__init__(name=name, dtype=dtype)
        if class_aggregation not in _AGGREGATIONS:
            raise ValueError(
                f"Invalid `class_aggregation`: expected one of {_AGGREGATIONS}, received "
                f"{class_aggregation!r}."
            )
        if not isinstance(num_regressors, int) or num_regressors < 0:
            raise ValueError(
                f"`num_regressors` must be a non-negative int. Received: {num_regressors!r}"
            )
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_variable((), "zeros", dtype="int32", name="num_samples")
        self._built = False

    def _build(self, num_columns):
        shape = (num_columns,)
        self.squared_sum = self.add_variable(shape, "zeros", name="squared_sum")
        self.sum = self.add_variable(shape, "zeros", name="sum")
        self.total_mse = self.add_variable(shape, "zeros", name="residual")
        self.count = self.add_variable(shape, "zeros", name="count")
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = float_pair(y_true, y_pred)
        y_pred = ops.cast(y_pred, self.dtype)
        y_true = ops.cast(y_true, self.dtype)
        if len(y_true.shape) == 1:
            y_true = ops.expand_dims(y_true, -1)
        if len(y_pred.shape) == 1:
            y_pred = ops.expand_dims(y_pred, -1)
        if len(y_true.shape) != 2 or y_true.shape != y_pred.shape:
            raise ValueError(
                "R2Score expects y_true and y_pred of the same shape (num_samples, num_outputs). "
                f"Received: y_true.shape={y_true.shape}, y_pred.shape={y_pred.shape}."
            )
        if not self._built:
            self._build(y_pred.shape[-1])
        weight = 1.0 if sample_weight is None else ops.cast(sample_weight, self.dtype)
        if sample_weight is not None and len(ops.shape(weight)) == 1:
            weight = ops.expand_dims(weight, -1)
        weight = ops.broadcast_to(weight, ops.shape(y_true))
        weighted_true = y_true * weight
        self.sum.assign_add(ops.sum(weighted_true, axis=0))
        self.squared_sum.assign_add(ops.sum(y_true * weighted_true, axis=0))
        self.total_mse.assign_add(ops.sum(ops.square(y_true - y_pred) * weight, axis=0))
        self.count.assign_add(ops.sum(weight, axis=0))
        self.num_samples.assign_add(ops.cast(ops.shape(y_true)[0], "int32"))

    def result(self):
        mean = self.sum.value / self.count.value
        total = self.squared_sum.value - self.sum.value * mean
        raw = 1.0 - self.total_mse.value / total
        raw = ops.where(ops.isinf(raw), 0.0, raw)
        if self.class_aggregation == "uniform_average":
            r2 = ops.mean(raw)
        elif self.class_aggregation == "variance_weighted_average":
            r2 = ops.sum(total * raw) / ops.sum(total)
        else:
            r2 = raw
        if self.num_regressors:
            n = ops.cast(self.num_samples.value, self.dtype)
            p = float(self.num_regressors)
            adjusted = 1.0 - (1.0 - r2) * (n - 1.0) / (n - p - 1.0)
            r2 = ops.where(n - 1.0 > p, adjusted, r2)
        return r2

    def reset_state(self):
        for variable in self.variables:
            variable.assign(ops.zeros(variable.shape, dtype=variable.dtype))

    def get_config(self):
        return {
            "name": self.name,
            "dtype": self._dtype,
            "class_aggregation": self.class_aggregation,
            "num_regressors": self.num_regressors,
        }
