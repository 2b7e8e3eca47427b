"""math functions of the jax backend."""

import jax
import jax.numpy as jnp
import numpy as np

from kc_ops.backends import shared_ops
from kc_ops.backends.jax.core import convert_to_tensor


def _float(x):
    """x in its float compute dtype, and the dtype to return."""
    x = convert_to_tensor(x)
    out, compute = shared_ops.float_dtypes(x.dtype)
    return x.astype(compute), out


# ---------------------------------------------------------------------------------------
# segment reductions (ids outside [0, num_segments) are dropped by jax.ops)
# ---------------------------------------------------------------------------------------


def _segment(fn, data, segment_ids, num_segments, sorted):
    data = convert_to_tensor(data)
    ids = convert_to_tensor(segment_ids).astype("int32")
    if num_segments is None:
        if isinstance(ids, jax.core.Tracer):
            raise ValueError(
                "Segment ops inside jax.jit need a static `num_segments` (the output shape "
                "cannot depend on the values of `segment_ids`). Received num_segments=None."
            )
        num_segments = int(jnp.max(ids)) + 1 if ids.size else 0
    return fn(data, ids, num_segments=num_segments, indices_are_sorted=bool(sorted))


def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    return _segment(jax.ops.segment_sum, data, segment_ids, num_segments, sorted)


def segment_max(data, segment_ids, num_segments=None, sorted=False):
    return _segment(jax.ops.segment_max, data, segment_ids, num_segments, sorted)


def segment_min(data, segment_ids, num_segments=None, sorted=False):
    return _segment(jax.ops.segment_min, data, segment_ids, num_segments, sorted)


def segment_prod(data, segment_ids, num_segments=None, sorted=False):
    return _segment(jax.ops.segment_prod, data, segment_ids, num_segments, sorted)


# ---------------------------------------------------------------------------------------
# top_k, logsumexp, special functions
# ---------------------------------------------------------------------------------------


def top_k(x, k, sorted=True):
    values, indices = jax.lax.top_k(convert_to_tensor(x), k)
    return values, indices.astype("int32")


def in_top_k(targets, predictions, k):
    targets = convert_to_tensor(targets).astype("int32")
    predictions = convert_to_tensor(predictions)
    at_target = jnp.take_along_axis(predictions, targets[..., None], axis=-1)
    at_target = jnp.where(jnp.isnan(at_target), -jnp.inf, at_target)
    rank = 1 + jnp.sum(predictions > at_target, axis=-1)
    return rank <= k


def logsumexp(x, axis=None, keepdims=False):
    x, out = _float(x)
    return jax.scipy.special.logsumexp(x, axis=axis, keepdims=keepdims).astype(out)


def rsqrt(x):
    x, out = _float(x)
    return jax.lax.rsqrt(x).astype(out)


def erf(x):
    x, out = _float(x)
    return jax.scipy.special.erf(x).astype(out)


def erfc(x):
    x, out = _float(x)
    return jax.scipy.special.erfc(x).astype(out)


def erfinv(x):
    x, out = _float(x)
    return jax.scipy.special.erfinv(x).astype(out)


def logdet(x):
    x, out = _float(x)
    return jnp.linalg.slogdet(x)[1].astype(out)


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
    return jax.lax.complex(real, imag), out


def _split(z, out):
    return jnp.real(z).astype(out), jnp.imag(z).astype(out)


def fft(x):
    z, out = _complex(x)
    return _split(jnp.fft.fft(z, axis=-1), out)


def fft2(x):
    z, out = _complex(x)
    return _split(jnp.fft.fft2(z, axes=(-2, -1)), out)


def ifft2(x):
    z, out = _complex(x)
    return _split(jnp.fft.ifft2(z, axes=(-2, -1)), out)


def rfft(x, fft_length=None):
    x, out = _float(x)
    return _split(jnp.fft.rfft(x, n=fft_length, axis=-1), out)


def irfft(x, fft_length=None):
    z, out = _complex(x)
    return jnp.fft.irfft(z, n=fft_length, axis=-1).astype(out)


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    x, out = _float(x)
    if center:
        pad = [(0, 0)] * (x.ndim - 1) + [(fft_length // 2, fft_length // 2)]
        x = jnp.pad(x, pad, mode="reflect")
    frames = extract_sequences(x, fft_length, sequence_stride)
    win = shared_ops.window_array(window, sequence_length, fft_length)
    if win is not None:
        frames = frames * jnp.asarray(win, dtype=x.dtype)
    return _split(jnp.fft.rfft(frames, n=fft_length, axis=-1), out)


def istft(x, sequence_length, sequence_stride, fft_length, length=None, window="hann",
          center=True):
    z, out = _complex(x)
    frames = jnp.fft.irfft(z, n=fft_length, axis=-1)
    win = shared_ops.istft_window(window, sequence_length, sequence_stride, fft_length)
    if win is not None:
        frames = frames * jnp.asarray(win, dtype=frames.dtype)
    num = frames.shape[-2]
    idx = (np.arange(num)[:, None] * sequence_stride + np.arange(fft_length)).reshape(-1)
    total = (num - 1) * sequence_stride + fft_length
    flat = frames.reshape(frames.shape[:-2] + (-1,))
    signal = jnp.zeros(frames.shape[:-2] + (total,), frames.dtype).at[..., idx].add(flat)
    start = fft_length // 2 if center else 0
    end = start + length if length is not None else total - (fft_length // 2 if center else 0)
    return signal[..., start:end].astype(out)
