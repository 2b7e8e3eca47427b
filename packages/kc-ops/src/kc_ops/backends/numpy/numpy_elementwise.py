"""NumPy-API functions (elementwise) of the numpy backend."""
