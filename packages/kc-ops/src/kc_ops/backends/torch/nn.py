"""nn functions of the torch backend (torch convolutions are channels_first: channels_last
inputs are permuted once on the way in and once on the way out)."""

import functools
import math

import torch
import torch.nn.functional as F

from kc_ops import config, dtypes, nn_utils
from kc_ops.backends.torch.core import NATIVE_TYPES, convert_to_tensor, to_native_dtype
from kc_ops.backends.torch.numpy import add, matmul


def _float(x):
    x = convert_to_tensor(x)
    if x.is_floating_point():
        return x
    return x.to(to_native_dtype(config.floatx()))


def _floats(*values):
    tensors = [convert_to_tensor(v) for v in values]
    first = tensors[0].dtype
    if first.is_floating_point and all(t.dtype == first for t in tensors):
        return tensors
    native = to_native_dtype(dtypes.result_type(*[t.dtype for t in tensors], float))
    return [t if t.dtype == native else t.to(native) for t in tensors]


def _like(value, x):
    return torch.as_tensor(value, dtype=x.dtype, device=x.device)


_LINEAR_DTYPES = {torch.float16, torch.bfloat16, torch.float32, torch.float64}


def linear(x, kernel, bias=None, relu=False):
    """One addmm for a matrix of native floats with a bias of its dtype (what torch.nn.Linear
    runs), relu applied in place to its fresh output; matmul then add, with the usual dtype
    promotion, otherwise."""
    if (bias is not None and type(x) in NATIVE_TYPES and type(kernel) in NATIVE_TYPES
            and type(bias) in NATIVE_TYPES and x.ndim == 2 and x.dtype in _LINEAR_DTYPES
            and x.dtype == kernel.dtype == bias.dtype):
        y = torch.addmm(bias, x, kernel)
        return y.relu_() if relu else y  # addmm's backward does not read its output
    y = matmul(x, kernel)
    y = y if bias is None else add(y, bias)
    return torch.relu(y) if relu else y


# ---------------------------------------------------------------------------------- activations


def relu(x):
    return torch.relu(x if type(x) in NATIVE_TYPES else convert_to_tensor(x))


def relu6(x):
    return F.relu6(convert_to_tensor(x))


def sigmoid(x):
    return torch.sigmoid(_float(x))


def sparse_sigmoid(x):
    x = _float(x)
    return torch.clip(0.5 * (x + 1), 0, 1)


def softplus(x):
    return F.softplus(_float(x))


def softsign(x):
    return F.softsign(_float(x))


def sparse_plus(x):
    x = _float(x)
    return torch.where(x <= -1, _like(0, x), torch.where(x >= 1, x, (x + 1) ** 2 / 4))


def silu(x):
    return F.silu(_float(x))


def squareplus(x, b=4):
    x = _float(x)
    return (x + torch.sqrt(x * x + b)) / 2


def log_sigmoid(x):
    return F.logsigmoid(_float(x))


def leaky_relu(x, negative_slope=0.2):
    return F.leaky_relu(_float(x), negative_slope=negative_slope)


def hard_sigmoid(x):
    return F.hardsigmoid(_float(x))


def hard_silu(x):
    return F.hardswish(_float(x))


def elu(x, alpha=1.0):
    return F.elu(_float(x), alpha=alpha)


def selu(x):
    return F.selu(_float(x))


def gelu(x, approximate=True):
    return F.gelu(_float(x), approximate="tanh" if approximate else "none")


def celu(x, alpha=1.0):
    return F.celu(_float(x), alpha=alpha)


def glu(x, axis=-1):
    return F.glu(_float(x), dim=axis)


def hard_tanh(x):
    return F.hardtanh(_float(x))


def hard_shrink(x, threshold=0.5):
    return F.hardshrink(_float(x), lambd=threshold)


def soft_shrink(x, threshold=0.5):
    return F.softshrink(_float(x), lambd=threshold)


def tanh_shrink(x):
    return F.tanhshrink(_float(x))


def threshold(x, threshold, default_value):
    x = convert_to_tensor(x)
    return torch.where(x > threshold, x, _like(default_value, x))


def softmax(x, axis=-1):
    x = _float(x)
    if isinstance(axis, int):
        return torch.softmax(x, dim=axis)
    return torch.exp(x - torch.logsumexp(x, dim=axis, keepdim=True))


def log_softmax(x, axis=-1):
    x = _float(x)
    if isinstance(axis, int):
        return torch.log_softmax(x, dim=axis)
    return x - torch.logsumexp(x, dim=axis, keepdim=True)


