"""keras.ops math functions against NumPy / hand-written references, on the active backend."""

import math

import kc_ops as ops
import numpy as np
import pytest
from kc_ops import KerasTensor

rng = np.random.default_rng(0)


def to_np(x):
    return ops.convert_to_numpy(x)


def close(actual, expected, tol=1e-5):
    np.testing.assert_allclose(to_np(actual), expected, rtol=tol, atol=tol)


# ---------------------------------------------------------------------------------------
# segment reductions
# ---------------------------------------------------------------------------------------


def segment_reference(kind, data, ids, num):
    identity = {"sum": 0.0, "prod": 1.0, "max": -np.inf, "min": np.inf}[kind]
    combine = {"sum": np.add, "prod": np.multiply, "max": np.maximum, "min": np.minimum}[kind]
    out = np.full((num,) + data.shape[1:], identity)
    for row, segment in zip(data, ids):
        if 0 <= segment < num:
            out[segment] = combine(out[segment], row)
    return out


@pytest.mark.parametrize("kind", ["sum", "max", "min", "prod"])
def test_segment_ops(kind):
    data = rng.normal(size=(7, 3)).astype("float32")
    ids = np.array([0, 0, 2, 2, 2, 4, 1], dtype="int32")
    fn = getattr(ops, f"segment_{kind}")
    result = fn(data, ids, num_segments=5)
    assert ops.dtype(result) == "float32"
    close(result, segment_reference(kind, data, ids, 5))
    # num_segments inferred from the ids; sorted ids allowed to take a faster path.
    close(fn(data, ids), segment_reference(kind, data, ids, 5))
    order = np.argsort(ids, kind="stable")
    close(fn(data[order], ids[order], num_segments=5, sorted=True),
          segment_reference(kind, data[order], ids[order], 5))


def test_segment_drops_out_of_range_ids_and_keeps_int_dtype():
    data = np.array([1, 2, 3, 4], dtype="int32")
    result = ops.segment_sum(data, np.array([0, 3, 1, 1]), num_segments=2)
    assert ops.dtype(result) == "int32"
    np.testing.assert_array_equal(to_np(result), [1, 7])


def test_segment_errors_and_symbolic():
    with pytest.raises(ValueError, match="segment_ids"):
        ops.segment_sum(np.zeros((3, 2)), np.zeros((2, 2), "int32"), num_segments=2)
    with pytest.raises(ValueError, match="num_segments"):
        ops.segment_max(np.zeros((3,)), np.zeros((3,), "int32"), num_segments=-1)
    out = ops.segment_sum(KerasTensor((None, 4)), KerasTensor((None,), "int32"), num_segments=6)
    assert out.shape == (6, 4) and out.dtype == "float32"
    out = ops.segment_max(KerasTensor((5, 4)), KerasTensor((5,), "int32"))
    assert out.shape == (None, 4)


# ---------------------------------------------------------------------------------------
# top_k, in_top_k, logsumexp, special functions
# ---------------------------------------------------------------------------------------


def test_top_k_values_indices_and_ties():
    x = np.array([[1.0, 5.0, 3.0, 5.0, 2.0], [0.0, -1.0, 4.0, 4.0, 9.0]], "float32")
    values, indices = ops.top_k(x, 3)
    np.testing.assert_array_equal(to_np(values), [[5, 5, 3], [9, 4, 4]])
    np.testing.assert_array_equal(to_np(indices), [[1, 3, 2], [4, 2, 3]])
    assert ops.dtype(indices) == "int32"
    values, indices = ops.top_k(np.array([3, 1, 2], "int32"), 1)
    assert to_np(values).tolist() == [3] and ops.dtype(values) == "int32"


def test_top_k_errors_and_symbolic():
    with pytest.raises(ValueError, match="k"):
        ops.top_k(np.zeros((2, 3)), 4)
    values, indices = ops.top_k(KerasTensor((None, 10)), 4)
    assert values.shape == (None, 4) and indices.shape == (None, 4)
    assert indices.dtype == "int32"


def test_in_top_k():
    predictions = np.array([[0.1, 0.5, 0.4], [0.3, 0.3, 0.4], [0.2, 0.7, 0.1]], "float32")
    targets = np.array([2, 0, 2])
    # Row 1: class 0 ties with class 1 at 0.3; one class (0.4) is above it, so rank 2.
    expected = [[False, False, False], [True, True, False], [True, True, True]]
    for k, row in zip((1, 2, 3), expected):
        np.testing.assert_array_equal(to_np(ops.in_top_k(targets, predictions, k)), row)


def test_logsumexp():
    x = rng.normal(size=(3, 4)).astype("float32") * 50
    reference = np.log(np.sum(np.exp(x.astype("float64") - x.max())))+ x.max()
    close(ops.logsumexp(x), reference, 1e-4)
    ref_axis = np.log(np.sum(np.exp(x.astype("float64")), axis=1, keepdims=True))
    close(ops.logsumexp(x, axis=1, keepdims=True), ref_axis, 1e-4)
    big = np.array([1000.0, 1000.0], "float32")
    close(ops.logsumexp(big), 1000.0 + math.log(2.0), 1e-4)
    assert ops.logsumexp(KerasTensor((None, 5)), axis=1).shape == (None,)


