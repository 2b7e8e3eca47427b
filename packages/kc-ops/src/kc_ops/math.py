"""`keras.ops` math functions: segment reductions, top-k, Fourier transforms, STFT and
special functions. (`qr` and `solve` live in `kc_ops.linalg`.)"""

import numpy as np

from kc_ops.backends import math as B
from kc_ops.backends import shared_ops
from kc_ops.keras_tensor import KerasTensor
from kc_ops.operation import symbolic_op


def _shape(x):
    if hasattr(x, "shape"):
        return tuple(x.shape)
    return np.shape(x)


# ---------------------------------------------------------------------------------------
# segment reductions
# ---------------------------------------------------------------------------------------


def _check_segment_args(name, data, segment_ids, num_segments):
    data_shape, ids_shape = _shape(data), _shape(segment_ids)
    if len(ids_shape) != 1:
        raise ValueError(
            f"ops.{name} expects 1-D `segment_ids`. Received shape: {ids_shape}"
        )
    known = None not in (data_shape[:1] + ids_shape)
    if not data_shape or (known and data_shape[0] != ids_shape[0]):
        raise ValueError(
            f"ops.{name}: `segment_ids` (shape {ids_shape}) must have one id per row of `data` "
            f"(shape {data_shape})."
        )
    if num_segments is not None and (
        isinstance(num_segments, bool) or not isinstance(num_segments, (int, np.integer))
        or num_segments < 0
    ):
        raise ValueError(
            f"ops.{name}: `num_segments` must be None or a non-negative int. "
            f"Received: {num_segments!r}"
        )


def _segment_spec(data, segment_ids, num_segments=None, sorted=False):
    return KerasTensor((num_segments,) + tuple(data.shape[1:]), dtype=data.dtype)


def _segment_op(name):
    backend_fn = getattr(B, name)

    def op(data, segment_ids, num_segments=None, sorted=False):
        _check_segment_args(name, data, segment_ids, num_segments)
        return backend_fn(data, segment_ids, num_segments=num_segments, sorted=sorted)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = (
        f"The {name.split('_')[1]} of `data` rows per segment id; ids outside "
        "[0, num_segments) are dropped. Output shape: (num_segments,) + data.shape[1:]."
    )
    return symbolic_op(op, spec=_segment_spec)


segment_sum = _segment_op("segment_sum")
segment_max = _segment_op("segment_max")
segment_min = _segment_op("segment_min")
segment_prod = _segment_op("segment_prod")


# ---------------------------------------------------------------------------------------
# top-k, logsumexp, special functions
# ---------------------------------------------------------------------------------------


@symbolic_op
def top_k(x, k, sorted=True):
    """The `k` largest entries along the last axis: `(values, indices)`, largest first."""
    shape = _shape(x)
    if not shape:
        raise ValueError("ops.top_k expects a tensor of rank >= 1. Received a scalar.")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
        raise ValueError(f"ops.top_k: `k` must be a non-negative int. Received: {k!r}")
    if shape[-1] is not None and k > shape[-1]:
        raise ValueError(
            f"ops.top_k: `k`={k} is larger than the last dimension of `x` (shape {shape})."
        )
    return B.top_k(x, int(k), sorted=sorted)


@symbolic_op
def in_top_k(targets, predictions, k):
    """Whether each target class is among the `k` highest predictions of its row."""
    t_shape, p_shape = _shape(targets), _shape(predictions)
    if len(p_shape) != 2 or len(t_shape) != 1:
        raise ValueError(
            "ops.in_top_k expects `targets` of shape (batch,) and `predictions` of shape "
            f"(batch, num_classes). Received: {t_shape} and {p_shape}"
        )
    return B.in_top_k(targets, predictions, k)


@symbolic_op
def logsumexp(x, axis=None, keepdims=False):
    """log(sum(exp(x))) along `axis`, computed without overflow."""
    return B.logsumexp(x, axis=axis, keepdims=keepdims)


@symbolic_op
def rsqrt(x):
    return B.rsqrt(x)


@symbolic_op
def erf(x):
    return B.erf(x)


@symbolic_op
def erfc(x):
    return B.erfc(x)


@symbolic_op
def erfinv(x):
    return B.erfinv(x)


