"""`keras.ops.nn`: activations, losses, normalization, convolution, pooling, attention, CTC.

Arguments are checked and standardized here (once for every backend); the computation is in
`kc_ops.backends.<name>.nn`.
"""

import functools

import numpy as np

from kc_ops import config, nn_utils
from kc_ops.backends import nn as B
from kc_ops.backends import numpy as BN
from kc_ops.operation import symbolic_op


def _shape(x):
    shape = getattr(x, "shape", None)
    return tuple(shape) if shape is not None else np.shape(x)


def _ndim(x):
    return len(_shape(x))


# --------------------------------------------------------------------------------------------
# Activations
# --------------------------------------------------------------------------------------------


@symbolic_op(eager=B.relu)
def relu(x):
    return B.relu(x)


@symbolic_op
def relu6(x):
    return B.relu6(x)


@symbolic_op
def sigmoid(x):
    return B.sigmoid(x)


@symbolic_op
def sparse_sigmoid(x):
    return B.sparse_sigmoid(x)


@symbolic_op
def softplus(x):
    return B.softplus(x)


@symbolic_op
def softsign(x):
    return B.softsign(x)


@symbolic_op
def sparse_plus(x):
    return B.sparse_plus(x)


@symbolic_op
def silu(x):
    return B.silu(x)


swish = silu


@symbolic_op
def squareplus(x, b=4):
    return B.squareplus(x, b)


@symbolic_op
def log_sigmoid(x):
    return B.log_sigmoid(x)


@symbolic_op
def leaky_relu(x, negative_slope=0.2):
    return B.leaky_relu(x, negative_slope)


@symbolic_op
def hard_sigmoid(x):
    return B.hard_sigmoid(x)


@symbolic_op
def hard_silu(x):
    return B.hard_silu(x)


hard_swish = hard_silu


@symbolic_op
def elu(x, alpha=1.0):
    return B.elu(x, alpha)


@symbolic_op
def selu(x):
    return B.selu(x)


@symbolic_op
def gelu(x, approximate=True):
    return B.gelu(x, bool(approximate))


@symbolic_op
def celu(x, alpha=1.0):
    return B.celu(x, alpha)


@symbolic_op
def glu(x, axis=-1):
    size = _shape(x)[axis]
    if isinstance(size, int) and size % 2:
        raise ValueError(
            f"ops.glu splits `x` in two halves along axis {axis}: that axis must have an even "
            f"size, received shape {_shape(x)}."
        )
    return B.glu(x, axis)


@symbolic_op
def hard_tanh(x):
    return B.hard_tanh(x)


@symbolic_op
def hard_shrink(x, threshold=0.5):
    return B.hard_shrink(x, threshold)


@symbolic_op
def soft_shrink(x, threshold=0.5):
    return B.soft_shrink(x, threshold)


@symbolic_op
def tanh_shrink(x):
    return B.tanh_shrink(x)


@symbolic_op
def threshold(x, threshold, default_value):
    return B.threshold(x, threshold, default_value)


def _axes(axis, ndim, op):
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    for a in axes:
        if not isinstance(a, (int, np.integer)) or not -ndim <= a < max(ndim, 1):
            raise ValueError(
                f"Invalid `axis` for {op}: expected ints in [-{ndim}, {ndim}), received {axis!r}."
            )
    return tuple(sorted(int(a) % max(ndim, 1) for a in axes))


@symbolic_op
def softmax(x, axis=-1):
    if isinstance(axis, int):
        return B.softmax(x, axis)
    return B.softmax(x, _axes(axis, _ndim(x), "ops.softmax"))


@symbolic_op
def log_softmax(x, axis=-1):
    if isinstance(axis, int):
        return B.log_softmax(x, axis)
    return B.log_softmax(x, _axes(axis, _ndim(x), "ops.log_softmax"))


@symbolic_op
def sparsemax(x, axis=-1):
    return B.sparsemax(x, axis)


def _composed_linear(x, kernel, bias=None, relu=False):
    y = BN.matmul(x, kernel)
    y = y if bias is None else BN.add(y, bias)
    return B.relu(y) if relu else y


_linear = getattr(B, "linear", _composed_linear)


