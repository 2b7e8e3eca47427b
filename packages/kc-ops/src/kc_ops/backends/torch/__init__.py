"""The torch backend."""

from kc_ops.backends.torch import (  # noqa: F401
    core,
    core_ops,
    image,
    layer_base,
    linalg,
    math,
    nn,
    numpy,
    optimizer_updates,
    random,
)
