import numpy as np
import pytest

import keras
from keras import layers

c = keras.ops.convert_to_numpy
rng = np.random.default_rng(0)


def x_of(*shape):
    return rng.standard_normal(shape).astype("float32")


@pytest.mark.parametrize(
    "layer_class,reference",
    [
        (layers.Add, lambda a, b: a + b),
        (layers.Subtract, lambda a, b: a - b),
        (layers.Multiply, lambda a, b: a * b),
        (layers.Average, lambda a, b: (a + b) / 2),
        (layers.Maximum, np.maximum),
        (layers.Minimum, np.minimum),
    ],
)
def test_merging_layers(layer_class, reference):
    a, b = x_of(2, 3), x_of(2, 3)
    np.testing.assert_allclose(c(layer_class()([a, b])), reference(a, b), rtol=1e-6)
    symbolic = layer_class()([keras.Input((3,)), keras.Input((3,))])
    assert symbolic.shape == (None, 3)


def test_merging_shape_errors():
    with pytest.raises(ValueError, match="compatible shapes"):
        layers.Add()([keras.Input((3,)), keras.Input((4,))])
    with pytest.raises(ValueError, match="at least 2"):
        layers.Add()([keras.Input((3,))])


def test_concatenate_and_dot():
    a, b = x_of(2, 3), x_of(2, 5)
    np.testing.assert_allclose(c(layers.Concatenate()([a, b])), np.concatenate([a, b], -1))
    assert layers.concatenate([keras.Input((3,)), keras.Input((5,))]).shape == (None, 8)
    with pytest.raises(ValueError, match="matching shapes"):
        layers.Concatenate(axis=1)([keras.Input((2, 3)), keras.Input((4, 5))])
    p, q = x_of(2, 4), x_of(2, 4)
    np.testing.assert_allclose(c(layers.Dot(axes=1)([p, q])), (p * q).sum(-1, keepdims=True), rtol=1e-5)
    m, n = x_of(2, 3, 4), x_of(2, 5, 4)
    np.testing.assert_allclose(c(layers.Dot(axes=(2, 2))([m, n])), np.einsum("bij,bkj->bik", m, n), rtol=1e-5)
    unit = layers.Dot(axes=1, normalize=True)([p, p])
    np.testing.assert_allclose(c(unit), np.ones((2, 1)), rtol=1e-5)


def test_reshaping_layers():
    x = x_of(2, 3, 4)
    np.testing.assert_allclose(c(layers.Flatten()(x)), x.reshape(2, 12))
    np.testing.assert_allclose(c(layers.Reshape((4, 3))(x)), x.reshape(2, 4, 3))
    np.testing.assert_allclose(c(layers.Reshape((-1, 2))(x)), x.reshape(2, 6, 2))
    np.testing.assert_allclose(c(layers.Permute((2, 1))(x)), x.transpose(0, 2, 1))
    v = x_of(2, 3)
    np.testing.assert_allclose(c(layers.RepeatVector(4)(v)), np.repeat(v[:, None], 4, axis=1))
    assert layers.Flatten()(keras.Input((3, 4))).shape == (None, 12)
    assert layers.Reshape((-1, 2))(keras.Input((3, 4))).shape == (None, 6, 2)
    with pytest.raises(ValueError, match="Reshape"):
        layers.Reshape((5,))(keras.Input((3, 4)))


def test_cropping_padding_upsampling():
    img = x_of(1, 4, 5, 2)
    np.testing.assert_allclose(c(layers.Cropping2D(((1, 0), (1, 2)))(img)), img[:, 1:, 1:3])
    np.testing.assert_allclose(c(layers.ZeroPadding2D(1)(img)), np.pad(img, ((0, 0), (1, 1), (1, 1), (0, 0))))
    np.testing.assert_allclose(c(layers.UpSampling2D(2)(img)), img.repeat(2, 1).repeat(2, 2))
    seq = x_of(1, 5, 2)
    np.testing.assert_allclose(c(layers.Cropping1D((1, 2))(seq)), seq[:, 1:3])
    np.testing.assert_allclose(c(layers.ZeroPadding1D(2)(seq)), np.pad(seq, ((0, 0), (2, 2), (0, 0))))
    np.testing.assert_allclose(c(layers.UpSampling1D(3)(seq)), seq.repeat(3, 1))
    first = x_of(1, 2, 4, 5)
    np.testing.assert_allclose(
        c(layers.ZeroPadding2D(((0, 1), (2, 0)), data_format="channels_first")(first)),
        np.pad(first, ((0, 0), (0, 0), (0, 1), (2, 0))))
    vol = x_of(1, 2, 3, 4, 1)
    assert c(layers.UpSampling3D(2)(vol)).shape == (1, 4, 6, 8, 1)
    assert layers.Cropping3D(1)(keras.Input((4, 5, 6, 1))).shape == (None, 2, 3, 4, 1)


