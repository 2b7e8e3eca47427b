"""`keras.ops`: re-exports from kc-ops."""

from kc_ops.core import *  # noqa: F401,F403
from kc_ops.linalg import *  # noqa: F401,F403
from kc_ops.math import *  # noqa: F401,F403
from kc_ops.nn import *  # noqa: F401,F403
from kc_ops.numpy import *  # noqa: F401,F403
from keras.ops import image, linalg, nn, numpy  # noqa: F401
