"""Pooling layers against NumPy references."""

import kc_ops
import numpy as np
import pytest
from kc_layers import pooling

RNG = np.random.default_rng(1)


def np_pool(x, pool, strides, padding, mode):
    """Channels-last pooling; "same" pads as TensorFlow does and ignores the padding."""
    n = x.ndim - 2
    starts, out_sp = [], []
    for i in range(n):
        size = x.shape[1 + i]
        if padding == "same":
            out = -(-size // strides[i])
            total = max((out - 1) * strides[i] + pool[i] - size, 0)
            starts.append(-(total // 2))
        else:
            out = (size - pool[i]) // strides[i] + 1
            starts.append(0)
        out_sp.append(out)
    result = np.zeros((x.shape[0], *out_sp, x.shape[-1]))
    for idx in np.ndindex(*out_sp):
        window = []
        for i in range(n):
            lo = starts[i] + idx[i] * strides[i]
            window.append(slice(max(lo, 0), min(lo + pool[i], x.shape[1 + i])))
        patch = x[(slice(None),) + tuple(window)]
        axes = tuple(range(1, n + 1))
        value = patch.max(axis=axes) if mode == "max" else patch.mean(axis=axes)
        result[(slice(None),) + idx] = value
    return result


def _run(layer, x_last, data_format):
    x = x_last if data_format == "channels_last" else np.moveaxis(x_last, -1, 1)
    out = kc_ops.convert_to_numpy(layer(kc_ops.convert_to_tensor(x)))
    assert tuple(out.shape) == tuple(layer.compute_output_shape(x.shape))
    return out if data_format == "channels_last" else np.moveaxis(out, 1, -1)


CASES = [
    ("MaxPooling1D", (7,), dict(pool_size=2)),
    ("MaxPooling1D", (7,), dict(pool_size=3, strides=2, padding="same")),
    ("AveragePooling1D", (8,), dict(pool_size=3, strides=1, padding="same")),
    ("MaxPooling2D", (5, 6), dict(pool_size=(2, 3), padding="same")),
    ("AveragePooling2D", (5, 5), dict(pool_size=2, strides=(1, 2))),
    ("AveragePooling2D", (5, 6), dict(pool_size=(2, 3), strides=2, padding="same")),
    ("MaxPooling3D", (4, 5, 3), dict(pool_size=2, padding="same")),
    ("AveragePooling3D", (4, 4, 4), dict(pool_size=(2, 2, 1))),
]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("name, spatial, kwargs", CASES)
def test_pooling_matches_numpy(name, spatial, kwargs, data_format):
    layer = getattr(pooling, name)(data_format=data_format, **kwargs)
    x = RNG.standard_normal((2, *spatial, 3)).astype("float32")
    n = len(spatial)
    pool = kwargs["pool_size"]
    pool = (pool,) * n if isinstance(pool, int) else pool
    strides = kwargs.get("strides", pool)
    strides = (strides,) * n if isinstance(strides, int) else strides
    mode = "max" if name.startswith("Max") else "average"
    expected = np_pool(x.astype("float64"), pool, strides, kwargs.get("padding", "valid"), mode)
    np.testing.assert_allclose(_run(layer, x, data_format), expected, rtol=1e-5, atol=1e-6)


def test_max_pooling_defaults():
    assert pooling.MaxPooling2D().pool_size == (2, 2)
    assert pooling.MaxPooling2D().strides == (2, 2)
    assert pooling.MaxPooling1D(3, strides=1).strides == (1,)
    out = pooling.MaxPooling3D()(kc_ops.KerasTensor((None, 4, 6, 8, 2)))
    assert tuple(out.shape) == (None, 2, 3, 4, 2)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("rank", [1, 2, 3])
@pytest.mark.parametrize("mode", ["Max", "Average"])
def test_global_pooling(mode, rank, keepdims, data_format):
    layer = getattr(pooling, f"Global{mode}Pooling{rank}D")(data_format=data_format,
                                                           keepdims=keepdims)
    x = RNG.standard_normal((2, *([3] * rank), 4)).astype("float32")
    axes = tuple(range(1, rank + 1))
    expected = x.max(axis=axes, keepdims=keepdims) if mode == "Max" else x.mean(
        axis=axes, keepdims=keepdims)
    out = _run(layer, x, data_format)
    if keepdims and data_format == "channels_first":
        expected = np.moveaxis(np.moveaxis(expected, -1, 1), 1, -1)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)


def test_global_average_pooling_1d_mask():
    x = RNG.standard_normal((2, 4, 3)).astype("float32")
    mask = np.array([[True, True, False, False], [True, True, True, True]])
    layer = pooling.GlobalAveragePooling1D()
    out = kc_ops.convert_to_numpy(layer(kc_ops.convert_to_tensor(x),
                                        mask=kc_ops.convert_to_tensor(mask)))
    expected = np.stack([x[0, :2].mean(axis=0), x[1].mean(axis=0)])
    np.testing.assert_allclose(out, expected, rtol=1e-5)


@pytest.mark.parametrize("mode", ["Max", "Average"])
def test_adaptive_pooling(mode):
    layer = getattr(pooling, f"Adaptive{mode}Pooling2D")((2, 3))
    x = RNG.standard_normal((1, 4, 6, 2)).astype("float32")
    out = kc_ops.convert_to_numpy(layer(kc_ops.convert_to_tensor(x)))
    blocks = x.reshape(1, 2, 2, 3, 2, 2)  # output (2, 3) from (4, 6): exact 2x2 blocks
    reduce = np.max if mode == "Max" else np.mean
    np.testing.assert_allclose(out, reduce(blocks.astype("float64"), axis=(2, 4)), rtol=1e-5,
                               atol=1e-6)
    assert tuple(layer.compute_output_shape((None, 4, 6, 2))) == (None, 2, 3, 2)


@pytest.mark.parametrize(
    "layer",
    [
        pooling.MaxPooling2D((3, 3), strides=2, padding="same"),
        pooling.AveragePooling1D(2, data_format="channels_first"),
        pooling.GlobalMaxPooling3D(keepdims=True),
        pooling.AdaptiveAveragePooling1D(4),
    ],
)
def test_config_round_trip(layer):
    config = layer.get_config()
    assert type(layer).from_config(config).get_config() == config


def test_keras_config_keys_and_errors():
    config = pooling.MaxPooling2D(data_format="channels_last").get_config()
    assert config["pool_size"] == (2, 2) and config["strides"] == (2, 2)
    assert config["padding"] == "valid" and config["data_format"] == "channels_last"
    with pytest.raises(ValueError, match="padding"):
        pooling.MaxPooling2D(padding="full")
    with pytest.raises(ValueError, match="pool_size"):
        pooling.AveragePooling2D((2, 2, 2))
