"""The torch backend."""

from kc_ops.backends.torch import core, core_ops, image, layer_base, linalg, math, nn, numpy, random  # noqa: F401
