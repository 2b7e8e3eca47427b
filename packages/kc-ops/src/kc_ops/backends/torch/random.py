"""Random ops of the torch backend: a torch.Generator seeded from the seed pair per draw."""

import torch

from kc_ops.backends.torch.core import convert_to_tensor, get_device, to_native_dtype

SEED_DTYPE = "int64"


def _generator(seed):
    first, second = (int(v) for v in torch.as_tensor(seed).reshape(-1).tolist())
    generator = torch.Generator(device=get_device())
    generator.manual_seed((first * 1_000_003 + second) % (2**63 - 1))
    return generator


def normal(shape, mean, stddev, dtype, seed):
    values = torch.randn(shape, generator=_generator(seed), device=get_device(), dtype=torch.float32)
    return (values * stddev + mean).to(to_native_dtype(dtype))


def uniform(shape, minval, maxval, dtype, seed):
    values = torch.rand(shape, generator=_generator(seed), device=get_device(), dtype=torch.float32)
    return (values * (maxval - minval) + minval).to(to_native_dtype(dtype))


def truncated_normal(shape, mean, stddev, dtype, seed):
    values = torch.empty(shape, device=get_device(), dtype=torch.float32)
    torch.nn.init.trunc_normal_(values, 0.0, 1.0, -2.0, 2.0, generator=_generator(seed))
    return (values * stddev + mean).to(to_native_dtype(dtype))


def randint(shape, minval, maxval, dtype, seed):
    values = torch.randint(int(minval), int(maxval), shape, generator=_generator(seed), device=get_device())
    return values.to(to_native_dtype(dtype))


def categorical(logits, num_samples, dtype, seed):
    probs = torch.softmax(logits.float(), dim=-1)
    samples = torch.multinomial(probs, num_samples, replacement=True, generator=_generator(seed))
    return samples.to(to_native_dtype(dtype))


def gamma(shape, alpha, dtype, seed):
    torch.manual_seed(int(torch.as_tensor(seed).reshape(-1)[0]))  # torch._standard_gamma has no generator
    alpha = torch.full(shape, float(alpha), device=get_device())
    return torch._standard_gamma(alpha).to(to_native_dtype(dtype))


def binomial(shape, counts, probabilities, dtype, seed):
    counts = torch.broadcast_to(convert_to_tensor(counts, "float32"), shape)
    probs = torch.broadcast_to(convert_to_tensor(probabilities, "float32"), shape)
    return torch.binomial(counts, probs, generator=_generator(seed)).to(to_native_dtype(dtype))


def beta(shape, alpha, beta, dtype, seed):
    torch.manual_seed(int(torch.as_tensor(seed).reshape(-1)[0]))
    a = torch.broadcast_to(convert_to_tensor(alpha, "float32"), shape)
    b = torch.broadcast_to(convert_to_tensor(beta, "float32"), shape)
    return torch.distributions.Beta(a, b).sample().to(to_native_dtype(dtype))


def dropout(inputs, rate, noise_shape, seed):
    if noise_shape is None:
        noise_shape = inputs.shape
    elif None in tuple(noise_shape):
        noise_shape = [d if d is not None else inputs.shape[i] for i, d in enumerate(noise_shape)]
    keep = torch.rand(noise_shape, generator=_generator(seed), device=inputs.device) >= rate
    return torch.where(keep, inputs / (1.0 - rate), torch.zeros((), dtype=inputs.dtype, device=inputs.device))


def shuffle(x, axis, seed):
    permutation = torch.randperm(x.shape[axis], generator=_generator(seed), device=x.device)
    return torch.index_select(x, axis, permutation)


def set_framework_seed(seed):
    torch.manual_seed(seed)