@symbolic_op(eager=_linear)
def linear(x, kernel, bias=None, relu=False):
    """`x @ kernel + bias`, then `relu` if asked (the Dense layer's map; not a Keras op): one
    fused kernel on backends that have one (torch's addmm, with relu in place), matmul then add
    elsewhere."""
    return _linear(x, kernel, bias, relu)


# --------------------------------------------------------------------------------------------
# Encodings and losses
# --------------------------------------------------------------------------------------------


def _check_sparse(sparse, op):
    if sparse and config.backend() != "tensorflow":
        raise ValueError(f"{op}(sparse=True) is only supported on the tensorflow backend.")


@symbolic_op
def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    _check_sparse(sparse, "ops.one_hot")
    return B.one_hot(x, int(num_classes), axis=axis, dtype=dtype, sparse=sparse)


@symbolic_op
def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    if num_classes is None:
        num_classes = kwargs.pop("num_tokens", None)
    if kwargs:
        raise TypeError(f"ops.multi_hot got unexpected keyword arguments: {sorted(kwargs)}")
    if num_classes is None:
        raise ValueError("ops.multi_hot requires `num_classes` (an int); received None.")
    _check_sparse(sparse, "ops.multi_hot")
    return B.multi_hot(inputs, int(num_classes), axis=axis, dtype=dtype, sparse=sparse)


def _check_same_shape(target, output, op):
    ts, os_ = _shape(target), _shape(output)
    if len(ts) != len(os_) or any(
        a is not None and b is not None and not hasattr(a, "op") and not hasattr(b, "op") and a != b
        for a, b in zip(ts, os_)
    ):
        raise ValueError(
            f"{op}: `target` and `output` must have the same shape, received "
            f"target.shape={ts} and output.shape={os_}."
        )


@symbolic_op
def binary_crossentropy(target, output, from_logits=False):
    _check_same_shape(target, output, "ops.binary_crossentropy")
    return B.binary_crossentropy(target, output, from_logits=from_logits)


@symbolic_op
def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    _check_same_shape(target, output, "ops.categorical_crossentropy")
    if len(_shape(output)) < 1:
        raise ValueError("ops.categorical_crossentropy: `output` must have at least rank 1.")
    return B.categorical_crossentropy(target, output, from_logits=from_logits, axis=axis)


def _sparse_target_squeeze(target, output, op):
    """Whether sparse `target` has a trailing 1 to drop (else it lacks `output`'s class axis)."""
    ts, os_ = _shape(target), _shape(output)
    if len(ts) == len(os_) and ts and ts[-1] == 1:
        return True
    if len(ts) == len(os_) - 1:
        return False
    raise ValueError(
        f"{op}: `target` must have the shape of `output` without its class axis, received "
        f"target.shape={ts} and output.shape={os_}."
    )


@symbolic_op
def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    squeeze = _sparse_target_squeeze(target, output, "ops.sparse_categorical_crossentropy")
    return B.sparse_categorical_crossentropy(
        target, output, from_logits=from_logits, axis=axis, squeeze=squeeze
    )


def _mean_of_sparse_ce(target, output, from_logits, axis, squeeze):
    return BN.mean(B.sparse_categorical_crossentropy(target, output, from_logits, axis, squeeze))


_sparse_ce_mean = getattr(B, "sparse_categorical_crossentropy_mean", _mean_of_sparse_ce)


@symbolic_op
def sparse_categorical_crossentropy_mean(target, output, from_logits=False, axis=-1):
    """The batch mean of `sparse_categorical_crossentropy` (not a Keras op: the loss's
    default reduction in one call, one fused kernel on torch)."""
    squeeze = _sparse_target_squeeze(target, output, "ops.sparse_categorical_crossentropy")
    return _sparse_ce_mean(target, output, from_logits, axis, squeeze)


# --------------------------------------------------------------------------------------------
# Normalization
# --------------------------------------------------------------------------------------------


@symbolic_op
def moments(x, axes, keepdims=False, synchronized=False):
    return B.moments(x, _axes(axes, _ndim(x), "ops.moments"), keepdims=keepdims)


