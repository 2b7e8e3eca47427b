"""keras.ops.nn convolutions and pools against straightforward NumPy loop references."""

import itertools
import math

import kc_ops
import numpy as np
import pytest
from kc_ops import nn
from kc_ops.keras_tensor import KerasTensor

BACKEND = kc_ops.backend()
RNG = np.random.default_rng(1)


def to_np(x):
    return kc_ops.convert_to_numpy(x)


def tf_same_pads(size, k, s, d):
    eff = (k - 1) * d + 1
    out = math.ceil(size / s)
    total = max((out - 1) * s + eff - size, 0)
    return total // 2, total - total // 2


def ref_conv(x, k, strides, padding, dilation):
    """channels_last conv by explicit loops over output and kernel positions."""
    n = x.ndim - 2
    pads = [tf_same_pads(x.shape[1 + i], k.shape[i], strides[i], dilation[i])
            if padding == "same" else (0, 0) for i in range(n)]
    xp = np.pad(x.astype("float64"), [(0, 0), *pads, (0, 0)])
    out_shape = [(xp.shape[1 + i] - (k.shape[i] - 1) * dilation[i] - 1) // strides[i] + 1
                 for i in range(n)]
    out = np.zeros((x.shape[0], *out_shape, k.shape[-1]))
    for pos in np.ndindex(*out_shape):
        for kpos in np.ndindex(*k.shape[:n]):
            idx = tuple(p * s + q * d for p, s, q, d in zip(pos, strides, kpos, dilation))
            out[(slice(None), *pos)] += xp[(slice(None), *idx)] @ k[kpos]
    return out


def ref_pool(x, pool, strides, padding, kind):
    n = x.ndim - 2
    pads = [tf_same_pads(x.shape[1 + i], pool[i], strides[i], 1) if padding == "same" else (0, 0)
            for i in range(n)]
    xp = np.pad(x.astype("float64"), [(0, 0), *pads, (0, 0)], constant_values=np.nan)
    out_shape = [(xp.shape[1 + i] - pool[i]) // strides[i] + 1 for i in range(n)]
    out = np.zeros((x.shape[0], *out_shape, x.shape[-1]))
    for pos in np.ndindex(*out_shape):
        window = xp[(slice(None),) + tuple(slice(p * s, p * s + k)
                                           for p, s, k in zip(pos, strides, pool))]
        window = window.reshape(x.shape[0], -1, x.shape[-1])
        out[(slice(None), *pos)] = (np.nanmax if kind == "max" else np.nanmean)(window, axis=1)
    return out


def to_first(x):
    return np.moveaxis(x, -1, 1)


CONV_CASES = [
    # (spatial, kernel spatial, strides, padding, dilation)
    ((7,), (3,), 1, "valid", 1),
    ((7,), (2,), 2, "same", 1),
    ((8,), (4,), 1, "same", 2),
    ((5, 6), (2, 2), 1, "same", 1),
    ((6, 7), (3, 2), 2, "same", 1),
    ((7, 7), (3, 3), 2, "valid", 1),
    ((7, 6), (2, 3), 1, "valid", (2, 1)),
    ((7, 7), (2, 2), 2, "same", 2),
    ((4, 4, 5), (2, 3, 2), 1, "same", 1),
]


@pytest.mark.parametrize("case", CONV_CASES)
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_conv_matches_loop_reference(case, data_format):
    spatial, kshape, strides, padding, dilation = case
    n = len(spatial)
    x = RNG.normal(size=(2, *spatial, 3)).astype("float32")
    k = RNG.normal(size=(*kshape, 3, 4)).astype("float32")
    st = (strides,) * n if isinstance(strides, int) else strides
    dil = (dilation,) * n if isinstance(dilation, int) else dilation
    expected = ref_conv(x, k, st, padding, dil)
    inputs = x if data_format == "channels_last" else to_first(x)
    out = nn.conv(inputs, k, strides=strides, padding=padding, data_format=data_format,
                  dilation_rate=dilation)
    out = to_np(out)
    if data_format == "channels_first":
        out = np.moveaxis(out, 1, -1)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)


