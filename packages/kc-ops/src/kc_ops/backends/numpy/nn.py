"""nn functions of the numpy backend (pure NumPy: convolutions use sliding windows + tensordot)."""

import math

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from kc_ops import config, dtypes, nn_utils
from kc_ops.backends.numpy.core import convert_to_tensor, to_native_dtype


def _float(x):
    """x as an array; non-float inputs become floatx."""
    x = convert_to_tensor(x)
    if x.dtype.kind == "f" or x.dtype.name == "bfloat16":
        return x
    return x.astype(to_native_dtype(config.floatx()))


def _floats(*values):
    arrays = [convert_to_tensor(v) for v in values]
    first = arrays[0].dtype
    if first.kind == "f" and all(a.dtype == first for a in arrays):
        return arrays
    dtype = dtypes.result_type(*[a.dtype for a in arrays], float)
    native = to_native_dtype(dtype)
    return [a if a.dtype == native else a.astype(native) for a in arrays]


def _const(value, like):
    return np.asarray(value, dtype=like.dtype)


# ---------------------------------------------------------------------------------- activations


def relu(x):
    x = convert_to_tensor(x)
    return np.maximum(x, _const(0, x))


def relu6(x):
    x = convert_to_tensor(x)
    return np.clip(x, _const(0, x), _const(6, x))


def sigmoid(x):
    x = _float(x)
    return (1 / (1 + np.exp(-x))).astype(x.dtype)


def sparse_sigmoid(x):
    x = _float(x)
    return np.clip(0.5 * (x + 1), 0, 1).astype(x.dtype)


def softplus(x):
    x = _float(x)
    return (np.logaddexp(x, _const(0, x))).astype(x.dtype)


def softsign(x):
    x = _float(x)
    return (x / (1 + np.abs(x))).astype(x.dtype)


def sparse_plus(x):
    x = _float(x)
    out = np.where(x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4))
    return out.astype(x.dtype)


def silu(x):
    x = _float(x)
    return (x * sigmoid(x)).astype(x.dtype)


def squareplus(x, b=4):
    x = _float(x)
    return ((x + np.sqrt(x * x + b)) / 2).astype(x.dtype)


def log_sigmoid(x):
    x = _float(x)
    return (-np.logaddexp(-x, _const(0, x))).astype(x.dtype)


def leaky_relu(x, negative_slope=0.2):
    x = _float(x)
    return np.where(x >= 0, x, x * negative_slope).astype(x.dtype)


def hard_sigmoid(x):
    x = _float(x)
    return np.clip(x / 6 + 0.5, 0, 1).astype(x.dtype)


def hard_silu(x):
    x = _float(x)
    return (x * hard_sigmoid(x)).astype(x.dtype)


def elu(x, alpha=1.0):
    x = _float(x)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))).astype(x.dtype)


def selu(x):
    alpha, scale = 1.6732632423543772, 1.0507009873554805
    x = _float(x)
    return (scale * elu(x, alpha)).astype(x.dtype)


_erf = np.vectorize(math.erf, otypes=[np.float64])


def gelu(x, approximate=True):
    x = _float(x)
    if approximate:
        inner = math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)
        return (0.5 * x * (1 + np.tanh(inner))).astype(x.dtype)
    return (0.5 * x * (1 + _erf(x / math.sqrt(2)))).astype(x.dtype)


def celu(x, alpha=1.0):
    x = _float(x)
    out = np.maximum(x, 0) + alpha * np.expm1(np.minimum(x, 0) / alpha)
    return out.astype(x.dtype)


def glu(x, axis=-1):
    x = _float(x)
    a, b = np.split(x, 2, axis=axis)
    return (a * sigmoid(b)).astype(x.dtype)


def hard_tanh(x):
    x = _float(x)
    return np.clip(x, _const(-1, x), _const(1, x))


def hard_shrink(x, threshold=0.5):
    x = _float(x)
    return np.where(np.abs(x) > threshold, x, 0).astype(x.dtype)


def soft_shrink(x, threshold=0.5):
    x = _float(x)
    out = np.where(x > threshold, x - threshold, np.where(x < -threshold, x + threshold, 0))
    return out.astype(x.dtype)


def tanh_shrink(x):
    x = _float(x)
    return (x - np.tanh(x)).astype(x.dtype)


