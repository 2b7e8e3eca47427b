"""The base class of every Keras layer on the tensorflow backend: adds nothing."""


class LayerBase:
    pass
