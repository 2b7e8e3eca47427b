"""The tensorflow backend."""

from kc_ops.backends.tensorflow import core, image, linalg, math, nn, numpy, random  # noqa: F401