def threshold(x, threshold, default_value):
    x = convert_to_tensor(x)
    return np.where(x > threshold, x, _const(default_value, x))


def softmax(x, axis=-1):
    x = _float(x)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return (e / np.sum(e, axis=axis, keepdims=True)).astype(x.dtype)


def log_softmax(x, axis=-1):
    x = _float(x)
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return (shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))).astype(x.dtype)


def sparsemax(x, axis=-1):
    x = _float(x)
    z = np.moveaxis(x, axis, -1)
    z_sorted = -np.sort(-z, axis=-1)
    cumsum = np.cumsum(z_sorted, axis=-1)
    k = np.arange(1, z.shape[-1] + 1, dtype=x.dtype)
    support = (1 + k * z_sorted) > cumsum
    k_z = np.sum(support, axis=-1, keepdims=True)
    tau = (np.take_along_axis(cumsum, k_z - 1, axis=-1) - 1) / k_z
    return np.moveaxis(np.maximum(z - tau, 0), -1, axis).astype(x.dtype)


# ------------------------------------------------------------------------------ losses, encodings


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    x = convert_to_tensor(x)
    dtype = to_native_dtype(dtype or config.floatx())
    out = (x[..., None] == np.arange(num_classes)).astype(dtype)
    if axis != -1:
        out = np.moveaxis(out, -1, axis)
    return out


def multi_hot(inputs, num_classes, axis=-1, dtype=None, sparse=False):
    inputs = convert_to_tensor(inputs)
    reduction_axis = 1 if inputs.ndim > 1 else 0
    return np.max(one_hot(inputs, num_classes, axis=axis, dtype=dtype), axis=reduction_axis)


def binary_crossentropy(target, output, from_logits=False):
    target, output = _floats(target, output)
    if from_logits:
        out = np.maximum(output, 0) - output * target + np.log1p(np.exp(-np.abs(output)))
    else:
        eps = config.epsilon()
        output = np.clip(output, eps, 1 - eps)
        out = -(target * np.log(output) + (1 - target) * np.log(1 - output))
    return out.astype(output.dtype)


def _log_probs(output, from_logits, axis):
    if from_logits:
        return log_softmax(output, axis)
    eps = config.epsilon()
    output = output / np.sum(output, axis=axis, keepdims=True)
    return np.log(np.clip(output, eps, 1 - eps))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _floats(target, output)
    out = -np.sum(target * _log_probs(output, from_logits, axis), axis=axis)
    return out.astype(output.dtype)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1, squeeze=False):
    target = convert_to_tensor(target)
    output = _float(output)
    if squeeze:
        target = target[..., 0]
    labels = one_hot(target.astype("int64"), output.shape[axis], axis=axis, dtype=output.dtype)
    out = -np.sum(labels * _log_probs(output, from_logits, axis), axis=axis)
    return out.astype(output.dtype)


# ------------------------------------------------------------------------------- normalization


def moments(x, axes, keepdims=False):
    x = _float(x)
    compute = np.float32 if x.dtype.itemsize < 4 else x.dtype
    xc = x.astype(compute)
    mean = np.mean(xc, axis=axes, keepdims=True)
    variance = np.mean(np.square(xc - mean), axis=axes, keepdims=keepdims)
    if not keepdims:
        mean = np.squeeze(mean, axis=axes)
    return mean.astype(x.dtype), variance.astype(x.dtype)


def _broadcast_param(value, ndim, axis, dtype):
    value = convert_to_tensor(value).astype(dtype)
    if value.ndim == 1 and ndim > 1:
        shape = [1] * ndim
        shape[axis] = value.shape[0]
        value = value.reshape(shape)
    return value


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    x = _float(x)
    p = [_broadcast_param(v, x.ndim, axis, x.dtype) if v is not None else None
         for v in (mean, variance, offset, scale)]
    inv = 1 / np.sqrt(p[1] + epsilon)
    if p[3] is not None:
        inv = inv * p[3]
    out = (x - p[0]) * inv
    if p[2] is not None:
        out = out + p[2]
    return out.astype(x.dtype)


def normalize(x, axis=-1, order=2, epsilon=1e-7):
    x = _float(x)
    if order == 2:
        norm = np.sqrt(np.sum(np.square(x), axis=axis, keepdims=True))
    else:
        norm = np.sum(np.abs(x) ** order, axis=axis, keepdims=True) ** (1.0 / order)
    return (x / np.maximum(norm, epsilon)).astype(x.dtype)



