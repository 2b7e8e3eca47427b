"""Masking helpers shared by the attention layers."""

import kc_ops


def large_negative(dtype):
    """What a masked score gets before the softmax (finite, so fully masked rows stay finite)."""
    return -3e4 if str(dtype) in ("float16", "bfloat16") else -1e9


def causal_mask(q_len, v_len):
    """(1, q_len, v_len) boolean: query i may see value positions j <= i."""
    ones = kc_ops.ones((1, q_len, v_len), dtype="int32")
    rows = kc_ops.cumsum(ones, axis=-2)
    cols = kc_ops.cumsum(ones, axis=-1)
    return kc_ops.greater_equal(rows, cols)


def sliding_window_mask(q_len, v_len, window):
    """(1, q_len, v_len) boolean band: |i - j| < window."""
    ones = kc_ops.ones((1, q_len, v_len), dtype="int32")
    rows = kc_ops.cumsum(ones, axis=-2)
    cols = kc_ops.cumsum(ones, axis=-1)
    return kc_ops.less(kc_ops.abs(kc_ops.subtract(rows, cols)), window)


def combine_masks(*masks):
    result = None
    for mask in masks:
        if mask is None:
            continue
        mask = kc_ops.cast(mask, "bool")
        result = mask if result is None else kc_ops.logical_and(result, mask)
    return result


def masked_softmax(scores, mask, axes):
    """Softmax of `scores` over `axes` (a tuple of trailing axes), masked positions excluded
    (they get probability 0)."""
    if mask is not None:
        mask = kc_ops.cast(mask, scores.dtype)
        scores = kc_ops.add(
            scores,
            kc_ops.multiply(kc_ops.subtract(1.0, mask), large_negative(kc_ops.dtype(scores))),
        )
    if len(axes) == 1:
        probs = kc_ops.softmax(scores, axis=axes[0])
    else:
        probs = kc_ops.exp(
            kc_ops.subtract(scores, kc_ops.logsumexp(scores, axis=axes, keepdims=True))
        )
    if mask is not None:
        probs = kc_ops.multiply(probs, mask)
    return probs


def check_positive_int(owner, name, value, allow_none=False):
    if value is None and allow_none:
        return
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"{owner}: `{name}` must be a positive int. Received: {name}={value!r}")


def check_rate(owner, value):
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value < 1:
        raise ValueError(
            f"{owner}: `dropout` must be a float in [0, 1). Received: dropout={value!r}"
        )
    return float(value)