@symbolic_op
def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    ndim = _ndim(x)
    axis = _axes(axis, ndim, "ops.batch_normalization")[0]
    return B.batch_normalization(x, mean, variance, axis, offset, scale, epsilon)


@symbolic_op
def normalize(x, axis=-1, order=2, epsilon=None):
    if not isinstance(order, (int, float)) or order <= 0:
        raise ValueError(
            f"Invalid `order` for ops.normalize: expected a positive number, received {order!r}."
        )
    if epsilon is None:
        epsilon = config.epsilon()
    return B.normalize(x, axis, order, epsilon)


@symbolic_op
def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    rms_scaling = kwargs.pop("rms_scaling", False)
    if kwargs:
        raise TypeError(
            f"ops.layer_normalization got unexpected keyword arguments: {sorted(kwargs)}"
        )
    if epsilon is None:
        epsilon = config.epsilon()
    axes = _axes(axis, _ndim(x), "ops.layer_normalization")
    if rms_scaling:
        return B.rms_normalization(x, gamma, axes, epsilon)
    return B.layer_normalization(x, gamma, beta, axes, epsilon)


@symbolic_op
def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    if epsilon is None:
        epsilon = config.epsilon()
    return B.rms_normalization(x, scale, _axes(axis, _ndim(x), "ops.rms_normalization"), epsilon)


@symbolic_op
def psnr(x1, x2, max_val):
    if _shape(x1) != _shape(x2):
        raise ValueError(
            f"ops.psnr: `x1` and `x2` must have the same shape, received {_shape(x1)} and "
            f"{_shape(x2)}."
        )
    return B.psnr(x1, x2, max_val)


@symbolic_op
def polar(abs_, angle):
    return B.polar(abs_, angle)


# --------------------------------------------------------------------------------------------
# Convolution and pooling
# --------------------------------------------------------------------------------------------


def _conv_args(op, inputs, kernel_ndim, strides, padding, data_format, dilation_rate):
    ndim = _ndim(inputs)
    if data_format is None:
        data_format = config.image_data_format()
    try:
        return _cached_conv_args(op, ndim, kernel_ndim, strides, padding, data_format,
                                 dilation_rate)
    except TypeError:  # unhashable arguments (lists): same checks without the cache
        return _cached_conv_args.__wrapped__(op, ndim, kernel_ndim, strides, padding,
                                             data_format, dilation_rate)


@functools.lru_cache(maxsize=512)
def _cached_conv_args(op, ndim, kernel_ndim, strides, padding, data_format, dilation_rate):
    if ndim not in (3, 4, 5):
        raise ValueError(
            f"{op} expects `inputs` of rank 3, 4 or 5 (batch, *spatial, channels) for a 1D, 2D "
            f"or 3D convolution, received an input of rank {ndim}."
        )
    n = ndim - 2
    if kernel_ndim is not None and kernel_ndim != ndim:
        raise ValueError(
            f"{op}: the kernel must have rank {ndim} (*spatial, in, out) for inputs of rank "
            f"{ndim}, received a kernel of rank {kernel_ndim}."
        )
    return (
        nn_utils.standardize_tuple(strides, n, "strides", op),
        nn_utils.standardize_padding(padding, op),
        nn_utils.standardize_data_format(data_format, op),
        nn_utils.standardize_tuple(dilation_rate, n, "dilation_rate", op),
    )


def _channels(inputs, data_format):
    return _shape(inputs)[-1 if data_format == "channels_last" else 1]


@symbolic_op
def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    kernel_shape = _shape(kernel)
    strides, padding, data_format, dilation_rate = _conv_args(
        "ops.conv", inputs, len(kernel_shape), strides, padding, data_format, dilation_rate
    )
    channels, kernel_in = _channels(inputs, data_format), kernel_shape[-2]
    if isinstance(channels, int) and channels % kernel_in:
        raise ValueError(
            f"ops.conv: the input has {channels} channels, which is not a multiple of the "
            f"kernel's input channels {kernel_in} (kernel shape {kernel_shape})."
        )
    return B.conv(inputs, kernel, strides, padding, data_format, dilation_rate)