def _axes_param(value, x, axes):
    """gamma / beta / scale with one value per normalized position, broadcast against x."""
    value = convert_to_tensor(value).astype(x.dtype)
    if 0 < value.ndim == len(axes) < x.ndim and axes[-1] != x.ndim - 1:
        value = value.reshape([x.shape[i] if i in axes else 1 for i in range(x.ndim)])
    return value


def layer_normalization(x, gamma, beta, axes, epsilon):
    x = _float(x)
    mean, variance = moments(x, axes, keepdims=True)
    out = (x - mean) / np.sqrt(variance + epsilon)
    if gamma is not None:
        out = out * _axes_param(gamma, x, axes)
    if beta is not None:
        out = out + _axes_param(beta, x, axes)
    return out.astype(x.dtype)


def rms_normalization(x, scale, axes, epsilon):
    x = _float(x)
    out = x / np.sqrt(np.mean(np.square(x), axis=axes, keepdims=True) + epsilon)
    if scale is not None:
        out = out * _axes_param(scale, x, axes)
    return out.astype(x.dtype)


def psnr(x1, x2, max_val):
    x1, x2 = _floats(x1, x2)
    mse = np.mean(np.square(x1 - x2))
    return (20 * np.log10(max_val) - 10 * np.log10(mse)).astype(x1.dtype)


def polar(abs_, angle):
    abs_, angle = _floats(abs_, angle)
    return abs_ * np.cos(angle) + 1j * abs_ * np.sin(angle)


# ---------------------------------------------------------------------------- conv and pooling


def _channels_last(x, data_format):
    return np.moveaxis(x, 1, -1) if data_format == "channels_first" else x


def _restore_format(x, data_format):
    return np.moveaxis(x, -1, 1) if data_format == "channels_first" else x


def _windows(x, kernel, strides, dilation, pads, pad_value=0):
    """Sliding windows of a channels_last x: shape (N, *out_spatial, C, *kernel)."""
    n = len(kernel)
    if any(p != (0, 0) for p in pads):
        x = np.pad(x, [(0, 0), *pads, (0, 0)], constant_values=pad_value)
    effective = [(k - 1) * d + 1 for k, d in zip(kernel, dilation)]
    w = sliding_window_view(x, effective, axis=tuple(range(1, n + 1)))
    index = ((slice(None),) + tuple(slice(None, None, s) for s in strides) + (slice(None),)
             + tuple(slice(None, None, d) for d in dilation))
    return w[index]


def _conv_last(x, kernel, strides, pads, dilation):
    """Convolution of a channels_last x with explicit (before, after) pads."""
    n = x.ndim - 2
    w = _windows(x, kernel.shape[:n], strides, dilation, pads)
    cin = kernel.shape[-2]
    groups = x.shape[-1] // cin
    w_axes = (n + 1, *range(n + 2, 2 * n + 2))
    k_axes = (n, *range(n))
    if groups == 1:
        return np.tensordot(w, kernel, axes=(w_axes, k_axes))
    cout = kernel.shape[-1] // groups
    outs = [
        np.tensordot(w[(slice(None),) * (n + 1) + (slice(g * cin, (g + 1) * cin),)],
                     kernel[..., g * cout:(g + 1) * cout], axes=(w_axes, k_axes))
        for g in range(groups)
    ]
    return np.concatenate(outs, axis=-1)


def conv(inputs, kernel, strides, padding, data_format, dilation_rate):
    inputs, kernel = _floats(inputs, kernel)
    x = _channels_last(inputs, data_format)
    n = x.ndim - 2
    pads = nn_utils.explicit_padding(x.shape[1:-1], kernel.shape[:n], strides, dilation_rate,
                                     padding)
    out = _conv_last(x, kernel, strides, pads, dilation_rate)
    return _restore_format(out.astype(inputs.dtype), data_format)