def test_dropout_family_only_in_training():
    x = np.ones((50, 40), "float32")
    for layer in (layers.Dropout(0.5, seed=1), layers.GaussianDropout(0.3, seed=1),
                  layers.GaussianNoise(0.5, seed=1), layers.AlphaDropout(0.3, seed=1),
                  layers.SpatialDropout1D(0.5, seed=1)):
        data = x if not isinstance(layer, layers.SpatialDropout1D) else np.ones((5, 8, 4), "float32")
        np.testing.assert_array_equal(c(layer(data)), data)
        assert not np.array_equal(c(layer(data, training=True)), data)
    dropped = c(layers.Dropout(0.5, seed=2)(x, training=True))
    assert set(np.unique(dropped)) <= {0.0, 2.0} and abs((dropped == 0).mean() - 0.5) < 0.05
    spatial = c(layers.SpatialDropout2D(0.5, seed=3)(np.ones((4, 3, 3, 8), "float32"), training=True))
    assert all(len(np.unique(spatial[b, :, :, ch])) == 1 for b in range(4) for ch in range(8))


def test_activity_regularization_adds_loss():
    layer = layers.ActivityRegularization(l1=0.1, l2=0.01)
    x = x_of(2, 3)
    layer(x)
    expected = 0.1 * np.abs(x).sum() + 0.01 * (x**2).sum()
    assert len(layer.losses) == 1
    np.testing.assert_allclose(c(layer.losses[0]), expected, rtol=1e-5)


def test_activation_layers():
    x = np.array([[-2.0, -0.5, 0.0, 1.0, 8.0]], "float32")
    np.testing.assert_allclose(c(layers.Activation("relu")(x)), np.maximum(x, 0))
    np.testing.assert_allclose(c(layers.ReLU(max_value=6.0)(x)), np.clip(x, 0, 6))
    np.testing.assert_allclose(c(layers.LeakyReLU(negative_slope=0.1)(x)), np.where(x > 0, x, 0.1 * x), rtol=1e-6)
    np.testing.assert_allclose(c(layers.ELU(alpha=0.5)(x)), np.where(x > 0, x, 0.5 * (np.exp(x) - 1)), rtol=1e-6)
    e = np.exp(x - x.max())
    np.testing.assert_allclose(c(layers.Softmax()(x)), e / e.sum(), rtol=1e-6)
    prelu = layers.PReLU(alpha_initializer=keras.initializers.Constant(0.25))
    np.testing.assert_allclose(c(prelu(x)), np.where(x > 0, x, 0.25 * x), rtol=1e-6)
    assert [w.shape for w in prelu.weights] == [(5,)]
    with pytest.raises(ValueError, match="negative_slope"):
        layers.LeakyReLU(negative_slope=-1)


def test_time_distributed_applies_per_step():
    inner = layers.Dense(2)
    wrapped = layers.TimeDistributed(inner)
    x = x_of(3, 4, 5)
    y = c(wrapped(x))
    kernel, bias = inner.get_weights()
    np.testing.assert_allclose(y, x @ kernel + bias, rtol=1e-5, atol=1e-6)
    assert wrapped(keras.Input((7, 5))).shape == (None, 7, 2)


def test_configs_round_trip():
    for layer in (layers.Concatenate(axis=1), layers.Reshape((2, 3)), layers.Cropping2D(((1, 2), (3, 4))),
                  layers.ZeroPadding1D(3), layers.UpSampling2D((2, 3), interpolation="bilinear"),
                  layers.Dropout(0.3, seed=4), layers.LeakyReLU(0.2), layers.Dot(axes=(1, 2))):
        config = layer.get_config()
        assert type(layer).from_config(config).get_config() == config


def test_spectral_normalization_scales_kernel_to_unit_norm():
    dense = layers.Dense(3, kernel_initializer=keras.initializers.Constant(np.diag([3.0, 1.0, 0.5]).astype("float32")), use_bias=False)
    wrapped = layers.SpectralNormalization(dense, power_iterations=20)
    x = np.eye(3, dtype="float32")
    wrapped(x, training=True)
    top_singular = np.linalg.svd(dense.kernel.numpy(), compute_uv=False)[0]
    np.testing.assert_allclose(top_singular, 1.0, rtol=1e-3)