def sparsemax(x, axis=-1):
    x = _float(x)
    z = torch.movedim(x, axis, -1)
    z_sorted = torch.sort(z, dim=-1, descending=True).values
    cumsum = torch.cumsum(z_sorted, dim=-1)
    k = torch.arange(1, z.shape[-1] + 1, dtype=x.dtype, device=x.device)
    support = (1 + k * z_sorted) > cumsum
    k_z = torch.sum(support, dim=-1, keepdim=True)
    tau = (torch.gather(cumsum, -1, k_z - 1) - 1) / k_z.to(x.dtype)
    return torch.movedim(torch.clamp(z - tau, min=0), -1, axis)


# ------------------------------------------------------------------------------ losses, encodings


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    x = convert_to_tensor(x).long()
    dtype = to_native_dtype(dtype or config.floatx())
    classes = torch.arange(num_classes, device=x.device)
    out = (x.unsqueeze(-1) == classes).to(dtype)
    if axis != -1:
        out = torch.movedim(out, -1, axis)
    return out


def multi_hot(inputs, num_classes, axis=-1, dtype=None, sparse=False):
    inputs = convert_to_tensor(inputs)
    reduction_axis = 1 if inputs.ndim > 1 else 0
    return torch.amax(one_hot(inputs, num_classes, axis=axis, dtype=dtype), dim=reduction_axis)


def binary_crossentropy(target, output, from_logits=False):
    target, output = _floats(target, output)
    if from_logits:
        return torch.relu(output) - output * target + torch.log1p(torch.exp(-torch.abs(output)))
    eps = config.epsilon()
    output = torch.clip(output, eps, 1 - eps)
    return -(target * torch.log(output) + (1 - target) * torch.log(1 - output))


def _log_probs(output, from_logits, axis):
    if from_logits:
        return torch.log_softmax(output, dim=axis)
    eps = config.epsilon()
    output = output / torch.sum(output, dim=axis, keepdim=True)
    return torch.log(torch.clip(output, eps, 1 - eps))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _floats(target, output)
    return -torch.sum(target * _log_probs(output, from_logits, axis), dim=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1, squeeze=False):
    target = convert_to_tensor(target)
    output = _float(output)
    if squeeze:
        target = target[..., 0]
    if from_logits and output.ndim == 2 and axis in (-1, 1):  # (batch, classes): one fused kernel
        return torch.nn.functional.cross_entropy(output, target.long(), reduction="none")
    # A gather of the true class's log-probability: one kernel where a one-hot product is three.
    index = torch.unsqueeze(target.long(), axis)
    return -torch.squeeze(torch.gather(_log_probs(output, from_logits, axis), axis, index), axis)


def sparse_categorical_crossentropy_mean(target, output, from_logits=False, axis=-1, squeeze=False):
    """The batch mean of the above; cross_entropy's own mean for (batch, classes) logits."""
    if from_logits and getattr(output, "ndim", None) == 2 and axis in (-1, 1):
        if type(target) is not torch.Tensor:
            target = convert_to_tensor(target)
        if not (type(output) is torch.Tensor and output.is_floating_point()):
            output = _float(output)
        return torch.nn.functional.cross_entropy(
            output, (target[..., 0] if squeeze else target).long())
    return torch.mean(sparse_categorical_crossentropy(target, output, from_logits, axis, squeeze))


# ------------------------------------------------------------------------------- normalization


def moments(x, axes, keepdims=False):
    x = _float(x)
    xc = x.float() if x.dtype in (torch.float16, torch.bfloat16) else x
    mean = torch.mean(xc, dim=axes, keepdim=True)
    variance = torch.mean(torch.square(xc - mean.detach()), dim=axes, keepdim=keepdims)
    if not keepdims:
        mean = torch.squeeze(mean, dim=axes)
    return mean.to(x.dtype), variance.to(x.dtype)


def _broadcast_param(value, ndim, axis, dtype):
    value = convert_to_tensor(value).to(dtype)
    if value.ndim == 1 and ndim > 1:
        shape = [1] * ndim
        shape[axis] = value.shape[0]
        value = value.reshape(shape)
    return value


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    x = _float(x)
    mean, variance = (_broadcast_param(v, x.ndim, axis, x.dtype) for v in (mean, variance))
    inv = torch.rsqrt(variance + epsilon)
    if scale is not None:
        inv = inv * _broadcast_param(scale, x.ndim, axis, x.dtype)
    out = (x - mean) * inv
    if offset is not None:
        out = out + _broadcast_param(offset, x.ndim, axis, x.dtype)
    return out


