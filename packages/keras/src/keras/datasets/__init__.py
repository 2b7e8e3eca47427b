"""`keras.datasets`: the dataset loaders of kc-data."""

from keras import _lazy

_EXPORTS = {}
_SUBMODULES = ("boston_housing", "california_housing", "cifar10", "cifar100", "fashion_mnist",
               "imdb", "mnist", "reuters")

_lazy.install(globals(), _EXPORTS, _SUBMODULES)
