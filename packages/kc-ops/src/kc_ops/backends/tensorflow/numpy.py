"""numpy functions of the tensorflow backend."""
