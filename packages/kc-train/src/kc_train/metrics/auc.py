"""Curve metrics: AUC, and the best sensitivity/specificity/precision/recall under a
constraint on the other one."""

import kc_ops as ops
from kc_ops import config

from kc_train.metrics.confusion import confusion_counts
from kc_train.metrics.metric import Metric

_CURVES = ("ROC", "PR")
_SUMMATIONS = ("interpolation", "minoring", "majoring")


def _evenly_spaced(num_thresholds, low, high):
    inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    return [low] + inner + [high]


class AUC(Metric):
    """Area under the ROC or precision-recall curve, by a Riemann sum over thresholds."""

    def __init__(
        self,
        num_thresholds=200,
        curve="ROC",
        summation_method="interpolation",
        name=None,
        dtype=None,
        thresholds=None,
        multi_label=False,
        num_labels=None,
        label_weights=None,
        from_logits=False,
    ):
        super().__init__(name=name, dtype=dtype)
        curve = curve.upper() if isinstance(curve, str) else curve
        if curve not in _CURVES:
            raise ValueError(f"Invalid `curve`: expected one of {_CURVES}, received {curve!r}.")
        summation = summation_method.lower() if isinstance(summation_method, str) else None
        if summation not in _SUMMATIONS:
            raise ValueError(
                f"Invalid `summation_method`: expected one of {_SUMMATIONS}, received "
                f"{summation_method!r}."
            )
        self.curve, self.summation_method = curve, summation
        eps = config.epsilon()
        if thresholds is not None:
            self._init_from_thresholds = True
            inner = sorted(float(t) for t in thresholds)
            self.num_thresholds = len(inner) + 2
            self.thresholds = [0.0 - eps] + inner + [1.0 + eps]
        else:
            if not isinstance(num_thresholds, int) or num_thresholds <= 1:
                raise ValueError(
                    f"`num_thresholds` must be an int > 1. Received: {num_thresholds!r}"
                )
            self._init_from_thresholds = False
            self.num_thresholds = num_thresholds
            self.thresholds = _evenly_spaced(num_thresholds, 0.0 - eps, 1.0 + eps)
        self.multi_label = bool(multi_label)
        self.num_labels = num_labels
        self.label_weights = None if label_weights is None else [float(w) for w in label_weights]
        self.from_logits = bool(from_logits)
        self._built = False
        if not self.multi_label:
            self._build(None)
        elif num_labels is not None:
            self._build(num_labels)

    def _build(self, num_labels):
        shape = (self.num_thresholds,) if num_labels is None else (self.num_thresholds, num_labels)
        self.true_positives = self.add_variable(shape, "zeros", name="true_positives")
        self.false_positives = self.add_variable(shape, "zeros", name="false_positives")
        self.true_negatives = self.add_variable(shape, "zeros", name="true_negatives")
        self.false_negatives = self.add_variable(shape, "zeros", name="false_negatives")
        if num_labels is not None:
            self.num_labels = num_labels
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        if not self._built:
            self._build(y_pred.shape[-1])
        if self.from_logits:
            y_pred = ops.sigmoid(y_pred)
        counts = confusion_counts(
            y_true,
            y_pred,
            self.thresholds,
            sample_weight,
            multi_label=self.multi_label,
            label_weights=self.label_weights,
        )
        self.true_positives.assign_add(ops.cast(counts["tp"], self.dtype))
        self.false_positives.assign_add(ops.cast(counts["fp"], self.dtype))
        self.true_negatives.assign_add(ops.cast(counts["tn"], self.dtype))
        self.false_negatives.assign_add(ops.cast(counts["fn"], self.dtype))

    def _aggregate(self, per_threshold_terms):
        if not self.multi_label:
            return ops.sum(per_threshold_terms)
        by_label = ops.sum(per_threshold_terms, axis=0)
        if self.label_weights is None:
            return ops.mean(by_label)
        weights = ops.convert_to_tensor(self.label_weights, self.dtype)
        return ops.divide_no_nan(ops.sum(by_label * weights), ops.sum(weights))

    def interpolate_pr_auc(self):
        """PR-AUC with precision interpolated between thresholds (Davis & Goadrich, 2006)."""
        tp, fp = self.true_positives.value, self.false_positives.value
        fn = self.false_negatives.value
        n = self.num_thresholds
        dtp = tp[: n - 1] - tp[1:]
        p = tp + fp
        dp = p[: n - 1] - p[1:]
        slope = ops.divide_no_nan(dtp, ops.maximum(dp, 0.0))
        intercept = tp[1:] - slope * p[1:]
        both_positive = ops.logical_and(p[: n - 1] > 0, p[1:] > 0)
        ratio = ops.where(
            both_positive,
            ops.divide_no_nan(p[: n - 1], ops.maximum(p[1:], 0.0)),
            ops.ones_like(p[1:]),
        )
        increments = ops.divide_no_nan(
            slope * (dtp + intercept * ops.log(ratio)), ops.maximum(tp[1:] + fn[1:], 0.0)
        )
        return self._aggregate(increments)

    def result(self):
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self.interpolate_pr_auc()
        tp, fp = self.true_positives.value, self.false_positives.value
        tn, fn = self.true_negatives.value, self.false_negatives.value
        recall = ops.divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = ops.divide_no_nan(fp, fp + tn), recall
        else:
            x, y = recall, ops.divide_no_nan(tp, tp + fp)
        n = self.num_thresholds
        if self.summation_method == "interpolation":
            heights = (y[: n - 1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = ops.minimum(y[: n - 1], y[1:])
        else:
            heights = ops.maximum(y[: n - 1], y[1:])
        return self._aggregate((x[: n - 1] - x[1:]) * heights)

    def reset_state(self):
        if self._built:
            super().reset_state()

    def get_config(self):
        config_ = {
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation_method,
            "multi_label": self.multi_label,
            "num_labels": self.num_labels,
            "label_weights": self.label_weights,
            "from_logits": self.from_logits,
            "name": self.name,
            "dtype": self._dtype,
        }
        if self._init_from_thresholds:
            config_["thresholds"] = self.thresholds[1:-1]
        return config_


class _AtConstraint(Metric):
    """tp/fp/tn/fn at `num_thresholds` thresholds in [0, 1]; `result` maximizes one rate
    where another meets the constraint `value`."""

    _constraint_name = None

    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        if not 0.0 <= float(value) <= 1.0:
            raise ValueError(
                f"`{self._constraint_name}` must be in the range [0, 1]. Received: {value!r}"
            )
        if not isinstance(num_thresholds, int) or num_thresholds <= 0:
            raise ValueError(f"`num_thresholds` must be an int > 0. Received: {num_thresholds!r}")
        self.value = float(value)
        self.num_thresholds = num_thresholds
        self.class_id = class_id
        if num_thresholds == 1:
            self.thresholds = [0.5]
        else:
            self.thresholds = _evenly_spaced(num_thresholds, 0.0, 1.0)
        shape = (num_thresholds,)
        self.true_positives = self.add_variable(shape, "zeros", name="true_positives")
        self.false_positives = self.add_variable(shape, "zeros", name="false_positives")
        self.true_negatives = self.add_variable(shape, "zeros", name="true_negatives")
        self.false_negatives = self.add_variable(shape, "zeros", name="false_negatives")

    def update_state(self, y_true, y_pred, sample_weight=None):
        counts = confusion_counts(
            y_true, y_pred, self.thresholds, sample_weight, class_id=self.class_id
        )
        self.true_positives.assign_add(ops.cast(counts["tp"], self.dtype))
        self.false_positives.assign_add(ops.cast(counts["fp"], self.dtype))
        self.true_negatives.assign_add(ops.cast(counts["tn"], self.dtype))
        self.false_negatives.assign_add(ops.cast(counts["fn"], self.dtype))

    def _rates(self):
        tp, fp = self.true_positives.value, self.false_positives.value
        tn, fn = self.true_negatives.value, self.false_negatives.value
        return {
            "sensitivity": ops.divide_no_nan(tp, tp + fn),
            "specificity": ops.divide_no_nan(tn, tn + fp),
            "precision": ops.divide_no_nan(tp, tp + fp),
        }

    @staticmethod
    def _max_where(dependent, feasible):
        """The largest `dependent` value where `feasible`, or 0 if nowhere."""
        return ops.max(ops.where(feasible, dependent, ops.zeros_like(dependent)))

    def get_config(self):
        return {
            self._constraint_name: self.value,
            "num_thresholds": self.num_thresholds,
            "class_id": self.class_id,
            "name": self.name,
            "dtype": self._dtype,
        }


class SensitivityAtSpecificity(_AtConstraint):
    _constraint_name = "specificity"

    def __init__(self, specificity, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(specificity, num_thresholds, class_id, name=name, dtype=dtype)
        self.specificity = self.value

    def result(self):
        r = self._rates()
        return self._max_where(r["sensitivity"], r["specificity"] >= self.value)


class SpecificityAtSensitivity(_AtConstraint):
    _constraint_name = "sensitivity"

    def __init__(self, sensitivity, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(sensitivity, num_thresholds, class_id, name=name, dtype=dtype)
        self.sensitivity = self.value

    def result(self):
        r = self._rates()
        return self._max_where(r["specificity"], r["sensitivity"] >= self.value)


class PrecisionAtRecall(_AtConstraint):
    _constraint_name = "recall"

    def __init__(self, recall, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(recall, num_thresholds, class_id, name=name, dtype=dtype)
        self.recall = self.value

    def result(self):
        r = self._rates()
        return self._max_where(r["precision"], r["sensitivity"] >= self.value)


class RecallAtPrecision(_AtConstraint):
    _constraint_name = "precision"

    def __init__(self, precision, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(precision, num_thresholds, class_id, name=name, dtype=dtype)
        self.precision = self.value

    def result(self):
        r = self._rates()
        return self._max_where(r["sensitivity"], r["precision"] >= self.value)