def depthwise_conv(inputs, kernel, strides, padding, data_format, dilation_rate):
    inputs, kernel = _floats(inputs, kernel)
    x = _channels_last(inputs, data_format)
    n = x.ndim - 2
    pads = nn_utils.explicit_padding(x.shape[1:-1], kernel.shape[:n], strides, dilation_rate,
                                     padding)
    w = _windows(x, kernel.shape[:n], strides, dilation_rate, pads)
    letters = "abcdefgh"[:n]
    spatial = "opq"[:n]
    out = np.einsum(f"N{spatial}C{letters},{letters}CM->N{spatial}CM", w, kernel)
    out = out.reshape(out.shape[:-2] + (-1,))
    return _restore_format(out.astype(inputs.dtype), data_format)


def conv_transpose(inputs, kernel, strides, pads, data_format, dilation_rate):
    inputs, kernel = _floats(inputs, kernel)
    x = _channels_last(inputs, data_format)
    n = x.ndim - 2
    # Insert (stride - 1) zeros between input elements, then a stride-1 convolution with the
    # spatially flipped kernel (in/out swapped) is the transposed convolution.
    dilated_shape = (x.shape[0], *[(s - 1) * st + 1 for s, st in zip(x.shape[1:-1], strides)],
                     x.shape[-1])
    dilated = np.zeros(dilated_shape, dtype=x.dtype)
    dilated[(slice(None),) + tuple(slice(None, None, st) for st in strides)] = x
    flipped = np.swapaxes(kernel[(slice(None, None, -1),) * n], -1, -2)
    out = _conv_last(dilated, flipped, (1,) * n, pads, dilation_rate)
    return _restore_format(out.astype(inputs.dtype), data_format)


def _pool(inputs, pool_size, strides, padding, data_format, kind):
    x = _channels_last(convert_to_tensor(inputs), data_format)
    n = x.ndim - 2
    pads = nn_utils.explicit_padding(x.shape[1:-1], pool_size, strides, (1,) * n, padding)
    reduce_axes = tuple(range(-n, 0))
    if kind == "max":
        low = -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
        w = _windows(x, pool_size, strides, (1,) * n, pads, pad_value=low)
        out = np.max(w, axis=reduce_axes)
    else:
        x = _float(x)
        w = _windows(x, pool_size, strides, (1,) * n, pads)
        out = np.sum(w, axis=reduce_axes)
        if padding == "same":  # padded positions do not count (TensorFlow's convention)
            ones = np.ones((1, *x.shape[1:-1], 1), dtype=x.dtype)
            count = np.sum(_windows(ones, pool_size, strides, (1,) * n, pads), axis=reduce_axes)
            out = out / count
        else:
            out = out / math.prod(pool_size)
        out = out.astype(x.dtype)
    return _restore_format(out, data_format)


def max_pool(inputs, pool_size, strides, padding, data_format):
    return _pool(inputs, pool_size, strides, padding, data_format, "max")


def average_pool(inputs, pool_size, strides, padding, data_format):
    return _pool(inputs, pool_size, strides, padding, data_format, "average")


def adaptive_pool(inputs, output_size, data_format, kind):
    x = _channels_last(_float(inputs) if kind == "average" else convert_to_tensor(inputs),
                       data_format)
    reduce = np.mean if kind == "average" else np.max
    for axis, out_len in enumerate(output_size, start=1):
        length = x.shape[axis]
        pieces = []
        for i in range(out_len):
            start, end = (i * length) // out_len, -(-((i + 1) * length) // out_len)
            pieces.append(reduce(np.take(x, np.arange(start, end), axis=axis), axis=axis,
                                 keepdims=True))
        x = np.concatenate(pieces, axis=axis).astype(x.dtype)
    return _restore_format(x, data_format)


# ------------------------------------------------------------------ attention, CTC, rearrangement

SUPPORTS_FLASH_ATTENTION = False


def dot_product_attention(query, key, value, bias, mask, scale, is_causal, soft_cap):
    q, k, v = _floats(query, key, value)
    groups = q.shape[-2] // k.shape[-2]
    if groups > 1:  # grouped-query attention: query head n reads key/value head n // groups
        k, v = np.repeat(k, groups, axis=-2), np.repeat(v, groups, axis=-2)
    compute = np.float32 if q.dtype.itemsize < 4 else q.dtype
    logits = np.einsum("...tnh,...snh->...nts", q, k).astype(compute) * scale
    if bias is not None:
        logits = logits + convert_to_tensor(bias).astype(compute)
    if soft_cap is not None:
        logits = soft_cap * np.tanh(logits / soft_cap)
    keep = None if mask is None else convert_to_tensor(mask).astype(bool)
    if is_causal:
        causal = np.tril(np.ones(logits.shape[-2:], dtype=bool))
        keep = causal if keep is None else keep & causal
    if keep is not None:
        logits = np.where(keep, logits, -0.7 * np.finfo(compute).max)
    probs = softmax(logits, axis=-1).astype(v.dtype)
    return np.einsum("...nts,...snh->...tnh", probs, v)


