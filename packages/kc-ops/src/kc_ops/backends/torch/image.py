"""image functions of the torch backend."""

import numpy as np
import torch
import torch.nn.functional as F

from kc_ops import config
from kc_ops.backends.torch.core import convert_to_tensor, to_native_dtype


def _compute_dtype(x):
    return x.dtype if x.is_floating_point() else to_native_dtype(config.floatx())


def _restore_dtype(out, dtype):
    if out.dtype == dtype:
        return out
    if not dtype.is_floating_point and dtype != torch.bool:
        info = torch.iinfo(dtype)
        out = torch.clip(torch.round(out), info.min, info.max)
    return out.to(dtype)


def pad(images, pads, value):
    images = convert_to_tensor(images)
    flat = [p for pair in reversed(pads) for p in pair]
    if images.is_floating_point():
        return F.pad(images, flat, value=float(value))
    return F.pad(images.to(torch.float64), flat, value=float(value)).to(images.dtype)


def resample(images, axes, ops):
    images = convert_to_tensor(images)
    x = images
    for axis, (kind, data) in zip(axes, ops):
        if kind == "gather":
            x = torch.index_select(x, axis, torch.as_tensor(data, device=x.device))
        else:
            x = x.to(_compute_dtype(images))
            weights = torch.as_tensor(data, dtype=x.dtype, device=x.device)
            x = torch.movedim(torch.tensordot(x, weights, dims=([axis], [1])), -1, axis)
    return _restore_dtype(x, images.dtype)


_GRAY = np.array([0.2989, 0.5870, 0.1140])


def rgb_to_grayscale(images, axis):
    images = convert_to_tensor(images)
    x = images.to(_compute_dtype(images))
    weights = torch.as_tensor(_GRAY, dtype=x.dtype, device=x.device)
    gray = torch.tensordot(x, weights, dims=([axis], [0]))
    return _restore_dtype(gray.unsqueeze(axis), images.dtype)


def rgb_to_hsv(images, axis):
    x = convert_to_tensor(images)
    r, g, b = torch.unbind(x, dim=axis)
    value = torch.amax(x, dim=axis)
    delta = value - torch.amin(x, dim=axis)
    zero = torch.zeros_like(value)
    saturation = torch.where(value > 0, delta / torch.where(value > 0, value, 1), zero)
    safe = torch.where(delta > 0, delta, 1)
    hue = torch.where(value == r, (g - b) / safe,
                      torch.where(value == g, 2 + (b - r) / safe, 4 + (r - g) / safe))
    hue = torch.where(delta > 0, torch.remainder(hue / 6, 1.0), zero)
    return torch.stack([hue, saturation, value], dim=axis)


def hsv_to_rgb(images, axis):
    x = convert_to_tensor(images)
    h, s, v = torch.unbind(x, dim=axis)
    dh = h * 6
    r = torch.clip(torch.abs(dh - 3) - 1, 0, 1)
    g = torch.clip(2 - torch.abs(dh - 2), 0, 1)
    b = torch.clip(2 - torch.abs(dh - 4), 0, 1)
    rgb = torch.stack([r, g, b], dim=axis)
    return ((rgb - 1) * s.unsqueeze(axis) + 1) * v.unsqueeze(axis)


def reshape(x, shape):
    return torch.reshape(convert_to_tensor(x), shape)


def transpose(x, perm):
    return convert_to_tensor(x).permute(*perm)


def mean(x, axes):
    return torch.mean(convert_to_tensor(x), dim=tuple(axes))


def constant(value, like):
    """A NumPy constant as a tensor of `like`'s dtype (floatx for non-float `like`)."""
    like = convert_to_tensor(like)
    return torch.as_tensor(np.asarray(value), dtype=_compute_dtype(like), device=like.device)


def to_float(x):
    x = convert_to_tensor(x)
    return x.to(_compute_dtype(x))
