"""F-beta and F1 scores, per class or averaged (micro, macro, weighted)."""

import kc_ops as ops
from kc_ops import config

from kc_train.losses.reduction import to_tensor
from kc_train.metrics.metric import Metric

_AVERAGES = (None, "micro", "macro", "weighted")


class FBetaScore(Metric):
    """(1 + beta^2) * precision * recall / (beta^2 * precision + recall) over multi-label or
    one-hot targets of shape (batch, classes)."""

    def __init__(self, average=None, beta=1.0, threshold=None, name="fbeta_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        if average not in _AVERAGES:
            raise ValueError(
                f"Invalid `average`: expected one of {_AVERAGES}, received {average!r}."
            )
        if not isinstance(beta, (int, float)) or beta <= 0.0:
            raise ValueError(f"`beta` must be a float greater than 0. Received: beta={beta!r}")
        if threshold is not None and (
            not isinstance(threshold, (int, float)) or not 0.0 < threshold <= 1.0
        ):
            raise ValueError(
                f"`threshold` must be a float in (0, 1] or None. Received: {threshold!r}"
            )
        self.average, self.beta, self.threshold = average, float(beta), threshold
        self.axis = None if average == "micro" else 0
        self._built = False

    def _build(self, num_classes):
        shape = () if self.average == "micro" else (num_classes,)
        self.true_positives = self.add_variable(shape, "zeros", name="true_positives")
        self.false_positives = self.add_variable(shape, "zeros", name="false_positives")
        self.false_negatives = self.add_variable(shape, "zeros", name="false_negatives")
        self.intermediate_weights = self.add_variable(shape, "zeros", name="intermediate_weights")
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = ops.cast(to_tensor(y_true), self.dtype)
        y_pred = ops.cast(to_tensor(y_pred), self.dtype)
        if len(y_pred.shape) != 2 or y_true.shape != y_pred.shape:
            raise ValueError(
                f"{type(self).__name__} expects y_true and y_pred of the same shape "
                f"(batch_size, num_classes). Received: y_true.shape={y_true.shape}, "
                f"y_pred.shape={y_pred.shape}."
            )
        if not self._built:
            self._build(y_pred.shape[-1])
        if self.threshold is None:
            top = ops.max(y_pred, axis=-1, keepdims=True)
            # the row maximum is the positive class, unless the row is all zeros
            y_pred = ops.logical_and(y_pred >= top, ops.abs(y_pred) > 1e-9)
        else:
            y_pred = y_pred > self.threshold
        y_pred = ops.cast(y_pred, self.dtype)
        weight = None
        if sample_weight is not None:
            weight = ops.cast(to_tensor(sample_weight), self.dtype)
            if len(weight.shape) == 1:
                weight = ops.expand_dims(weight, 1)

        def weighted_sum(values):
            if weight is not None:
                values = values * weight
            return ops.sum(values, axis=self.axis)

        self.true_positives.assign_add(weighted_sum(y_pred * y_true))
        self.false_positives.assign_add(weighted_sum(y_pred * (1.0 - y_true)))
        self.false_negatives.assign_add(weighted_sum((1.0 - y_pred) * y_true))
        self.intermediate_weights.assign_add(weighted_sum(y_true))

    def result(self):
        eps = config.epsilon()
        tp = self.true_positives.value
        precision = tp / (tp + self.false_positives.value + eps)
        recall = tp / (tp + self.false_negatives.value + eps)
        beta2 = self.beta**2
        score = (1.0 + beta2) * precision * recall / (beta2 * precision + recall + eps)
        if self.average == "weighted":
            weights = self.intermediate_weights.value
            weights = weights / (ops.sum(weights) + eps)
            return ops.sum(score * weights)
        if self.average is not None:
            return ops.mean(score)
        return score

    def reset_state(self):
        if self._built:
            super().reset_state()

    def get_config(self):
        return {
            "name": self.name,
            "dtype": self._dtype,
            "beta": self.beta,
            "average": self.average,
            "threshold": self.threshold,
        }


class F1Score(FBetaScore):
    def __init__(self, average=None, threshold=None, name="f1_score", dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self):
        config_ = super().get_config()
        del config_["beta"]
        return config_
