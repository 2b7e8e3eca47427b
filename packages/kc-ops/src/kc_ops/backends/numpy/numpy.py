"""NumPy-API functions of the numpy backend."""

from kc_ops.backends.numpy.numpy_arrays import *  # noqa: F401,F403
from kc_ops.backends.numpy.numpy_elementwise import *  # noqa: F401,F403
