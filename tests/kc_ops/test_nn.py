"""keras.ops.nn: activations, losses, normalization against NumPy formulas."""

import math

import kc_ops
import numpy as np
import pytest
from kc_ops import nn
from kc_ops.keras_tensor import KerasTensor

BACKEND = kc_ops.backend()
RNG = np.random.default_rng(0)
X = np.array([[-3.0, -1.5, -0.5, 0.0], [0.25, 0.7, 1.0, 4.0]], dtype="float32")


def to_np(x):
    return kc_ops.convert_to_numpy(x)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


_ERF = np.vectorize(math.erf)

ACTIVATIONS = {
    "relu": lambda x: np.maximum(x, 0),
    "relu6": lambda x: np.minimum(np.maximum(x, 0), 6),
    "sigmoid": _sigmoid,
    "softplus": lambda x: np.log(1 + np.exp(x)),
    "softsign": lambda x: x / (1 + np.abs(x)),
    "silu": lambda x: x * _sigmoid(x),
    "swish": lambda x: x * _sigmoid(x),
    "log_sigmoid": lambda x: np.log(_sigmoid(x)),
    "leaky_relu": lambda x: np.where(x > 0, x, 0.2 * x),
    "hard_sigmoid": lambda x: np.clip(x / 6 + 0.5, 0, 1),
    "hard_silu": lambda x: x * np.clip(x / 6 + 0.5, 0, 1),
    "hard_swish": lambda x: x * np.clip(x / 6 + 0.5, 0, 1),
    "elu": lambda x: np.where(x > 0, x, np.exp(x) - 1),
    "selu": lambda x: 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * (np.exp(x) - 1)),
    "gelu": lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3))),
    "celu": lambda x: np.maximum(x, 0) + np.minimum(0, np.exp(x) - 1),
    "hard_tanh": lambda x: np.clip(x, -1, 1),
    "hard_shrink": lambda x: np.where(np.abs(x) > 0.5, x, 0),
    "soft_shrink": lambda x: np.where(x > 0.5, x - 0.5, np.where(x < -0.5, x + 0.5, 0)),
    "tanh_shrink": lambda x: x - np.tanh(x),
    "sparse_plus": lambda x: np.where(x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4)),
    "sparse_sigmoid": lambda x: np.where(x <= -1, 0, np.where(x >= 1, 1, (x + 1) / 2)),
    "squareplus": lambda x: (x + np.sqrt(x**2 + 4)) / 2,
}


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_matches_numpy(name):
    out = getattr(nn, name)(X)
    assert kc_ops.dtype(out) == "float32"
    np.testing.assert_allclose(to_np(out), ACTIVATIONS[name](X.astype("float64")), rtol=1e-5,
                               atol=1e-6)


