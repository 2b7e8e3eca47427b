"""math functions of the tensorflow backend."""