def _logdet_spec(x):
    from kc_ops.linalg import _check_square

    _check_square("logdet", x)
    return KerasTensor(x.shape[:-2], dtype=shared_ops.float_dtypes(x.dtype)[0])


@symbolic_op(spec=_logdet_spec)
def logdet(x):
    """The log of the absolute determinant of square matrices."""
    from kc_ops.linalg import _check_square

    _check_square("logdet", x)
    return B.logdet(x)


# ---------------------------------------------------------------------------------------
# sequences and Fourier transforms
# ---------------------------------------------------------------------------------------


def _check_rank(name, x, rank):
    if len(_shape(x)) < rank:
        raise ValueError(
            f"ops.{name} expects a tensor of rank >= {rank}. Received shape: {_shape(x)}"
        )


@symbolic_op
def extract_sequences(x, sequence_length, sequence_stride):
    """Frames of `sequence_length` along the last axis, every `sequence_stride` samples:
    shape (..., num_sequences, sequence_length)."""
    shared_ops.check_sequence_args(sequence_length, sequence_stride)
    _check_rank("extract_sequences", x, 1)
    return B.extract_sequences(x, sequence_length, sequence_stride)


def _check_complex_pair(name, x, rank):
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            f"ops.{name} expects a tuple (real, imag) of two tensors. Received: {type(x)}"
        )
    real, imag = x
    if _shape(real) != _shape(imag):
        raise ValueError(
            f"ops.{name}: the real and imaginary parts must have the same shape. Received "
            f"{_shape(real)} and {_shape(imag)}."
        )
    _check_rank(name, real, rank)


@symbolic_op
def fft(x):
    """Fast Fourier transform along the last axis of a (real, imag) pair."""
    _check_complex_pair("fft", x, 1)
    return B.fft(tuple(x))


@symbolic_op
def fft2(x):
    """2-D fast Fourier transform over the last two axes of a (real, imag) pair."""
    _check_complex_pair("fft2", x, 2)
    return B.fft2(tuple(x))


@symbolic_op
def ifft2(x):
    """Inverse 2-D fast Fourier transform over the last two axes of a (real, imag) pair."""
    _check_complex_pair("ifft2", x, 2)
    return B.ifft2(tuple(x))


def _check_fft_length(name, fft_length):
    if fft_length is not None and (
        isinstance(fft_length, bool) or not isinstance(fft_length, (int, np.integer))
        or fft_length < 1
    ):
        raise ValueError(f"ops.{name}: `fft_length` must be a positive int. Received: "
                         f"{fft_length!r}")


@symbolic_op
def rfft(x, fft_length=None):
    """FFT of a real signal along the last axis: (real, imag) of fft_length // 2 + 1 bins."""
    _check_rank("rfft", x, 1)
    _check_fft_length("rfft", fft_length)
    return B.rfft(x, fft_length)


@symbolic_op
def irfft(x, fft_length=None):
    """Inverse of `rfft`: a real signal of `fft_length` (default 2 * (bins - 1)) samples."""
    _check_complex_pair("irfft", x, 1)
    _check_fft_length("irfft", fft_length)
    return B.irfft(tuple(x), fft_length)


@symbolic_op
def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    """Short-time Fourier transform along the last axis: (real, imag) of shape
    (..., num_frames, fft_length // 2 + 1)."""
    shared_ops.check_sequence_args(sequence_length, sequence_stride, fft_length)
    _check_rank("stft", x, 1)
    return B.stft(x, sequence_length, sequence_stride, fft_length, window=window, center=center)


@symbolic_op
def istft(x, sequence_length, sequence_stride, fft_length, length=None, window="hann",
          center=True):
    """Inverse of `stft`: overlap-adds the frames of a (real, imag) pair into a signal."""
    shared_ops.check_sequence_args(sequence_length, sequence_stride, fft_length)
    _check_complex_pair("istft", x, 2)
    return B.istft(tuple(x), sequence_length, sequence_stride, fft_length, length=length,
                   window=window, center=center)


__all__ = [
    "erf", "erfc", "erfinv", "extract_sequences", "fft", "fft2", "ifft2", "in_top_k", "irfft",
    "istft", "logdet", "logsumexp", "rfft", "rsqrt", "segment_max", "segment_min",
    "segment_prod", "segment_sum", "stft", "top_k",
]
