"""NumPy-API array functions (reductions, shapes, indexing, products) on JAX."""

import jax.numpy as jnp

from kc_ops.backends.jax import core
from kc_ops.backends.numpy_like_arrays import make

globals().update(make(jnp, core.convert_to_tensor, core.to_native_dtype))
