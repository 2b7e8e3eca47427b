"""numpy functions of the numpy backend."""
