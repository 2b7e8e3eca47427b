"""`keras.Sequential`: a linear stack of layers, built into a Functional graph once the input
shape is known (from an `Input`/`input_shape`, `build(input_shape)` or the first call)."""

from kc_layers import Layer
from kc_ops import core, structure, tree
from kc_ops.keras_tensor import KerasTensor
from kc_train.models.functional import Functional
from kc_train.models.model import Model


class Sequential(Model):
    def __new__(cls, *args, **kwargs):
        return super(Model, cls).__new__(cls, *args, **kwargs)  # skip Model's functional dispatch

    def __init__(self, layers=None, trainable=True, name=None):
        super().__init__(trainable=trainable, name=name)
        self._stack = []
        self._functional = None
        self._build_input_shape = None
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._maybe_rebuild()

    def add(self, layer, rebuild=True):
        from kc_layers import InputLayer

        if isinstance(layer, KerasTensor):
            layer = layer._keras_history.operation
        if not isinstance(layer, Layer):
            raise ValueError(
                f"Only Layer instances can be added to a Sequential model. Received: {layer!r} "
                f"of type {type(layer).__name__}."
            )
        if isinstance(layer, InputLayer) and self._stack and isinstance(self._stack[0], InputLayer):
            raise ValueError("Sequential model already has an input layer.")
        names = {l.name for l in self._stack}
        if layer.name in names:
            raise ValueError(
                f"All layers added to a Sequential model should have unique names. Name "
                f"{layer.name!r} is already the name of a layer in this model."
            )
        self._stack.append(layer)
        structure.changed()
        self._functional = None
        self.built = False
        if rebuild:
            self._maybe_rebuild()

    def pop(self, rebuild=True):
        if not self.layers:
            raise TypeError("There are no layers in the model to pop.")
        layer = self._stack.pop()
        structure.changed()
        self._functional = None
        self.built = False
        if rebuild:
            self._maybe_rebuild()
        return layer

    def _input_layer(self):
        from kc_layers import InputLayer

        return self._stack[0] if self._stack and isinstance(self._stack[0], InputLayer) else None

    def _maybe_rebuild(self):
        input_layer = self._input_layer()
        if input_layer is not None and len(self._stack) > 1:
            self._build_graph(input_layer.output)
        elif self._build_input_shape is not None:
            self.build(self._build_input_shape)

    def _build_graph(self, inputs):
        x = inputs
        for layer in self.layers:
            x = layer(x)
        self._functional = Functional(inputs=inputs, outputs=x, name=self.name + "_graph")
        self._functional._functional_layers = [l for l in self._functional._functional_layers]
        self.built = True

    def build(self, input_shape=None):
        from kc_layers import Input

        if input_shape is None:
            raise ValueError("You must provide an `input_shape` argument to build a Sequential model.")
        input_shape = tuple(input_shape)
        if not self.layers:
            raise ValueError("Sequential.build() needs at least one layer.")
        self._build_input_shape = input_shape
        input_layer = self._input_layer()
        if input_layer is not None:
            inputs = input_layer.output
        else:
            inputs = Input(batch_shape=input_shape)
        self._build_graph(inputs)

    def _build_by_run(self, x):
        from kc_ops import core

        if self._functional is None:
            shape = tuple(core.shape(tree.flatten(x)[0]))
            self.build((None,) + shape[1:])

    @property
    def layers(self):
        from kc_layers import InputLayer

        return [layer for layer in self._stack if not isinstance(layer, InputLayer)]

    def call(self, inputs, training=None, mask=None):
        functional = self._functional
        if functional is not None:
            if mask is None and functional._single_tensor_io and core.is_tensor(inputs):
                return functional._call_single(inputs, training)  # as Functional.call would
            return functional.call(inputs, training=training, mask=mask)
        x = inputs
        for layer in self.layers:
            kwargs = {"training": training} if _accepts(layer, "training") else {}
            x = layer(x, **kwargs)
        return x

    def compute_output_spec(self, inputs, training=None, mask=None):
        if self._functional is None:
            self._build_by_run(inputs)
        return self._functional.compute_output_spec(inputs, training=training, mask=mask)

    @property
    def inputs(self):
        return self._functional.inputs if self._functional else None

    @property
    def outputs(self):
        return self._functional.outputs if self._functional else None

    @property
    def input_shape(self):
        return self._functional.input_shape if self._functional else None

    @property
    def output_shape(self):
        return self._functional.output_shape if self._functional else None

    def get_config(self):
        from kc_saving.serialization import serialize_keras_object

        layers = []
        for layer in self._stack:
            entry = serialize_keras_object(layer)
            if layer.built and hasattr(layer, "get_build_config"):
                build_config = layer.get_build_config()
                if build_config:
                    entry["build_config"] = build_config
            layers.append(entry)
        config = {"name": self.name, "trainable": self.trainable,
                  "dtype": serialize_keras_object(self.dtype_policy), "layers": layers}
        if self._functional is not None:
            config["build_input_shape"] = list(self._functional.inputs[0].shape)
        return config

    def get_build_config(self):
        if self._functional is None:
            return None
        return {"input_shape": list(self._functional.inputs[0].shape)}

    def build_from_config(self, config):
        if not self.built and config and "input_shape" in config:
            self.build(tuple(config["input_shape"]))

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from kc_saving.serialization import deserialize_keras_object

        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for entry in config["layers"]:
            layer = deserialize_keras_object(entry, custom_objects=custom_objects)
            model.add(layer, rebuild=False)
        model._maybe_rebuild()
        if not model.built and config.get("build_input_shape"):
            model.build(config["build_input_shape"])
        return model


def _accepts(layer, argument):
    import inspect

    try:
        return argument in inspect.signature(layer.call).parameters
    except (TypeError, ValueError):
        return False

