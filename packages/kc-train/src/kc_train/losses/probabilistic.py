"""Cross-entropy and other probabilistic loss functions."""

import kc_ops as ops
from kc_ops import config, dtypes
from kc_ops.nn import sparse_categorical_crossentropy_mean

from kc_train.losses.reduction import float_pair, set_mask, squeeze_or_expand_to_same_rank


def _smooth_binary(y_true, label_smoothing):
    if label_smoothing:
        return y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    return y_true


def _smooth_categorical(y_true, label_smoothing, axis):
    if label_smoothing:
        num_classes = y_true.shape[axis]
        return y_true * (1.0 - label_smoothing) + label_smoothing / num_classes
    return y_true


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    y_true, y_pred = float_pair(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    y_true = _smooth_binary(y_true, float(label_smoothing))
    return ops.mean(ops.binary_crossentropy(y_true, y_pred, from_logits=from_logits), axis=axis)


def binary_focal_crossentropy(
    y_true,
    y_pred,
    apply_class_balancing=False,
    alpha=0.25,
    gamma=2.0,
    from_logits=False,
    label_smoothing=0.0,
    axis=-1,
):
    """Binary cross-entropy scaled by (1 - p_t) ** gamma, focusing on hard examples."""
    y_true, y_pred = float_pair(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    y_true = _smooth_binary(y_true, float(label_smoothing))
    bce = ops.binary_crossentropy(y_true, y_pred, from_logits=from_logits)
    if from_logits:
        y_pred = ops.sigmoid(y_pred)
    p_t = y_true * y_pred + (1.0 - y_true) * (1.0 - y_pred)
    focal = ops.power(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal = (y_true * alpha + (1.0 - y_true) * (1.0 - alpha)) * focal
    return ops.mean(focal, axis=axis)


def _check_categorical(y_pred, name):
    if y_pred.shape and y_pred.shape[-1] == 1:
        raise ValueError(
            f"{name}: `y_pred` has a last dimension of 1 (shape {tuple(y_pred.shape)}): it "
            "expects one probability per class. For binary labels use binary_crossentropy."
        )


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    y_true, y_pred = float_pair(y_true, y_pred)
    _check_categorical(y_pred, "categorical_crossentropy")
    y_true = _smooth_categorical(y_true, float(label_smoothing), axis)
    return ops.categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)


def categorical_focal_crossentropy(
    y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1
):
    y_true, y_pred = float_pair(y_true, y_pred)
    _check_categorical(y_pred, "categorical_focal_crossentropy")
    y_true = _smooth_categorical(y_true, float(label_smoothing), axis)
    if from_logits:
        y_pred = ops.softmax(y_pred, axis=axis)
    eps = config.epsilon()
    output = y_pred / ops.sum(y_pred, axis=axis, keepdims=True)
    output = ops.clip(output, eps, 1.0 - eps)
    weighted = alpha * ops.power(1.0 - output, gamma) * (-y_true * ops.log(output))
    return ops.sum(weighted, axis=axis)


def _sparse_ce(y_true, y_pred, from_logits, ignore_class, axis):
    """(per-sample losses, mask of the non-ignored samples or None)."""
    y_pred = ops.convert_to_tensor(y_pred) if not hasattr(y_pred, "shape") else y_pred
    if "float" not in str(ops.dtype(y_pred)):
        y_pred = ops.cast(y_pred, config.floatx())
    y_true = ops.convert_to_tensor(y_true) if not hasattr(y_true, "shape") else y_true
    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == 1:
        y_true = ops.squeeze(y_true, -1)
    valid = None
    if ignore_class is not None:
        valid = ops.not_equal(y_true, ops.cast(ignore_class, ops.dtype(y_true)))
        y_true = ops.where(valid, y_true, ops.zeros_like(y_true))
    if "int" not in str(ops.dtype(y_true)):
        y_true = ops.cast(y_true, "int32")
    losses = ops.sparse_categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)
    if valid is not None:
        losses = ops.where(valid, losses, ops.zeros_like(losses))
    return losses, valid


def sparse_ce_batch_mean(y_true, y_pred, from_logits, axis, dtype):
    """The mean sparse crossentropy of a non-empty batch in one op, for backend tensors that
    need no conversion (predictions in the loss dtype, integer labels); else None."""
    if not (ops.is_tensor(y_pred) and ops.is_tensor(y_true)):
        return None
    shape = y_pred.shape
    if (not shape or not shape[0] or dtypes.standardize_dtype(y_pred.dtype) != dtype
            or "int" not in dtypes.standardize_dtype(y_true.dtype)):
        return None
    return sparse_categorical_crossentropy_mean(y_true, y_pred, from_logits, axis)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    losses, valid = _sparse_ce(y_true, y_pred, from_logits, ignore_class, axis)
    return losses if valid is None else set_mask(losses, valid)


def kl_divergence(y_true, y_pred):
    y_true, y_pred = float_pair(y_true, y_pred)
    y_true = ops.clip(y_true, config.epsilon(), 1.0)
    y_pred = ops.clip(y_pred, config.epsilon(), 1.0)
    return ops.sum(y_true * ops.log(y_true / y_pred), axis=-1)


def poisson(y_true, y_pred):
    y_true, y_pred = float_pair(y_true, y_pred)
    return ops.mean(y_pred - y_true * ops.log(y_pred + config.epsilon()), axis=-1)


def categorical_generalized_cross_entropy(y_true, y_pred, q):
    """(1 - p_true ** q) / q for integer labels `y_true`: a noise-robust cross-entropy."""
    q = float(q)
    if not 0.0 < q <= 1.0:
        raise ValueError(f"`q` must be in the interval (0, 1]. Received: q={q}")
    y_pred = ops.convert_to_tensor(y_pred) if not hasattr(y_pred, "shape") else y_pred
    y_true = ops.convert_to_tensor(y_true) if not hasattr(y_true, "shape") else y_true
    if len(y_true.shape) == len(y_pred.shape) and y_true.shape[-1] == 1:
        y_true = ops.squeeze(y_true, -1)
    labels = ops.expand_dims(ops.cast(y_true, "int32"), -1)
    p_true = ops.squeeze(ops.take_along_axis(y_pred, labels, axis=-1), -1)
    return (1.0 - ops.power(p_true, q)) / q


def ctc(y_true, y_pred):
    """CTC loss for label sequences `y_true` (batch, max_label_length; 0 pads) and logits
    `y_pred` (batch, time, classes; class 0 is the blank)."""
    if len(y_true.shape) != 2:
        raise ValueError(
            "ctc: `y_true` must have shape (batch_size, max_label_length). "
            f"Received: {y_true.shape}"
        )
    if len(y_pred.shape) != 3:
        raise ValueError(
            "ctc: `y_pred` must have shape (batch_size, max_length, num_classes). "
            f"Received: {y_pred.shape}"
        )
    y_true = ops.cast(y_true, "int32")
    batch = ops.shape(y_pred)[0]
    output_length = ops.shape(y_pred)[1] * ops.ones((batch,), dtype="int32")
    target_length = ops.sum(ops.cast(ops.not_equal(y_true, 0), "int32"), axis=-1)
    return ops.ctc_loss(y_true, y_pred, target_length, output_length, mask_index=0)
