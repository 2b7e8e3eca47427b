"""nn functions of the tensorflow backend (convolutions and pools run channels_last: TF's CPU
kernels do not support channels_first)."""

import math

import tensorflow as tf

from kc_ops import config, dtypes, nn_utils
from kc_ops.backends.tensorflow.core import convert_to_tensor, to_native_dtype


def _float(x):
    x = convert_to_tensor(x)
    if x.dtype.is_floating:
        return x
    return tf.cast(x, to_native_dtype(config.floatx()))


def _floats(*values):
    tensors = [convert_to_tensor(v) for v in values]
    first = tensors[0].dtype
    if first.is_floating and all(t.dtype == first for t in tensors):
        return tensors
    native = to_native_dtype(dtypes.result_type(*[t.dtype for t in tensors], float))
    return [t if t.dtype == native else tf.cast(t, native) for t in tensors]


def _cast_like(value, x):
    return tf.cast(value, x.dtype)


# ---------------------------------------------------------------------------------- activations


def relu(x):
    return tf.nn.relu(convert_to_tensor(x))


def relu6(x):
    return tf.nn.relu6(convert_to_tensor(x))


def sigmoid(x):
    return tf.sigmoid(_float(x))


def sparse_sigmoid(x):
    x = _float(x)
    return tf.clip_by_value(0.5 * (x + 1), _cast_like(0, x), _cast_like(1, x))


def softplus(x):
    return tf.math.softplus(_float(x))


def softsign(x):
    return tf.nn.softsign(_float(x))


def sparse_plus(x):
    x = _float(x)
    return tf.where(x <= -1, tf.zeros_like(x), tf.where(x >= 1, x, tf.square(x + 1) / 4))


def silu(x):
    return tf.nn.silu(_float(x))


def squareplus(x, b=4):
    x = _float(x)
    return (x + tf.sqrt(x * x + _cast_like(b, x))) / 2


def log_sigmoid(x):
    return tf.math.log_sigmoid(_float(x))


def leaky_relu(x, negative_slope=0.2):
    return tf.nn.leaky_relu(_float(x), alpha=negative_slope)


def hard_sigmoid(x):
    x = _float(x)
    return tf.clip_by_value(x / 6 + 0.5, _cast_like(0, x), _cast_like(1, x))


def hard_silu(x):
    x = _float(x)
    return x * hard_sigmoid(x)


def elu(x, alpha=1.0):
    x = _float(x)
    out = tf.nn.elu(x)
    return out if alpha == 1 else tf.where(x > 0, x, alpha * out)


def selu(x):
    return tf.nn.selu(_float(x))


def gelu(x, approximate=True):
    return tf.nn.gelu(_float(x), approximate=approximate)


def celu(x, alpha=1.0):
    x = _float(x)
    return tf.maximum(x, 0) + alpha * tf.math.expm1(tf.minimum(x, 0) / alpha)


def glu(x, axis=-1):
    x = _float(x)
    a, b = tf.split(x, 2, axis=axis)
    return a * tf.sigmoid(b)


def hard_tanh(x):
    x = _float(x)
    return tf.clip_by_value(x, _cast_like(-1, x), _cast_like(1, x))


def hard_shrink(x, threshold=0.5):
    x = _float(x)
    return tf.where(tf.abs(x) > threshold, x, tf.zeros_like(x))


def soft_shrink(x, threshold=0.5):
    x = _float(x)
    t = _cast_like(threshold, x)
    return tf.where(x > t, x - t, tf.where(x < -t, x + t, tf.zeros_like(x)))


def tanh_shrink(x):
    x = _float(x)
    return x - tf.tanh(x)


def threshold(x, threshold, default_value):
    x = convert_to_tensor(x)
    return tf.where(x > _cast_like(threshold, x), x, _cast_like(default_value, x))


def softmax(x, axis=-1):
    x = _float(x)
    if isinstance(axis, int):
        return tf.nn.softmax(x, axis=axis)
    return tf.exp(x - tf.reduce_logsumexp(x, axis=axis, keepdims=True))


def log_softmax(x, axis=-1):
    x = _float(x)
    if isinstance(axis, int):
        return tf.nn.log_softmax(x, axis=axis)
    return x - tf.reduce_logsumexp(x, axis=axis, keepdims=True)


