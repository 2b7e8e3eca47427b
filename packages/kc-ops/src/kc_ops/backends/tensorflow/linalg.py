"""linalg functions of the tensorflow backend."""
