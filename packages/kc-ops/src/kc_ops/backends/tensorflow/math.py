"""math functions of the tensorflow backend."""

import tensorflow as tf

from kc_ops import dtypes
from kc_ops.backends import shared_ops
from kc_ops.backends.tensorflow.core import convert_to_tensor, to_native_dtype


def _float(x):
    """x in its float compute dtype, and the dtype to return."""
    x = convert_to_tensor(x)
    out, compute = shared_ops.float_dtypes(dtypes.standardize_dtype(x.dtype))
    return tf.cast(x, compute), to_native_dtype(out)


# ---------------------------------------------------------------------------------------
# segment reductions
# ---------------------------------------------------------------------------------------

_SEGMENT_FNS = {
    "sum": tf.math.unsorted_segment_sum, "max": tf.math.unsorted_segment_max,
    "min": tf.math.unsorted_segment_min, "prod": tf.math.unsorted_segment_prod,
}


def _segment(kind, data, segment_ids, num_segments):
    data = convert_to_tensor(data)
    ids = tf.cast(convert_to_tensor(segment_ids), "int32")
    if num_segments is None:
        num_segments = tf.maximum(tf.reduce_max(ids) + 1, 0) if ids.shape[0] != 0 else 0
    # Out-of-range ids go to one extra segment, sliced off at the end (as jax drops them).
    ids = tf.where((ids >= 0) & (ids < num_segments), ids, num_segments)
    result = _SEGMENT_FNS[kind](data, ids, num_segments + 1)[:num_segments]
    if kind in ("max", "min") and data.dtype.is_floating:
        # TF fills empty segments with the lowest/highest finite value; jax uses -inf/inf.
        counts = tf.math.unsorted_segment_sum(tf.ones_like(ids), ids, num_segments + 1)
        empty = tf.reshape(counts[:num_segments] == 0, [-1] + [1] * (data.shape.rank - 1))
        fill = tf.constant(float("-inf") if kind == "max" else float("inf"), data.dtype)
        result = tf.where(empty, fill, result)
    return result


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
    values, indices = tf.math.top_k(convert_to_tensor(x), k, sorted=True)
    return values, tf.cast(indices, "int32")


def in_top_k(targets, predictions, k):
    targets = tf.cast(convert_to_tensor(targets), "int32")
    predictions = convert_to_tensor(predictions)
    at_target = tf.gather(predictions, targets[:, None], batch_dims=1)
    at_target = tf.where(tf.math.is_nan(at_target), tf.constant(float("-inf"), at_target.dtype),
                         at_target)
    rank = 1 + tf.reduce_sum(tf.cast(predictions > at_target, "int32"), axis=-1)
    return rank <= k


def logsumexp(x, axis=None, keepdims=False):
    x, out = _float(x)
    return tf.cast(tf.reduce_logsumexp(x, axis=axis, keepdims=keepdims), out)


def rsqrt(x):
    x, out = _float(x)
    return tf.cast(tf.math.rsqrt(x), out)


def erf(x):
    x, out = _float(x)
    return tf.cast(tf.math.erf(x), out)


def erfc(x):
    x, out = _float(x)
    return tf.cast(tf.math.erfc(x), out)


def erfinv(x):
    x, out = _float(x)
    return tf.cast(tf.math.erfinv(x), out)


def logdet(x):
    x, out = _float(x)
    return tf.cast(tf.linalg.slogdet(x)[1], out)


# ---------------------------------------------------------------------------------------
# sequences and Fourier transforms
# ---------------------------------------------------------------------------------------


def extract_sequences(x, sequence_length, sequence_stride):
    x = convert_to_tensor(x)
    if x.shape[-1] is not None:
        shared_ops.frame_indices(x.shape[-1], sequence_length, sequence_stride)  # validates
    return tf.signal.frame(x, sequence_length, sequence_stride, axis=-1)


def _complex(x):
    real, imag = x
    real, out = _float(real)
    imag = tf.cast(convert_to_tensor(imag), real.dtype)
    return tf.complex(real, imag), out


def _split(z, out):
    return tf.cast(tf.math.real(z), out), tf.cast(tf.math.imag(z), out)


def fft(x):
    z, out = _complex(x)
    return _split(tf.signal.fft(z), out)


def fft2(x):
    z, out = _complex(x)
    return _split(tf.signal.fft2d(z), out)


def ifft2(x):
    z, out = _complex(x)
    return _split(tf.signal.ifft2d(z), out)


def _rfft(x, fft_length):
    if fft_length is None:
        fft_length = x.shape[-1] if x.shape[-1] is not None else tf.shape(x)[-1]
    return tf.signal.rfft(x, fft_length=[fft_length])


def _irfft(z, fft_length):
    if fft_length is None:
        bins = z.shape[-1] if z.shape[-1] is not None else tf.shape(z)[-1]
        fft_length = 2 * (bins - 1)
    return tf.signal.irfft(z, fft_length=[fft_length])


def rfft(x, fft_length=None):
    x, out = _float(x)
    return _split(_rfft(x, fft_length), out)


def irfft(x, fft_length=None):
    z, out = _complex(x)
    return tf.cast(_irfft(z, fft_length), out)


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    x, out = _float(x)
    if center:
        pad = [[0, 0]] * (x.shape.rank - 1) + [[fft_length // 2, fft_length // 2]]
        x = tf.pad(x, pad, mode="REFLECT")
    frames = extract_sequences(x, fft_length, sequence_stride)
    win = shared_ops.window_array(window, sequence_length, fft_length)
    if win is not None:
        frames = frames * tf.constant(win, dtype=x.dtype)
    return _split(_rfft(frames, fft_length), out)


def istft(x, sequence_length, sequence_stride, fft_length, length=None, window="hann",
          center=True):
    z, out = _complex(x)
    frames = _irfft(z, fft_length)
    win = shared_ops.istft_window(window, sequence_length, sequence_stride, fft_length)
    if win is not None:
        frames = frames * tf.constant(win, dtype=frames.dtype)
    signal = tf.signal.overlap_and_add(frames, sequence_stride)
    start = fft_length // 2 if center else 0
    if length is not None:
        signal = signal[..., start:start + length]
    elif center:
        signal = signal[..., start:-(fft_length // 2) or None]
    return tf.cast(signal, out)
