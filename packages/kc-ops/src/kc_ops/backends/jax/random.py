"""Random ops of the jax backend: the seed pair is used as a raw jax PRNG key."""

import jax
import jax.numpy as jnp

from kc_ops.backends.jax.core import to_native_dtype

SEED_DTYPE = "uint32"


def _key(seed):
    return jax.random.wrap_key_data(jnp.asarray(seed, dtype=jnp.uint32), impl="threefry2x32")


def normal(shape, mean, stddev, dtype, seed):
    dtype = to_native_dtype(dtype)
    return jax.random.normal(_key(seed), shape, dtype=dtype) * stddev + mean


def uniform(shape, minval, maxval, dtype, seed):
    return jax.random.uniform(_key(seed), shape, dtype=to_native_dtype(dtype), minval=minval, maxval=maxval)


def truncated_normal(shape, mean, stddev, dtype, seed):
    dtype = to_native_dtype(dtype)
    return jax.random.truncated_normal(_key(seed), -2.0, 2.0, shape, dtype=dtype) * stddev + mean


def randint(shape, minval, maxval, dtype, seed):
    return jax.random.randint(_key(seed), shape, minval, maxval, dtype=to_native_dtype(dtype))


def categorical(logits, num_samples, dtype, seed):
    samples = jax.random.categorical(_key(seed), logits[..., None, :], axis=-1,
                                     shape=(logits.shape[0], num_samples))
    return samples.astype(to_native_dtype(dtype))


def gamma(shape, alpha, dtype, seed):
    return jax.random.gamma(_key(seed), alpha, shape, dtype=to_native_dtype(dtype))


def binomial(shape, counts, probabilities, dtype, seed):
    return jax.random.binomial(_key(seed), counts, probabilities, shape).astype(to_native_dtype(dtype))


def beta(shape, alpha, beta, dtype, seed):
    return jax.random.beta(_key(seed), alpha, beta, shape, dtype=to_native_dtype(dtype))


def dropout(inputs, rate, noise_shape, seed):
    if noise_shape is None:
        noise_shape = inputs.shape
    elif None in tuple(noise_shape):
        noise_shape = [d if d is not None else inputs.shape[i] for i, d in enumerate(noise_shape)]
    keep = jax.random.bernoulli(_key(seed), 1.0 - rate, noise_shape)
    return jnp.where(keep, inputs / (1.0 - rate), 0).astype(inputs.dtype)


def shuffle(x, axis, seed):
    return jax.random.permutation(_key(seed), x, axis=axis, independent=False)


def set_framework_seed(seed):
    pass  # this backend has no global framework generator: every draw is seeded explicitly
