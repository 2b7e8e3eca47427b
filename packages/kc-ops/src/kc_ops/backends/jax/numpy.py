"""NumPy-API functions of the jax backend."""

from kc_ops.backends.jax.numpy_arrays import *  # noqa: F401,F403
from kc_ops.backends.jax.numpy_elementwise import *  # noqa: F401,F403