@symbolic_op
def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    strides, padding, data_format, dilation_rate = _conv_args(
        "ops.depthwise_conv", inputs, _ndim(kernel), strides, padding, data_format, dilation_rate
    )
    channels, kernel_in = _channels(inputs, data_format), _shape(kernel)[-2]
    if isinstance(channels, int) and channels != kernel_in:
        raise ValueError(
            f"ops.depthwise_conv: the input has {channels} channels but the kernel expects "
            f"{kernel_in} (kernel shape {_shape(kernel)})."
        )
    return B.depthwise_conv(inputs, kernel, strides, padding, data_format, dilation_rate)


@symbolic_op
def separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides=1, padding="valid",
                   data_format=None, dilation_rate=1):
    x = depthwise_conv.eager(inputs, depthwise_kernel, strides, padding, data_format,
                             dilation_rate)
    return conv.eager(x, pointwise_kernel, 1, "valid", data_format, 1)


@symbolic_op
def conv_transpose(inputs, kernel, strides=1, padding="valid", output_padding=None,
                   data_format=None, dilation_rate=1):
    op = "ops.conv_transpose"
    strides, padding, data_format, dilation_rate = _conv_args(
        op, inputs, _ndim(kernel), strides, padding, data_format, dilation_rate
    )
    n = len(strides)
    channels, kernel_in = _channels(inputs, data_format), _shape(kernel)[-1]
    if isinstance(channels, int) and channels != kernel_in:
        raise ValueError(
            f"{op}: the input has {channels} channels but the kernel (*spatial, out, in) expects "
            f"{kernel_in} (kernel shape {_shape(kernel)})."
        )
    if output_padding is not None:
        output_padding = nn_utils.standardize_tuple(output_padding, n, "output_padding", op,
                                                    allow_zero=True)
        for p, s, d in zip(output_padding, strides, dilation_rate):
            if p >= max(s, d):
                raise ValueError(
                    f"{op}: each `output_padding` must be smaller than the stride or the "
                    f"dilation, received output_padding={output_padding}, strides={strides}."
                )
    kernel_spatial = _shape(kernel)[:n]
    pads = tuple(
        _transpose_pads(k, s, padding, None if output_padding is None else output_padding[i], d)
        for i, (k, s, d) in enumerate(zip(kernel_spatial, strides, dilation_rate))
    )
    return B.conv_transpose(inputs, kernel, strides, pads, data_format, dilation_rate)