_NEG = -1e30


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    target = convert_to_tensor(target).astype("int64")
    logp = log_softmax(_float(output), axis=-1)
    target_length = convert_to_tensor(target_length).astype("int64")
    output_length = convert_to_tensor(output_length).astype("int64")
    batch, steps, _ = logp.shape
    # Extended labels: blank, l1, blank, l2, ..., blank.
    ext = np.full((batch, 2 * target.shape[1] + 1), mask_index, dtype="int64")
    ext[:, 1::2] = target
    skip = np.zeros(ext.shape, dtype=bool)
    skip[:, 2:] = (ext[:, 2:] != mask_index) & (ext[:, 2:] != ext[:, :-2])
    alpha = np.full(ext.shape, _NEG, dtype=logp.dtype)
    emit = np.take_along_axis(logp[:, 0], ext, axis=1)
    alpha[:, :2] = emit[:, :2]
    for t in range(1, steps):
        prev1 = np.pad(alpha, ((0, 0), (1, 0)), constant_values=_NEG)[:, :-1]
        prev2 = np.where(skip, np.pad(alpha, ((0, 0), (2, 0)), constant_values=_NEG)[:, :-2],
                         _NEG)
        new = np.logaddexp(np.logaddexp(alpha, prev1), prev2)
        new = new + np.take_along_axis(logp[:, t], ext, axis=1)
        alpha = np.where((t < output_length)[:, None], new, alpha)
    rows = np.arange(batch)
    last = alpha[rows, 2 * target_length]
    before = np.where(target_length > 0, alpha[rows, np.maximum(2 * target_length - 1, 0)], _NEG)
    return (-np.logaddexp(last, before)).astype(logp.dtype)


def ctc_greedy_decode(inputs, sequence_lengths, merge_repeated=True, mask_index=0):
    inputs = _float(inputs)
    lengths = convert_to_tensor(sequence_lengths)
    batch, steps, classes = inputs.shape
    if mask_index is None:
        mask_index = classes - 1
    indices = np.argmax(inputs, axis=-1)
    scores = np.max(inputs, axis=-1)
    beyond = np.arange(steps)[None, :] >= lengths[:, None]
    indices = np.where(beyond, mask_index, indices)
    scores = np.where(beyond, 0, scores)
    if merge_repeated:
        repeat = np.pad(indices[:, 1:] == indices[:, :-1], ((0, 0), (1, 0)))
        indices = np.where(repeat, mask_index, indices)
    invalid = indices == mask_index
    indices = np.where(invalid, -1, indices)
    order = np.argsort(np.where(invalid, steps, np.arange(steps)[None, :]), axis=-1,
                       kind="stable")
    indices = np.take_along_axis(indices, order, axis=-1)
    return indices[None].astype("int32"), (-np.sum(scores, axis=1)[:, None]).astype(inputs.dtype)