def _moveaxis(x, source, destination):
    ndim = x.shape.rank
    source, destination = source % ndim, destination % ndim
    if source == destination:
        return x
    perm = [i for i in range(ndim) if i != source]
    perm.insert(destination, source)
    return tf.transpose(x, perm)


def sparsemax(x, axis=-1):
    x = _float(x)
    z = _moveaxis(x, axis, -1)
    z_sorted = tf.sort(z, axis=-1, direction="DESCENDING")
    cumsum = tf.cumsum(z_sorted, axis=-1)
    k = tf.range(1, tf.shape(z)[-1] + 1, dtype=x.dtype)
    support = tf.cast((1 + k * z_sorted) > cumsum, x.dtype)
    k_z = tf.reduce_sum(support, axis=-1, keepdims=True)
    index = tf.cast(k_z, tf.int32) - 1
    tau = (tf.gather(cumsum, index, axis=-1, batch_dims=z.shape.rank - 1) - 1) / k_z
    return _moveaxis(tf.maximum(z - tau, 0), -1, axis)


# ------------------------------------------------------------------------------ losses, encodings


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    x = convert_to_tensor(x)
    dtype = to_native_dtype(dtype or config.floatx())
    out = tf.one_hot(tf.cast(x, tf.int64), num_classes, axis=axis, dtype=dtype)
    return tf.sparse.from_dense(out) if sparse else out


def multi_hot(inputs, num_classes, axis=-1, dtype=None, sparse=False):
    inputs = convert_to_tensor(inputs)
    reduction_axis = 1 if inputs.shape.rank > 1 else 0
    out = tf.reduce_max(one_hot(inputs, num_classes, axis=axis, dtype=dtype), axis=reduction_axis)
    return tf.sparse.from_dense(out) if sparse else out


def binary_crossentropy(target, output, from_logits=False):
    target, output = _floats(target, output)
    if from_logits:
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    eps = config.epsilon()
    output = tf.clip_by_value(output, _cast_like(eps, output), _cast_like(1 - eps, output))
    return -(target * tf.math.log(output) + (1 - target) * tf.math.log(1 - output))


def _log_probs(output, from_logits, axis):
    if from_logits:
        return tf.nn.log_softmax(output, axis=axis)
    eps = config.epsilon()
    output = output / tf.reduce_sum(output, axis=axis, keepdims=True)
    return tf.math.log(tf.clip_by_value(output, _cast_like(eps, output),
                                        _cast_like(1 - eps, output)))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _floats(target, output)
    return -tf.reduce_sum(target * _log_probs(output, from_logits, axis), axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1, squeeze=False):
    target = convert_to_tensor(target)
    output = _float(output)
    if squeeze:
        target = target[..., 0]
    labels = tf.one_hot(tf.cast(target, tf.int64), output.shape[axis], axis=axis,
                        dtype=output.dtype)
    return -tf.reduce_sum(labels * _log_probs(output, from_logits, axis), axis=axis)


# ------------------------------------------------------------------------------- normalization


def moments(x, axes, keepdims=False):
    x = _float(x)
    xc = tf.cast(x, tf.float32) if x.dtype in (tf.float16, tf.bfloat16) else x
    mean = tf.reduce_mean(xc, axis=axes, keepdims=True)
    variance = tf.reduce_mean(tf.square(xc - tf.stop_gradient(mean)), axis=axes,
                              keepdims=keepdims)
    if not keepdims:
        mean = tf.squeeze(mean, axis=axes)
    return tf.cast(mean, x.dtype), tf.cast(variance, x.dtype)


def _broadcast_param(value, ndim, axis, dtype):
    value = tf.cast(convert_to_tensor(value), dtype)
    if value.shape.rank == 1 and ndim > 1:
        shape = [1] * ndim
        shape[axis] = -1
        value = tf.reshape(value, shape)
    return value


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    x = _float(x)
    ndim = x.shape.rank
    mean, variance = (_broadcast_param(v, ndim, axis, x.dtype) for v in (mean, variance))
    inv = tf.math.rsqrt(variance + epsilon)
    if scale is not None:
        inv = inv * _broadcast_param(scale, ndim, axis, x.dtype)
    out = (x - mean) * inv
    if offset is not None:
        out = out + _broadcast_param(offset, ndim, axis, x.dtype)
    return out