def normalize(x, axis=-1, order=2, epsilon=1e-7):
    x = _float(x)
    if order == 2:
        norm = torch.sqrt(torch.sum(torch.square(x), dim=axis, keepdim=True))
    else:
        norm = torch.sum(torch.abs(x) ** order, dim=axis, keepdim=True) ** (1.0 / order)
    return x / torch.clamp(norm, min=epsilon)



def _axes_param(value, x, axes):
    """gamma / beta / scale with one value per normalized position, broadcast against x."""
    value = convert_to_tensor(value).to(x.dtype)
    if 0 < value.ndim == len(axes) < x.ndim and axes[-1] != x.ndim - 1:
        value = value.reshape([x.shape[i] if i in axes else 1 for i in range(x.ndim)])
    return value


def layer_normalization(x, gamma, beta, axes, epsilon):
    x = _float(x)
    mean, variance = moments(x, axes, keepdims=True)
    out = (x - mean) * torch.rsqrt(variance + epsilon)
    if gamma is not None:
        out = out * _axes_param(gamma, x, axes)
    if beta is not None:
        out = out + _axes_param(beta, x, axes)
    return out


def rms_normalization(x, scale, axes, epsilon):
    x = _float(x)
    out = x * torch.rsqrt(torch.mean(torch.square(x), dim=axes, keepdim=True) + epsilon)
    if scale is not None:
        out = out * _axes_param(scale, x, axes)
    return out


def psnr(x1, x2, max_val):
    x1, x2 = _floats(x1, x2)
    mse = torch.mean(torch.square(x1 - x2))
    max_val = torch.as_tensor(max_val, dtype=x1.dtype, device=x1.device)
    return 20 * torch.log10(max_val) - 10 * torch.log10(mse)


def polar(abs_, angle):
    abs_, angle = _floats(abs_, angle)
    return torch.polar(abs_, angle)


# ---------------------------------------------------------------------------- conv and pooling

_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
_CONV_T = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}
_MAX_POOL = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
_AVG_POOL = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}
_ADAPTIVE = {
    ("average", 1): F.adaptive_avg_pool1d, ("average", 2): F.adaptive_avg_pool2d,
    ("average", 3): F.adaptive_avg_pool3d, ("max", 1): F.adaptive_max_pool1d,
    ("max", 2): F.adaptive_max_pool2d, ("max", 3): F.adaptive_max_pool3d,
}


_TO_FIRST = {n: (0, n + 1, *range(1, n + 1)) for n in (1, 2, 3)}
_FROM_FIRST = {n: (0, *range(2, n + 2), 1) for n in (1, 2, 3)}
_KERNEL_PERM = {n: (n + 1, n, *range(n)) for n in (1, 2, 3)}


def _to_first(x, data_format):
    if data_format == "channels_last":
        return x.permute(_TO_FIRST[x.ndim - 2])
    return x


def _from_first(x, data_format):
    if data_format == "channels_last":
        return x.permute(_FROM_FIRST[x.ndim - 2])
    return x


def _torch_kernel(kernel, n):
    """(*spatial, in, out) -> (out, in, *spatial)."""
    return kernel.permute(_KERNEL_PERM[n])


@functools.lru_cache(maxsize=1024)
def _padding(spatial, kernel, strides, dilation, padding):
    """(symmetric padding for the torch op, F.pad list or None) for "valid" / "same"."""
    if padding == "valid":
        return 0, None
    pads = nn_utils.explicit_padding(spatial, kernel, strides, dilation, padding)
    if all(a == b for a, b in pads):
        return tuple(a for a, _ in pads), None
    return 0, [p for pair in reversed(pads) for p in pair]


def _same_float(a, b):
    return (type(a) is torch.Tensor and type(b) is torch.Tensor and a.dtype == b.dtype
            and a.is_floating_point())


def conv(inputs, kernel, strides, padding, data_format, dilation_rate):
    if not _same_float(inputs, kernel):
        inputs, kernel = _floats(inputs, kernel)
    n = inputs.ndim - 2
    x = _to_first(inputs, data_format)
    symmetric, flat = _padding(x.shape[2:], kernel.shape[:n], strides, dilation_rate, padding)
    if flat is not None:
        x = F.pad(x, flat)
    groups = x.shape[1] // kernel.shape[-2]
    out = _CONV[n](x, kernel.permute(_KERNEL_PERM[n]), None, strides, symmetric, dilation_rate,
                   groups)
    return _from_first(out, data_format)


