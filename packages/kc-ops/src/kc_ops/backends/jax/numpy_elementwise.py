"""NumPy-API functions (elementwise) of the jax backend."""
