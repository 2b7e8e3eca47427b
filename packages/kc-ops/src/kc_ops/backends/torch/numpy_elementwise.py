"""NumPy-API functions (elementwise) of the torch backend."""