def depthwise_conv(inputs, kernel, strides, padding, data_format, dilation_rate):
    inputs, kernel = _floats(inputs, kernel)
    n = inputs.ndim - 2
    channels = kernel.shape[-2]
    kernel = kernel.reshape(tuple(kernel.shape[:n]) + (1, -1))
    x = _to_first(inputs, data_format)
    symmetric, flat = _padding(x.shape[2:], kernel.shape[:n], strides, dilation_rate, padding)
    if flat is not None:
        x = F.pad(x, flat)
    out = _CONV[n](x, _torch_kernel(kernel, n), None, strides, symmetric, dilation_rate,
                   channels)
    return _from_first(out, data_format)


def conv_transpose(inputs, kernel, strides, pads, data_format, dilation_rate):
    inputs, kernel = _floats(inputs, kernel)
    n = inputs.ndim - 2
    x = _to_first(inputs, data_format)
    # torch's kernel layout for transposed convs is (in, out, *spatial); ours is
    # (*spatial, out, in). With no padding torch gives the "full" output, whose borders
    # correspond to pads of (k_eff - 1, k_eff - 1): crop (negative pad) or extend to ours.
    weight = kernel.permute(n + 1, n, *range(n))
    out = _CONV_T[n](x, weight, None, strides, 0, 0, 1, dilation_rate)
    adjust = []
    for (before, after), k, d in reversed(list(zip(pads, kernel.shape[:n], dilation_rate))):
        full = (k - 1) * d
        adjust += [before - full, after - full]
    if any(adjust):
        out = F.pad(out, adjust)
    return _from_first(out, data_format)


def _pool(inputs, pool_size, strides, padding, data_format, kind):
    x = convert_to_tensor(inputs) if kind == "max" else _float(inputs)
    n = x.ndim - 2
    x = _to_first(x, data_format)
    pads = nn_utils.explicit_padding(tuple(x.shape[2:]), pool_size, strides, (1,) * n, padding)
    flat = [p for pair in reversed(pads) for p in pair]
    if kind == "max":
        if any(flat):
            low = -math.inf if x.is_floating_point() else torch.iinfo(x.dtype).min
            x = F.pad(x, flat, value=low)
        out = _MAX_POOL[n](x, pool_size, strides)
    elif not any(flat):
        out = _AVG_POOL[n](x, pool_size, strides)
    else:  # padded positions do not count (TensorFlow's convention)
        total = _AVG_POOL[n](F.pad(x, flat), pool_size, strides)
        ones = torch.ones((1, 1, *x.shape[2:]), dtype=x.dtype, device=x.device)
        count = _AVG_POOL[n](F.pad(ones, flat), pool_size, strides)
        out = total / count
    return _from_first(out, data_format)


def max_pool(inputs, pool_size, strides, padding, data_format):
    return _pool(inputs, pool_size, strides, padding, data_format, "max")


def average_pool(inputs, pool_size, strides, padding, data_format):
    return _pool(inputs, pool_size, strides, padding, data_format, "average")


def adaptive_pool(inputs, output_size, data_format, kind):
    x = _float(inputs) if kind == "average" else convert_to_tensor(inputs)
    n = x.ndim - 2
    out = _ADAPTIVE[(kind, n)](_to_first(x, data_format), output_size)
    return _from_first(out, data_format)


# ------------------------------------------------------------------ attention, CTC, rearrangement

SUPPORTS_FLASH_ATTENTION = True


