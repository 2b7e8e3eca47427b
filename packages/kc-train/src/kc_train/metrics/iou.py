"""Intersection-over-union metrics from an accumulated confusion matrix."""

import kc_ops as ops
from kc_ops import config

from kc_train.losses.reduction import to_tensor
from kc_train.metrics.metric import Metric


def confusion_matrix(labels, predictions, num_classes, weights, dtype):
    """(num_classes, num_classes) weighted counts: rows are true classes, columns predicted."""
    true_hot = ops.one_hot(labels, num_classes, dtype=dtype) * ops.expand_dims(weights, -1)
    pred_hot = ops.one_hot(predictions, num_classes, dtype=dtype)
    return ops.matmul(ops.transpose(true_hot), pred_hot)


class IoU(Metric):
    """Mean over `target_class_ids` of TP / (TP + FP + FN); classes that never occur are
    left out of the mean."""

    def __init__(
        self,
        num_classes,
        target_class_ids,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(name=name, dtype=dtype)
        if not isinstance(num_classes, int) or num_classes < 1:
            raise ValueError(f"`num_classes` must be a positive int. Received: {num_classes!r}")
        target_class_ids = list(target_class_ids)
        if not target_class_ids or max(target_class_ids) >= num_classes:
            raise ValueError(
                f"`target_class_ids` must be non-empty class ids below num_classes={num_classes}. "
                f"Received: {target_class_ids!r}"
            )
        self.num_classes = num_classes
        self.target_class_ids = target_class_ids
        self.ignore_class = ignore_class
        self.sparse_y_true, self.sparse_y_pred = sparse_y_true, sparse_y_pred
        self.axis = axis
        self.total_cm = self.add_variable(
            (num_classes, num_classes), "zeros", name="total_confusion_matrix"
        )

    def _prepare(self, y_true, y_pred):
        y_true, y_pred = to_tensor(y_true), to_tensor(y_pred)
        if not self.sparse_y_true:
            y_true = ops.argmax(y_true, axis=self.axis)
        if not self.sparse_y_pred:
            y_pred = ops.argmax(y_pred, axis=self.axis)
        return y_true, y_pred

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = self._prepare(y_true, y_pred)
        weights = ops.cast(ops.ones_like(y_true), self.dtype)
        if sample_weight is not None:
            sample_weight = ops.cast(to_tensor(sample_weight), self.dtype)
            while len(sample_weight.shape) < len(y_true.shape):
                sample_weight = ops.expand_dims(sample_weight, -1)
            weights = weights * sample_weight
        weights = ops.reshape(weights, (-1,))
        y_true = ops.reshape(ops.cast(y_true, self.dtype), (-1,))
        y_pred = ops.reshape(ops.cast(y_pred, self.dtype), (-1,))
        if self.ignore_class is not None:
            valid = ops.not_equal(y_true, float(self.ignore_class))
            weights = weights * ops.cast(valid, self.dtype)
            y_true = ops.where(valid, y_true, ops.zeros_like(y_true))
        cm = confusion_matrix(
            ops.cast(y_true, "int32"),
            ops.cast(y_pred, "int32"),
            self.num_classes,
            weights,
            self.dtype,
        )
        self.total_cm.assign_add(cm)

    def result(self):
        cm = self.total_cm.value
        predicted = ops.sum(cm, axis=0)
        actual = ops.sum(cm, axis=1)
        true_positives = ops.sum(cm * ops.eye(self.num_classes, dtype=self.dtype), axis=1)
        denominator = predicted + actual - true_positives
        ids = ops.convert_to_tensor(self.target_class_ids, "int32")
        true_positives = ops.take(true_positives, ids)
        denominator = ops.take(denominator, ids)
        valid = ops.sum(ops.cast(denominator > 1e-9, self.dtype))
        iou = true_positives / (denominator + config.epsilon())
        return ops.sum(iou) / (valid + config.epsilon())

    def get_config(self):
        return {
            "name": self.name,
            "dtype": self._dtype,
            "num_classes": self.num_classes,
            "target_class_ids": self.target_class_ids,
            "ignore_class": self.ignore_class,
            "sparse_y_true": self.sparse_y_true,
            "sparse_y_pred": self.sparse_y_pred,
            "axis": self.axis,
        }


class MeanIoU(IoU):
    def __init__(
        self,
        num_classes,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(
            num_classes,
            list(range(num_classes)),
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=sparse_y_true,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self):
        config_ = super().get_config()
        del config_["target_class_ids"]
        return config_


class BinaryIoU(IoU):
    """IoU of binary predictions: scores above `threshold` are class 1."""

    def __init__(self, target_class_ids=(0, 1), threshold=0.5, name=None, dtype=None):
        super().__init__(2, target_class_ids, name=name, dtype=dtype)
        self.threshold = threshold

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = ops.cast(to_tensor(y_pred) > self.threshold, self.dtype)
        return super().update_state(y_true, y_pred, sample_weight)

    def get_config(self):
        return {
            "name": self.name,
            "dtype": self._dtype,
            "target_class_ids": self.target_class_ids,
            "threshold": self.threshold,
        }


class OneHotIoU(IoU):
    def __init__(
        self,
        num_classes,
        target_class_ids,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_pred=False,
        axis=-1,
    ):
        super().__init__(
            num_classes,
            target_class_ids,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=False,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self):
        config_ = super().get_config()
        del config_["sparse_y_true"]
        return config_


class OneHotMeanIoU(MeanIoU):
    def __init__(
        self, num_classes, name=None, dtype=None, ignore_class=None, sparse_y_pred=False, axis=-1
    ):
        super().__init__(
            num_classes,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=False,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )

    def get_config(self):
        config_ = super().get_config()
        del config_["sparse_y_true"]
        return config_