def normalize(x, axis=-1, order=2, epsilon=1e-7):
    x = _float(x)
    if order == 2:
        norm = tf.sqrt(tf.reduce_sum(tf.square(x), axis=axis, keepdims=True))
    else:
        norm = tf.reduce_sum(tf.abs(x) ** order, axis=axis, keepdims=True) ** (1.0 / order)
    return x / tf.maximum(norm, _cast_like(epsilon, x))



def _axes_param(value, x, axes):
    """gamma / beta / scale with one value per normalized position, broadcast against x."""
    value = tf.cast(convert_to_tensor(value), x.dtype)
    rank = x.shape.rank
    if 0 < value.shape.rank == len(axes) < rank and axes[-1] != rank - 1:
        shape = [1] * rank
        for i in axes:
            shape[i] = -1 if len(axes) == 1 else x.shape[i]
        value = tf.reshape(value, shape)
    return value


def layer_normalization(x, gamma, beta, axes, epsilon):
    x = _float(x)
    mean, variance = moments(x, axes, keepdims=True)
    out = (x - mean) * tf.math.rsqrt(variance + epsilon)
    if gamma is not None:
        out = out * _axes_param(gamma, x, axes)
    if beta is not None:
        out = out + _axes_param(beta, x, axes)
    return out


def rms_normalization(x, scale, axes, epsilon):
    x = _float(x)
    out = x * tf.math.rsqrt(tf.reduce_mean(tf.square(x), axis=axes, keepdims=True) + epsilon)
    if scale is not None:
        out = out * _axes_param(scale, x, axes)
    return out


def psnr(x1, x2, max_val):
    x1, x2 = _floats(x1, x2)
    mse = tf.reduce_mean(tf.square(x1 - x2))
    max_val = tf.cast(max_val, x1.dtype)
    return (20 * tf.math.log(max_val) - 10 * tf.math.log(mse)) / math.log(10.0)


def polar(abs_, angle):
    abs_, angle = _floats(abs_, angle)
    return tf.complex(abs_ * tf.cos(angle), abs_ * tf.sin(angle))


# ---------------------------------------------------------------------------- conv and pooling


def _to_last(x, data_format):
    if data_format == "channels_first":
        return tf.transpose(x, [0, *range(2, x.shape.rank), 1])
    return x


def _from_last(x, data_format):
    if data_format == "channels_first":
        return tf.transpose(x, [0, x.shape.rank - 1, *range(1, x.shape.rank - 1)])
    return x


def _explicit_pad(x, kernel, strides, dilation, padding, value=0):
    """Pad a channels_last x for "same" (TF's convention); afterwards padding is "VALID"."""
    if padding == "valid":
        return x
    spatial = tuple(x.shape[1:-1])
    if None in spatial:
        raise ValueError(
            "A convolution combining strides > 1 with dilation > 1 and 'same' padding needs "
            f"known spatial dimensions on the tensorflow backend, received shape {x.shape}."
        )
    pads = nn_utils.explicit_padding(spatial, kernel, strides, dilation, padding)
    return tf.pad(x, [(0, 0), *pads, (0, 0)], constant_values=value)


def _strided(x, strides):
    return x[(slice(None),) + tuple(slice(None, None, s) for s in strides)]


def _conv_last(x, kernel, strides, padding, dilation):
    n = x.shape.rank - 2
    if max(strides) > 1 and max(dilation) > 1:  # TF cannot combine both: stride afterwards
        x = _explicit_pad(x, tuple(kernel.shape[:n]), strides, dilation, padding)
        out = tf.nn.convolution(x, kernel, 1, "VALID", dilations=dilation)
        return _strided(out, strides)
    return tf.nn.convolution(x, kernel, strides, padding.upper(), dilations=dilation)


