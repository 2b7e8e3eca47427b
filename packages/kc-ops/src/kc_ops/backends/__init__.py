"""The active backend's modules: `core`, `numpy`, `nn`, `math`, `linalg`, `image`, `random`.

Only the configured backend (and so only its framework) is imported.
"""

import importlib

from kc_ops import config

name = config.backend()
_package = importlib.import_module(f"kc_ops.backends.{name}")

core = _package.core
core_ops = _package.core_ops
layer_base = _package.layer_base
numpy = _package.numpy
nn = _package.nn
math = _package.math
linalg = _package.linalg
image = _package.image
random = _package.random
# Multi-tensor optimizer kernels where eager steps need them (torch); None elsewhere.
optimizer_updates = getattr(_package, "optimizer_updates", None)
