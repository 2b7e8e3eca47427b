"""Metrics that average a loss-like per-sample function: cross-entropies, regression errors,
hinges and probabilistic losses (each as a `MeanMetricWrapper`)."""

import kc_ops as ops

from kc_train import losses as L
from kc_train.losses.reduction import float_pair, l2_normalize, squeeze_or_expand_to_same_rank
from kc_train.metrics.reduction_metrics import MeanMetricWrapper


def cosine_similarity(y_true, y_pred, axis=-1):
    """The cosine similarity of each sample (positive: 1 means aligned)."""
    y_true, y_pred = float_pair(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return ops.sum(l2_normalize(y_true, axis) * l2_normalize(y_pred, axis), axis=axis)


def _wrapper(class_name, fn, default_name):
    def __init__(self, name=default_name, dtype=None):
        MeanMetricWrapper.__init__(self, fn, name=name, dtype=dtype)

    cls = type(class_name, (MeanMetricWrapper,), {"__init__": __init__})
    cls.__doc__ = f"The mean of `{fn.__name__}` over the samples seen."
    cls.__module__ = __name__
    return cls


MeanSquaredError = _wrapper("MeanSquaredError", L.mean_squared_error, "mean_squared_error")
MeanAbsoluteError = _wrapper("MeanAbsoluteError", L.mean_absolute_error, "mean_absolute_error")
MeanAbsolutePercentageError = _wrapper(
    "MeanAbsolutePercentageError",
    L.mean_absolute_percentage_error,
    "mean_absolute_percentage_error",
)
MeanSquaredLogarithmicError = _wrapper(
    "MeanSquaredLogarithmicError",
    L.mean_squared_logarithmic_error,
    "mean_squared_logarithmic_error",
)
LogCoshError = _wrapper("LogCoshError", L.log_cosh, "logcosh")
Hinge = _wrapper("Hinge", L.hinge, "hinge")
SquaredHinge = _wrapper("SquaredHinge", L.squared_hinge, "squared_hinge")
CategoricalHinge = _wrapper("CategoricalHinge", L.categorical_hinge, "categorical_hinge")
KLDivergence = _wrapper("KLDivergence", L.kl_divergence, "kl_divergence")
Poisson = _wrapper("Poisson", L.poisson, "poisson")


class CosineSimilarity(MeanMetricWrapper):
    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(cosine_similarity, name=name, dtype=dtype, axis=axis)


class BinaryCrossentropy(MeanMetricWrapper):
    def __init__(
        self, name="binary_crossentropy", dtype=None, from_logits=False, label_smoothing=0
    ):
        super().__init__(
            L.binary_crossentropy,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
        )


class CategoricalCrossentropy(MeanMetricWrapper):
    def __init__(
        self,
        name="categorical_crossentropy",
        dtype=None,
        from_logits=False,
        label_smoothing=0,
        axis=-1,
    ):
        super().__init__(
            L.categorical_crossentropy,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


class SparseCategoricalCrossentropy(MeanMetricWrapper):
    def __init__(
        self,
        name="sparse_categorical_crossentropy",
        dtype=None,
        from_logits=False,
        ignore_class=None,
        axis=-1,
    ):
        super().__init__(
            L.sparse_categorical_crossentropy,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )

    def update_state(self, y_true, y_pred, sample_weight=None):
        from kc_train.losses.probabilistic import _sparse_ce
        from kc_train.losses.reduction import apply_mask
        from kc_train.metrics.reduction_metrics import Mean

        values, valid = _sparse_ce(y_true, y_pred, **self._fn_kwargs)
        if valid is not None:  # ignored entries count neither in the total nor the count
            sample_weight = apply_mask(sample_weight, valid, self.dtype, "sum")
        return Mean.update_state(self, values, sample_weight=sample_weight)
