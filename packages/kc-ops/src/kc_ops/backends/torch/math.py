"""math functions of the torch backend."""
