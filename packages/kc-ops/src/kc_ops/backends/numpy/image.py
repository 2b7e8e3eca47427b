"""image functions of the numpy backend."""
