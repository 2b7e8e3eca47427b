"""image functions of the tensorflow backend."""
