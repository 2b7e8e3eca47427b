"""image functions of the torch backend."""
