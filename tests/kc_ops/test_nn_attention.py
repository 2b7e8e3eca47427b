"""keras.ops.nn attention, CTC, depth/space rearrangements and unfold/fold."""

import itertools

import kc_ops
import numpy as np
import pytest
from kc_ops import nn
from kc_ops.keras_tensor import KerasTensor

BACKEND = kc_ops.backend()
RNG = np.random.default_rng(3)


def to_np(x):
    return kc_ops.convert_to_numpy(x)


def ref_attention(q, k, v, bias=None, mask=None, causal=False, scale=None, cap=None):
    q, k, v = (a.astype("float64") for a in (q, k, v))
    groups = q.shape[2] // k.shape[2]
    k, v = np.repeat(k, groups, axis=2), np.repeat(v, groups, axis=2)
    scale = 1 / np.sqrt(q.shape[-1]) if scale is None else scale
    logits = np.einsum("btnh,bsnh->bnts", q, k) * scale
    if bias is not None:
        logits = logits + bias
    if cap is not None:
        logits = cap * np.tanh(logits / cap)
    keep = np.ones(logits.shape, dtype=bool)
    if mask is not None:
        keep &= mask
    if causal:
        keep &= np.tril(np.ones(logits.shape[-2:], dtype=bool))
    logits = np.where(keep, logits, -1e30)
    w = np.exp(logits - logits.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    return np.einsum("bnts,bsnh->btnh", w, v)


Q = RNG.normal(size=(2, 4, 4, 8)).astype("float32")
K = RNG.normal(size=(2, 5, 4, 8)).astype("float32")
V = RNG.normal(size=(2, 5, 4, 8)).astype("float32")
MASK = RNG.uniform(size=(2, 1, 4, 5)) > 0.3
MASK[..., 0] = True  # every query sees at least one key
BIAS = RNG.normal(size=(1, 4, 4, 5)).astype("float32")


@pytest.mark.parametrize("kwargs", [
    {}, {"mask": MASK}, {"is_causal": True}, {"bias": BIAS}, {"bias": BIAS, "mask": MASK},
    {"bias": BIAS, "is_causal": True}, {"scale": 0.5}, {"attn_logits_soft_cap": 2.0},
    {"mask": MASK, "is_causal": True},
])
def test_attention_matches_reference(kwargs):
    out = nn.dot_product_attention(Q, K, V, **kwargs)
    expected = ref_attention(Q, K, V, bias=kwargs.get("bias"), mask=kwargs.get("mask"),
                             causal=kwargs.get("is_causal", False), scale=kwargs.get("scale"),
                             cap=kwargs.get("attn_logits_soft_cap"))
    np.testing.assert_allclose(to_np(out), expected, rtol=1e-4, atol=1e-5)


def test_grouped_query_attention_and_symbolic():
    k, v = K[:, :, :2], V[:, :, :2]
    out = nn.dot_product_attention(Q, k, v, is_causal=True)
    np.testing.assert_allclose(to_np(out), ref_attention(Q, k, v, causal=True), rtol=1e-4,
                               atol=1e-5)
    sym = nn.dot_product_attention(KerasTensor((None, 4, 4, 8)), KerasTensor((None, 5, 2, 8)),
                                   KerasTensor((None, 5, 2, 8)))
    assert sym.shape == (None, 4, 4, 8)
    with pytest.raises(ValueError, match="multiple"):
        nn.dot_product_attention(Q, K[:, :, :3], V[:, :, :3])
    with pytest.raises(ValueError, match="rank 4"):
        nn.dot_product_attention(Q[0, 0], K[0, 0], V[0, 0])


def _collapse(path, blank):
    out = []
    prev = None
    for c in path:
        if c != prev and c != blank:
            out.append(c)
        prev = c
    return tuple(out)


def _labelings(logits, length, blank):
    """Probability of every labeling, by enumerating all alignments of the first `length`
    steps."""
    probs = np.exp(logits[:length] - logits[:length].max(-1, keepdims=True))
    probs /= probs.sum(-1, keepdims=True)
    totals = {}
    for path in itertools.product(range(logits.shape[-1]), repeat=length):
        p = np.prod([probs[t, c] for t, c in enumerate(path)])
        key = _collapse(path, blank)
        totals[key] = totals.get(key, 0.0) + p
    return totals


@pytest.mark.parametrize("blank", [0, 2])
def test_ctc_loss_matches_alignment_enumeration(blank):
    logits = RNG.normal(size=(2, 4, 3)).astype("float32")
    labels = [1, 1] if blank == 0 else [0, 1]
    target = np.array([labels, [labels[1], 0]])
    target_length = np.array([2, 1])
    output_length = np.array([4, 3])
    loss = to_np(nn.ctc_loss(target, logits, target_length, output_length, mask_index=blank))
    for b in range(2):
        table = _labelings(logits[b], output_length[b], blank)
        label = tuple(target[b, :target_length[b]])
        np.testing.assert_allclose(loss[b], -np.log(table[label]), rtol=1e-4)


def test_ctc_greedy_decode_hand_case():
    # argmax path per step: 1 1 0 2 2 1 | beyond length: ignored
    path = [[1, 1, 0, 2, 2, 1, 2], [2, 0, 2, 0, 0, 0, 0]]
    inputs = np.full((2, 7, 3), -1.0, dtype="float32")
    for b, row in enumerate(path):
        for t, c in enumerate(row):
            inputs[b, t, c] = 0.5
    decoded, scores = nn.ctc_decode(inputs, np.array([6, 3]))
    np.testing.assert_array_equal(to_np(decoded)[0], [[1, 2, 1, -1, -1, -1, -1],
                                                     [2, 2, -1, -1, -1, -1, -1]])
    np.testing.assert_allclose(to_np(scores), [[-3.0], [-1.5]])
    decoded, _ = nn.ctc_decode(inputs, np.array([6, 3]), merge_repeated=False)
    np.testing.assert_array_equal(to_np(decoded)[0][0, :5], [1, 1, 2, 2, 1])


def test_ctc_beam_search_finds_most_probable_labeling():
    logits = RNG.normal(size=(2, 4, 3)).astype("float32") * 2
    lengths = np.array([4, 3])
    decoded, scores = nn.ctc_decode(logits, lengths, strategy="beam_search", top_paths=2)
    decoded, scores = to_np(decoded), to_np(scores)
    assert decoded.shape[:2] == (2, 2) and scores.shape == (2, 2)
    for b in range(2):
        table = sorted(_labelings(logits[b], lengths[b], 0).items(), key=lambda kv: -kv[1])
        for k in range(2):
            label, p = table[k]
            got = tuple(int(c) for c in decoded[k, b] if c >= 0)
            assert got == label
            np.testing.assert_allclose(scores[b, k], np.log(p), rtol=1e-4)
    with pytest.raises(ValueError, match="strategy"):
        nn.ctc_decode(logits, lengths, strategy="best")


def test_depth_to_space_and_back():
    x = np.arange(8.0, dtype="float32").reshape(1, 1, 1, 8)
    out = to_np(nn.depth_to_space(x, 2))
    # Depth index = (row * 2 + col) * 2 + channel.
    np.testing.assert_array_equal(out[0, ..., 0], [[0, 2], [4, 6]])
    np.testing.assert_array_equal(out[0, ..., 1], [[1, 3], [5, 7]])
    y = RNG.normal(size=(2, 4, 6, 3)).astype("float32")
    packed = nn.space_to_depth(y, 2)
    assert tuple(packed.shape) == (2, 2, 3, 12)
    np.testing.assert_array_equal(to_np(nn.depth_to_space(packed, 2)), y)
    first = nn.space_to_depth(np.moveaxis(y, -1, 1), 2, data_format="channels_first")
    np.testing.assert_array_equal(np.moveaxis(to_np(first), 1, -1), to_np(packed))
    back = nn.depth_to_space(first, 2, data_format="channels_first")
    np.testing.assert_array_equal(to_np(back), np.moveaxis(y, -1, 1))
    with pytest.raises(ValueError, match="divisible"):
        nn.depth_to_space(np.zeros((1, 2, 2, 3)), 2)


def ref_unfold(x, k, d, p, s):
    n, c, h, w = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1])))
    oh = (h + 2 * p[0] - d[0] * (k[0] - 1) - 1) // s[0] + 1
    ow = (w + 2 * p[1] - d[1] * (k[1] - 1) - 1) // s[1] + 1
    out = np.zeros((n, c * k[0] * k[1], oh * ow))
    for ci, i, j, y, z in itertools.product(range(c), range(k[0]), range(k[1]), range(oh),
                                            range(ow)):
        out[:, (ci * k[0] + i) * k[1] + j, y * ow + z] = xp[:, ci, y * s[0] + i * d[0],
                                                            z * s[1] + j * d[1]]
    return out


