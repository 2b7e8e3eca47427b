"""math functions of the numpy backend."""
