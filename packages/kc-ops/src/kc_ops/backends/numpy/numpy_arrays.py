"""NumPy-API array functions (reductions, shapes, indexing, products) on NumPy."""

import numpy as np

from kc_ops.backends.numpy import core
from kc_ops.backends.numpy_like_arrays import make

globals().update(make(np, core.convert_to_tensor, core.to_native_dtype))
