"""nn functions of the tensorflow backend."""
