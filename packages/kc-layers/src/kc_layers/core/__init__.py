"""Core layers: Dense, EinsumDense, Embedding, Identity, Lambda, Masking."""
