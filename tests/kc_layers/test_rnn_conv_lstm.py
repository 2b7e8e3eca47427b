"""ConvLSTM1D/2D/3D against a NumPy reference (naive cross-correlation written here)."""

import itertools

import kc_ops
import numpy as np
import pytest
from kc_layers.rnn import ConvLSTM1D, ConvLSTM2D, ConvLSTM3D
from kc_ops.keras_tensor import KerasTensor

RNG = np.random.default_rng(2)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def np_conv(x, kernel, stride, padding):
    """channels_last cross-correlation: x (B, *spatial, C), kernel (*k, C, F)."""
    ksize = kernel.shape[:-2]
    spatial = x.shape[1:-1]
    if padding == "same":
        out = [-(-s // st) for s, st in zip(spatial, stride)]
        pads = [max((o - 1) * st + k - s, 0) for o, st, k, s in zip(out, stride, ksize, spatial)]
        x = np.pad(x, [(0, 0)] + [(p // 2, p - p // 2) for p in pads] + [(0, 0)])
    else:
        out = [(s - k) // st + 1 for s, k, st in zip(spatial, ksize, stride)]
    result = np.zeros((x.shape[0], *out, kernel.shape[-1]), "float32")
    for pos in itertools.product(*[range(o) for o in out]):
        window = tuple(slice(p * st, p * st + k) for p, st, k in zip(pos, stride, ksize))
        patch = x[(slice(None),) + window]
        result[(slice(None),) + pos] = np.tensordot(patch, kernel, axes=len(ksize) + 1)
    return result


def ref_conv_lstm(x, w, filters, stride, padding):
    kernel, recurrent, bias = w
    steps = x.shape[1]
    h = None
    outputs = []
    for t in range(steps):
        zx = np_conv(x[:, t], kernel, stride, padding) + bias
        if h is None:
            h = np.zeros(zx.shape[:-1] + (filters,), "float32")
            c = np.zeros_like(h)
        z = zx + np_conv(h, recurrent, (1,) * len(stride), "same")
        i, f, g, o = np.split(z, 4, axis=-1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs, 1), h, c


@pytest.mark.parametrize(
    "cls,shape,padding,strides",
    [
        (ConvLSTM1D, (2, 3, 6, 2), "same", 1),
        (ConvLSTM2D, (2, 3, 5, 4, 2), "valid", 1),
        (ConvLSTM2D, (1, 2, 5, 5, 1), "valid", 2),
    ],
)
def test_conv_lstm_matches_numpy(cls, shape, padding, strides):
    x = RNG.normal(size=shape).astype("float32")
    layer = cls(3, 3, padding=padding, strides=strides, return_sequences=True, return_state=True)
    layer.build(x.shape)
    w = [RNG.normal(0, 0.3, v.shape).astype("float32") for v in layer.get_weights()]
    layer.set_weights(w)
    out, h, c = layer(x)
    rank = len(shape) - 3
    ref_out, ref_h, ref_c = ref_conv_lstm(x, w, 3, (strides,) * rank, padding)
    for got, want in ((out, ref_out), (h, ref_h), (c, ref_c)):
        np.testing.assert_allclose(kc_ops.convert_to_numpy(got), want, rtol=1e-4, atol=1e-5)
    assert (
        layer.compute_output_shape((None, None) + shape[2:])[0] == (None, None) + ref_out.shape[2:]
    )


def test_conv_lstm_shapes_config_and_errors():
    layer = ConvLSTM3D(2, (1, 2, 2))
    sym = layer(KerasTensor((None, 4, 3, 5, 5, 1)))
    assert sym.shape == (None, 3, 4, 4, 2)
    assert [w.shape for w in layer.weights] == [(1, 2, 2, 1, 8), (1, 2, 2, 2, 8), (8,)]
    config = layer.get_config()
    assert config["filters"] == 2 and config["kernel_size"] == (1, 2, 2)
    assert ConvLSTM3D.from_config(config).get_config() == config
    assert layer.filters == 2 and layer.padding == "valid"
    with pytest.raises(ValueError, match="rank"):
        ConvLSTM2D(2, 3)(KerasTensor((None, 4, 5, 2)))
    with pytest.raises(ValueError, match="kernel_size"):
        ConvLSTM2D(2, (3, 3, 3))
