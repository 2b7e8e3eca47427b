"""NumPy-API functions (arrays) of the torch backend."""