def test_same_padding_with_even_kernel_pads_after():
    x = np.array([1.0, 2.0, 3.0, 4.0], dtype="float32").reshape(1, 4, 1)
    k = np.array([1.0, 10.0], dtype="float32").reshape(2, 1, 1)
    out = nn.conv(x, k, padding="same")
    np.testing.assert_allclose(to_np(out).ravel(), [21.0, 32.0, 43.0, 4.0])
    out = nn.max_pool(x, 2, strides=1, padding="same")
    np.testing.assert_allclose(to_np(out).ravel(), [2.0, 3.0, 4.0, 4.0])


def test_grouped_conv():
    x = RNG.normal(size=(1, 5, 4)).astype("float32")
    k = RNG.normal(size=(3, 2, 6)).astype("float32")  # 2 groups of 2 channels -> 3 each
    expected = np.concatenate([ref_conv(x[..., :2], k[..., :3], (1,), "valid", (1,)),
                               ref_conv(x[..., 2:], k[..., 3:], (1,), "valid", (1,))], axis=-1)
    np.testing.assert_allclose(to_np(nn.conv(x, k)), expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("case", [((7,), (3,), 2, "same", 1), ((5, 6), (2, 3), 1, "same", 1),
                                  ((6, 6), (3, 3), 1, "valid", 2), ((4, 4, 4), (2, 2, 2), 2,
                                                                    "valid", 1)])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_depthwise_and_separable_conv(case, data_format):
    spatial, kshape, strides, padding, dilation = case
    n = len(spatial)
    x = RNG.normal(size=(2, *spatial, 3)).astype("float32")
    k = RNG.normal(size=(*kshape, 3, 2)).astype("float32")
    st, dil = (strides,) * n, (dilation,) * n
    # Depthwise = one single-channel conv per input channel; outputs ordered c * M + m.
    expected = np.concatenate(
        [ref_conv(x[..., c:c + 1], k[..., c:c + 1, :], st, padding, dil) for c in range(3)],
        axis=-1)
    inputs = x if data_format == "channels_last" else to_first(x)
    out = to_np(nn.depthwise_conv(inputs, k, strides, padding, data_format, dilation))
    if data_format == "channels_first":
        out = np.moveaxis(out, 1, -1)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)
    pointwise = RNG.normal(size=(1,) * n + (6, 5)).astype("float32")
    out = to_np(nn.separable_conv(inputs, k, pointwise, strides, padding, data_format, dilation))
    if data_format == "channels_first":
        out = np.moveaxis(out, 1, -1)
    np.testing.assert_allclose(out, expected @ pointwise.reshape(6, 5), rtol=1e-4, atol=1e-4)