def dot_product_attention(query, key, value, bias, mask, scale, is_causal, soft_cap):
    q, k, v = _floats(query, key, value)
    groups = q.shape[-2] // k.shape[-2]
    if groups > 1:  # grouped-query attention: query head n reads key/value head n // groups
        k = torch.repeat_interleave(k, groups, dim=-2)
        v = torch.repeat_interleave(v, groups, dim=-2)
    # torch wants (..., heads, seq, dim).
    q, k, v = (t.transpose(-3, -2) for t in (q, k, v))
    if soft_cap is None and mask is None:  # the fused kernel
        attn_bias = None if bias is None else convert_to_tensor(bias).to(q.dtype)
        if attn_bias is not None and is_causal:
            causal = torch.ones(q.shape[-2], k.shape[-2], dtype=torch.bool,
                                device=q.device).tril()
            attn_bias = attn_bias.masked_fill(~causal, -math.inf)
            is_causal = False
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_bias, is_causal=is_causal,
                                             scale=scale)
        return out.transpose(-3, -2)
    compute = torch.float32 if q.dtype in (torch.float16, torch.bfloat16) else q.dtype
    logits = torch.matmul(q, k.transpose(-1, -2)).to(compute) * scale
    if bias is not None:
        logits = logits + convert_to_tensor(bias).to(compute)
    if soft_cap is not None:
        logits = soft_cap * torch.tanh(logits / soft_cap)
    keep = None if mask is None else convert_to_tensor(mask).to(torch.bool)
    if is_causal:
        causal = torch.ones(logits.shape[-2:], dtype=torch.bool, device=logits.device).tril()
        keep = causal if keep is None else keep & causal
    if keep is not None:
        logits = logits.masked_fill(~keep, -0.7 * torch.finfo(compute).max)
    probs = torch.softmax(logits, dim=-1).to(v.dtype)
    return torch.matmul(probs, v).transpose(-3, -2)


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    target = convert_to_tensor(target).long()
    logp = torch.log_softmax(_float(output), dim=-1)
    target_length = convert_to_tensor(target_length).long()
    output_length = convert_to_tensor(output_length).long()
    return F.ctc_loss(logp.transpose(0, 1), target, output_length, target_length,
                      blank=mask_index, reduction="none")


def ctc_greedy_decode(inputs, sequence_lengths, merge_repeated=True, mask_index=0):
    inputs = _float(inputs)
    lengths = convert_to_tensor(sequence_lengths).to(inputs.device)
    batch, steps, classes = inputs.shape
    if mask_index is None:
        mask_index = classes - 1
    scores, indices = torch.max(inputs, dim=-1)
    positions = torch.arange(steps, device=inputs.device)[None, :]
    beyond = positions >= lengths[:, None]
    indices = torch.where(beyond, mask_index, indices)
    scores = torch.where(beyond, torch.zeros_like(scores), scores)
    if merge_repeated:
        repeat = F.pad(indices[:, 1:] == indices[:, :-1], (1, 0))
        indices = torch.where(repeat, mask_index, indices)
    invalid = indices == mask_index
    indices = torch.where(invalid, -1, indices)
    order = torch.argsort(torch.where(invalid, steps, positions), dim=-1, stable=True)
    indices = torch.gather(indices, -1, order)
    return indices[None].to(torch.int32), -torch.sum(scores, dim=1)[:, None]


def ctc_beam_search_decode(inputs, sequence_lengths, beam_width=100, top_paths=1,
                           mask_index=0):
    from kc_ops.backends.numpy import nn as numpy_nn
    from kc_ops.backends.torch.core import convert_to_numpy

    # Decoding is not differentiable: the search runs on host values.
    logp = convert_to_numpy(torch.log_softmax(_float(inputs), dim=-1))
    if mask_index is None:
        mask_index = logp.shape[-1] - 1
    lengths = convert_to_numpy(convert_to_tensor(sequence_lengths))
    decoded, scores = numpy_nn.beam_search(logp, lengths, beam_width, top_paths, mask_index)
    return convert_to_tensor(decoded), convert_to_tensor(scores)


def depth_to_space(x, block_size, data_format="channels_last"):
    x = convert_to_tensor(x)
    b = block_size
    if data_format == "channels_last":
        n, h, w, c = x.shape
        x = x.reshape(n, h, w, b, b, c // (b * b)).permute(0, 1, 3, 2, 4, 5)
        return x.reshape(n, h * b, w * b, c // (b * b))
    n, c, h, w = x.shape
    x = x.reshape(n, b, b, c // (b * b), h, w).permute(0, 3, 4, 1, 5, 2)
    return x.reshape(n, c // (b * b), h * b, w * b)


def space_to_depth(x, block_size, data_format="channels_last"):
    x = convert_to_tensor(x)
    b = block_size
    if data_format == "channels_last":
        n, h, w, c = x.shape
        x = x.reshape(n, h // b, b, w // b, b, c).permute(0, 1, 3, 2, 4, 5)
        return x.reshape(n, h // b, w // b, b * b * c)
    n, c, h, w = x.shape
    x = x.reshape(n, c, h // b, b, w // b, b).permute(0, 3, 5, 1, 2, 4)
    return x.reshape(n, b * b * c, h // b, w // b)


def unfold(x, kernel_size, dilation, padding, stride):
    return F.unfold(convert_to_tensor(x), kernel_size, dilation, padding, stride)


def fold(x, output_size, kernel_size, dilation, padding, stride):
    return F.fold(convert_to_tensor(x), output_size, kernel_size, dilation, padding, stride)
