"""NumPy-API functions of the tensorflow backend."""

from kc_ops.backends.tensorflow.numpy_arrays import *  # noqa: F401,F403
from kc_ops.backends.tensorflow.numpy_elementwise import *  # noqa: F401,F403