def test_activation_arguments():
    x64 = X.astype("float64")
    np.testing.assert_allclose(to_np(nn.gelu(X, approximate=False)),
                               0.5 * x64 * (1 + _ERF(x64 / np.sqrt(2))), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(to_np(nn.leaky_relu(X, negative_slope=0.1)),
                               np.where(X > 0, X, 0.1 * X), rtol=1e-6)
    np.testing.assert_allclose(to_np(nn.elu(X, alpha=0.5)),
                               np.where(X > 0, X, 0.5 * (np.exp(X) - 1)), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(to_np(nn.celu(X, alpha=2.0)),
                               np.maximum(X, 0) + np.minimum(0, 2 * (np.exp(X / 2) - 1)),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(to_np(nn.threshold(X, 0.5, -9.0)), np.where(X > 0.5, X, -9.0))
    np.testing.assert_allclose(to_np(nn.squareplus(X, b=1)), (X + np.sqrt(X**2 + 1)) / 2,
                               rtol=1e-6)
    np.testing.assert_allclose(to_np(nn.glu(X)), X[:, :2] * _sigmoid(X[:, 2:]), rtol=1e-5)


def test_integer_input_gives_floatx():
    out = nn.sigmoid(np.array([0, 1, 2], dtype="int32"))
    assert kc_ops.dtype(out) == "float32"
    np.testing.assert_allclose(to_np(out), _sigmoid(np.array([0.0, 1, 2])), rtol=1e-6)


def _np_softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("axis", [-1, 0, (0, 1)])
def test_softmax_and_log_softmax(axis):
    np.testing.assert_allclose(to_np(nn.softmax(X, axis=axis)), _np_softmax(X, axis), rtol=1e-5)
    np.testing.assert_allclose(to_np(nn.log_softmax(X, axis=axis)),
                               np.log(_np_softmax(X, axis)), rtol=1e-5, atol=1e-6)


def test_sparsemax():
    x = np.array([[0.5, 0.2, -1.0], [3.0, 0.0, 2.9]], dtype="float32")
    # Hand computed: row 0 -> tau = -0.15 ... support {0.5, 0.2}: tau = (0.7 - 1) / 2 = -0.15.
    expected = np.array([[0.65, 0.35, 0.0], [0.55, 0.0, 0.45]])
    np.testing.assert_allclose(to_np(nn.sparsemax(x)), expected, atol=1e-6)


def test_one_hot_and_multi_hot():
    out = nn.one_hot(np.array([0, 2, -1]), 3)
    assert kc_ops.dtype(out) == "float32"
    np.testing.assert_array_equal(to_np(out), [[1, 0, 0], [0, 0, 1], [0, 0, 0]])
    out = nn.one_hot(np.array([1, 0]), 3, axis=0, dtype="int32")
    assert kc_ops.dtype(out) == "int32"
    np.testing.assert_array_equal(to_np(out), [[0, 1], [1, 0], [0, 0]])
    out = nn.multi_hot(np.array([[0, 2], [1, 1]]), 4)
    np.testing.assert_array_equal(to_np(out), [[1, 0, 1, 0], [0, 1, 0, 0]])
    np.testing.assert_array_equal(to_np(nn.multi_hot(np.array([3, 0]), num_classes=4)),
                                  [1, 0, 0, 1])


EPS = 1e-7


def test_binary_crossentropy():
    t = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.5]], dtype="float32")
    p = np.array([[0.1, 0.8, 1.0], [0.3, 0.0, 0.5]], dtype="float32")
    pc = np.clip(p.astype("float64"), EPS, 1 - EPS)
    expected = -(t * np.log(pc) + (1 - t) * np.log(1 - pc))
    np.testing.assert_allclose(to_np(nn.binary_crossentropy(t, p)), expected, rtol=1e-4, atol=1e-6)
    logits = np.array([[-2.0, 0.5, 3.0], [0.0, -7.0, 1.0]], dtype="float32")
    sig = _sigmoid(logits.astype("float64"))
    expected = -(t * np.log(sig) + (1 - t) * np.log(1 - sig))
    np.testing.assert_allclose(to_np(nn.binary_crossentropy(t, logits, from_logits=True)),
                               expected, rtol=1e-5)


def test_categorical_crossentropy():
    t = np.array([[0.0, 1.0, 0.0], [0.2, 0.3, 0.5]], dtype="float32")
    p = np.array([[0.2, 0.6, 0.2], [1.0, 2.0, 1.0]], dtype="float32")  # second row unnormalized
    pn = np.clip(p / p.sum(-1, keepdims=True), EPS, 1 - EPS)
    np.testing.assert_allclose(to_np(nn.categorical_crossentropy(t, p)),
                               -(t * np.log(pn)).sum(-1), rtol=1e-5)
    expected = -(t * np.log(_np_softmax(p, -1))).sum(-1)
    np.testing.assert_allclose(to_np(nn.categorical_crossentropy(t, p, from_logits=True)),
                               expected, rtol=1e-5)
    np.testing.assert_allclose(
        to_np(nn.categorical_crossentropy(t.T, p.T, from_logits=True, axis=0)), expected,
        rtol=1e-5)


def test_sparse_categorical_crossentropy():
    p = np.array([[0.2, 0.6, 0.2], [1.0, 2.0, 1.0]], dtype="float32")
    labels = np.array([1, 2])
    pn = np.clip(p / p.sum(-1, keepdims=True), EPS, 1 - EPS)
    expected = -np.log(pn[[0, 1], labels])
    np.testing.assert_allclose(to_np(nn.sparse_categorical_crossentropy(labels, p)), expected,
                               rtol=1e-5)
    np.testing.assert_allclose(
        to_np(nn.sparse_categorical_crossentropy(labels[:, None], p)), expected, rtol=1e-5)
    expected = -np.log(_np_softmax(p, -1)[[0, 1], labels])
    np.testing.assert_allclose(
        to_np(nn.sparse_categorical_crossentropy(labels, p, from_logits=True)), expected,
        rtol=1e-5)


