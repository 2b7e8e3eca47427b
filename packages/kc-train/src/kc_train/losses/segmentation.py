"""Overlap losses (Dice, Tversky) and the Circle metric-learning loss."""

import kc_ops as ops
from kc_ops import config

from kc_train.losses.reduction import float_pair, l2_normalize, set_mask


def dice(y_true, y_pred, axis=None):
    y_true, y_pred = float_pair(y_true, y_pred)
    intersection = ops.sum(y_true * y_pred, axis=axis)
    total = ops.sum(y_true, axis=axis) + ops.sum(y_pred, axis=axis)
    return 1.0 - 2.0 * intersection / (total + config.epsilon())


def tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None):
    """1 - TP / (TP + alpha * FP + beta * FN)."""
    y_true, y_pred = float_pair(y_true, y_pred)
    tp = ops.sum(y_true * y_pred, axis=axis)
    fn = ops.sum(y_true * (1.0 - y_pred), axis=axis)
    fp = ops.sum((1.0 - y_true) * y_pred, axis=axis)
    return 1.0 - tp / (tp + alpha * fp + beta * fn + config.epsilon())


def _pair_masks(query_labels, key_labels, remove_diagonal):
    query = ops.reshape(query_labels, (-1, 1))
    key = ops.reshape(key_labels, (1, -1))
    positive = ops.equal(query, key)
    negative = ops.logical_not(positive)
    if remove_diagonal:
        n = ops.shape(positive)[0]
        positive = ops.logical_and(positive, ops.logical_not(ops.eye(n, dtype="bool")))
    return positive, negative


def circle(
    y_true, y_pred, ref_labels=None, ref_embeddings=None, remove_diagonal=True, gamma=80, margin=0.4
):
    """Circle loss over the cosine distances between embeddings `y_pred` of labels `y_true`."""
    y_pred = l2_normalize(float_pair(y_pred, y_pred)[1], axis=-1)
    if ref_embeddings is None:
        ref_embeddings = y_pred
    else:
        ref_embeddings = l2_normalize(float_pair(ref_embeddings, ref_embeddings)[1], axis=-1)
    ref_labels = y_true if ref_labels is None else ref_labels
    distances = ops.maximum(1.0 - ops.matmul(y_pred, ops.transpose(ref_embeddings)), 0.0)
    positive, negative = _pair_masks(y_true, ref_labels, remove_diagonal)
    pos_f, neg_f = ops.cast(positive, y_pred.dtype), ops.cast(negative, y_pred.dtype)
    pos_weights = ops.maximum((margin + distances) * pos_f, 0.0)
    neg_weights = ops.maximum((1.0 + margin - distances) * neg_f, 0.0)
    pos_logits = -gamma * pos_weights * (margin - distances)
    neg_logits = gamma * neg_weights * ((1.0 - margin) - distances)
    p_loss = ops.logsumexp(ops.where(positive, pos_logits, float("-inf")), axis=1)
    n_loss = ops.logsumexp(ops.where(negative, neg_logits, float("-inf")), axis=1)
    losses = ops.softplus(p_loss + n_loss)
    return set_mask(losses, losses > 0)
