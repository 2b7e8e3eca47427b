"""nn functions of the jax backend."""

import functools
import math

import jax
import jax.numpy as jnp
from jax import lax

from kc_ops import config, dtypes
from kc_ops.backends.jax.core import convert_to_tensor, to_native_dtype


def _float(x):
    x = convert_to_tensor(x)
    if jnp.issubdtype(x.dtype, jnp.floating):
        return x
    return x.astype(to_native_dtype(config.floatx()))


def _floats(*values):
    arrays = [convert_to_tensor(v) for v in values]
    native = to_native_dtype(dtypes.result_type(*[a.dtype for a in arrays], float))
    return [a if a.dtype == native else a.astype(native) for a in arrays]


# ---------------------------------------------------------------------------------- activations


def relu(x):
    return jax.nn.relu(convert_to_tensor(x))


def relu6(x):
    return jax.nn.relu6(convert_to_tensor(x))


def sigmoid(x):
    return jax.nn.sigmoid(_float(x))


def sparse_sigmoid(x):
    x = _float(x)
    return jnp.clip(0.5 * (x + 1), 0, 1).astype(x.dtype)


def softplus(x):
    return jax.nn.softplus(_float(x))


def softsign(x):
    return jax.nn.soft_sign(_float(x))


def sparse_plus(x):
    x = _float(x)
    return jnp.where(x <= -1, 0, jnp.where(x >= 1, x, (x + 1) ** 2 / 4)).astype(x.dtype)


def silu(x):
    return jax.nn.silu(_float(x))


def squareplus(x, b=4):
    x = _float(x)
    return ((x + jnp.sqrt(x * x + b)) / 2).astype(x.dtype)


def log_sigmoid(x):
    return jax.nn.log_sigmoid(_float(x))


def leaky_relu(x, negative_slope=0.2):
    return jax.nn.leaky_relu(_float(x), negative_slope=negative_slope)


def hard_sigmoid(x):
    x = _float(x)
    return jnp.clip(x / 6 + 0.5, 0, 1).astype(x.dtype)


def hard_silu(x):
    x = _float(x)
    return x * hard_sigmoid(x)


def elu(x, alpha=1.0):
    return jax.nn.elu(_float(x), alpha=alpha)


def selu(x):
    return jax.nn.selu(_float(x))


def gelu(x, approximate=True):
    return jax.nn.gelu(_float(x), approximate=approximate)


def celu(x, alpha=1.0):
    return jax.nn.celu(_float(x), alpha=alpha)


def glu(x, axis=-1):
    return jax.nn.glu(_float(x), axis=axis)


def hard_tanh(x):
    x = _float(x)
    return jnp.clip(x, -1, 1).astype(x.dtype)


def hard_shrink(x, threshold=0.5):
    x = _float(x)
    return jnp.where(jnp.abs(x) > threshold, x, 0).astype(x.dtype)


def soft_shrink(x, threshold=0.5):
    x = _float(x)
    out = jnp.where(x > threshold, x - threshold, jnp.where(x < -threshold, x + threshold, 0))
    return out.astype(x.dtype)


def tanh_shrink(x):
    x = _float(x)
    return x - jnp.tanh(x)


def threshold(x, threshold, default_value):
    x = convert_to_tensor(x)
    return jnp.where(x > threshold, x, jnp.asarray(default_value, dtype=x.dtype))


def softmax(x, axis=-1):
    return jax.nn.softmax(_float(x), axis=axis)


def log_softmax(x, axis=-1):
    return jax.nn.log_softmax(_float(x), axis=axis)


def sparsemax(x, axis=-1):
    x = _float(x)
    z = jnp.moveaxis(x, axis, -1)
    z_sorted = -jnp.sort(-z, axis=-1)
    cumsum = jnp.cumsum(z_sorted, axis=-1)
    k = jnp.arange(1, z.shape[-1] + 1, dtype=x.dtype)
    support = (1 + k * z_sorted) > cumsum
    k_z = jnp.sum(support, axis=-1, keepdims=True)
    tau = (jnp.take_along_axis(cumsum, k_z - 1, axis=-1) - 1) / k_z
    return jnp.moveaxis(jnp.maximum(z - tau, 0), -1, axis).astype(x.dtype)