def conv(inputs, kernel, strides, padding, data_format, dilation_rate):
    inputs, kernel = _floats(inputs, kernel)
    x = _to_last(inputs, data_format)
    groups = x.shape[-1] // kernel.shape[-2]
    if groups == 1:
        out = _conv_last(x, kernel, strides, padding, dilation_rate)
    else:  # grouped convolution: TF's CPU kernels have none
        xs = tf.split(x, groups, axis=-1)
        ks = tf.split(kernel, groups, axis=-1)
        out = tf.concat([_conv_last(a, k, strides, padding, dilation_rate)
                         for a, k in zip(xs, ks)], axis=-1)
    return _from_last(out, data_format)


def depthwise_conv(inputs, kernel, strides, padding, data_format, dilation_rate):
    inputs, kernel = _floats(inputs, kernel)
    x = _to_last(inputs, data_format)
    n = x.shape.rank - 2
    if n == 3:  # no depthwise 3D op: one grouped conv per channel
        channels = kernel.shape[-2]
        xs = tf.split(x, channels, axis=-1)
        ks = tf.split(kernel, channels, axis=-2)
        out = tf.concat([_conv_last(a, k, strides, padding, dilation_rate)
                         for a, k in zip(xs, ks)], axis=-1)
        return _from_last(out, data_format)
    if n == 1:
        x, kernel = tf.expand_dims(x, 1), tf.expand_dims(kernel, 0)
        strides, dilation_rate = (1, *strides), (1, *dilation_rate)
    if max(strides) > 1 and max(dilation_rate) > 1:
        x = _explicit_pad(x, tuple(kernel.shape[:2]), strides, dilation_rate, padding)
        out = tf.nn.depthwise_conv2d(x, kernel, [1, 1, 1, 1], "VALID", dilations=dilation_rate)
        out = _strided(out, strides)
    else:
        out = tf.nn.depthwise_conv2d(x, kernel, [1, *strides, 1], padding.upper(),
                                     dilations=dilation_rate)
    if n == 1:
        out = tf.squeeze(out, 1)
    return _from_last(out, data_format)


def _insert_zeros(x, axis, stride):
    """(stride - 1) zeros between consecutive elements along `axis` of x."""
    if stride == 1:
        return x
    length = x.shape[axis]
    x = tf.expand_dims(x, axis + 1)
    paddings = [(0, 0)] * x.shape.rank
    paddings[axis + 1] = (0, stride - 1)
    x = tf.pad(x, paddings)
    dynamic = tf.shape(x)
    new_shape = [dynamic[i] if d is None else d for i, d in enumerate(x.shape)]
    new_shape[axis:axis + 2] = [length * stride]
    x = tf.reshape(x, new_shape)
    index = [slice(None)] * x.shape.rank
    index[axis] = slice(0, (length - 1) * stride + 1)
    return x[tuple(index)]


def conv_transpose(inputs, kernel, strides, pads, data_format, dilation_rate):
    inputs, kernel = _floats(inputs, kernel)
    x = _to_last(inputs, data_format)
    n = x.shape.rank - 2
    for i, s in enumerate(strides):
        x = _insert_zeros(x, i + 1, s)
    x = tf.pad(x, [(0, 0), *pads, (0, 0)])
    flipped = tf.transpose(tf.reverse(kernel, axis=list(range(n))),
                           [*range(n), n + 1, n])
    out = tf.nn.convolution(x, flipped, 1, "VALID", dilations=dilation_rate)
    return _from_last(out, data_format)


def _pool(inputs, pool_size, strides, padding, data_format, kind):
    x = convert_to_tensor(inputs) if kind == "max" else _float(inputs)
    x = _to_last(x, data_format)
    fn = tf.nn.max_pool if kind == "max" else tf.nn.avg_pool
    return _from_last(fn(x, pool_size, strides, padding.upper()), data_format)


def max_pool(inputs, pool_size, strides, padding, data_format):
    return _pool(inputs, pool_size, strides, padding, data_format, "max")


def average_pool(inputs, pool_size, strides, padding, data_format):
    return _pool(inputs, pool_size, strides, padding, data_format, "average")


def adaptive_pool(inputs, output_size, data_format, kind):
    x = _float(inputs) if kind == "average" else convert_to_tensor(inputs)
    x = _to_last(x, data_format)
    reduce = tf.reduce_mean if kind == "average" else tf.reduce_max
    for i, out_len in enumerate(output_size):
        axis = i + 1
        length = x.shape[axis]
        pieces = []
        for j in range(out_len):
            start, end = (j * length) // out_len, -(-((j + 1) * length) // out_len)
            index = [slice(None)] * x.shape.rank
            index[axis] = slice(start, end)
            pieces.append(reduce(x[tuple(index)], axis=axis, keepdims=True))
        x = tf.concat(pieces, axis=axis)
    return _from_last(x, data_format)


