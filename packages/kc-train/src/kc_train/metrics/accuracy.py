"""Accuracy metrics: functions returning one value per sample, and their classes."""

import kc_ops as ops
from kc_ops import config

from kc_train.losses.reduction import squeeze_or_expand_to_same_rank, to_tensor
from kc_train.metrics.reduction_metrics import MeanMetricWrapper


def _floatx(x):
    return ops.cast(x, config.floatx())


def accuracy(y_true, y_pred):
    y_true, y_pred = squeeze_or_expand_to_same_rank(to_tensor(y_true), to_tensor(y_pred))
    return _floatx(ops.equal(y_true, ops.cast(y_pred, ops.dtype(y_true))))


def binary_accuracy(y_true, y_pred, threshold=0.5):
    y_true, y_pred = squeeze_or_expand_to_same_rank(to_tensor(y_true), to_tensor(y_pred))
    y_pred = ops.cast(y_pred > threshold, ops.dtype(y_true))
    return ops.mean(_floatx(ops.equal(y_true, y_pred)), axis=-1)


def categorical_accuracy(y_true, y_pred):
    y_true = ops.argmax(to_tensor(y_true), axis=-1)
    return sparse_categorical_accuracy(y_true, y_pred)


def _sparse_labels(y_true, y_pred):
    """Integer labels with the rank of `y_pred` minus one."""
    y_true, y_pred = to_tensor(y_true), to_tensor(y_pred)
    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == 1:
        y_true = ops.squeeze(y_true, -1)
    return ops.cast(y_true, "int32"), y_pred


def sparse_categorical_accuracy(y_true, y_pred):
    y_true, y_pred = _sparse_labels(y_true, y_pred)
    predicted = ops.cast(ops.argmax(y_pred, axis=-1), "int32")
    return _floatx(ops.equal(y_true, predicted))


def _in_top_k(labels, y_pred, k):
    if len(y_pred.shape) == 2:
        return _floatx(ops.in_top_k(labels, y_pred, k))
    classes = y_pred.shape[-1]
    flat_pred = ops.reshape(y_pred, (-1, classes))
    hits = ops.in_top_k(ops.reshape(labels, (-1,)), flat_pred, k)
    return ops.reshape(_floatx(hits), ops.shape(labels))


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    labels = ops.cast(ops.argmax(to_tensor(y_true), axis=-1), "int32")
    return _in_top_k(labels, to_tensor(y_pred), k)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    """`from_sorted_ids=True`: `y_pred` holds class ids sorted by score, best first."""
    y_true, y_pred = _sparse_labels(y_true, y_pred)
    if from_sorted_ids:
        top = ops.cast(y_pred[..., :k], "int32")
        return _floatx(ops.any(ops.equal(ops.expand_dims(y_true, -1), top), axis=-1))
    return _in_top_k(y_true, y_pred, k)


class Accuracy(MeanMetricWrapper):
    def __init__(self, name="accuracy", dtype=None):
        super().__init__(accuracy, name=name, dtype=dtype)


class BinaryAccuracy(MeanMetricWrapper):
    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(binary_accuracy, name=name, dtype=dtype, threshold=threshold)


class CategoricalAccuracy(MeanMetricWrapper):
    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name=name, dtype=dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)


class TopKCategoricalAccuracy(MeanMetricWrapper):
    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(top_k_categorical_accuracy, name=name, dtype=dtype, k=k)


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    def __init__(
        self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None, from_sorted_ids=False
    ):
        super().__init__(
            sparse_top_k_categorical_accuracy,
            name=name,
            dtype=dtype,
            k=k,
            from_sorted_ids=from_sorted_ids,
        )
