"""random functions of the torch backend."""
