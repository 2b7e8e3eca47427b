"""random functions of the jax backend."""
