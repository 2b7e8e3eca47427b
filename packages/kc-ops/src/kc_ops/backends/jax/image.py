"""image functions of the jax backend."""