# ------------------------------------------------------------------------------ losses, encodings


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    x = convert_to_tensor(x)
    dtype = to_native_dtype(dtype or config.floatx())
    return jax.nn.one_hot(x, num_classes, axis=axis, dtype=dtype)


def multi_hot(inputs, num_classes, axis=-1, dtype=None, sparse=False):
    inputs = convert_to_tensor(inputs)
    reduction_axis = 1 if inputs.ndim > 1 else 0
    return jnp.max(one_hot(inputs, num_classes, axis=axis, dtype=dtype), axis=reduction_axis)


def binary_crossentropy(target, output, from_logits=False):
    target, output = _floats(target, output)
    if from_logits:
        return jnp.maximum(output, 0) - output * target + jnp.log1p(jnp.exp(-jnp.abs(output)))
    eps = config.epsilon()
    output = jnp.clip(output, eps, 1 - eps)
    return -(target * jnp.log(output) + (1 - target) * jnp.log(1 - output))


def _log_probs(output, from_logits, axis):
    if from_logits:
        return jax.nn.log_softmax(output, axis=axis)
    eps = config.epsilon()
    output = output / jnp.sum(output, axis=axis, keepdims=True)
    return jnp.log(jnp.clip(output, eps, 1 - eps))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _floats(target, output)
    return -jnp.sum(target * _log_probs(output, from_logits, axis), axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1, squeeze=False):
    target = convert_to_tensor(target)
    output = _float(output)
    if squeeze:
        target = target[..., 0]
    labels = jax.nn.one_hot(target.astype("int32"), output.shape[axis], axis=axis,
                            dtype=output.dtype)
    return -jnp.sum(labels * _log_probs(output, from_logits, axis), axis=axis)


# ------------------------------------------------------------------------------- normalization


def moments(x, axes, keepdims=False):
    x = _float(x)
    compute = jnp.float32 if x.dtype.itemsize < 4 else x.dtype
    xc = x.astype(compute)
    mean = jnp.mean(xc, axis=axes, keepdims=True)
    variance = jnp.mean(jnp.square(xc - lax.stop_gradient(mean)), axis=axes, keepdims=keepdims)
    if not keepdims:
        mean = jnp.squeeze(mean, axis=axes)
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
    mean, variance = (_broadcast_param(v, x.ndim, axis, x.dtype) for v in (mean, variance))
    inv = lax.rsqrt(variance + epsilon)
    if scale is not None:
        inv = inv * _broadcast_param(scale, x.ndim, axis, x.dtype)
    out = (x - mean) * inv
    if offset is not None:
        out = out + _broadcast_param(offset, x.ndim, axis, x.dtype)
    return out


def normalize(x, axis=-1, order=2, epsilon=1e-7):
    x = _float(x)
    if order == 2:
        norm = jnp.sqrt(jnp.sum(jnp.square(x), axis=axis, keepdims=True))
    else:
        norm = jnp.sum(jnp.abs(x) ** order, axis=axis, keepdims=True) ** (1.0 / order)
    return x / jnp.maximum(norm, epsilon)



def _axes_param(value, x, axes):
    """gamma / beta / scale with one value per normalized position, broadcast against x."""
    value = convert_to_tensor(value).astype(x.dtype)
    if 0 < value.ndim == len(axes) < x.ndim and axes[-1] != x.ndim - 1:
        value = value.reshape([x.shape[i] if i in axes else 1 for i in range(x.ndim)])
    return value


def layer_normalization(x, gamma, beta, axes, epsilon):
    x = _float(x)
    mean, variance = moments(x, axes, keepdims=True)
    out = (x - mean) * lax.rsqrt(variance + epsilon)
    if gamma is not None:
        out = out * _axes_param(gamma, x, axes)
    if beta is not None:
        out = out + _axes_param(beta, x, axes)
    return out


