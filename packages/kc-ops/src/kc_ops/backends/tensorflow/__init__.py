"""The tensorflow backend."""

from kc_ops.backends.tensorflow import (  # noqa: F401
    core,
    core_ops,
    image,
    layer_base,
    linalg,
    math,
    nn,
    numpy,
    random,
)