def test_special_functions_and_dtypes():
    x = np.array([-1.5, -0.3, 0.0, 0.4, 2.0], "float32")
    close(ops.erf(x), [math.erf(v) for v in x])
    close(ops.erfc(x), [math.erfc(v) for v in x])
    y = np.array([-0.9, -0.5, 0.0, 0.3, 0.99], "float32")
    inverted = to_np(ops.erfinv(y)).astype("float64")
    close(np.array([math.erf(v) for v in inverted]), y, 1e-5)
    close(ops.rsqrt(np.array([4.0, 0.25], "float32")), [0.5, 2.0])
    # Int inputs give floatx; float64 stays float64, on every backend.
    assert ops.dtype(ops.rsqrt(np.array([4, 16], "int32"))) == "float32"
    assert ops.dtype(ops.erf(np.array([0.5], "float64"))) == "float64"
    assert ops.dtype(ops.logsumexp(np.array([1, 2], "int64"))) == "float32"
    assert ops.erfinv(KerasTensor((None, 3), "int32")).dtype == "float32"
    half = ops.erf(x.astype("float16"))
    assert ops.dtype(half) == "float16"
    close(to_np(half).astype("float32"), [math.erf(v) for v in x], 2e-3)
    assert ops.dtype(ops.rfft(x.astype("float16"))[0]) == "float16"


def test_logdet():
    a = rng.normal(size=(2, 3, 3))
    spd = a @ np.swapaxes(a, -1, -2) + 3 * np.eye(3)
    close(ops.logdet(spd.astype("float32")), np.linalg.slogdet(spd)[1], 1e-4)
    with pytest.raises(ValueError, match="square"):
        ops.logdet(np.zeros((2, 3)))
    assert ops.logdet(KerasTensor((None, 4, 4))).shape == (None,)


# ---------------------------------------------------------------------------------------
# sequences and Fourier transforms
# ---------------------------------------------------------------------------------------


def frames_reference(x, length, stride):
    num = 1 + (x.shape[-1] - length) // stride
    return np.stack([x[..., i * stride:i * stride + length] for i in range(num)], axis=-2)


def test_extract_sequences():
    x = rng.normal(size=(2, 11)).astype("float32")
    result = ops.extract_sequences(x, 4, 3)
    assert tuple(result.shape) == (2, 3, 4)
    close(result, frames_reference(x, 4, 3))
    assert ops.extract_sequences(KerasTensor((None, 11)), 4, 3).shape == (None, 3, 4)
    with pytest.raises(ValueError, match="sequence_length"):
        ops.extract_sequences(x, 0, 1)


def complex_input(shape):
    return (rng.normal(size=shape).astype("float32"), rng.normal(size=shape).astype("float32"))


def test_fft_family():
    real, imag = complex_input((2, 8))
    z = real + 1j * imag
    out = ops.fft((real, imag))
    close(out[0], np.fft.fft(z).real, 1e-4)
    close(out[1], np.fft.fft(z).imag, 1e-4)
    real2, imag2 = complex_input((2, 4, 6))
    z2 = real2 + 1j * imag2
    for fn, ref in ((ops.fft2, np.fft.fft2), (ops.ifft2, np.fft.ifft2)):
        out = fn((real2, imag2))
        close(out[0], ref(z2).real, 1e-4)
        close(out[1], ref(z2).imag, 1e-4)
        assert ops.dtype(out[0]) == "float32"


def test_rfft_irfft():
    x = rng.normal(size=(3, 10)).astype("float32")
    real, imag = ops.rfft(x)
    close(real, np.fft.rfft(x).real, 1e-4)
    close(imag, np.fft.rfft(x).imag, 1e-4)
    real, imag = ops.rfft(x, fft_length=16)
    assert tuple(real.shape) == (3, 9)
    close(real, np.fft.rfft(x, n=16).real, 1e-4)
    spectrum = np.fft.rfft(x)
    close(ops.irfft((spectrum.real.astype("float32"), spectrum.imag.astype("float32"))),
          np.fft.irfft(spectrum), 1e-4)
    close(ops.irfft((spectrum.real.astype("float32"), spectrum.imag.astype("float32")), 10),
          x, 1e-4)
    assert ops.dtype(ops.rfft(np.arange(4))[0]) == "float32"
    out = ops.rfft(KerasTensor((None, 16)))
    assert out[0].shape == (None, 9)


def test_fft_errors():
    with pytest.raises(ValueError, match="real, imag"):
        ops.fft(np.zeros((4,)))
    with pytest.raises(ValueError, match="same shape"):
        ops.fft((np.zeros((4,)), np.zeros((5,))))
    with pytest.raises(ValueError, match="rank >= 2"):
        ops.fft2((np.zeros((4,)), np.zeros((4,))))


