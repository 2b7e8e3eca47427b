"""image functions of the torch backend."""

import functools
import itertools

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


def _remap(index, size, mode):
    """Map integer indices outside [0, size) back inside, per fill mode."""
    if mode == "wrap":
        return torch.remainder(index, size)
    if mode == "mirror":  # whole-sample symmetric: edge pixel not repeated
        if size == 1:
            return torch.zeros_like(index)
        period = 2 * size - 2
        index = torch.remainder(index, period)
        return torch.where(index >= size, period - index, index)
    if mode == "reflect":  # half-sample symmetric: edge pixel repeated
        index = torch.remainder(index, 2 * size)
        return torch.where(index >= size, 2 * size - 1 - index, index)
    return torch.clip(index, 0, size - 1)


def interpolate(x, coords, order, fill_mode, fill_value, batched=False):
    """Sample x at float `coords` (one tensor per leading spatial dim, after an optional batch
    dim when `batched`); trailing dims of x are carried along."""
    x = convert_to_tensor(x)
    dtype = _compute_dtype(x)
    coords = [convert_to_tensor(c).to(dtype) for c in coords]
    first = 1 if batched else 0
    if batched:  # coords (1 or N, *out) -> (N, *out); batch_index addresses dim 0
        batch = x.shape[0]
        coords = [c.expand((batch,) + tuple(c.shape[1:])) for c in coords]
        batch_index = torch.arange(batch, device=x.device).reshape(
            (batch,) + (1,) * (coords[0].ndim - 1))
    sizes = x.shape[first:first + len(coords)]
    rest = x.ndim - first - len(coords)
    corners = []
    for c in coords:
        if order == 0:
            corners.append([(torch.floor(c + 0.5).long(), None)])
        else:
            lower = torch.floor(c)
            frac = c - lower
            lower = lower.long()
            corners.append([(lower, 1 - frac), (lower + 1, frac)])
    result = 0
    for combo in itertools.product(*corners):
        index = tuple(_remap(i, n, fill_mode) for (i, _), n in zip(combo, sizes))
        if batched:
            index = (batch_index,) + index
        value = x[index].to(dtype)
        if fill_mode == "constant":
            valid = functools.reduce(
                torch.logical_and, [(i >= 0) & (i < n) for (i, _), n in zip(combo, sizes)])
            fill = torch.as_tensor(fill_value, dtype=dtype, device=value.device)
            value = torch.where(valid.reshape(valid.shape + (1,) * rest), value, fill)
        weights = [w for _, w in combo if w is not None]
        if weights:
            weight = functools.reduce(torch.mul, weights)
            value = value * weight.reshape(weight.shape + (1,) * rest)
        result = result + value
    return _restore_dtype(result, x.dtype)


def solve(a, b):
    return torch.linalg.solve(convert_to_tensor(a), convert_to_tensor(b))


def stack(values, axis):
    return torch.stack([convert_to_tensor(v) for v in values], dim=axis)
