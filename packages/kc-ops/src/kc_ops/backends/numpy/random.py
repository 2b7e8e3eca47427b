"""random functions of the numpy backend."""
