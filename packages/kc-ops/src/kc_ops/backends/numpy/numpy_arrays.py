"""NumPy-API functions (arrays) of the numpy backend."""
