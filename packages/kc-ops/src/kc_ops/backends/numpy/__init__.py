"""The numpy backend."""

from kc_ops.backends.numpy import core, core_ops, image, linalg, math, nn, numpy, random  # noqa: F401
