"""The Keras API level this package implements."""

__version__ = "3.15.0"


def version():
    return __version__
