"""The `keras.Initializer` base class."""


class Initializer:
    """Base class of weight initializers.

    Subclasses implement `__call__(shape, dtype=None)`, returning a tensor of that shape, and
    `get_config()` returning the constructor arguments, so `from_config(get_config())` rebuilds
    an equivalent initializer.
    """

    def __call__(self, shape, dtype=None):
        raise NotImplementedError(
            f"{type(self).__name__} must implement `__call__(shape, dtype=None)`."
        )

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def clone(self):
        return self.__class__.from_config(self.get_config())


def standardize_shape(shape, name):
    """A tuple of non-negative ints, or a clear error naming the initializer."""
    if isinstance(shape, int):
        shape = (shape,)
    try:
        shape = tuple(int(d) for d in shape)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name}: `shape` must be a tuple of ints, received {shape!r}."
        ) from None
    if any(d < 0 for d in shape):
        raise ValueError(f"{name}: `shape` must not have negative dims, received {shape!r}.")
    return shape
