"""`keras.ops.nn`: re-exports from kc-ops."""

from kc_ops.nn import *  # noqa: F401,F403
