"""nn functions of the torch backend."""
