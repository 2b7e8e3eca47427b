"""math functions of the numpy backend."""

import math as _pymath

import numpy as np

from kc_ops.backends import shared_ops
from kc_ops.backends.numpy.core import convert_to_tensor


def _float(x):
    """x as a float array in its compute dtype, and the dtype to return."""
    x = convert_to_tensor(x)
    out, compute = shared_ops.float_dtypes(x.dtype)
    return x.astype(compute, copy=False), out


# ---------------------------------------------------------------------------------------
# segment reductions
# ---------------------------------------------------------------------------------------

_SEGMENT_UFUNCS = {"sum": np.add, "max": np.maximum, "min": np.minimum, "prod": np.multiply}


def _identity(kind, dtype):
    if kind == "sum":
        return 0
    if kind == "prod":
        return 1
    if dtype == np.bool_:
        return kind == "min"
    if np.issubdtype(dtype, np.floating):
        return -np.inf if kind == "max" else np.inf
    info = np.iinfo(dtype)
    return info.min if kind == "max" else info.max


def _segment(kind, data, segment_ids, num_segments):
    data = convert_to_tensor(data)
    ids = convert_to_tensor(segment_ids).astype("int64")
    if num_segments is None:
        num_segments = int(ids.max()) + 1 if ids.size else 0
    out = np.full((num_segments,) + data.shape[1:], _identity(kind, data.dtype), data.dtype)
    keep = (ids >= 0) & (ids < num_segments)  # out-of-range ids are dropped
    _SEGMENT_UFUNCS[kind].at(out, ids[keep], data[keep])
    return out


def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    return _segment("sum", data, segment_ids, num_segments)


def segment_max(data, segment_ids, num_segments=None, sorted=False):
    return _segment("max", data, segment_ids, num_segments)


def segment_min(data, segment_ids, num_segments=None, sorted=False):
    return _segment("min", data, segment_ids, num_segments)


def segment_prod(data, segment_ids, num_segments=None, sorted=False):
    return _segment("prod", data, segment_ids, num_segments)


# ---------------------------------------------------------------------------------------
# top_k, logsumexp, special functions
# ---------------------------------------------------------------------------------------


def top_k(x, k, sorted=True):
    x = convert_to_tensor(x)
    n = x.shape[-1]
    # Stable ascending sort of the reversed axis, read backwards: descending values with
    # ties in increasing index order (as the other backends order them).
    order = np.argsort(np.flip(x, axis=-1), axis=-1, kind="stable")
    indices = (n - 1 - np.flip(order, axis=-1))[..., :k]
    values = np.take_along_axis(x, indices, axis=-1)
    return values, indices.astype("int32")


def in_top_k(targets, predictions, k):
    targets = convert_to_tensor(targets).astype("int64")
    predictions = convert_to_tensor(predictions)
    at_target = np.take_along_axis(predictions, targets[..., None], axis=-1)
    at_target = np.where(np.isnan(at_target), -np.inf, at_target)
    rank = 1 + np.sum(predictions > at_target, axis=-1)
    return rank <= k


def logsumexp(x, axis=None, keepdims=False):
    x, out = _float(x)
    peak = np.max(x, axis=axis, keepdims=True)
    peak = np.where(np.isfinite(peak), peak, 0)
    with np.errstate(divide="ignore"):
        result = np.log(np.sum(np.exp(x - peak), axis=axis, keepdims=True)) + peak
    if not keepdims:
        result = np.squeeze(result, axis=axis)
    return np.asarray(result).astype(out)


def rsqrt(x):
    x, out = _float(x)
    with np.errstate(divide="ignore"):
        return (1.0 / np.sqrt(x)).astype(out)


def _special(name, fallback):
    """scipy.special's vectorized function when SciPy is installed (it is not a dependency),
    else an element-wise loop over the pure-Python version."""
    try:
        import scipy.special

        return getattr(scipy.special, name)
    except ImportError:
        return np.vectorize(fallback, otypes=["float64"])


