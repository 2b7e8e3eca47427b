"""Tensor helpers shared by losses and metrics: conversion, rank matching, weighted reduction."""

import math

import kc_ops as ops
from kc_ops import config
from kc_ops.keras_tensor import KerasTensor

REDUCTIONS = ("sum", "sum_over_batch_size", "mean", "mean_with_sample_weight", "none", None)


def standardize_reduction(reduction):
    if reduction not in REDUCTIONS:
        raise ValueError(
            f"Invalid `reduction`: expected one of {REDUCTIONS}, received {reduction!r}."
        )
    return reduction


def to_tensor(x, dtype=None):
    """A backend tensor (or the KerasTensor itself, cast) with `dtype` when given."""
    if isinstance(x, KerasTensor):
        return x if dtype is None or x.dtype == dtype else ops.cast(x, dtype)
    return ops.convert_to_tensor(x, dtype=dtype)


def float_pair(y_true, y_pred):
    """Convert `y_pred` (floatx unless it is already float) and cast `y_true` to its dtype."""
    y_pred = to_tensor(y_pred)
    if not _is_float(y_pred):
        y_pred = ops.cast(y_pred, config.floatx())
    return to_tensor(y_true, y_pred.dtype), y_pred


def _is_float(x):
    return "float" in str(ops.dtype(x))


def get_mask(x):
    return getattr(x, "_keras_mask", None)


def set_mask(x, mask):
    """Attach a mask where the tensor type allows attributes (not on JAX arrays)."""
    try:
        x._keras_mask = mask
    except AttributeError:
        pass
    return x


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Match ranks that differ by one: drop a trailing 1-sized dim, or expand a rank-1 tensor."""
    r1, r2 = len(x1.shape), len(x2.shape)
    if r1 == r2 + 1 and x1.shape[-1] == 1:
        if r2 == 1 and expand_rank_1:
            return x1, ops.expand_dims(x2, -1)
        return ops.squeeze(x1, -1), x2
    if r2 == r1 + 1 and x2.shape[-1] == 1:
        if r1 == 1 and expand_rank_1:
            return ops.expand_dims(x1, -1), x2
        return x1, ops.squeeze(x2, -1)
    return x1, x2


def _broadcast_weight(values, weight):
    """Give `weight` the rank of `values` so it broadcasts over trailing dims."""
    values, weight = squeeze_or_expand_to_same_rank(values, weight)
    while len(weight.shape) < len(values.shape):
        weight = ops.expand_dims(weight, -1)
    return values, weight


def _num_elements(x, dtype):
    return ops.cast(ops.size(x), dtype)


def apply_mask(sample_weight, mask, dtype, reduction):
    """Fold a mask into the sample weights; for mean reductions masked entries are rescaled
    so the mean runs over the valid entries only."""
    if mask is None:
        return sample_weight
    mask = ops.cast(mask, dtype)
    if reduction in ("mean", "sum_over_batch_size"):
        total = _num_elements(mask, dtype)
        valid = ops.sum(mask)
        mask = mask * (total / (valid + config.epsilon()))
    if sample_weight is None:
        return mask
    sample_weight = ops.cast(sample_weight, dtype)
    mask, sample_weight = _broadcast_weight(mask, sample_weight)
    return sample_weight * mask


def reduce_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    if reduction in (None, "none") or tuple(values.shape) in ((), (0,)):
        return values
    if reduction == "sum":
        return ops.sum(values)
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        loss = ops.sum(values)
        return ops.divide_no_nan(loss, ops.cast(ops.sum(sample_weight), loss.dtype))
    static = all(isinstance(d, int) for d in values.shape)
    if static and math.prod(values.shape) > 0:
        return ops.mean(values)  # sum / count, with a static count that needs no guard
    loss = ops.sum(values)
    return ops.divide_no_nan(loss, _num_elements(values, loss.dtype))


def reduce_weighted_values(
    values, sample_weight=None, mask=None, reduction="sum_over_batch_size", dtype=None
):
    reduction = standardize_reduction(reduction)
    values = to_tensor(values, dtype)
    dtype = values.dtype
    if sample_weight is not None:
        sample_weight = to_tensor(sample_weight, dtype)
    sample_weight = apply_mask(sample_weight, mask, dtype, reduction)
    if sample_weight is not None:
        values, sample_weight = _broadcast_weight(values, sample_weight)
        values = values * sample_weight
    return reduce_values(values, sample_weight, reduction)


def l2_normalize(x, axis=-1):
    square_sum = ops.sum(ops.square(x), axis=axis, keepdims=True)
    return x * ops.rsqrt(ops.maximum(square_sum, 1e-12))