def test_sparse_categorical_crossentropy_mean_is_the_batch_mean():
    """The internal fused op behind the loss's default reduction: the mean of the per-sample
    values, for logits (torch's one-kernel path) and probabilities, with (n,) and (n, 1)
    labels."""
    logits = RNG.normal(size=(5, 4)).astype("float32")
    labels = np.array([0, 3, 1, 1, 2], dtype="int32")
    expected = -np.log(_np_softmax(logits, -1)[np.arange(5), labels]).mean()
    np.testing.assert_allclose(
        to_np(nn.sparse_categorical_crossentropy_mean(labels, logits, True)), expected, rtol=1e-5)
    np.testing.assert_allclose(
        to_np(nn.sparse_categorical_crossentropy_mean(labels[:, None], logits, True)), expected,
        rtol=1e-5)
    probs = _np_softmax(logits, -1)
    np.testing.assert_allclose(
        to_np(nn.sparse_categorical_crossentropy_mean(labels, probs, False)), expected, rtol=1e-4)
    spec = nn.sparse_categorical_crossentropy_mean(
        KerasTensor((None,), "int32"), KerasTensor((None, 4)), True)
    assert spec.shape == () and spec.dtype == "float32"
    with pytest.raises(ValueError, match="target"):
        nn.sparse_categorical_crossentropy_mean(np.zeros((2, 3)), np.zeros((2,)))


@pytest.mark.parametrize("x_shape", [(3, 4), (2, 3, 4)])
@pytest.mark.parametrize("use_bias", [True, False])
def test_linear_is_matmul_plus_bias(x_shape, use_bias):
    x = RNG.normal(size=x_shape).astype("float32")
    kernel = RNG.normal(size=(4, 5)).astype("float32")
    bias = RNG.normal(size=(5,)).astype("float32") if use_bias else None
    expected = x @ kernel + (bias if use_bias else 0)
    np.testing.assert_allclose(to_np(nn.linear(x, kernel, bias)), expected, rtol=1e-5, atol=1e-5)
    variables = [kc_ops.Variable(kernel)] + ([kc_ops.Variable(bias)] if use_bias else [None])
    np.testing.assert_allclose(to_np(nn.linear(kc_ops.convert_to_tensor(x), *variables)),
                               expected, rtol=1e-5, atol=1e-5)
    spec = nn.linear(KerasTensor((None,) + x_shape[1:]), KerasTensor((4, 5)),
                     KerasTensor((5,)) if use_bias else None)
    assert spec.shape == (None,) + x_shape[1:-1] + (5,)
    np.testing.assert_allclose(to_np(nn.linear(x, kernel, bias, True)), np.maximum(expected, 0),
                               rtol=1e-5, atol=1e-5)
    assert nn.linear(KerasTensor((None, 4)), KerasTensor((4, 5)), None, True).shape == (None, 5)


def test_linear_promotes_mixed_dtypes():
    x = np.array([[1, 2]], dtype="int32")
    kernel = np.array([[0.5], [0.25]], dtype="float32")
    out = nn.linear(x, kernel, np.array([1.0], dtype="float32"))
    assert kc_ops.dtype(out) == "float32"
    np.testing.assert_allclose(to_np(out), [[2.0]])


