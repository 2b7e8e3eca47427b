"""linalg functions of the torch backend."""
