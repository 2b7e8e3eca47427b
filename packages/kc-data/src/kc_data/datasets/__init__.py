"""`keras.datasets`: small standard datasets, downloaded once into the Keras cache
(`$KERAS_HOME/datasets`, default `~/.keras/datasets`) through `get_file`.

Each module's `load_data()` returns NumPy arrays `(x_train, y_train), (x_test, y_test)`.
"""

from kc_data.datasets import (  # noqa: F401
    boston_housing,
    california_housing,
    cifar10,
    cifar100,
    fashion_mnist,
    imdb,
    mnist,
    reuters,
)
