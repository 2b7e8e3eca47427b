"""The torch backend."""

from kc_ops.backends.torch import core, image, linalg, math, nn, numpy, random  # noqa: F401
