"""Normalization layers against NumPy references computed from the layers' weights."""

import kc_ops
import numpy as np
import pytest
from kc_layers import initializers, normalization

RNG = np.random.default_rng(2)


def _np(x):
    return np.asarray(kc_ops.convert_to_numpy(x), dtype="float64")


def _call(layer, x, **kwargs):
    return _np(layer(kc_ops.convert_to_tensor(x), **kwargs))


def _random_init(seed):
    return initializers.RandomNormal(mean=0.5, stddev=0.3, seed=seed)


# -- BatchNormalization -----------------------------------------------------------------------


def _bn_layer(**kwargs):
    return normalization.BatchNormalization(
        gamma_initializer=_random_init(1), beta_initializer=_random_init(2),
        moving_mean_initializer=_random_init(3),
        moving_variance_initializer=initializers.RandomUniform(0.5, 1.5, seed=4), **kwargs)


@pytest.mark.parametrize("axis, shape", [(-1, (4, 3, 5)), (1, (4, 5, 3, 2))])
def test_batch_norm_inference_uses_moving_statistics(axis, shape):
    layer = _bn_layer(axis=axis, epsilon=0.01)
    x = RNG.standard_normal(shape).astype("float32")
    out = _call(layer, x)
    gamma, beta, mean, var = layer.get_weights()
    bshape = [1] * len(shape)
    bshape[axis] = shape[axis]
    r = [a.reshape(bshape) for a in (gamma, beta, mean, var)]
    expected = (x - r[2]) / np.sqrt(r[3] + 0.01) * r[0] + r[1]
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    assert [w.name for w in layer.weights] == ["gamma", "beta", "moving_mean", "moving_variance"]
    assert [w.name for w in layer.trainable_weights] == ["gamma", "beta"]
    np.testing.assert_allclose(_call(layer, x, training=False), expected, rtol=1e-5, atol=1e-5)


