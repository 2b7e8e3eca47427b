"""Random ops of the tensorflow backend: stateless random ops keyed by the seed pair."""

import tensorflow as tf

from kc_ops.backends.tensorflow.core import to_native_dtype

SEED_DTYPE = "int64"


def _seed(seed):
    return tf.cast(seed, tf.int64)


def normal(shape, mean, stddev, dtype, seed):
    return tf.random.stateless_normal(shape, _seed(seed), mean, stddev, dtype=to_native_dtype(dtype))


def uniform(shape, minval, maxval, dtype, seed):
    return tf.random.stateless_uniform(shape, _seed(seed), minval, maxval, dtype=to_native_dtype(dtype))


def truncated_normal(shape, mean, stddev, dtype, seed):
    return tf.random.stateless_truncated_normal(shape, _seed(seed), mean, stddev, dtype=to_native_dtype(dtype))


def randint(shape, minval, maxval, dtype, seed):
    values = tf.random.stateless_uniform(shape, _seed(seed), minval, maxval, dtype=tf.int64)
    return tf.cast(values, to_native_dtype(dtype))


def categorical(logits, num_samples, dtype, seed):
    return tf.random.stateless_categorical(logits, num_samples, _seed(seed), dtype=to_native_dtype(dtype))


def gamma(shape, alpha, dtype, seed):
    return tf.random.stateless_gamma(shape, _seed(seed), alpha, dtype=to_native_dtype(dtype))


def binomial(shape, counts, probabilities, dtype, seed):
    return tf.random.stateless_binomial(shape, _seed(seed), counts, probabilities, output_dtype=to_native_dtype(dtype))


def beta(shape, alpha, beta, dtype, seed):
    seed = _seed(seed)
    a = tf.random.stateless_gamma(shape, seed, alpha, dtype=to_native_dtype(dtype))
    b = tf.random.stateless_gamma(shape, seed + tf.constant([0, 7919], tf.int64), beta, dtype=to_native_dtype(dtype))
    return a / (a + b)


def dropout(inputs, rate, noise_shape, seed):
    if noise_shape is None:
        noise_shape = tf.shape(inputs)
    elif None in tuple(noise_shape):
        noise_shape = [d if d is not None else tf.shape(inputs)[i] for i, d in enumerate(noise_shape)]
    keep = tf.random.stateless_uniform(noise_shape, _seed(seed)) >= rate
    return tf.where(keep, inputs / (1.0 - rate), tf.zeros((), dtype=inputs.dtype))


def shuffle(x, axis, seed):
    if axis == 0:
        return tf.random.experimental.stateless_shuffle(x, _seed(seed))
    perm = [axis] + [i for i in range(len(x.shape)) if i != axis]
    inverse = [perm.index(i) for i in range(len(perm))]
    shuffled = tf.random.experimental.stateless_shuffle(tf.transpose(x, perm), _seed(seed))
    return tf.transpose(shuffled, inverse)


def set_framework_seed(seed):
    tf.random.set_seed(seed)
