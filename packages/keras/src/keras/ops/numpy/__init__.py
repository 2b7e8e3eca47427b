"""`keras.ops.numpy`: re-exports from kc-ops."""

from kc_ops.numpy import *  # noqa: F401,F403