def rms_normalization(x, scale, axes, epsilon):
    x = _float(x)
    out = x * lax.rsqrt(jnp.mean(jnp.square(x), axis=axes, keepdims=True) + epsilon)
    if scale is not None:
        out = out * _axes_param(scale, x, axes)
    return out


def psnr(x1, x2, max_val):
    x1, x2 = _floats(x1, x2)
    mse = jnp.mean(jnp.square(x1 - x2))
    return (20 * jnp.log10(max_val) - 10 * jnp.log10(mse)).astype(x1.dtype)


def polar(abs_, angle):
    abs_, angle = _floats(abs_, angle)
    return lax.complex(abs_ * jnp.cos(angle), abs_ * jnp.sin(angle))


# ---------------------------------------------------------------------------- conv and pooling

_SPATIAL = "DHW"


def _dimension_numbers(n, data_format):
    spatial = _SPATIAL[-n:]
    lhs = "N" + spatial + "C" if data_format == "channels_last" else "NC" + spatial
    return lhs, spatial + "IO", lhs


def conv(inputs, kernel, strides, padding, data_format, dilation_rate):
    inputs, kernel = _floats(inputs, kernel)
    n = inputs.ndim - 2
    channels = inputs.shape[-1 if data_format == "channels_last" else 1]
    return lax.conv_general_dilated(
        inputs, kernel, strides, padding.upper(), rhs_dilation=dilation_rate,
        dimension_numbers=_dimension_numbers(n, data_format),
        feature_group_count=channels // kernel.shape[-2],
    )


def depthwise_conv(inputs, kernel, strides, padding, data_format, dilation_rate):
    inputs, kernel = _floats(inputs, kernel)
    n = inputs.ndim - 2
    channels = kernel.shape[-2]
    kernel = kernel.reshape(kernel.shape[:n] + (1, channels * kernel.shape[-1]))
    return lax.conv_general_dilated(
        inputs, kernel, strides, padding.upper(), rhs_dilation=dilation_rate,
        dimension_numbers=_dimension_numbers(n, data_format), feature_group_count=channels,
    )


def conv_transpose(inputs, kernel, strides, pads, data_format, dilation_rate):
    inputs, kernel = _floats(inputs, kernel)
    n = inputs.ndim - 2
    flipped = jnp.swapaxes(jnp.flip(kernel, axis=tuple(range(n))), -1, -2)
    return lax.conv_general_dilated(
        inputs, flipped, (1,) * n, pads, lhs_dilation=strides, rhs_dilation=dilation_rate,
        dimension_numbers=_dimension_numbers(n, data_format),
    )


def _window_args(n, pool_size, strides, data_format):
    if data_format == "channels_last":
        return (1, *pool_size, 1), (1, *strides, 1)
    return (1, 1, *pool_size), (1, 1, *strides)


def max_pool(inputs, pool_size, strides, padding, data_format):
    x = convert_to_tensor(inputs)
    window, stride = _window_args(x.ndim - 2, pool_size, strides, data_format)
    # A Python-scalar identity lets JAX recognise the max reduction (and differentiate it).
    low = -jnp.inf if jnp.issubdtype(x.dtype, jnp.floating) else int(jnp.iinfo(x.dtype).min)
    return lax.reduce_window(x, low, lax.max, window, stride, padding.upper())


def average_pool(inputs, pool_size, strides, padding, data_format):
    x = _float(inputs)
    window, stride = _window_args(x.ndim - 2, pool_size, strides, data_format)
    zero = 0.0
    total = lax.reduce_window(x, zero, lax.add, window, stride, padding.upper())
    if padding == "valid":
        return total / math.prod(pool_size)
    # Padded positions do not count (TensorFlow's convention).
    ones_shape = [1 if i == 0 or w == 1 and s == 1 else d
                  for i, (d, w, s) in enumerate(zip(x.shape, window, stride))]
    ones = jnp.ones(ones_shape, x.dtype)
    count = lax.reduce_window(ones, zero, lax.add, window, stride, padding.upper())
    return total / count


