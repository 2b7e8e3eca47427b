"""`keras.ops.image`: re-exports from kc-ops."""

from kc_ops.image import *  # noqa: F401,F403
