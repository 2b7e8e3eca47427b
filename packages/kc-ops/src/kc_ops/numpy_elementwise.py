"""`keras.ops.numpy`, part: elementwise (see numpy.py)."""

__all__ = []
