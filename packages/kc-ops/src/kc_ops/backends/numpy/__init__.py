"""The numpy backend."""

from kc_ops.backends.numpy import core, image, linalg, math, nn, numpy, random  # noqa: F401
