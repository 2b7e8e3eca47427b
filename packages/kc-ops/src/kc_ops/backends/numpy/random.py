"""Random ops of the numpy backend (NumPy's PCG64 generator seeded by the seed pair)."""

import numpy as np

from kc_ops.backends.numpy.core import convert_to_tensor, to_native_dtype

SEED_DTYPE = "uint32"


def _rng(seed):
    return np.random.default_rng([int(s) for s in np.asarray(seed).reshape(-1)])


def normal(shape, mean, stddev, dtype, seed):
    return (_rng(seed).standard_normal(shape) * stddev + mean).astype(to_native_dtype(dtype))


def uniform(shape, minval, maxval, dtype, seed):
    return _rng(seed).uniform(minval, maxval, shape).astype(to_native_dtype(dtype))


def truncated_normal(shape, mean, stddev, dtype, seed):
    rng = _rng(seed)
    values = rng.standard_normal(shape)
    outside = np.abs(values) > 2
    while outside.any():  # resample beyond two standard deviations
        values[outside] = rng.standard_normal(int(outside.sum()))
        outside = np.abs(values) > 2
    return (values * stddev + mean).astype(to_native_dtype(dtype))


def randint(shape, minval, maxval, dtype, seed):
    return _rng(seed).integers(minval, maxval, shape).astype(to_native_dtype(dtype))


def categorical(logits, num_samples, dtype, seed):
    logits = np.asarray(logits, dtype=np.float64)
    probs = np.exp(logits - logits.max(axis=-1, keepdims=True))
    probs /= probs.sum(axis=-1, keepdims=True)
    rng = _rng(seed)
    samples = [rng.choice(probs.shape[-1], size=num_samples, p=row) for row in probs]
    return np.asarray(samples).astype(to_native_dtype(dtype))


def gamma(shape, alpha, dtype, seed):
    return _rng(seed).gamma(alpha, 1.0, shape).astype(to_native_dtype(dtype))


def binomial(shape, counts, probabilities, dtype, seed):
    return _rng(seed).binomial(np.asarray(counts), np.asarray(probabilities), shape).astype(to_native_dtype(dtype))


def beta(shape, alpha, beta, dtype, seed):
    return _rng(seed).beta(np.asarray(alpha), np.asarray(beta), shape).astype(to_native_dtype(dtype))


def dropout(inputs, rate, noise_shape, seed):
    if noise_shape is None:
        noise_shape = inputs.shape
    elif None in tuple(noise_shape):
        noise_shape = [d if d is not None else inputs.shape[i] for i, d in enumerate(noise_shape)]
    keep = _rng(seed).uniform(size=noise_shape) >= rate
    return np.where(keep, inputs / (1 - rate), 0).astype(inputs.dtype)


def shuffle(x, axis, seed):
    permutation = _rng(seed).permutation(x.shape[axis])
    return np.take(convert_to_tensor(x), permutation, axis=axis)


def set_framework_seed(seed):
    pass  # this backend has no global framework generator: every draw is seeded explicitly