@pytest.mark.parametrize("args", [((2, 2), (1, 1), (0, 0), (1, 1)),
                                  ((3, 2), (2, 1), (1, 0), (2, 1))])
def test_unfold_and_fold(args):
    k, d, p, s = args
    x = RNG.normal(size=(2, 3, 6, 5)).astype("float32")
    u = to_np(nn.unfold(x, k, d, p, s))
    np.testing.assert_allclose(u, ref_unfold(x, k, d, p, s), rtol=1e-6)
    y = RNG.normal(size=u.shape).astype("float32")
    folded = to_np(nn.fold(y, (6, 5), k, d, p, s))
    assert folded.shape == x.shape
    np.testing.assert_allclose(np.sum(u * y), np.sum(x * folded), rtol=1e-4)


def test_polar():
    out = to_np(nn.polar(np.array([2.0, 1.0]), np.array([0.0, np.pi / 2])))
    np.testing.assert_allclose(out, [2.0, 1j], atol=1e-6)


def test_symbolic_shapes():
    logits = KerasTensor((None, 6, 4))
    decoded, scores = nn.ctc_decode(logits, KerasTensor((None,), dtype="int32"))
    assert decoded.shape == (1, None, 6) and scores.shape == (None, 1)
    loss = nn.ctc_loss(KerasTensor((None, 3), dtype="int32"), logits,
                       KerasTensor((None,), dtype="int32"), KerasTensor((None,), dtype="int32"))
    assert loss.shape == (None,)
    x = KerasTensor((None, 4, 6, 8))
    assert nn.depth_to_space(x, 2).shape == (None, 8, 12, 2)
    assert nn.space_to_depth(x, 2).shape == (None, 2, 3, 32)
    assert nn.unfold(KerasTensor((None, 3, 6, 5)), 2).shape == (None, 12, 20)
    assert nn.fold(KerasTensor((None, 12, 20)), (6, 5), 2).shape == (None, 3, 6, 5)