def _erfinv_scalar(y):
    if y <= -1.0 or y >= 1.0:
        return _pymath.copysign(_pymath.inf, y) if abs(y) == 1.0 else _pymath.nan
    # Start from a closed-form estimate, then polish with Newton steps on erf.
    a = 0.147
    ln = _pymath.log(1.0 - y * y)
    t = 2.0 / (_pymath.pi * a) + ln / 2.0
    x = _pymath.copysign(_pymath.sqrt(_pymath.sqrt(t * t - ln / a) - t), y)
    for _ in range(3):
        x -= (_pymath.erf(x) - y) / (2.0 / _pymath.sqrt(_pymath.pi) * _pymath.exp(-x * x))
    return x


_SPECIAL = {}


def _apply_special(name, fallback, x):
    if name not in _SPECIAL:
        _SPECIAL[name] = _special(name, fallback)
    x, out = _float(x)
    return np.asarray(_SPECIAL[name](x)).astype(out)


def erf(x):
    return _apply_special("erf", _pymath.erf, x)


def erfc(x):
    return _apply_special("erfc", _pymath.erfc, x)


def erfinv(x):
    return _apply_special("erfinv", _erfinv_scalar, x)


def logdet(x):
    x, out = _float(x)
    return np.linalg.slogdet(x)[1].astype(out)


# ---------------------------------------------------------------------------------------
# sequences and Fourier transforms
# ---------------------------------------------------------------------------------------


def extract_sequences(x, sequence_length, sequence_stride):
    x = convert_to_tensor(x)
    idx = shared_ops.frame_indices(x.shape[-1], sequence_length, sequence_stride)
    return x[..., idx]


def _complex(x):
    real, imag = x
    real, out = _float(real)
    imag = convert_to_tensor(imag).astype(real.dtype)
    return real + 1j * imag, out


def _split(z, out):
    return np.real(z).astype(out), np.imag(z).astype(out)


def fft(x):
    z, out = _complex(x)
    return _split(np.fft.fft(z, axis=-1), out)


def fft2(x):
    z, out = _complex(x)
    return _split(np.fft.fft2(z, axes=(-2, -1)), out)


def ifft2(x):
    z, out = _complex(x)
    return _split(np.fft.ifft2(z, axes=(-2, -1)), out)


def rfft(x, fft_length=None):
    x, out = _float(x)
    return _split(np.fft.rfft(x, n=fft_length, axis=-1), out)


def irfft(x, fft_length=None):
    z, out = _complex(x)
    return np.fft.irfft(z, n=fft_length, axis=-1).astype(out)


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    x, out = _float(x)
    if center:
        pad = [(0, 0)] * (x.ndim - 1) + [(fft_length // 2, fft_length // 2)]
        x = np.pad(x, pad, mode="reflect")
    frames = extract_sequences(x, fft_length, sequence_stride)
    win = shared_ops.window_array(window, sequence_length, fft_length)
    if win is not None:
        frames = frames * win.astype(x.dtype)
    return _split(np.fft.rfft(frames, n=fft_length, axis=-1), out)


def _overlap_add(frames, sequence_stride):
    num, length = frames.shape[-2:]
    idx = (np.arange(num)[:, None] * sequence_stride + np.arange(length)).reshape(-1)
    out = np.zeros(frames.shape[:-2] + ((num - 1) * sequence_stride + length,), frames.dtype)
    flat = frames.reshape(frames.shape[:-2] + (-1,))
    np.add.at(out, (..., idx), flat)
    return out


def istft(x, sequence_length, sequence_stride, fft_length, length=None, window="hann",
          center=True):
    z, out = _complex(x)
    frames = np.fft.irfft(z, n=fft_length, axis=-1)
    win = shared_ops.istft_window(window, sequence_length, sequence_stride, fft_length)
    if win is not None:
        frames = frames * win
    signal = _overlap_add(frames, sequence_stride)
    start = fft_length // 2 if center else 0
    if length is not None:
        end = start + length
    else:
        end = signal.shape[-1] - (fft_length // 2 if center else 0)
    return signal[..., start:end].astype(out)


__all__ = [
    "erf", "erfc", "erfinv", "extract_sequences", "fft", "fft2", "ifft2", "in_top_k", "irfft",
    "istft", "logdet", "logsumexp", "rfft", "rsqrt", "segment_max", "segment_min",
    "segment_prod", "segment_sum", "stft", "top_k",
]
