"""`keras.random`: random tensors from an int seed or a `SeedGenerator`.

An int seed always gives the same values (it is turned into the seed pair `[seed, 0]`).
A `SeedGenerator` keeps its state in a non-trainable Variable, so layers track it and it works
in stateless (jitted) code: each draw returns the current state and advances it.
`seed=None` draws from a global generator (reset by `keras.utils.set_random_seed`).
"""

import random as _python_random

import numpy as np

from kc_ops import config, dtypes, naming, scopes
from kc_ops.backends import core as _core
from kc_ops.backends import random as _backend
from kc_ops.operation import symbolic_op

_SEED_DTYPE = _backend.SEED_DTYPE
_global_generator = None


class SeedGenerator:
    """Stateful source of seeds for the random ops (`keras.random.SeedGenerator`)."""

    def __init__(self, seed=None, name=None, **kwargs):
        kwargs.pop("backend", None)
        if kwargs:
            raise TypeError(f"SeedGenerator got unexpected keyword arguments: {sorted(kwargs)}")
        if seed is None:
            seed = make_default_seed()
        elif not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
            raise ValueError(f"SeedGenerator expects an int seed or None. Received: {seed!r}")
        self._initial_seed = int(seed)
        self.name = name or naming.auto_name("seed_generator")

        def initializer(shape, dtype):
            return _core.convert_to_tensor([self._initial_seed, 0], dtype=dtype)

        with scopes.name_scope(self.name, deduplicate=False):
            self.state = _core.Variable(
                initializer, shape=(2,), dtype=_SEED_DTYPE, trainable=False,
                name="seed_generator_state",
            )

    def next(self, ordered=True):
        """The current seed pair; the state advances by one draw."""
        value = self.state.value
        self.state.assign(value + _core.convert_to_tensor([0, 1], dtype=_SEED_DTYPE))
        return value

    def get_config(self):
        return {"seed": self._initial_seed}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<SeedGenerator name={self.name}, seed={self._initial_seed}>"


def make_default_seed():
    return _python_random.randint(1, int(1e9))


def global_seed_generator():
    global _global_generator
    if _global_generator is None:
        _global_generator = SeedGenerator()
    return _global_generator


def set_global_seed(seed):
    global _global_generator
    _global_generator = None if seed is None else SeedGenerator(seed, name="global_seed_generator")


def draw_seed(seed):
    """A backend seed pair from an int, a SeedGenerator or None (the global generator)."""
    if isinstance(seed, SeedGenerator):
        return seed.next()
    if seed is None and scopes.in_symbolic_scope():
        return _core.convert_to_tensor([0, 0], dtype=_SEED_DTYPE)  # shapes only: no draw
    if seed is None:
        if _core.in_tracing_context() and not scopes.in_stateless_scope():
            raise ValueError(
                "Random ops with seed=None cannot be used inside a traced (jitted) function: "
                "pass an int seed or a keras.random.SeedGenerator."
            )
        return global_seed_generator().next()
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        return _core.convert_to_tensor([int(seed), 0], dtype=_SEED_DTYPE)
    if _core.is_tensor(seed) or isinstance(seed, (list, tuple, np.ndarray)):
        return _core.convert_to_tensor(seed, dtype=_SEED_DTYPE)
    raise ValueError(
        f"`seed` must be None, an int or a keras.random.SeedGenerator. Received: {seed!r}"
    )


def _float_dtype(dtype):
    dtype = dtypes.standardize_dtype(dtype or config.floatx())
    if not dtypes.is_float_dtype(dtype):
        raise ValueError(f"Expected a floating dtype for this random op. Received: {dtype!r}")
    return dtype


def _shape(shape):
    if isinstance(shape, int):
        return (shape,)
    return tuple(int(d) for d in shape)


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return _backend.normal(_shape(shape), mean, stddev, _float_dtype(dtype), draw_seed(seed))


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    dtype = dtypes.standardize_dtype(dtype or config.floatx())
    if not dtypes.is_float_dtype(dtype):
        raise ValueError(
            f"uniform expects a floating dtype; use keras.random.randint for integers. Received: {dtype!r}"
        )
    return _backend.uniform(_shape(shape), minval, maxval, dtype, draw_seed(seed))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return _backend.truncated_normal(_shape(shape), mean, stddev, _float_dtype(dtype), draw_seed(seed))


def randint(shape, minval, maxval, dtype="int32", seed=None):
    dtype = dtypes.standardize_dtype(dtype)
    if not dtypes.is_int_dtype(dtype):
        raise ValueError(f"randint expects an integer dtype. Received: {dtype!r}")
    return _backend.randint(_shape(shape), minval, maxval, dtype, draw_seed(seed))


def categorical(logits, num_samples, dtype="int32", seed=None):
    logits = _core.convert_to_tensor(logits)
    if len(logits.shape) != 2:
        raise ValueError(
            f"categorical expects logits of shape (batch, num_classes). Received shape {tuple(logits.shape)}."
        )
    return _backend.categorical(logits, int(num_samples), dtypes.standardize_dtype(dtype), draw_seed(seed))


def gamma(shape, alpha, dtype=None, seed=None):
    return _backend.gamma(_shape(shape), alpha, _float_dtype(dtype), draw_seed(seed))


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    return _backend.binomial(_shape(shape), counts, probabilities, _float_dtype(dtype), draw_seed(seed))


def beta(shape, alpha, beta, dtype=None, seed=None):
    return _backend.beta(_shape(shape), alpha, beta, _float_dtype(dtype), draw_seed(seed))


@symbolic_op
def dropout(inputs, rate, noise_shape=None, seed=None):
    """Zero each element with probability `rate` and scale the rest by 1 / (1 - rate)."""
    if not 0 <= float(rate) < 1:
        raise ValueError(f"dropout expects 0 <= rate < 1. Received: rate={rate}")
    inputs = _core.convert_to_tensor(inputs)
    if float(rate) == 0:
        return inputs
    return _backend.dropout(inputs, float(rate), noise_shape, draw_seed(seed))


@symbolic_op
def shuffle(x, axis=0, seed=None):
    return _backend.shuffle(_core.convert_to_tensor(x), int(axis), draw_seed(seed))


__all__ = [
    "SeedGenerator", "beta", "binomial", "categorical", "dropout", "gamma", "normal", "randint",
    "shuffle", "truncated_normal", "uniform",
]


def set_random_seed(seed):
    """Seed Python's `random`, NumPy, the backend framework and the global SeedGenerator
    (`keras.utils.set_random_seed`)."""
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        raise ValueError(f"set_random_seed expects an int. Received: {seed!r}")
    _python_random.seed(seed)
    np.random.seed(seed)
    _backend.set_framework_seed(int(seed))
    set_global_seed(int(seed))
