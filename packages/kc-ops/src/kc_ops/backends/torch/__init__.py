"""The torch backend."""

from kc_ops.backends.torch import core, core_ops, image, linalg, math, nn, numpy, random  # noqa: F401
