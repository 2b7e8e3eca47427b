"""NumPy-API functions (arrays) of the jax backend."""
