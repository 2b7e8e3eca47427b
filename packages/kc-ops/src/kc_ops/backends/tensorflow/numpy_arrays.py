"""NumPy-API functions (arrays) of the tensorflow backend."""
