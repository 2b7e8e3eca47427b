"""nn functions of the jax backend."""
