"""NumPy-API functions of the torch backend."""

from kc_ops.backends.torch.numpy_arrays import *  # noqa: F401,F403
from kc_ops.backends.torch.numpy_elementwise import *  # noqa: F401,F403
