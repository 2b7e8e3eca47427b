"""Built-in layers without weights or with simple ones: activations as layers, dropout and
noise, reshaping, merging, and wrappers."""