def stft_reference(x, length, stride, fft_length, center):
    if center:
        x = np.pad(x, [(0, 0)] * (x.ndim - 1) + [(fft_length // 2, fft_length // 2)],
                   mode="reflect")
    n = np.arange(length)
    window = 0.5 - 0.5 * np.cos(2 * np.pi * n / length)  # periodic Hann
    left = (fft_length - length) // 2
    window = np.pad(window, (left, fft_length - length - left))
    frames = frames_reference(x, fft_length, stride) * window
    return np.fft.rfft(frames, n=fft_length)


@pytest.mark.parametrize("center", [True, False])
def test_stft_against_numpy(center):
    x = rng.normal(size=(2, 40)).astype("float32")
    real, imag = ops.stft(x, 6, 4, 8, center=center)
    reference = stft_reference(x.astype("float64"), 6, 4, 8, center)
    assert tuple(real.shape) == reference.shape
    close(real, reference.real, 1e-4)
    close(imag, reference.imag, 1e-4)


def test_stft_istft_round_trip():
    x = rng.normal(size=(2, 64)).astype("float32")
    # The window-sum normalization is exact where every overlapping frame is present: away
    # from the ends of the signal.
    spectrum = ops.stft(x, 16, 4, 16)
    restored = to_np(ops.istft(spectrum, 16, 4, 16, length=64))
    assert restored.shape == (2, 64)
    np.testing.assert_allclose(restored[:, 8:56], x[:, 8:56], atol=1e-4)
    spectrum = ops.stft(x, 8, 4, 8)  # 50% overlap of a periodic Hann window: exact everywhere
    close(ops.istft(spectrum, 8, 4, 8, length=64), x, 1e-4)
    spectrum = ops.stft(x, 16, 4, 16, center=False)
    restored = to_np(ops.istft(spectrum, 16, 4, 16, center=False))
    np.testing.assert_allclose(restored[:, 16:48], x[:, 16:48], atol=1e-4)


def test_stft_windows_and_errors():
    x = rng.normal(size=(32,)).astype("float32")
    box = ops.stft(x, 8, 8, 8, window=None, center=False)
    close(box[0], np.fft.rfft(frames_reference(x, 8, 8)).real, 1e-4)
    custom = np.linspace(0.1, 1.0, 8).astype("float32")
    out = ops.stft(x, 8, 8, 8, window=custom, center=False)
    close(out[0], np.fft.rfft(frames_reference(x, 8, 8) * custom).real, 1e-4)
    with pytest.raises(ValueError, match="window"):
        ops.stft(x, 8, 8, 8, window="triangle")
    with pytest.raises(ValueError, match="fft_length"):
        ops.stft(x, 8, 4, 4)
    out = ops.stft(KerasTensor((3, 32)), 8, 4, 8)
    assert out[0].shape == (3, 9, 5)


def compiled(fn):
    """`fn` under the backend's compiler (jax.jit / tf.function); as is elsewhere."""
    if ops.backend() == "jax":
        import jax

        return jax.jit(fn)
    if ops.backend() == "tensorflow":
        import tensorflow as tf

        return tf.function(fn)
    return fn


def test_math_ops_compiled():
    data = rng.normal(size=(5, 2)).astype("float32")
    ids = np.array([0, 2, 2, 1, 0], "int32")
    run = compiled(lambda d, i: ops.segment_sum(d, i, num_segments=3))
    close(run(ops.convert_to_tensor(data), ops.convert_to_tensor(ids)),
          segment_reference("sum", data, ids, 3))
    values, indices = compiled(lambda v: ops.top_k(v, 2))(ops.convert_to_tensor(data))
    close(values, -np.sort(-data, axis=-1)[:, :2])
    x = rng.normal(size=(2, 24)).astype("float32")
    real, imag = compiled(lambda v: ops.stft(v, 8, 4, 8))(ops.convert_to_tensor(x))
    reference = stft_reference(x.astype("float64"), 8, 4, 8, True)
    close(real, reference.real, 1e-4)


@pytest.mark.skipif(ops.backend() != "jax", reason="checks the jax.jit-specific error")
def test_segment_needs_num_segments_under_jit():
    run = compiled(lambda d, i: ops.segment_sum(d, i))
    with pytest.raises(ValueError, match="num_segments"):
        run(ops.convert_to_tensor(np.zeros((2,), "float32")),
            ops.convert_to_tensor(np.zeros((2,), "int32")))


@pytest.mark.skipif(ops.backend() != "numpy", reason="the pure-Python fallback is numpy's")
def test_numpy_erfinv_fallback_without_scipy():
    from kc_ops.backends.numpy import math as numpy_math

    y = np.linspace(-0.999, 0.999, 41)
    x = np.array([numpy_math._erfinv_scalar(v) for v in y])
    np.testing.assert_allclose([math.erf(v) for v in x], y, atol=1e-12)
    assert numpy_math._erfinv_scalar(1.0) == math.inf
    assert math.isnan(numpy_math._erfinv_scalar(1.5))
