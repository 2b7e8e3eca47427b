"""The tensorflow backend."""

from kc_ops.backends.tensorflow import core, core_ops, image, linalg, math, nn, numpy, random  # noqa: F401
