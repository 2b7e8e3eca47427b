"""`tf.keras` / `tensorflow.keras`: TensorFlow 2.16+ forwards these to `keras._tf_keras.keras`;
each submodule here stands for the public keras namespace of the same name."""

import sys

import keras as _keras

_NAMESPACES = ("activations", "applications", "backend", "callbacks", "config", "constraints",
               "datasets", "dtype_policies", "initializers", "layers", "losses", "metrics",
               "mixed_precision", "models", "ops", "optimizers", "preprocessing", "random",
               "regularizers", "saving", "tree", "utils")


def __getattr__(name):
    return getattr(_keras, name)


def __dir__():
    return dir(_keras)


for _name in _NAMESPACES:
    sys.modules[f"{__name__}.{_name}"] = getattr(_keras, _name)
    sys.modules[f"keras._tf_keras.keras.{_name}"] = getattr(_keras, _name)
