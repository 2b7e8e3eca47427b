"""linalg functions of the jax backend."""
