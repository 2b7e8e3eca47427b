"""nn functions of the numpy backend."""
