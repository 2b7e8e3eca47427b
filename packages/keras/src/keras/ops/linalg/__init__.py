"""`keras.ops.linalg`: re-exports from kc-ops."""

from kc_ops.linalg import *  # noqa: F401,F403
