"""`StackedRNNCells`: several cells run one after the other at each time step, so that an RNN
over them behaves like a stack of RNN layers."""

import inspect

import kc_ops
from kc_ops.keras_tensor import KerasTensor

from kc_layers.layer import Layer


class StackedRNNCells(Layer):
    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(cells, (list, tuple)) or not cells:
            raise ValueError(
                f"StackedRNNCells expects a non-empty list of cells. Received: cells={cells!r}"
            )
        for cell in cells:
            if not hasattr(cell, "call") or not hasattr(cell, "state_size"):
                raise ValueError(
                    "StackedRNNCells: every cell needs a `call` method and a `state_size` "
                    f"attribute. Received: {cell!r}"
                )
        self.cells = list(cells)

    @property
    def state_size(self):
        return [cell.state_size for cell in self.cells]

    @property
    def output_size(self):
        last = self.cells[-1]
        size = getattr(last, "output_size", None)
        if size is not None:
            return size
        state_size = last.state_size
        return state_size[0] if isinstance(state_size, (list, tuple)) else state_size

    def get_initial_state(self, batch_size=None):
        states = []
        for cell in self.cells:
            if hasattr(cell, "get_initial_state"):
                states.append(cell.get_initial_state(batch_size=batch_size))
            else:
                sizes = (
                    cell.state_size
                    if isinstance(cell.state_size, (list, tuple))
                    else [cell.state_size]
                )
                states.append(
                    [kc_ops.zeros((batch_size, s), dtype=self.compute_dtype) for s in sizes]
                )
        return states

    def build(self, input_shape):
        shape = tuple(input_shape)
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                cell._maybe_build((KerasTensor(shape, dtype=self.compute_dtype),), {})
            size = getattr(cell, "output_size", None)
            if size is None:
                size = (
                    cell.state_size[0]
                    if isinstance(cell.state_size, (list, tuple))
                    else cell.state_size
                )
            shape = shape[:-1] + (size,)
        self.built = True

    def call(self, inputs, states, training=False, **kwargs):
        if len(states) != len(self.cells):
            raise ValueError(
                f"StackedRNNCells {self.name!r} expects one state entry per cell "
                f"({len(self.cells)}); received {len(states)}."
            )
        new_states = []
        for cell, cell_states in zip(self.cells, states):
            was_list = isinstance(cell.state_size, (list, tuple))
            if was_list and not isinstance(cell_states, (list, tuple)):
                cell_states = [cell_states]
            takes_training = "training" in inspect.signature(cell.call).parameters
            call_kwargs = {"training": training} if takes_training else {}
            inputs, cell_new = cell.call(inputs, cell_states, **call_kwargs)
            if not was_list and isinstance(cell_new, (list, tuple)) and len(cell_new) == 1:
                cell_new = cell_new[0]
            new_states.append(cell_new)
        return inputs, new_states

    def get_config(self):
        from kc_saving.serialization import serialize_keras_object

        config = super().get_config()
        config["cells"] = [serialize_keras_object(cell) for cell in self.cells]
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from kc_layers.rnn.cell_utils import deserialize_layer

        config = dict(config)
        cells = [deserialize_layer(c, custom_objects) for c in config.pop("cells")]
        return cls(cells, **config)