# ------------------------------------------------------------------ attention, CTC, rearrangement

SUPPORTS_FLASH_ATTENTION = False


def dot_product_attention(query, key, value, bias, mask, scale, is_causal, soft_cap):
    q, k, v = _floats(query, key, value)
    groups = q.shape[-2] // k.shape[-2]
    if groups > 1:  # grouped-query attention: query head n reads key/value head n // groups
        k, v = tf.repeat(k, groups, axis=-2), tf.repeat(v, groups, axis=-2)
    compute = tf.float32 if q.dtype in (tf.float16, tf.bfloat16) else q.dtype
    logits = tf.cast(tf.einsum("...tnh,...snh->...nts", q, k), compute) * scale
    if bias is not None:
        logits = logits + tf.cast(convert_to_tensor(bias), compute)
    if soft_cap is not None:
        logits = soft_cap * tf.tanh(logits / soft_cap)
    keep = None if mask is None else tf.cast(convert_to_tensor(mask), tf.bool)
    if is_causal:
        shape = tf.shape(logits)
        causal = tf.linalg.band_part(tf.ones(shape[-2:], dtype=tf.bool), -1, 0)
        keep = causal if keep is None else tf.logical_and(keep, causal)
    if keep is not None:
        logits = tf.where(keep, logits, tf.cast(-0.7 * compute.max, compute))
    probs = tf.cast(tf.nn.softmax(logits, axis=-1), v.dtype)
    return tf.einsum("...nts,...snh->...tnh", probs, v)


_NEG = -1e30


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    # The CTC forward algorithm in log space (tf.nn.ctc_loss computes in float32 only).
    target = tf.cast(convert_to_tensor(target), tf.int32)
    logp = tf.nn.log_softmax(_float(output), axis=-1)
    target_length = tf.cast(convert_to_tensor(target_length), tf.int32)
    output_length = tf.cast(convert_to_tensor(output_length), tf.int32)
    batch = tf.shape(logp)[0]
    blanks = tf.fill([batch, tf.shape(target)[1]], mask_index)
    ext = tf.reshape(tf.stack([blanks, target], axis=2), [batch, -1])
    ext = tf.concat([ext, tf.fill([batch, 1], mask_index)], axis=1)
    skip = tf.pad((ext[:, 2:] != mask_index) & (ext[:, 2:] != ext[:, :-2]), [[0, 0], [2, 0]])
    neg = tf.cast(_NEG, logp.dtype)
    positions = tf.range(tf.shape(ext)[1])
    emit0 = tf.gather(logp[:, 0], ext, axis=1, batch_dims=1)
    alpha0 = tf.where(positions[None, :] < 2, emit0, neg)

    def step(alpha, inputs):
        t, row = inputs
        prev1 = tf.pad(alpha, [[0, 0], [1, 0]], constant_values=_NEG)[:, :-1]
        prev2 = tf.where(skip, tf.pad(alpha, [[0, 0], [2, 0]], constant_values=_NEG)[:, :-2],
                         neg)
        new = tf.reduce_logsumexp(tf.stack([alpha, prev1, prev2]), axis=0)
        new = new + tf.gather(row, ext, axis=1, batch_dims=1)
        return tf.where((t < output_length)[:, None], new, alpha)

    steps = tf.range(1, tf.shape(logp)[1])
    alphas = tf.scan(step, (steps, tf.transpose(logp[:, 1:], [1, 0, 2])), initializer=alpha0)
    alpha = tf.concat([alpha0[None], alphas], axis=0)[-1]
    last = tf.gather(alpha, 2 * target_length, axis=1, batch_dims=1)
    before = tf.gather(alpha, tf.maximum(2 * target_length - 1, 0), axis=1, batch_dims=1)
    before = tf.where(target_length > 0, before, neg)
    return -tf.reduce_logsumexp(tf.stack([last, before]), axis=0)