@pytest.mark.skipif(BACKEND != "torch", reason="checks torch's addmm path against autograd")
def test_linear_gradients_match_matmul_plus_add_on_torch():
    import torch

    x = torch.randn(3, 4, requires_grad=True)
    k = torch.randn(4, 2, requires_grad=True)
    b = torch.randn(2, requires_grad=True)
    nn.linear(x, k, b).square().sum().backward()
    fused = [t.grad.clone() for t in (x, k, b)]
    for t in (x, k, b):
        t.grad = None
    (x @ k + b).square().sum().backward()
    for got, want in zip(fused, (x.grad, k.grad, b.grad)):
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-5, atol=1e-6)
    # With relu (applied in place to addmm's output): gradients by hand in NumPy.
    for t in (x, k, b):
        t.grad = None
    nn.linear(x, k, b, True).square().sum().backward()
    xn, kn, bn = (t.detach().numpy() for t in (x, k, b))
    upstream = 2 * np.maximum(xn @ kn + bn, 0)  # d/dz of relu(z)^2, zero where z <= 0
    np.testing.assert_allclose(x.grad.numpy(), upstream @ kn.T, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(k.grad.numpy(), xn.T @ upstream, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(b.grad.numpy(), upstream.sum(0), rtol=1e-5, atol=1e-6)


def test_crossentropy_shape_errors():
    with pytest.raises(ValueError, match="same shape"):
        nn.binary_crossentropy(np.zeros((2, 3)), np.zeros((2, 4)))
    with pytest.raises(ValueError, match="target"):
        nn.sparse_categorical_crossentropy(np.zeros((2, 3)), np.zeros((2,)))


def test_moments_and_batch_normalization():
    x = RNG.normal(size=(4, 3)).astype("float32")
    mean, var = nn.moments(x, axes=[0])
    np.testing.assert_allclose(to_np(mean), x.mean(0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(to_np(var), x.var(0), rtol=1e-5)
    mean, var = nn.moments(x, axes=1, keepdims=True)
    assert tuple(mean.shape) == (4, 1)
    m, v = x.mean(0), x.var(0)
    offset, scale = np.array([0.1, 0.2, 0.3]), np.array([2.0, 1.0, 0.5])
    out = nn.batch_normalization(x, m, v, axis=-1, offset=offset, scale=scale, epsilon=1e-3)
    expected = (x - m) / np.sqrt(v + 1e-3) * scale + offset
    np.testing.assert_allclose(to_np(out), expected, rtol=1e-4, atol=1e-5)
    xt = x.T  # channels on axis 0
    out = nn.batch_normalization(xt, m, v, axis=0)
    np.testing.assert_allclose(to_np(out), ((x - m) / np.sqrt(v + 1e-3)).T, rtol=1e-4, atol=1e-5)


def test_normalize_layer_rms_normalization_psnr():
    x = RNG.normal(size=(2, 5)).astype("float32")
    np.testing.assert_allclose(to_np(nn.normalize(x)),
                               x / np.linalg.norm(x, axis=-1, keepdims=True), rtol=1e-5)
    np.testing.assert_allclose(to_np(nn.normalize(x, order=1)),
                               x / np.abs(x).sum(-1, keepdims=True), rtol=1e-5)
    expected = (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-7)
    np.testing.assert_allclose(to_np(nn.layer_normalization(x)), expected, rtol=1e-4, atol=1e-5)
    gamma, beta = np.arange(5.0), np.ones(5)
    np.testing.assert_allclose(to_np(nn.layer_normalization(x, gamma, beta, epsilon=1e-3)),
                               (x - x.mean(-1, keepdims=True))
                               / np.sqrt(x.var(-1, keepdims=True) + 1e-3) * gamma + beta,
                               rtol=1e-4, atol=1e-5)
    expected = x / np.sqrt((x**2).mean(-1, keepdims=True) + 1e-6) * 2.0
    np.testing.assert_allclose(to_np(nn.rms_normalization(x, scale=2.0, epsilon=1e-6)), expected,
                               rtol=1e-5)
    y = x + 0.1
    expected = 20 * np.log10(1.0) - 10 * np.log10(np.mean((x - y) ** 2))
    np.testing.assert_allclose(to_np(nn.psnr(x, y, 1.0)), expected, rtol=1e-4)


def test_symbolic_activations_and_losses():
    x = KerasTensor((None, 3))
    assert nn.relu(x).shape == (None, 3)
    assert nn.softmax(x).shape == (None, 3)
    assert nn.one_hot(KerasTensor((None, 4), dtype="int32"), 5).shape == (None, 4, 5)
    assert nn.categorical_crossentropy(x, x).shape == (None,)
    mean, var = nn.moments(KerasTensor((None, 4, 3)), axes=[0, 1])
    assert mean.shape == (3,) and var.shape == (3,)


def test_layer_normalization_on_a_middle_axis():
    x = RNG.normal(size=(2, 3, 4)).astype("float32")
    gamma, beta = np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0, -1.0])
    m, v = x.mean(1, keepdims=True), x.var(1, keepdims=True)
    expected = (x - m) / np.sqrt(v + 1e-3) * gamma[:, None] + beta[:, None]
    out = nn.layer_normalization(x, gamma, beta, axis=1, epsilon=1e-3)
    np.testing.assert_allclose(to_np(out), expected, rtol=1e-4, atol=1e-5)
    expected = x / np.sqrt((x**2).mean(1, keepdims=True) + 1e-6) * gamma[:, None]
    np.testing.assert_allclose(to_np(nn.rms_normalization(x, gamma, axis=1, epsilon=1e-6)),
                               expected, rtol=1e-4, atol=1e-5)