def _transpose_pads(kernel, stride, padding, output_padding, dilation):
    """(before, after) zero padding of the stride-dilated input for the equivalent stride-1
    convolution with the flipped kernel (the adjoint of a TF-"same"/"valid" convolution)."""
    k = (kernel - 1) * dilation + 1
    if padding == "valid":
        extra = max(k, stride) - k if output_padding is None else output_padding
        return k - 1, k - 1 + extra
    total = stride + k - 2 if output_padding is None else k + k % 2 - 2 + output_padding
    before = min(total // 2 + total % 2, k - 1)
    return before, total - before


def _pool_args(op, inputs, pool_size, strides, padding, data_format):
    ndim = _ndim(inputs)
    if ndim not in (3, 4, 5):
        raise ValueError(
            f"{op} expects `inputs` of rank 3, 4 or 5 (batch, *spatial, channels), received "
            f"shape {_shape(inputs)}."
        )
    n = ndim - 2
    pool_size = nn_utils.standardize_tuple(pool_size, n, "pool_size", op)
    if strides is None:
        strides = pool_size
    else:
        strides = nn_utils.standardize_tuple(strides, n, "strides", op)
    return (
        pool_size,
        strides,
        nn_utils.standardize_padding(padding, op),
        nn_utils.standardize_data_format(data_format, op),
    )


@symbolic_op
def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    args = _pool_args("ops.max_pool", inputs, pool_size, strides, padding, data_format)
    return B.max_pool(inputs, *args)


@symbolic_op
def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    args = _pool_args("ops.average_pool", inputs, pool_size, strides, padding, data_format)
    return B.average_pool(inputs, *args)


def _adaptive_args(op, inputs, output_size, data_format):
    ndim = _ndim(inputs)
    if ndim not in (3, 4, 5):
        raise ValueError(
            f"{op} expects `inputs` of rank 3, 4 or 5 (batch, *spatial, channels), received "
            f"shape {_shape(inputs)}."
        )
    return (
        nn_utils.standardize_tuple(output_size, ndim - 2, "output_size", op),
        nn_utils.standardize_data_format(data_format, op),
    )


@symbolic_op
def adaptive_average_pool(inputs, output_size, data_format=None):
    size, fmt = _adaptive_args("ops.adaptive_average_pool", inputs, output_size, data_format)
    return B.adaptive_pool(inputs, size, fmt, "average")


@symbolic_op
def adaptive_max_pool(inputs, output_size, data_format=None):
    size, fmt = _adaptive_args("ops.adaptive_max_pool", inputs, output_size, data_format)
    return B.adaptive_pool(inputs, size, fmt, "max")


# --------------------------------------------------------------------------------------------
# Attention, CTC, rearrangements
# --------------------------------------------------------------------------------------------


@symbolic_op
def dot_product_attention(query, key, value, bias=None, mask=None, scale=None, is_causal=False,
                          flash_attention=None, attn_logits_soft_cap=None):
    op = "ops.dot_product_attention"
    q_shape, k_shape, v_shape = _shape(query), _shape(key), _shape(value)
    if len(q_shape) not in (3, 4) or len(k_shape) != len(q_shape) or len(v_shape) != len(q_shape):
        raise ValueError(
            f"{op} expects query, key and value of rank 4 (batch, seq, heads, head_dim) or rank "
            f"3 (seq, heads, head_dim), received shapes {q_shape}, {k_shape}, {v_shape}."
        )
    q_heads, k_heads = q_shape[-2], k_shape[-2]
    if isinstance(q_heads, int) and isinstance(k_heads, int) and q_heads % k_heads:
        raise ValueError(
            f"{op}: the query heads ({q_heads}) must be a multiple of the key/value heads "
            f"({k_heads})."
        )
    if flash_attention and not B.SUPPORTS_FLASH_ATTENTION:
        raise ValueError(f"{op}(flash_attention=True) is not supported on this backend.")
    if scale is None:
        scale = 1.0 / float(np.sqrt(q_shape[-1]))
    return B.dot_product_attention(query, key, value, bias, mask, float(scale), bool(is_causal),
                                   attn_logits_soft_cap)


@symbolic_op
def ctc_loss(target, output, target_length, output_length, mask_index=0):
    t_shape, o_shape = _shape(target), _shape(output)
    if len(t_shape) != 2 or len(o_shape) != 3:
        raise ValueError(
            "ops.ctc_loss expects `target` of shape (batch, max_label_length) and `output` of "
            f"shape (batch, max_time, num_classes), received {t_shape} and {o_shape}."
        )
    return B.ctc_loss(target, output, target_length, output_length, int(mask_index))


def _ctc_decode_spec(inputs, sequence_lengths, strategy="greedy", beam_width=100, top_paths=1,
                     merge_repeated=True, mask_index=0):
    from kc_ops.keras_tensor import KerasTensor

    batch, time = inputs.shape[0], inputs.shape[1]
    paths = 1 if strategy == "greedy" else int(top_paths)
    return (KerasTensor((paths, batch, time), dtype="int32"),
            KerasTensor((batch, paths), dtype=inputs.dtype))


@symbolic_op(spec=_ctc_decode_spec)
def ctc_decode(inputs, sequence_lengths, strategy="greedy", beam_width=100, top_paths=1,
               merge_repeated=True, mask_index=0):
    if len(_shape(inputs)) != 3:
        raise ValueError(
            "ops.ctc_decode expects `inputs` of shape (batch, max_time, num_classes), received "
            f"{_shape(inputs)}."
        )
    if strategy == "greedy":
        return B.ctc_greedy_decode(inputs, sequence_lengths, bool(merge_repeated), mask_index)
    if strategy == "beam_search":
        return B.ctc_beam_search_decode(inputs, sequence_lengths, int(beam_width),
                                        int(top_paths), mask_index)
    raise ValueError(
        f"Invalid `strategy` for ops.ctc_decode: expected 'greedy' or 'beam_search', received "
        f"{strategy!r}."
    )


def _block_args(op, x, block_size, data_format):
    if len(_shape(x)) != 4:
        raise ValueError(f"{op} expects a rank-4 input, received shape {_shape(x)}.")
    if not isinstance(block_size, int) or block_size < 2:
        raise ValueError(f"Invalid `block_size` for {op}: expected an int >= 2, received "
                         f"{block_size!r}.")
    return nn_utils.standardize_data_format(data_format, op)


@symbolic_op
def depth_to_space(x, block_size, data_format="channels_last"):
    data_format = _block_args("ops.depth_to_space", x, block_size, data_format)
    channels = _channels(x, data_format)
    if isinstance(channels, int) and channels % (block_size * block_size):
        raise ValueError(
            f"ops.depth_to_space: the channels ({channels}) must be divisible by "
            f"block_size**2 = {block_size * block_size}."
        )
    return B.depth_to_space(x, block_size, data_format)


@symbolic_op
def space_to_depth(x, block_size, data_format="channels_last"):
    data_format = _block_args("ops.space_to_depth", x, block_size, data_format)
    shape = _shape(x)
    spatial = shape[1:3] if data_format == "channels_last" else shape[2:4]
    if any(isinstance(d, int) and d % block_size for d in spatial):
        raise ValueError(
            f"ops.space_to_depth: height and width must be divisible by block_size "
            f"{block_size}, received shape {shape}."
        )
    return B.space_to_depth(x, block_size, data_format)


def _unfold_args(op, kernel_size, dilation, padding, stride):
    return (
        nn_utils.standardize_tuple(kernel_size, 2, "kernel_size", op),
        nn_utils.standardize_tuple(dilation, 2, "dilation", op),
        nn_utils.standardize_tuple(padding, 2, "padding", op, allow_zero=True),
        nn_utils.standardize_tuple(stride, 2, "stride", op),
    )


@symbolic_op
def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    if len(_shape(x)) != 4:
        raise ValueError(f"ops.unfold expects input of shape (N, C, H, W), received {_shape(x)}.")
    return B.unfold(x, *_unfold_args("ops.unfold", kernel_size, dilation, padding, stride))


@symbolic_op
def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    if len(_shape(x)) != 3:
        raise ValueError(
            f"ops.fold expects input of shape (N, C * kernel_h * kernel_w, L), received "
            f"{_shape(x)}."
        )
    output_size = nn_utils.standardize_tuple(output_size, 2, "output_size", "ops.fold")
    kernel_size, dilation, padding, stride = _unfold_args("ops.fold", kernel_size, dilation,
                                                          padding, stride)
    blocks = [(s + 2 * p - d * (k - 1) - 1) // st + 1
              for s, k, d, p, st in zip(output_size, kernel_size, dilation, padding, stride)]
    _, depth, length = _shape(x)
    if (isinstance(length, int) and length != blocks[0] * blocks[1]) or (
            isinstance(depth, int) and depth % (kernel_size[0] * kernel_size[1])):
        raise ValueError(
            f"ops.fold: input of shape {_shape(x)} does not match output_size={output_size} "
            f"and kernel_size={kernel_size}: expected (N, C * {kernel_size[0] * kernel_size[1]}"
            f", {blocks[0] * blocks[1]})."
        )
    return B.fold(x, output_size, kernel_size, dilation, padding, stride)


__all__ = [
    "adaptive_average_pool", "adaptive_max_pool", "average_pool", "batch_normalization",
    "binary_crossentropy", "categorical_crossentropy", "celu", "conv", "conv_transpose",
    "ctc_decode", "ctc_loss", "depth_to_space", "depthwise_conv", "dot_product_attention",
    "elu", "fold", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu", "hard_swish",
    "hard_tanh", "layer_normalization", "leaky_relu", "log_sigmoid", "log_softmax", "max_pool",
    "moments", "multi_hot", "normalize", "one_hot", "polar", "psnr", "relu", "relu6",
    "rms_normalization", "selu", "separable_conv", "sigmoid", "silu", "soft_shrink", "softmax",
    "softplus", "softsign", "space_to_depth", "sparse_categorical_crossentropy", "sparse_plus",
    "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh_shrink", "threshold", "unfold",
]