def adaptive_pool(inputs, output_size, data_format, kind):
    x = _float(inputs) if kind == "average" else convert_to_tensor(inputs)
    first = 1 if data_format == "channels_last" else 2
    reduce = jnp.mean if kind == "average" else jnp.max
    for i, out_len in enumerate(output_size):
        axis = first + i
        length = x.shape[axis]
        pieces = [
            reduce(lax.slice_in_dim(x, (j * length) // out_len,
                                    -(-((j + 1) * length) // out_len), axis=axis),
                   axis=axis, keepdims=True)
            for j in range(out_len)
        ]
        x = jnp.concatenate(pieces, axis=axis)
    return x


# ------------------------------------------------------------------ attention, CTC, rearrangement

SUPPORTS_FLASH_ATTENTION = True


def dot_product_attention(query, key, value, bias, mask, scale, is_causal, soft_cap):
    q, k, v = _floats(query, key, value)
    if soft_cap is None and q.dtype != jnp.float64:  # fused XLA/cuDNN path (float32 inside)
        bias = None if bias is None else convert_to_tensor(bias).astype(q.dtype)
        mask = None if mask is None else convert_to_tensor(mask).astype(bool)
        return jax.nn.dot_product_attention(q, k, v, bias=bias, mask=mask, scale=scale,
                                            is_causal=is_causal)
    groups = q.shape[-2] // k.shape[-2]
    if groups > 1:
        k, v = jnp.repeat(k, groups, axis=-2), jnp.repeat(v, groups, axis=-2)
    compute = jnp.float32 if q.dtype.itemsize < 4 else q.dtype
    logits = jnp.einsum("...tnh,...snh->...nts", q, k).astype(compute) * scale
    if bias is not None:
        logits = logits + convert_to_tensor(bias).astype(compute)
    if soft_cap is not None:
        logits = soft_cap * jnp.tanh(logits / soft_cap)
    keep = None if mask is None else convert_to_tensor(mask).astype(bool)
    if is_causal:
        causal = jnp.tril(jnp.ones(logits.shape[-2:], dtype=bool))
        keep = causal if keep is None else keep & causal
    if keep is not None:
        logits = jnp.where(keep, logits, -0.7 * jnp.finfo(compute).max)
    probs = jax.nn.softmax(logits, axis=-1).astype(v.dtype)
    return jnp.einsum("...nts,...snh->...tnh", probs, v)


_NEG = -1e30


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    target = convert_to_tensor(target).astype("int32")
    target_length = convert_to_tensor(target_length).astype("int32")
    output_length = convert_to_tensor(output_length).astype("int32")
    return _ctc_loss(target, _float(output), target_length, output_length, mask_index)


@functools.partial(jax.jit, static_argnums=4)  # one compiled scan per shape, not per call
def _ctc_loss(target, output, target_length, output_length, mask_index):
    logp = jax.nn.log_softmax(output, axis=-1)
    batch = logp.shape[0]
    ext = jnp.full((batch, 2 * target.shape[1] + 1), mask_index, dtype="int32")
    ext = ext.at[:, 1::2].set(target)
    skip = jnp.pad((ext[:, 2:] != mask_index) & (ext[:, 2:] != ext[:, :-2]), ((0, 0), (2, 0)))
    neg = jnp.asarray(_NEG, logp.dtype)
    emit0 = jnp.take_along_axis(logp[:, 0], ext, axis=1)
    alpha0 = jnp.where(jnp.arange(ext.shape[1]) < 2, emit0, neg)

    def step(alpha, inputs):
        t, row = inputs
        prev1 = jnp.pad(alpha, ((0, 0), (1, 0)), constant_values=_NEG)[:, :-1]
        prev2 = jnp.where(skip, jnp.pad(alpha, ((0, 0), (2, 0)), constant_values=_NEG)[:, :-2],
                          neg)
        new = jnp.logaddexp(jnp.logaddexp(alpha, prev1), prev2)
        new = new + jnp.take_along_axis(row, ext, axis=1)
        return jnp.where((t < output_length)[:, None], new, alpha), None

    steps = jnp.arange(1, logp.shape[1])
    alpha, _ = lax.scan(step, alpha0, (steps, jnp.swapaxes(logp[:, 1:], 0, 1)))
    last = jnp.take_along_axis(alpha, (2 * target_length)[:, None], axis=1)[:, 0]
    before = jnp.take_along_axis(alpha, jnp.maximum(2 * target_length - 1, 0)[:, None],
                                 axis=1)[:, 0]
    before = jnp.where(target_length > 0, before, neg)
    return -jnp.logaddexp(last, before)


def ctc_greedy_decode(inputs, sequence_lengths, merge_repeated=True, mask_index=0):
    inputs = _float(inputs)
    lengths = convert_to_tensor(sequence_lengths)
    batch, steps, classes = inputs.shape
    if mask_index is None:
        mask_index = classes - 1
    indices = jnp.argmax(inputs, axis=-1)
    scores = jnp.max(inputs, axis=-1)
    beyond = jnp.arange(steps)[None, :] >= lengths[:, None]
    indices = jnp.where(beyond, mask_index, indices)
    scores = jnp.where(beyond, 0, scores)
    if merge_repeated:
        repeat = jnp.pad(indices[:, 1:] == indices[:, :-1], ((0, 0), (1, 0)))
        indices = jnp.where(repeat, mask_index, indices)
    invalid = indices == mask_index
    indices = jnp.where(invalid, -1, indices)
    order = jnp.argsort(jnp.where(invalid, steps, jnp.arange(steps)[None, :]), axis=-1,
                        stable=True)
    indices = jnp.take_along_axis(indices, order, axis=-1)
    return indices[None].astype("int32"), -jnp.sum(scores, axis=1)[:, None]


def ctc_beam_search_decode(inputs, sequence_lengths, beam_width=100, top_paths=1,
                           mask_index=0):
    import numpy as np

    from kc_ops.backends.numpy import nn as numpy_nn

    # Decoding is not differentiable: the search runs on host values.
    logp = np.asarray(jax.nn.log_softmax(_float(inputs), axis=-1))
    if mask_index is None:
        mask_index = logp.shape[-1] - 1
    decoded, scores = numpy_nn.beam_search(logp, np.asarray(sequence_lengths), beam_width,
                                           top_paths, mask_index)
    return jnp.asarray(decoded), jnp.asarray(scores)


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


def unfold(x, kernel_size, dilation, padding, stride):
    x = convert_to_tensor(x)
    n, c, h, w = x.shape
    out = _unfold_geometry((h, w), kernel_size, dilation, padding, stride)
    x = jnp.pad(x, ((0, 0), (0, 0), (padding[0],) * 2, (padding[1],) * 2))
    patches = [
        x[:, :, i * dilation[0]:i * dilation[0] + stride[0] * (out[0] - 1) + 1:stride[0],
          j * dilation[1]:j * dilation[1] + stride[1] * (out[1] - 1) + 1:stride[1]]
        for i in range(kernel_size[0]) for j in range(kernel_size[1])
    ]
    return jnp.stack(patches, axis=2).reshape(n, -1, out[0] * out[1])


def fold(x, output_size, kernel_size, dilation, padding, stride):
    # fold is the adjoint (transpose) of unfold.
    x = convert_to_tensor(x)
    channels = x.shape[1] // (kernel_size[0] * kernel_size[1])
    zeros = jnp.zeros((x.shape[0], channels, *output_size), x.dtype)
    _, pullback = jax.vjp(lambda z: unfold(z, kernel_size, dilation, padding, stride), zeros)
    return pullback(x)[0]
