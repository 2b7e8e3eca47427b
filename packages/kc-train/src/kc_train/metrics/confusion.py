"""Metrics computed from confusion counts at thresholds: TruePositives & co., Precision,
Recall, and the shared counting routine."""

import kc_ops as ops

from kc_train.losses.reduction import to_tensor
from kc_train.metrics.metric import Metric

NEG_INF = -1e10


def standardize_thresholds(thresholds, default):
    """(list of floats, whether a single threshold was given)."""
    if thresholds is None:
        return [float(default)], True
    single = isinstance(thresholds, (int, float))
    values = [float(thresholds)] if single else [float(t) for t in thresholds]
    for value in values:
        if value != NEG_INF and not 0.0 <= value <= 1.0:
            raise ValueError(
                f"Invalid `thresholds`: every threshold must be in [0, 1], received {thresholds!r}."
            )
    return values, single


def filter_top_k(x, k):
    """Keep the top `k` scores along the last axis; set the rest to NEG_INF."""
    _, indices = ops.top_k(x, k, sorted=False)
    keep = ops.sum(ops.one_hot(indices, x.shape[-1], dtype=x.dtype), axis=-2) > 0
    return ops.where(keep, x, NEG_INF)


def confusion_counts(
    y_true,
    y_pred,
    thresholds,
    sample_weight=None,
    top_k=None,
    class_id=None,
    multi_label=False,
    label_weights=None,
):
    """Weighted {tp, fp, tn, fn} for each threshold: shape (T,) or (T, labels) if
    `multi_label`. A prediction is positive when it is strictly above the threshold."""
    y_pred = ops.cast(to_tensor(y_pred), "float32")
    y_true = ops.cast(to_tensor(y_true), "float32")
    if len(y_true.shape) == len(y_pred.shape) - 1:
        y_true = ops.expand_dims(y_true, -1)
    if len(y_pred.shape) == len(y_true.shape) - 1:
        y_pred = ops.expand_dims(y_pred, -1)
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        y_true = y_true[..., class_id : class_id + 1]
        y_pred = y_pred[..., class_id : class_id + 1]
    weight = ops.ones_like(y_pred)
    if sample_weight is not None:
        sample_weight = ops.cast(to_tensor(sample_weight), "float32")
        while len(sample_weight.shape) < len(y_pred.shape):
            sample_weight = ops.expand_dims(sample_weight, -1)
        weight = weight * sample_weight
    if label_weights is not None and not multi_label:
        weight = weight * ops.cast(to_tensor(label_weights), "float32")
    if multi_label:
        labels = y_pred.shape[-1]
        y_pred, y_true = ops.reshape(y_pred, (-1, labels)), ops.reshape(y_true, (-1, labels))
        weight = ops.reshape(weight, (-1, labels))
        thresholds = ops.reshape(ops.convert_to_tensor(thresholds, "float32"), (-1, 1, 1))
        axis = 1
    else:
        y_pred, y_true = ops.reshape(y_pred, (-1,)), ops.reshape(y_true, (-1,))
        weight = ops.reshape(weight, (-1,))
        thresholds = ops.reshape(ops.convert_to_tensor(thresholds, "float32"), (-1, 1))
        axis = 1
    predicted_pos = ops.cast(ops.expand_dims(y_pred, 0) > thresholds, "float32")
    label_pos = ops.expand_dims(ops.cast(ops.not_equal(y_true, 0), "float32"), 0)
    weight = ops.expand_dims(weight, 0)
    tp = ops.sum(weight * predicted_pos * label_pos, axis=axis)
    fp = ops.sum(weight * predicted_pos * (1.0 - label_pos), axis=axis)
    fn = ops.sum(weight * (1.0 - predicted_pos) * label_pos, axis=axis)
    tn = ops.sum(weight * (1.0 - predicted_pos) * (1.0 - label_pos), axis=axis)
    return {"tp": tp, "fp": fp, "tn": tn, "fn": fn}


def _first_or_all(value, single):
    return value[0] if single else value


class _ConfusionCount(Metric):
    """One confusion count (`_kind` in tp/fp/tn/fn) per threshold."""

    _kind = None

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds, self._single = standardize_thresholds(thresholds, 0.5)
        self.accumulator = self.add_variable((len(self.thresholds),), "zeros", name="accumulator")

    def update_state(self, y_true, y_pred, sample_weight=None):
        counts = confusion_counts(y_true, y_pred, self.thresholds, sample_weight)
        self.accumulator.assign_add(ops.cast(counts[self._kind], self.dtype))

    def result(self):
        return _first_or_all(ops.copy(self.accumulator.value), self._single)

    def get_config(self):
        return {"name": self.name, "dtype": self._dtype, "thresholds": self.init_thresholds}


class TruePositives(_ConfusionCount):
    _kind = "tp"

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(thresholds=thresholds, name=name, dtype=dtype)


class FalsePositives(_ConfusionCount):
    _kind = "fp"

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(thresholds=thresholds, name=name, dtype=dtype)


class TrueNegatives(_ConfusionCount):
    _kind = "tn"

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(thresholds=thresholds, name=name, dtype=dtype)


class FalseNegatives(_ConfusionCount):
    _kind = "fn"

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(thresholds=thresholds, name=name, dtype=dtype)


class _PrecisionRecall(Metric):
    """tp / (tp + `_other`) at each threshold, optionally on the top-k or one class."""

    _other = None

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        if top_k is not None and (not isinstance(top_k, int) or top_k < 1):
            raise ValueError(f"`top_k` must be a positive int or None. Received: {top_k!r}")
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default = 0.5 if top_k is None else NEG_INF
        self.thresholds, self._single = standardize_thresholds(thresholds, default)
        size = (len(self.thresholds),)
        self.true_positives = self.add_variable(size, "zeros", name="true_positives")
        other_name = "false_positives" if self._other == "fp" else "false_negatives"
        self.other = self.add_variable(size, "zeros", name=other_name)

    def update_state(self, y_true, y_pred, sample_weight=None):
        counts = confusion_counts(
            y_true, y_pred, self.thresholds, sample_weight, top_k=self.top_k, class_id=self.class_id
        )
        self.true_positives.assign_add(ops.cast(counts["tp"], self.dtype))
        self.other.assign_add(ops.cast(counts[self._other], self.dtype))

    def result(self):
        tp = self.true_positives.value
        value = ops.divide_no_nan(tp, tp + self.other.value)
        return _first_or_all(value, self._single)

    def get_config(self):
        return {
            "name": self.name,
            "dtype": self._dtype,
            "thresholds": self.init_thresholds,
            "top_k": self.top_k,
            "class_id": self.class_id,
        }


class Precision(_PrecisionRecall):
    _other = "fp"

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(thresholds, top_k, class_id, name=name, dtype=dtype)

    @property
    def false_positives(self):
        return self.other


class Recall(_PrecisionRecall):
    _other = "fn"

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(thresholds, top_k, class_id, name=name, dtype=dtype)

    @property
    def false_negatives(self):
        return self.other
