"""Convolution layers against NumPy references computed from the layers' own weights."""

import json
from pathlib import Path

import kc_ops
import numpy as np
import pytest
from kc_layers import convolutional as conv

RNG = np.random.default_rng(0)


def _tuple(v, n):
    return (v,) * n if isinstance(v, int) else tuple(v)


def _same_before(size, out, k_eff, stride):
    """TensorFlow "same" padding before the data, for a forward conv of `size` -> `out`."""
    return max((out - 1) * stride + k_eff - size, 0) // 2


def np_conv(x, w, strides=1, padding="valid", dilation=1, groups=1):
    """Channels-last N-D convolution; w is (*kernel, in // groups, out)."""
    n = x.ndim - 2
    strides, dilation = _tuple(strides, n), _tuple(dilation, n)
    k_eff = [(w.shape[i] - 1) * dilation[i] + 1 for i in range(n)]
    if padding == "same":
        pads = []
        for i in range(n):
            size = x.shape[1 + i]
            out = -(-size // strides[i])
            total = max((out - 1) * strides[i] + k_eff[i] - size, 0)
            pads.append((total // 2, total - total // 2))
        x = np.pad(x, [(0, 0)] + pads + [(0, 0)])
    out_sp = [(x.shape[1 + i] - k_eff[i]) // strides[i] + 1 for i in range(n)]
    cin_g, cout = w.shape[-2], w.shape[-1]
    cout_g = cout // groups
    out = np.zeros((x.shape[0], *out_sp, cout))
    for idx in np.ndindex(*out_sp):
        window = tuple(slice(idx[i] * strides[i], idx[i] * strides[i] + k_eff[i], dilation[i])
                       for i in range(n))
        patch = x[(slice(None),) + window]
        for g in range(groups):
            p = patch[..., g * cin_g:(g + 1) * cin_g]
            wg = w[..., g * cout_g:(g + 1) * cout_g]
            out[(slice(None),) + idx + (slice(g * cout_g, (g + 1) * cout_g),)] = np.tensordot(
                p, wg, axes=(list(range(1, n + 2)), list(range(n + 1))))
    return out


def np_conv_transpose(x, w, strides, padding, output_padding, dilation):
    """Channels-last transposed convolution (adjoint of np_conv); w is (*kernel, out, in)."""
    n = x.ndim - 2
    strides, dilation = _tuple(strides, n), _tuple(dilation, n)
    ks = w.shape[:n]
    k_eff = [(ks[i] - 1) * dilation[i] + 1 for i in range(n)]
    in_sp = x.shape[1:-1]
    full = np.zeros((x.shape[0], *[(in_sp[i] - 1) * strides[i] + k_eff[i] for i in range(n)],
                     w.shape[-2]))
    for idx in np.ndindex(*in_sp):
        for kidx in np.ndindex(*ks):
            pos = tuple(idx[i] * strides[i] + kidx[i] * dilation[i] for i in range(n))
            full[(slice(None),) + pos] += x[(slice(None),) + idx] @ w[kidx].T
    # Output length as Keras documents it; the data sits where the forward conv reads it.
    lengths, befores = [], []
    for i in range(n):
        s, k, size = strides[i], k_eff[i], in_sp[i]
        if output_padding is None:
            length = size * s + max(k - s, 0) if padding == "valid" else size * s
        else:
            pad = k // 2 if padding == "same" else 0
            length = (size - 1) * s + k - 2 * pad + _tuple(output_padding, n)[i]
        lengths.append(length)
        befores.append(0 if padding == "valid" else _same_before(length, size, k, s))
    out = np.zeros((x.shape[0], *lengths, full.shape[-1]))
    for idx in np.ndindex(*lengths):
        src = tuple(idx[i] + befores[i] for i in range(n))
        if all(0 <= src[i] < full.shape[1 + i] for i in range(n)):
            out[(slice(None),) + idx] = full[(slice(None),) + src]
    return out


def np_depthwise(x, w, strides, padding, dilation):
    """w is (*kernel, in, multiplier); output channel c * multiplier + m."""
    cin = w.shape[-2]
    outs = [np_conv(x[..., c:c + 1], w[..., c:c + 1, :], strides, padding, dilation)
            for c in range(cin)]
    return np.concatenate(outs, axis=-1)


def _to_first(x):
    return np.moveaxis(x, -1, 1)


def _to_last(x):
    return np.moveaxis(x, 1, -1)


def _run(layer, x_last, data_format):
    x = x_last if data_format == "channels_last" else _to_first(x_last)
    out = kc_ops.convert_to_numpy(layer(kc_ops.convert_to_tensor(x)))
    assert tuple(out.shape) == tuple(layer.compute_output_shape(x.shape))
    return out if data_format == "channels_last" else _to_last(out)


def _bias_init():
    from kc_layers import initializers

    return initializers.RandomNormal(stddev=0.5, seed=3)


def _input(spatial, channels=4, batch=2):
    return RNG.standard_normal((batch, *spatial, channels)).astype("float32")


CONV_CASES = [
    (conv.Conv1D, (7,), dict(kernel_size=3)),
    (conv.Conv1D, (9,), dict(kernel_size=3, strides=2, padding="same")),
    (conv.Conv1D, (8,), dict(kernel_size=2, dilation_rate=2, groups=2)),
    (conv.Conv2D, (5, 6), dict(kernel_size=(2, 3))),
    (conv.Conv2D, (6, 5), dict(kernel_size=3, strides=(2, 1), padding="same", groups=4)),
    (conv.Conv2D, (7, 7), dict(kernel_size=2, dilation_rate=(2, 3), padding="same")),
    (conv.Conv3D, (4, 5, 3), dict(kernel_size=2, strides=(1, 2, 1))),
]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("cls, spatial, kwargs", CONV_CASES)
def test_conv_matches_numpy(cls, spatial, kwargs, data_format):
    layer = cls(filters=4, data_format=data_format, bias_initializer=_bias_init(), **kwargs)
    x = _input(spatial)
    out = _run(layer, x, data_format)
    kernel, bias = layer.get_weights()
    expected = np_conv(x.astype("float64"), kernel, kwargs.get("strides", 1),
                       kwargs.get("padding", "valid"), kwargs.get("dilation_rate", 1),
                       kwargs.get("groups", 1)) + bias
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)


def test_conv_weights_names_and_shapes():
    layer = conv.Conv2D(6, (3, 2), groups=3)
    layer.build((None, 8, 8, 9))
    assert [w.name for w in layer.weights] == ["kernel", "bias"]
    assert tuple(layer.kernel.shape) == (3, 2, 3, 6)
    assert tuple(layer.bias.shape) == (6,)
    no_bias = conv.Conv1D(2, 3, use_bias=False)
    no_bias.build((None, 5, 4))
    assert [w.name for w in no_bias.weights] == ["kernel"]


def test_conv1d_causal():
    layer = conv.Conv1D(3, 3, padding="causal", dilation_rate=2, activation="relu")
    x = _input((8,))
    out = _run(layer, x, "channels_last")
    kernel, bias = layer.get_weights()
    padded = np.pad(x.astype("float64"), [(0, 0), (4, 0), (0, 0)])
    expected = np.maximum(np_conv(padded, kernel, 1, "valid", 2) + bias, 0)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)
    assert out.shape == (2, 8, 3)


TRANSPOSE_CASES = [
    (conv.Conv1DTranspose, (5,), dict(kernel_size=3, strides=2)),
    (conv.Conv1DTranspose, (4,), dict(kernel_size=3, strides=2, padding="same")),
    (conv.Conv1DTranspose, (4,), dict(kernel_size=2, strides=3)),
    (conv.Conv1DTranspose, (4,), dict(kernel_size=3, strides=2, output_padding=1)),
    (conv.Conv2DTranspose, (3, 4), dict(kernel_size=(2, 3), strides=(2, 1), padding="same")),
    (conv.Conv2DTranspose, (3, 3), dict(kernel_size=2, dilation_rate=2)),
    (conv.Conv3DTranspose, (2, 3, 2), dict(kernel_size=2, strides=2)),
]


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("cls, spatial, kwargs", TRANSPOSE_CASES)
def test_conv_transpose_matches_numpy(cls, spatial, kwargs, data_format):
    layer = cls(filters=3, data_format=data_format, bias_initializer=_bias_init(), **kwargs)
    x = _input(spatial, channels=2)
    out = _run(layer, x, data_format)
    kernel, bias = layer.get_weights()
    assert kernel.shape[-2:] == (3, 2)
    expected = np_conv_transpose(x.astype("float64"), kernel, kwargs.get("strides", 1),
                                 kwargs.get("padding", "valid"), kwargs.get("output_padding"),
                                 kwargs.get("dilation_rate", 1)) + bias
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize(
    "cls, spatial, kwargs",
    [
        (conv.DepthwiseConv1D, (7,), dict(kernel_size=3, depth_multiplier=2)),
        (conv.DepthwiseConv2D, (5, 6), dict(kernel_size=(2, 3), strides=2, padding="same")),
        (conv.DepthwiseConv2D, (6, 6), dict(kernel_size=2, dilation_rate=2, depth_multiplier=3)),
    ],
)
def test_depthwise_matches_numpy(cls, spatial, kwargs, data_format):
    layer = cls(data_format=data_format, bias_initializer=_bias_init(), **kwargs)
    x = _input(spatial, channels=3)
    out = _run(layer, x, data_format)
    kernel, bias = layer.get_weights()
    assert [w.name for w in layer.weights] == ["kernel", "bias"]
    assert kernel.shape[-2:] == (3, kwargs.get("depth_multiplier", 1))
    expected = np_depthwise(x.astype("float64"), kernel, kwargs.get("strides", 1),
                            kwargs.get("padding", "valid"), kwargs.get("dilation_rate", 1))
    np.testing.assert_allclose(out, expected + bias, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize(
    "cls, spatial, kwargs",
    [
        (conv.SeparableConv1D, (7,), dict(kernel_size=3, depth_multiplier=2)),
        (conv.SeparableConv2D, (5, 6), dict(kernel_size=2, strides=2, padding="same")),
    ],
)
def test_separable_matches_numpy(cls, spatial, kwargs, data_format):
    layer = cls(filters=4, data_format=data_format, bias_initializer=_bias_init(), **kwargs)
    x = _input(spatial, channels=3)
    out = _run(layer, x, data_format)
    assert [w.name for w in layer.weights] == ["depthwise_kernel", "pointwise_kernel", "bias"]
    depthwise, pointwise, bias = layer.get_weights()
    mid = np_depthwise(x.astype("float64"), depthwise, kwargs.get("strides", 1),
                       kwargs.get("padding", "valid"), 1)
    expected = mid @ pointwise.reshape(pointwise.shape[-2:]) + bias
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize(
    "layer, input_shape, output_shape",
    [
        (conv.Conv2D(5, 3, padding="same", strides=2), (None, 9, 8, 3), (None, 5, 4, 5)),
        (conv.Conv1D(2, 3, data_format="channels_first"), (None, 4, 10), (None, 2, 8)),
        (conv.Conv2DTranspose(3, 3, strides=2), (None, 4, 5, 2), (None, 9, 11, 3)),
        (conv.DepthwiseConv2D(3, depth_multiplier=2), (None, 6, 6, 4), (None, 4, 4, 8)),
        (conv.SeparableConv1D(7, 2), (None, None, 3), (None, None, 7)),
        (conv.Conv3D(2, 2), (None, 3, 4, 5, 1), (None, 2, 3, 4, 2)),
    ],
)
def test_symbolic_call_and_output_shape(layer, input_shape, output_shape):
    out = layer(kc_ops.KerasTensor(input_shape))
    assert tuple(out.shape) == output_shape
    assert tuple(layer.compute_output_shape(input_shape)) == output_shape


@pytest.mark.parametrize(
    "layer",
    [
        conv.Conv2D(4, 3, strides=2, padding="same", activation="relu", groups=2,
                    kernel_regularizer="l2", bias_constraint="non_neg"),
        conv.Conv1DTranspose(3, 2, strides=2, output_padding=1),
        conv.Conv3DTranspose(2, 2, data_format="channels_first"),
        conv.DepthwiseConv2D(3, depth_multiplier=2, depthwise_initializer="he_normal"),
        conv.SeparableConv2D(5, 3, depth_multiplier=2, pointwise_constraint="max_norm"),
    ],
)
def test_config_round_trip(layer):
    config = layer.get_config()
    restored = type(layer).from_config(config)
    assert restored.get_config() == config


def test_config_matches_keras_format():
    layer = conv.Conv2D(64, (3, 3), activation="relu", data_format="channels_last")
    config = layer.get_config()
    for key, value in {
        "filters": 64, "kernel_size": (3, 3), "strides": (1, 1), "padding": "valid",
        "data_format": "channels_last", "dilation_rate": (1, 1), "groups": 1,
        "activation": "relu", "use_bias": True, "kernel_regularizer": None,
        "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
        "bias_constraint": None,
    }.items():
        assert config[key] == value, key
    assert config["kernel_initializer"] == {
        "module": "keras.initializers", "class_name": "GlorotUniform",
        "config": {"seed": None, "input_axes": None, "output_axes": None},
        "registered_name": None}


def test_bad_arguments():
    with pytest.raises(ValueError, match="groups"):
        conv.Conv2D(5, 3, groups=2)
    with pytest.raises(ValueError, match="filters"):
        conv.Conv2D(0, 3)
    with pytest.raises(ValueError, match="dilation_rate"):
        conv.Conv2D(2, 3, strides=2, dilation_rate=2)
    with pytest.raises(ValueError, match="padding"):
        conv.Conv2D(2, 3, padding="causal")
    with pytest.raises(ValueError, match="kernel_size"):
        conv.Conv2D(2, (3, 3, 3))
    with pytest.raises(ValueError, match="output_padding"):
        conv.Conv2DTranspose(2, 3, strides=2, output_padding=2)
    with pytest.raises(ValueError, match="divisible by `groups`"):
        conv.Conv2D(4, 3, groups=2).build((None, 5, 5, 3))


FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "keras-3.15"


def _fixture_layer_configs():
    """Every config in the saved-model fixtures of a class from this test area's packages."""
    from kc_layers import normalization, pooling

    found = []

    def walk(node):
        if isinstance(node, dict):
            name = node.get("class_name")
            for module in (conv, pooling, normalization):
                if isinstance(name, str) and hasattr(module, name) and "config" in node:
                    found.append((getattr(module, name), node["config"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(FIXTURES.glob("*.config.json")):
        walk(json.loads(path.read_text()))
    return found


@pytest.mark.skipif(not FIXTURES.is_dir(), reason="the shared Keras fixtures are not present")
def test_keras_fixture_configs_round_trip():
    from kc_saving.serialization import serialize_keras_object

    configs = _fixture_layer_configs()
    assert {cls.__name__ for cls, _ in configs} >= {
        "Conv2D", "MaxPooling2D", "GlobalAveragePooling2D", "LayerNormalization"}
    for cls, config in configs:
        ours = serialize_keras_object(cls.from_config(config))["config"]
        assert ours == config, cls.__name__


def test_weight_regularizers_add_losses():
    from kc_layers import regularizers

    layer = conv.Conv1D(2, 3, kernel_regularizer=regularizers.L2(0.1),
                        bias_regularizer=regularizers.L1(0.2),
                        bias_initializer=_bias_init())
    layer(kc_ops.convert_to_tensor(_input((5,))))
    kernel, bias = layer.get_weights()
    total = sum(float(kc_ops.convert_to_numpy(loss)) for loss in layer.losses)
    expected = 0.1 * (kernel.astype("float64") ** 2).sum() + 0.2 * np.abs(bias).sum()
    np.testing.assert_allclose(total, expected, rtol=1e-5)


@pytest.mark.skipif(not FIXTURES.is_dir(), reason="the shared Keras fixtures are not present")
def test_mnist_convnet_fixture_predictions():
    """Our Conv2D / MaxPooling2D / GlobalAveragePooling2D, built from real Keras's config and
    loaded with its weights, reproduce its predictions (the final Dense is done in NumPy)."""
    h5py = pytest.importorskip("h5py")
    from kc_layers import pooling

    name = "mnist_convnet"
    meta = json.loads((FIXTURES / f"{name}.json").read_text())
    model_config = json.loads((FIXTURES / f"{name}.config.json").read_text())
    x = np.load(FIXTURES / f"{name}.inputs.npz")["x0"]
    want = np.load(FIXTURES / f"{name}.outputs.npz")["y0"]
    modules = {"Conv2D": conv, "MaxPooling2D": pooling, "GlobalAveragePooling2D": pooling}
    with h5py.File(FIXTURES / f"{name}.weights.h5", "r") as weights:
        out = kc_ops.convert_to_tensor(x)
        for layer_config in model_config["layers"]:
            cls_name, config = layer_config["class_name"], layer_config["config"]
            if cls_name in modules:
                layer = getattr(modules[cls_name], cls_name).from_config(config)
                layer.build(tuple(kc_ops.shape(out)))
                if layer.weights:
                    group = weights["layers"][config["name"]]["vars"]
                    layer.set_weights([group[str(i)][()] for i in range(len(group))])
                out = layer(out)
            elif cls_name == "Dense":
                kernel = weights["layers"][config["name"]]["vars"]["0"][()]
                bias = weights["layers"][config["name"]]["vars"]["1"][()]
                logits = kc_ops.convert_to_numpy(out).astype("float64") @ kernel + bias
                e = np.exp(logits - logits.max(axis=-1, keepdims=True))
                out = e / e.sum(axis=-1, keepdims=True)
    tol = meta["tolerance"]
    np.testing.assert_allclose(out, want, atol=tol["atol"], rtol=tol["rtol"])