def depth_to_space(x, block_size, data_format="channels_last"):
    x = convert_to_tensor(x)
    b = block_size
    if data_format == "channels_last":
        n, h, w, c = x.shape
        x = x.reshape(n, h, w, b, b, c // (b * b)).transpose(0, 1, 3, 2, 4, 5)
        return x.reshape(n, h * b, w * b, c // (b * b))
    n, c, h, w = x.shape
    x = x.reshape(n, b, b, c // (b * b), h, w).transpose(0, 3, 4, 1, 5, 2)
    return x.reshape(n, c // (b * b), h * b, w * b)


def space_to_depth(x, block_size, data_format="channels_last"):
    x = convert_to_tensor(x)
    b = block_size
    if data_format == "channels_last":
        n, h, w, c = x.shape
        x = x.reshape(n, h // b, b, w // b, b, c).transpose(0, 1, 3, 2, 4, 5)
        return x.reshape(n, h // b, w // b, b * b * c)
    n, c, h, w = x.shape
    x = x.reshape(n, c, h // b, b, w // b, b).transpose(0, 3, 5, 1, 2, 4)
    return x.reshape(n, b * b * c, h // b, w // b)


def _unfold_geometry(size, kernel, dilation, padding, stride):
    return [(s + 2 * p - d * (k - 1) - 1) // st + 1
            for s, k, d, p, st in zip(size, kernel, dilation, padding, stride)]


def _kernel_slices(kernel, dilation, stride, out):
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            yield (slice(None), slice(None),
                   slice(i * dilation[0], i * dilation[0] + stride[0] * (out[0] - 1) + 1,
                         stride[0]),
                   slice(j * dilation[1], j * dilation[1] + stride[1] * (out[1] - 1) + 1,
                         stride[1]))


def unfold(x, kernel_size, dilation, padding, stride):
    x = convert_to_tensor(x)
    n, c, h, w = x.shape
    out = _unfold_geometry((h, w), kernel_size, dilation, padding, stride)
    x = np.pad(x, ((0, 0), (0, 0), (padding[0],) * 2, (padding[1],) * 2))
    patches = [x[index] for index in _kernel_slices(kernel_size, dilation, stride, out)]
    return np.stack(patches, axis=2).reshape(n, -1, out[0] * out[1])


def fold(x, output_size, kernel_size, dilation, padding, stride):
    x = convert_to_tensor(x)
    n = x.shape[0]
    out = _unfold_geometry(output_size, kernel_size, dilation, padding, stride)
    x = x.reshape(n, -1, kernel_size[0] * kernel_size[1], out[0], out[1])
    result = np.zeros((n, x.shape[1], output_size[0] + 2 * padding[0],
                       output_size[1] + 2 * padding[1]), dtype=x.dtype)
    for k, index in enumerate(_kernel_slices(kernel_size, dilation, stride, out)):
        result[index] += x[:, :, k]
    return result[:, :, padding[0]:padding[0] + output_size[0],
                  padding[1]:padding[1] + output_size[1]]


def beam_search(logp, lengths, beam_width, top_paths, blank):
    """CTC prefix beam search on NumPy log-probabilities (batch, time, classes).

    Returns decoded (top_paths, batch, time) padded with -1 and scores (batch, top_paths).
    """
    batch, steps, classes = logp.shape
    decoded = np.full((top_paths, batch, steps), -1, dtype="int32")
    scores = np.full((batch, top_paths), -np.inf, dtype=logp.dtype)
    for b in range(batch):
        beams = {(): (0.0, -np.inf)}  # prefix -> (log p ending in blank, ending in non-blank)
        for t in range(int(lengths[b])):
            row = logp[b, t]
            nxt = {}

            def add(prefix, blank_p, char_p):
                old = nxt.get(prefix, (-np.inf, -np.inf))
                nxt[prefix] = (np.logaddexp(old[0], blank_p), np.logaddexp(old[1], char_p))

            for prefix, (pb, pnb) in beams.items():
                total = np.logaddexp(pb, pnb)
                add(prefix, total + row[blank], -np.inf)
                for c in range(classes):
                    if c == blank:
                        continue
                    if prefix and prefix[-1] == c:
                        add(prefix + (c,), -np.inf, pb + row[c])
                        add(prefix, -np.inf, pnb + row[c])
                    else:
                        add(prefix + (c,), -np.inf, total + row[c])
            ranked = sorted(nxt.items(), key=lambda item: -np.logaddexp(*item[1]))
            beams = dict(ranked[:beam_width])
        ranked = sorted(beams.items(), key=lambda item: -np.logaddexp(*item[1]))[:top_paths]
        for k, (prefix, probs) in enumerate(ranked):
            decoded[k, b, :len(prefix)] = prefix
            scores[b, k] = np.logaddexp(*probs)
    return decoded, scores


def ctc_beam_search_decode(inputs, sequence_lengths, beam_width=100, top_paths=1,
                           mask_index=0):
    logp = log_softmax(_float(inputs), axis=-1)
    if mask_index is None:
        mask_index = logp.shape[-1] - 1
    lengths = convert_to_tensor(sequence_lengths)
    return beam_search(logp, lengths, beam_width, top_paths, mask_index)