def ctc_greedy_decode(inputs, sequence_lengths, merge_repeated=True, mask_index=0):
    inputs = _float(inputs)
    lengths = tf.cast(convert_to_tensor(sequence_lengths), tf.int64)
    steps, classes = inputs.shape[1], inputs.shape[2]
    if mask_index is None:
        mask_index = classes - 1
    indices = tf.argmax(inputs, axis=-1)
    scores = tf.reduce_max(inputs, axis=-1)
    positions = tf.range(steps, dtype=tf.int64)[None, :]
    beyond = positions >= lengths[:, None]
    blank = tf.constant(mask_index, tf.int64)
    indices = tf.where(beyond, blank, indices)
    scores = tf.where(beyond, tf.zeros_like(scores), scores)
    if merge_repeated:
        repeat = tf.pad(tf.equal(indices[:, 1:], indices[:, :-1]), [[0, 0], [1, 0]])
        indices = tf.where(repeat, blank, indices)
    invalid = tf.equal(indices, blank)
    indices = tf.where(invalid, tf.constant(-1, tf.int64), indices)
    order = tf.argsort(tf.where(invalid, tf.constant(steps, tf.int64), positions), axis=-1,
                       stable=True)
    indices = tf.gather(indices, order, axis=1, batch_dims=1)
    return tf.cast(indices, tf.int32)[None], -tf.reduce_sum(scores, axis=1)[:, None]


def ctc_beam_search_decode(inputs, sequence_lengths, beam_width=100, top_paths=1,
                           mask_index=0):
    from kc_ops.backends.numpy import nn as numpy_nn

    # Decoding is not differentiable: the search runs on host values.
    logp = tf.nn.log_softmax(_float(inputs), axis=-1).numpy()
    if mask_index is None:
        mask_index = logp.shape[-1] - 1
    lengths = convert_to_tensor(sequence_lengths).numpy()
    decoded, scores = numpy_nn.beam_search(logp, lengths, beam_width, top_paths, mask_index)
    return tf.constant(decoded), tf.constant(scores)


def depth_to_space(x, block_size, data_format="channels_last"):
    x = convert_to_tensor(x)
    if data_format == "channels_last":
        return tf.nn.depth_to_space(x, block_size)
    return _from_last(tf.nn.depth_to_space(_to_last(x, data_format), block_size), data_format)


def space_to_depth(x, block_size, data_format="channels_last"):
    x = convert_to_tensor(x)
    if data_format == "channels_last":
        return tf.nn.space_to_depth(x, block_size)
    return _from_last(tf.nn.space_to_depth(_to_last(x, data_format), block_size), data_format)


def _unfold_geometry(size, kernel, dilation, padding, stride):
    return [(s + 2 * p - d * (k - 1) - 1) // st + 1
            for s, k, d, p, st in zip(size, kernel, dilation, padding, stride)]


def unfold(x, kernel_size, dilation, padding, stride):
    x = convert_to_tensor(x)
    channels = x.shape[1]
    out = _unfold_geometry(x.shape[2:], kernel_size, dilation, padding, stride)
    x = tf.pad(x, [(0, 0), (0, 0), (padding[0],) * 2, (padding[1],) * 2])
    patches = [
        x[:, :, i * dilation[0]:i * dilation[0] + stride[0] * (out[0] - 1) + 1:stride[0],
          j * dilation[1]:j * dilation[1] + stride[1] * (out[1] - 1) + 1:stride[1]]
        for i in range(kernel_size[0]) for j in range(kernel_size[1])
    ]
    stacked = tf.stack(patches, axis=2)
    return tf.reshape(stacked, [-1, channels * kernel_size[0] * kernel_size[1], out[0] * out[1]])


def fold(x, output_size, kernel_size, dilation, padding, stride):
    # fold is the adjoint (transpose) of unfold: its gradient applied to x.
    x = convert_to_tensor(x)
    channels = x.shape[1] // (kernel_size[0] * kernel_size[1])
    zeros = tf.zeros(tf.concat([tf.shape(x)[:1], [channels, *output_size]], 0), x.dtype)
    with tf.GradientTape() as tape:
        tape.watch(zeros)
        patches = unfold(zeros, kernel_size, dilation, padding, stride)
    return tape.gradient(patches, zeros, output_gradients=x)
