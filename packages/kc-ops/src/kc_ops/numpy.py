"""`keras.ops.numpy`: the NumPy API, split by family into numpy_elementwise.py (element-wise
math, comparisons, logic, bit operations, creation) and numpy_arrays.py (reductions, shapes,
indexing, sorting, products, cumulative and set operations, windows)."""

from kc_ops.numpy_arrays import *  # noqa: F401,F403
from kc_ops.numpy_arrays import __all__ as _arrays_all
from kc_ops.numpy_elementwise import *  # noqa: F401,F403
from kc_ops.numpy_elementwise import __all__ as _elementwise_all

__all__ = sorted(set(_elementwise_all) | set(_arrays_all))
