"""Hinge losses (labels in {-1, 1}; {0, 1} labels are mapped to {-1, 1})."""

import kc_ops as ops

from kc_train.losses.reduction import float_pair, squeeze_or_expand_to_same_rank


def _hinge_labels(y_true):
    is_binary = ops.all(ops.logical_or(y_true == 0, y_true == 1))
    return ops.where(is_binary, 2.0 * y_true - 1.0, y_true)


def _margins(y_true, y_pred):
    y_true, y_pred = float_pair(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return ops.maximum(1.0 - _hinge_labels(y_true) * y_pred, 0.0)


def hinge(y_true, y_pred):
    return ops.mean(_margins(y_true, y_pred), axis=-1)


def squared_hinge(y_true, y_pred):
    return ops.mean(ops.square(_margins(y_true, y_pred)), axis=-1)


def categorical_hinge(y_true, y_pred):
    """max(0, 1 + max_wrong(y_pred) - y_pred[true class]) for one-hot `y_true`."""
    y_true, y_pred = float_pair(y_true, y_pred)
    positive = ops.sum(y_true * y_pred, axis=-1)
    negative = ops.max((1.0 - y_true) * y_pred, axis=-1)
    return ops.maximum(negative - positive + 1.0, 0.0)