@pytest.mark.skipif(BACKEND == "numpy", reason="the numpy backend has no autodiff")
def test_ctc_loss_and_attention_gradients():
    target, tlen, olen = np.array([[1, 2], [2, 0]]), np.array([2, 1]), np.array([4, 3])
    fns = {
        "ctc": lambda v: nn.ctc_loss(target, v, tlen, olen),
        "attention": lambda v: nn.dot_product_attention(v[:, :, None], v[:, :, None],
                                                        v[:, :, None], is_causal=True),
    }
    for fn in fns.values():
        x = RNG.normal(size=(2, 4, 3))
        w = RNG.normal(size=to_np(fn(x)).shape)
        if BACKEND == "jax":
            import jax

            grad = np.asarray(jax.grad(lambda v: (fn(v) * w).sum())(x))
        elif BACKEND == "torch":
            import torch

            t = torch.tensor(x, requires_grad=True)
            (fn(t) * torch.tensor(w)).sum().backward()
            grad = t.grad.numpy()
        else:
            import tensorflow as tf

            t = tf.constant(x)
            with tf.GradientTape() as tape:
                tape.watch(t)
                loss = tf.reduce_sum(fn(t) * w)
            grad = tape.gradient(loss, t).numpy()
        # Directional derivatives along random directions (central differences, float64).
        for d in np.random.default_rng(6).normal(size=(2,) + x.shape):
            plus = np.sum(to_np(fn(x + 1e-6 * d)) * w)
            minus = np.sum(to_np(fn(x - 1e-6 * d)) * w)
            np.testing.assert_allclose(np.sum(grad * d), (plus - minus) / 2e-6, rtol=1e-5,
                                       atol=1e-6)


def test_fold_shape_error():
    with pytest.raises(ValueError, match="output_size"):
        nn.fold(np.zeros((1, 12, 22)), (12, 12), 2)


def test_attention_without_batch_axis():
    out = nn.dot_product_attention(Q[0], K[0], V[0], is_causal=True)
    expected = ref_attention(Q[:1], K[:1], V[:1], causal=True)[0]
    np.testing.assert_allclose(to_np(out), expected, rtol=1e-4, atol=1e-5)
