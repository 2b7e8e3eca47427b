"""The base class of every Keras layer on the jax backend: adds nothing."""


class LayerBase:
    pass