def ref_conv_transpose(y, k, strides, padding, dilation, output_padding=None):
    """Scatter each input element through the kernel into the full output, then crop to
    Keras's output length (the adjoint of a TF-convention convolution)."""
    n = y.ndim - 2
    effs = [(k.shape[i] - 1) * dilation[i] + 1 for i in range(n)]
    full_shape = [(y.shape[1 + i] - 1) * strides[i] + effs[i] for i in range(n)]
    full = np.zeros((y.shape[0], *full_shape, k.shape[-2]))
    for pos in np.ndindex(*y.shape[1:-1]):
        for kpos in np.ndindex(*k.shape[:n]):
            idx = tuple(p * s + q * d for p, s, q, d in zip(pos, strides, kpos, dilation))
            full[(slice(None), *idx)] += y[(slice(None), *pos)] @ k[kpos].T
    crops, lengths = [], []
    for i in range(n):
        L, s, eff = y.shape[1 + i], strides[i], effs[i]
        if padding == "valid":
            before = 0
            length = L * s + max(eff - s, 0) if output_padding is None else (
                (L - 1) * s + eff + output_padding[i])
        else:
            length = L * s if output_padding is None else (
                (L - 1) * s + eff - 2 * (eff // 2) + output_padding[i])
            before = max((math.ceil(length / s) - 1) * s + eff - length, 0) // 2
        crops.append(before)
        lengths.append(length)
    big = np.zeros((y.shape[0], *[c + n_ + e for c, n_, e in zip(crops, lengths, effs)],
                    k.shape[-2]))
    big[(slice(None),) + tuple(slice(0, f) for f in full_shape)] = full
    return big[(slice(None),) + tuple(slice(c, c + length) for c, length in zip(crops, lengths))]


TRANSPOSE_CASES = [
    ((4,), (3,), 2, "valid", 1, None),
    ((4,), (2,), 3, "valid", 1, None),
    ((4,), (3,), 2, "same", 1, None),
    ((4,), (4,), 2, "same", 1, None),
    ((3, 4), (3, 3), 2, "same", 1, (1, 0)),
    ((3, 4), (2, 3), (1, 2), "valid", 1, (0, 1)),
    ((4, 3), (2, 2), 1, "same", 2, None),
]


@pytest.mark.parametrize("case", TRANSPOSE_CASES)
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_conv_transpose_matches_reference(case, data_format):
    spatial, kshape, strides, padding, dilation, output_padding = case
    n = len(spatial)
    y = RNG.normal(size=(2, *spatial, 3)).astype("float32")
    k = RNG.normal(size=(*kshape, 4, 3)).astype("float32")
    st = (strides,) * n if isinstance(strides, int) else strides
    expected = ref_conv_transpose(y, k, st, padding, (dilation,) * n, output_padding)
    inputs = y if data_format == "channels_last" else to_first(y)
    out = to_np(nn.conv_transpose(inputs, k, strides, padding, output_padding, data_format,
                                  dilation))
    if data_format == "channels_first":
        out = np.moveaxis(out, 1, -1)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("padding,size", [("same", 6), ("valid", 7)])
def test_conv_transpose_is_adjoint_of_conv(padding, size):
    x = RNG.normal(size=(1, size, 2)).astype("float32")
    k = RNG.normal(size=(3, 2, 4)).astype("float32")
    y = RNG.normal(size=(1, 3, 4)).astype("float32")
    lhs = np.sum(to_np(nn.conv(x, k, strides=2, padding=padding)) * y)
    rhs = np.sum(x * to_np(nn.conv_transpose(y, k, strides=2, padding=padding)))
    np.testing.assert_allclose(lhs, rhs, rtol=1e-4)


POOL_CASES = [
    ((7,), 2, None, "valid"),
    ((7,), 3, 2, "same"),
    ((5, 6), 2, 1, "same"),
    ((6, 7), (3, 2), 2, "same"),
    ((6, 6), 2, None, "valid"),
    ((4, 5, 4), 2, 2, "same"),
]


@pytest.mark.parametrize("case", POOL_CASES)
@pytest.mark.parametrize("kind", ["max", "average"])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_pool_matches_loop_reference(case, kind, data_format):
    spatial, pool, strides, padding = case
    n = len(spatial)
    x = RNG.normal(size=(2, *spatial, 3)).astype("float32")
    pool_t = (pool,) * n if isinstance(pool, int) else pool
    st = pool_t if strides is None else (strides,) * n
    expected = ref_pool(x, pool_t, st, padding, kind)
    fn = nn.max_pool if kind == "max" else nn.average_pool
    inputs = x if data_format == "channels_last" else to_first(x)
    out = to_np(fn(inputs, pool, strides, padding, data_format))
    if data_format == "channels_first":
        out = np.moveaxis(out, 1, -1)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("kind", ["max", "average"])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_adaptive_pool(kind, data_format):
    x = RNG.normal(size=(2, 5, 7, 3)).astype("float32")
    reduce = np.max if kind == "max" else np.mean
    expected = np.zeros((2, 3, 4, 3))
    for i, j in itertools.product(range(3), range(4)):
        h0, h1 = (i * 5) // 3, math.ceil((i + 1) * 5 / 3)
        w0, w1 = (j * 7) // 4, math.ceil((j + 1) * 7 / 4)
        expected[:, i, j] = reduce(x[:, h0:h1, w0:w1], axis=(1, 2))
    fn = nn.adaptive_max_pool if kind == "max" else nn.adaptive_average_pool
    inputs = x if data_format == "channels_last" else to_first(x)
    out = to_np(fn(inputs, (3, 4), data_format=data_format))
    if data_format == "channels_first":
        out = np.moveaxis(out, 1, -1)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)


def test_symbolic_output_shapes():
    k = np.zeros((3, 3, 3, 4), dtype="float32")
    x = KerasTensor((None, 8, 8, 3))
    assert nn.conv(x, k).shape == (None, 6, 6, 4)
    assert nn.conv(x, k, padding="same").shape == (None, 8, 8, 4)
    assert nn.conv(x, k, strides=2, padding="same").shape == (None, 4, 4, 4)
    assert nn.conv(x, k, strides=2).shape == (None, 3, 3, 4)
    assert nn.conv(KerasTensor((None, None, 3)), k[0]).shape == (None, None, 4)
    assert nn.max_pool(x, 2).shape == (None, 4, 4, 3)
    assert nn.average_pool(x, 3, 2, "same").shape == (None, 4, 4, 3)
    assert nn.conv_transpose(x, np.zeros((3, 3, 5, 3)), 2, "same").shape == (None, 16, 16, 5)
    assert nn.depthwise_conv(x, np.zeros((3, 3, 3, 2))).shape == (None, 6, 6, 6)
    assert nn.adaptive_average_pool(x, 2).shape == (None, 2, 2, 3)


def test_errors():
    x = np.zeros((1, 5, 5, 3), dtype="float32")
    with pytest.raises(ValueError, match="rank 3, 4 or 5"):
        nn.conv(np.zeros((5, 3)), np.zeros((3, 3, 4)))
    with pytest.raises(ValueError, match="kernel must have rank 4"):
        nn.conv(x, np.zeros((3, 3, 4)))
    with pytest.raises(ValueError, match="padding"):
        nn.conv(x, np.zeros((3, 3, 3, 4)), padding="full")
    with pytest.raises(ValueError, match="data_format"):
        nn.max_pool(x, 2, data_format="nhwc")
    with pytest.raises(ValueError, match="strides"):
        nn.conv(x, np.zeros((3, 3, 3, 4)), strides=(1, 2, 3))
    with pytest.raises(ValueError, match="channels"):
        nn.conv(x, np.zeros((3, 3, 2, 4)))
    with pytest.raises(ValueError, match="rank 3, 4 or 5"):
        nn.conv(KerasTensor((None, 3)), np.zeros((3, 3, 4)))
    with pytest.raises(ValueError, match="channels"):
        nn.conv_transpose(x, np.zeros((3, 3, 3, 4)))
    with pytest.raises(ValueError, match="output_padding"):
        nn.conv_transpose(x, np.zeros((3, 3, 4, 3)), strides=2, output_padding=2)


def _gradient(fn, x):
    """d sum(fn(x) * w) / dx with the backend's autodiff, w fixed random weights."""
    if BACKEND == "jax":
        import jax

        return np.asarray(jax.grad(lambda v: (fn(v) * _W(fn, x)).sum())(x))
    if BACKEND == "torch":
        import torch

        t = torch.tensor(x, requires_grad=True)
        (fn(t) * torch.tensor(_W(fn, x))).sum().backward()
        return t.grad.numpy()
    import tensorflow as tf

    t = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(t)
        loss = tf.reduce_sum(fn(t) * _W(fn, x))
    return tape.gradient(loss, t).numpy()


def _W(fn, x):
    shape = to_np(fn(x)).shape
    return np.random.default_rng(5).normal(size=shape).astype(x.dtype)


@pytest.mark.skipif(BACKEND == "numpy", reason="the numpy backend has no autodiff")
@pytest.mark.parametrize("name", ["conv", "conv_transpose", "depthwise", "max_pool",
                                  "average_pool", "softmax", "layer_norm", "ce"])
def test_gradients_match_finite_differences(name):
    k = RNG.normal(size=(2, 2, 2)).astype("float64")
    fns = {
        "conv": lambda v: nn.conv(v, k, strides=2, padding="same"),
        "conv_transpose": lambda v: nn.conv_transpose(v, k, strides=2, padding="same"),
        "depthwise": lambda v: nn.depthwise_conv(v, k[:, :, :1], padding="same"),
        "max_pool": lambda v: nn.max_pool(v, 2, 1, "same"),
        "average_pool": lambda v: nn.average_pool(v, 3, 2, "same"),
        "softmax": lambda v: nn.softmax(v, axis=1),
        "layer_norm": lambda v: nn.layer_normalization(v, axis=(1, 2)),
        "ce": lambda v: nn.categorical_crossentropy(np.full((1, 5, 2), 0.5), v,
                                                    from_logits=True, axis=1),
    }
    fn = fns[name]
    x = RNG.normal(size=(1, 5, 2))
    grad = _gradient(fn, x)
    w = _W(fn, x)
    # Directional derivatives along random directions (central differences, float64).
    for d in np.random.default_rng(6).normal(size=(2,) + x.shape):
        plus = np.sum(to_np(fn(x + 1e-6 * d)) * w)
        minus = np.sum(to_np(fn(x - 1e-6 * d)) * w)
        np.testing.assert_allclose(np.sum(grad * d), (plus - minus) / 2e-6, rtol=1e-5,
                                   atol=1e-6)
