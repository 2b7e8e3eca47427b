"""random functions of the tensorflow backend."""
