"""`keras.ops.numpy`, part: arrays (see numpy.py)."""

__all__ = []
