"""numpy functions of the torch backend."""
