"""math functions of the torch backend."""

import numpy as np
import torch

from kc_ops import dtypes
from kc_ops.backends import shared_ops
from kc_ops.backends.torch.core import convert_to_tensor, to_native_dtype


def _float(x):
    """x in its float compute dtype, and the dtype to return."""
    x = convert_to_tensor(x)
    out, compute = shared_ops.float_dtypes(dtypes.standardize_dtype(x.dtype))
    return x.to(to_native_dtype(compute)), to_native_dtype(out)


# ---------------------------------------------------------------------------------------
# segment reductions
# ---------------------------------------------------------------------------------------

_REDUCE = {"sum": "sum", "max": "amax", "min": "amin", "prod": "prod"}


def _identity(kind, dtype):
    if kind == "sum":
        return 0
    if kind == "prod":
        return 1
    if dtype == torch.bool:
        return kind == "min"
    if dtype.is_floating_point:
        return -float("inf") if kind == "max" else float("inf")
    info = torch.iinfo(dtype)
    return info.min if kind == "max" else info.max


def _segment(kind, data, segment_ids, num_segments):
    data = convert_to_tensor(data)
    ids = convert_to_tensor(segment_ids).to(torch.int64)
    if num_segments is None:
        num_segments = int(ids.max()) + 1 if ids.numel() else 0
    # Out-of-range ids go to one extra segment, sliced off at the end.
    ids = torch.where((ids >= 0) & (ids < num_segments), ids, num_segments)
    out = torch.full((num_segments + 1,) + tuple(data.shape[1:]), _identity(kind, data.dtype),
                     dtype=data.dtype, device=data.device)
    index = ids.reshape((-1,) + (1,) * (data.ndim - 1)).expand(data.shape)
    out = out.scatter_reduce(0, index, data, reduce=_REDUCE[kind], include_self=True)
    return out[:num_segments]


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
    # A stable descending sort keeps ties in index order, as jax and tf do.
    values, indices = torch.sort(x, dim=-1, descending=True, stable=True)
    return values[..., :k], indices[..., :k].to(torch.int32)


def in_top_k(targets, predictions, k):
    targets = convert_to_tensor(targets).to(torch.int64)
    predictions = convert_to_tensor(predictions)
    at_target = torch.take_along_dim(predictions, targets[..., None], dim=-1)
    at_target = torch.where(torch.isnan(at_target), -torch.inf, at_target)
    rank = 1 + torch.sum(predictions > at_target, dim=-1)
    return rank <= k


def logsumexp(x, axis=None, keepdims=False):
    x, out = _float(x)
    if axis is None:
        result = torch.logsumexp(x.reshape(-1), dim=0)
        if keepdims:
            result = result.reshape((1,) * x.ndim)
    else:
        result = torch.logsumexp(x, dim=axis, keepdim=keepdims)
    return result.to(out)


def rsqrt(x):
    x, out = _float(x)
    return torch.rsqrt(x).to(out)


def erf(x):
    x, out = _float(x)
    return torch.erf(x).to(out)


def erfc(x):
    x, out = _float(x)
    return torch.erfc(x).to(out)


def erfinv(x):
    x, out = _float(x)
    return torch.erfinv(x).to(out)


def logdet(x):
    x, out = _float(x)
    return torch.linalg.slogdet(x)[1].to(out)


# ---------------------------------------------------------------------------------------
# sequences and Fourier transforms
# ---------------------------------------------------------------------------------------


def extract_sequences(x, sequence_length, sequence_stride):
    x = convert_to_tensor(x)
    shared_ops.frame_indices(x.shape[-1], sequence_length, sequence_stride)  # validates
    return x.unfold(-1, sequence_length, sequence_stride)


def _complex(x):
    real, imag = x
    real, out = _float(real)
    imag = convert_to_tensor(imag).to(real.dtype)
    return torch.complex(real, imag), out


def _split(z, out):
    return z.real.to(out), z.imag.to(out)


def fft(x):
    z, out = _complex(x)
    return _split(torch.fft.fft(z, dim=-1), out)


def fft2(x):
    z, out = _complex(x)
    return _split(torch.fft.fft2(z, dim=(-2, -1)), out)


def ifft2(x):
    z, out = _complex(x)
    return _split(torch.fft.ifft2(z, dim=(-2, -1)), out)


def rfft(x, fft_length=None):
    x, out = _float(x)
    return _split(torch.fft.rfft(x, n=fft_length, dim=-1), out)


def irfft(x, fft_length=None):
    z, out = _complex(x)
    return torch.fft.irfft(z, n=fft_length, dim=-1).to(out)


def _reflect_pad(x, pad):
    # torch's reflect padding wants a batch/channel layout: fold leading dims into one.
    shape = x.shape
    flat = x.reshape((-1, 1, shape[-1]))
    flat = torch.nn.functional.pad(flat, (pad, pad), mode="reflect")
    return flat.reshape(tuple(shape[:-1]) + (flat.shape[-1],))


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    x, out = _float(x)
    if center:
        x = _reflect_pad(x, fft_length // 2)
    frames = extract_sequences(x, fft_length, sequence_stride)
    win = shared_ops.window_array(window, sequence_length, fft_length)
    if win is not None:
        frames = frames * torch.as_tensor(win, dtype=x.dtype, device=x.device)
    return _split(torch.fft.rfft(frames, n=fft_length, dim=-1), out)


def istft(x, sequence_length, sequence_stride, fft_length, length=None, window="hann",
          center=True):
    z, out = _complex(x)
    frames = torch.fft.irfft(z, n=fft_length, dim=-1)
    win = shared_ops.istft_window(window, sequence_length, sequence_stride, fft_length)
    if win is not None:
        frames = frames * torch.as_tensor(win, dtype=frames.dtype, device=frames.device)
    num = frames.shape[-2]
    idx = (np.arange(num)[:, None] * sequence_stride + np.arange(fft_length)).reshape(-1)
    total = (num - 1) * sequence_stride + fft_length
    flat = frames.reshape(tuple(frames.shape[:-2]) + (-1,))
    signal = torch.zeros(tuple(frames.shape[:-2]) + (total,), dtype=frames.dtype,
                         device=frames.device)
    signal = signal.index_add(-1, torch.as_tensor(idx, device=frames.device), flat)
    start = fft_length // 2 if center else 0
    end = start + length if length is not None else total - (fft_length // 2 if center else 0)
    return signal[..., start:end].to(out)

