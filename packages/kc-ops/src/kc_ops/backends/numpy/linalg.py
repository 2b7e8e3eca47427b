"""linalg functions of the numpy backend."""
