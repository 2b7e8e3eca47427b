"""Regression loss functions: one value per sample (the last axis is reduced)."""

import math

import kc_ops as ops
from kc_ops import config

from kc_train.losses.reduction import float_pair, l2_normalize, squeeze_or_expand_to_same_rank


def _prepare(y_true, y_pred):
    y_true, y_pred = float_pair(y_true, y_pred)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


def mean_squared_error(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    return ops.mean(ops.square(y_true - y_pred), axis=-1)


def mean_absolute_error(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    return ops.mean(ops.abs(y_true - y_pred), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    diff = ops.abs((y_true - y_pred) / ops.maximum(ops.abs(y_true), config.epsilon()))
    return 100.0 * ops.mean(diff, axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred):
    y_true, y_pred = _prepare(y_true, y_pred)
    eps = config.epsilon()
    diff = ops.log(ops.maximum(y_pred, eps) + 1.0) - ops.log(ops.maximum(y_true, eps) + 1.0)
    return ops.mean(ops.square(diff), axis=-1)


def cosine_similarity(y_true, y_pred, axis=-1):
    """Minus the cosine similarity (so that minimizing it aligns the vectors)."""
    y_true, y_pred = _prepare(y_true, y_pred)
    return -ops.sum(l2_normalize(y_true, axis) * l2_normalize(y_pred, axis), axis=axis)


def huber(y_true, y_pred, delta=1.0):
    y_true, y_pred = _prepare(y_true, y_pred)
    delta = float(delta)
    error = y_pred - y_true
    abs_error = ops.abs(error)
    quadratic = 0.5 * ops.square(error)
    linear = delta * abs_error - 0.5 * delta * delta
    return ops.mean(ops.where(abs_error <= delta, quadratic, linear), axis=-1)


def log_cosh(y_true, y_pred):
    """mean(log(cosh(y_pred - y_true))), computed stably as x + softplus(-2x) - log(2)."""
    y_true, y_pred = _prepare(y_true, y_pred)
    diff = y_pred - y_true
    return ops.mean(diff + ops.softplus(-2.0 * diff) - math.log(2.0), axis=-1)
