"""The base class of every Keras layer on the numpy backend: adds nothing."""


class LayerBase:
    pass
