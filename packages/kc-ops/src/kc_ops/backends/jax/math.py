"""math functions of the jax backend."""