def test_batch_norm_training_uses_batch_statistics_and_updates_moving():
    layer = _bn_layer(momentum=0.8, epsilon=1e-3)
    x = (RNG.standard_normal((6, 4, 3)) * 2 + 1).astype("float32")
    layer.build(x.shape)
    gamma, beta, mean0, var0 = [np.array(w, copy=True) for w in layer.get_weights()]
    out = _call(layer, x, training=True)
    batch_mean = x.mean(axis=(0, 1))
    batch_var = x.var(axis=(0, 1))
    expected = (x - batch_mean) / np.sqrt(batch_var + 1e-3) * gamma + beta
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)
    _, _, mean1, var1 = layer.get_weights()
    np.testing.assert_allclose(mean1, 0.8 * mean0 + 0.2 * batch_mean, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(var1, 0.8 * var0 + 0.2 * batch_var, rtol=1e-5, atol=1e-6)


def test_batch_norm_not_trainable_runs_in_inference_mode():
    layer = _bn_layer()
    x = RNG.standard_normal((4, 3)).astype("float32")
    layer.build(x.shape)
    before = [np.array(w, copy=True) for w in layer.get_weights()]
    layer.trainable = False
    gamma, beta, mean, var = before
    out = _call(layer, x, training=True)
    np.testing.assert_allclose(out, (x - mean) / np.sqrt(var + 1e-3) * gamma + beta,
                               rtol=1e-5, atol=1e-5)
    for a, b in zip(before, layer.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_batch_norm_masked_statistics():
    layer = normalization.BatchNormalization(center=False, scale=False, epsilon=0.0)
    x = RNG.standard_normal((2, 4, 3)).astype("float32")
    mask = np.array([[True, True, True, False], [True, False, False, False]])
    out = _call(layer, x, training=True, mask=kc_ops.convert_to_tensor(mask))
    kept = x[mask]
    expected = (x - kept.mean(axis=0)) / np.sqrt(kept.var(axis=0))
    np.testing.assert_allclose(out[mask], expected[mask], rtol=1e-4, atol=1e-4)


def test_batch_norm_renorm():
    clipping = {"rmax": 1.5, "rmin": 0.8, "dmax": 0.3}
    layer = normalization.BatchNormalization(renorm=True, renorm_clipping=clipping,
                                             renorm_momentum=0.5, epsilon=1e-3)
    x = (RNG.standard_normal((8, 3)) * 3 + 2).astype("float32")
    out = _call(layer, x, training=True)
    mean, std = x.mean(axis=0), np.sqrt(x.var(axis=0) + 1e-3)
    r = np.clip(std / 1.0, 0.8, 1.5)  # renorm statistics start at mean 0, stddev 1
    d = np.clip(mean / 1.0, -0.3, 0.3)
    np.testing.assert_allclose(out, (x - mean) / std * r + d, rtol=1e-4, atol=1e-4)
    names = [w.name for w in layer.weights]
    assert names[:4] == ["gamma", "beta", "moving_mean", "moving_variance"]
    weights = dict(zip(names, layer.get_weights()))
    np.testing.assert_allclose(weights["renorm_mean"], 0.5 * mean, rtol=1e-5)
    np.testing.assert_allclose(weights["renorm_stddev"], 0.5 + 0.5 * std, rtol=1e-5)


def test_batch_norm_symbolic_config_and_errors():
    layer = normalization.BatchNormalization(axis=1, momentum=0.9, center=False,
                                             synchronized=True)
    out = layer(kc_ops.KerasTensor((None, 3, 5)))
    assert tuple(out.shape) == (None, 3, 5)
    assert [w.name for w in layer.weights] == ["gamma", "moving_mean", "moving_variance"]
    config = layer.get_config()
    assert config["axis"] == 1 and config["momentum"] == 0.9 and config["synchronized"]
    assert normalization.BatchNormalization.from_config(config).get_config() == config
    with pytest.raises(ValueError, match="axis"):
        normalization.BatchNormalization(axis=5).build((None, 3))
    with pytest.raises(ValueError, match="axis"):
        normalization.BatchNormalization(axis="x")


# -- LayerNormalization / RMSNormalization / UnitNormalization / GroupNormalization ----------


@pytest.mark.parametrize("axis", [-1, [1, 2], 1])
def test_layer_norm(axis):
    layer = normalization.LayerNormalization(axis=axis, epsilon=1e-3,
                                             gamma_initializer=_random_init(5),
                                             beta_initializer=_random_init(6))
    x = (RNG.standard_normal((2, 3, 4)) * 2 + 3).astype("float32")
    out = _call(layer, x)
    gamma, beta = layer.get_weights()
    axes = tuple(a % 3 for a in (axis if isinstance(axis, list) else [axis]))
    bshape = [x.shape[i] if i in axes else 1 for i in range(3)]
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    expected = (x - mean) / np.sqrt(var + 1e-3) * gamma.reshape(bshape) + beta.reshape(bshape)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)
    assert [w.name for w in layer.weights] == ["gamma", "beta"]


def test_layer_norm_config_matches_keras_format():
    config = normalization.LayerNormalization(epsilon=1e-6).get_config()
    assert config["axis"] == [-1] and config["epsilon"] == 1e-6
    assert config["rms_scaling"] is False and config["center"] and config["scale"]
    assert config["gamma_initializer"]["class_name"] == "Ones"
    restored = normalization.LayerNormalization.from_config(config)
    assert restored.get_config() == config


def test_rms_normalization():
    layer = normalization.RMSNormalization(epsilon=1e-5)
    x = RNG.standard_normal((2, 3, 4)).astype("float32")
    layer.build(x.shape)
    scale = (np.arange(4) + 1.0).astype("float32")
    layer.set_weights([scale])
    out = _call(layer, x)
    expected = x / np.sqrt((x**2).mean(axis=-1, keepdims=True) + 1e-5) * scale
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    assert [w.name for w in layer.weights] == ["scale"]


def test_rms_normalization_config():
    config = normalization.RMSNormalization(epsilon=1e-5).get_config()
    assert config["axis"] == -1 and config["epsilon"] == 1e-5
    assert normalization.RMSNormalization.from_config(config).get_config() == config


@pytest.mark.parametrize("axis", [-1, 1, [1, 2]])
def test_unit_normalization(axis):
    x = RNG.standard_normal((2, 3, 4)).astype("float32")
    x[0, 0] = 0.0
    out = _call(normalization.UnitNormalization(axis=axis), x)
    axes = tuple(axis) if isinstance(axis, list) else axis
    norm = np.sqrt(np.maximum((x.astype("float64") ** 2).sum(axis=axes, keepdims=True), 1e-12))
    np.testing.assert_allclose(out, x / norm, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("groups, axis, shape", [(2, -1, (2, 3, 4)), (3, 1, (2, 6, 2, 2)),
                                                 (-1, -1, (2, 5, 3)), (1, -1, (2, 3, 4))])
def test_group_normalization(groups, axis, shape):
    layer = normalization.GroupNormalization(groups=groups, axis=axis, epsilon=1e-3,
                                             gamma_initializer=_random_init(7),
                                             beta_initializer=_random_init(8))
    x = (RNG.standard_normal(shape) * 2 + 1).astype("float32")
    out = _call(layer, x)
    gamma, beta = layer.get_weights()
    channels_last = np.moveaxis(x.astype("float64"), axis, -1)
    c = channels_last.shape[-1]
    g = c if groups == -1 else groups
    grouped = channels_last.reshape(shape[0], -1, g, c // g)
    mean = grouped.mean(axis=(1, 3), keepdims=True)
    var = grouped.var(axis=(1, 3), keepdims=True)
    normed = ((grouped - mean) / np.sqrt(var + 1e-3)).reshape(channels_last.shape)
    expected = np.moveaxis(normed * gamma + beta, -1, axis)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)


def test_group_normalization_errors():
    with pytest.raises(ValueError, match="multiple"):
        normalization.GroupNormalization(groups=4).build((None, 6))
    with pytest.raises(ValueError, match="groups"):
        normalization.GroupNormalization(groups=0)


def test_group_normalization_symbolic_and_config():
    layer = normalization.GroupNormalization(groups=2, axis=1, center=False)
    out = layer(kc_ops.KerasTensor((None, 4, 3)))
    assert tuple(out.shape) == (None, 4, 3)
    assert [w.name for w in layer.weights] == ["gamma"]
    config = layer.get_config()
    assert normalization.GroupNormalization.from_config(config).get_config() == config


@pytest.mark.parametrize("cls", ["LayerNormalization", "RMSNormalization", "UnitNormalization"])
def test_symbolic(cls):
    layer = getattr(normalization, cls)()
    out = layer(kc_ops.KerasTensor((None, 5, 6)))
    assert tuple(out.shape) == (None, 5, 6)
