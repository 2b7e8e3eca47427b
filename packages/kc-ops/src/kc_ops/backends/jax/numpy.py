"""numpy functions of the jax backend."""
