"""NumPy-API functions (elementwise) of the tensorflow backend."""
