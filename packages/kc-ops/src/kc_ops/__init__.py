"""kc-ops: a NumPy-like library that runs on NumPy, JAX, PyTorch and TensorFlow.

    import kc_ops as ops
    ops.matmul(a, b)   # on the backend named by KERAS_BACKEND

Every `keras.ops` function is available here; `kc_ops.numpy`, `kc_ops.nn`, `kc_ops.math`,
`kc_ops.linalg`, `kc_ops.image` and `kc_ops.core` hold them by family.
"""

from kc_ops import config  # noqa: F401  (resolves the backend first)
from kc_ops.config import backend  # noqa: F401
from kc_ops.core import *  # noqa: F401,F403
from kc_ops.dtypes import result_type, standardize_dtype  # noqa: F401
from kc_ops.image import *  # noqa: F401,F403
from kc_ops.keras_tensor import KerasTensor  # noqa: F401
from kc_ops.linalg import *  # noqa: F401,F403
from kc_ops.math import *  # noqa: F401,F403
from kc_ops.nn import *  # noqa: F401,F403
from kc_ops.numpy import *  # noqa: F401,F403
from kc_ops.operation import Node, Operation  # noqa: F401
from kc_ops.backends import core as _backend_core

Variable = _backend_core.Variable
