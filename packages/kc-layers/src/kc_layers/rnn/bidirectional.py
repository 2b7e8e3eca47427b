"""`Bidirectional`: runs a recurrent layer forwards and a copy of it backwards over the time
axis, then merges the two outputs (`concat`, `sum`, `mul`, `ave`, or a list with None)."""

import kc_ops
from kc_ops.keras_tensor import KerasTensor

from kc_layers.layer import Layer, _set_mask

_MERGE_MODES = ("sum", "mul", "ave", "concat", None)


def _strip(name, prefix):
    return name[len(prefix) :] if name.startswith(prefix) else name


class Bidirectional(Layer):
    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                "Bidirectional: `layer` must be a keras Layer instance (an RNN such as LSTM or "
                f"GRU). Received: layer={layer!r} of type {type(layer).__name__}."
            )
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError(
                "Bidirectional: `backward_layer` must be a keras Layer instance. Received: "
                f"backward_layer={backward_layer!r}."
            )
        if merge_mode not in _MERGE_MODES:
            raise ValueError(
                f"Bidirectional: invalid `merge_mode`. Expected one of {_MERGE_MODES}; "
                f"received: merge_mode={merge_mode!r}."
            )
        for attribute in ("return_sequences", "return_state", "go_backwards"):
            if not hasattr(layer, attribute):
                raise ValueError(
                    f"Bidirectional: `layer` must be a recurrent layer with a `{attribute}` "
                    f"attribute. Received: {type(layer).__name__}."
                )
        super().__init__(**kwargs)
        base_name = _strip(_strip(layer.name, "forward_"), "backward_")

        # Both directions are fresh layers built from the wrapped layer's config.
        config = layer.get_config()
        config["name"] = "forward_" + base_name
        self.forward_layer = type(layer).from_config(config)

        if backward_layer is None:
            config = layer.get_config()
            config["name"] = "backward_" + base_name
            config["go_backwards"] = not layer.go_backwards
            self.backward_layer = type(layer).from_config(config)
        else:
            for attribute in ("return_sequences", "return_state"):
                if getattr(backward_layer, attribute) != getattr(layer, attribute):
                    raise ValueError(
                        f"Bidirectional: `backward_layer.{attribute}` "
                        f"({getattr(backward_layer, attribute)}) must match "
                        f"`layer.{attribute}` ({getattr(layer, attribute)})."
                    )
            if backward_layer.go_backwards == layer.go_backwards:
                raise ValueError(
                    "Bidirectional: `backward_layer.go_backwards` must be the opposite of "
                    f"`layer.go_backwards`; both are {layer.go_backwards}."
                )
            self.backward_layer = backward_layer

        self.merge_mode = merge_mode
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.stateful = getattr(layer, "stateful", False)
        # Padded steps of each direction output zeros, so they line up after the reversal.
        for direction in (self.forward_layer, self.backward_layer):
            if hasattr(direction, "zero_output_for_mask"):
                direction.zero_output_for_mask = self.return_sequences
        self.supports_masking = True
        self._initial_weights = weights

    @property
    def states(self):
        forward = getattr(self.forward_layer, "states", None)
        backward = getattr(self.backward_layer, "states", None)
        if forward is None and backward is None:
            return None
        return tuple((forward or []) + (backward or []))

    def build(self, sequences_shape, initial_state_shape=None):
        sequences_shape = tuple(sequences_shape)
        if not self.forward_layer.built:
            self.forward_layer.build(sequences_shape)
            self.forward_layer._build_shapes = sequences_shape
        if not self.backward_layer.built:
            self.backward_layer.build(sequences_shape)
            self.backward_layer._build_shapes = sequences_shape
        self._build_shapes = sequences_shape
        self.built = True
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    def get_build_config(self):
        if self._build_shapes is None:
            return None
        return {"input_shape": self._build_shapes}

    def build_from_config(self, config):
        if config and "input_shape" in config:
            self.build(tuple(config["input_shape"]))
        elif config and "shapes_dict" in config:
            self.build(tuple(config["shapes_dict"]["sequences_shape"]))

    def _merge(self, y, y_rev):
        mode = self.merge_mode
        if mode == "concat":
            return kc_ops.concatenate([y, y_rev], axis=-1)
        if mode == "sum":
            return kc_ops.add(y, y_rev)
        if mode == "ave":
            return kc_ops.multiply(kc_ops.add(y, y_rev), 0.5)
        if mode == "mul":
            return kc_ops.multiply(y, y_rev)
        return [y, y_rev]

    def call(self, sequences, initial_state=None, mask=None, training=None):
        forward_kwargs, backward_kwargs = {}, {}
        if training is not None:
            forward_kwargs["training"] = backward_kwargs["training"] = training
        if mask is not None:
            forward_kwargs["mask"] = backward_kwargs["mask"] = mask
        if initial_state is not None:
            initial_state = list(initial_state)
            if len(initial_state) % 2:
                raise ValueError(
                    "Bidirectional: `initial_state` must hold the forward states followed by the "
                    f"backward states (an even number of tensors). Received {len(initial_state)}."
                )
            half = len(initial_state) // 2
            forward_kwargs["initial_state"] = initial_state[:half]
            backward_kwargs["initial_state"] = initial_state[half:]
        y = self.forward_layer(sequences, **forward_kwargs)
        y_rev = self.backward_layer(sequences, **backward_kwargs)
        if self.return_state:
            states = tuple(y[1:]) + tuple(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = kc_ops.flip(y_rev, axis=1)
        output = self._merge(y, y_rev)
        if self.return_state:
            if self.merge_mode is None:
                return list(output) + list(states)
            return [output] + list(states)
        return output

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        shape = self.forward_layer.compute_output_shape(tuple(sequences_shape))
        if self.return_state:
            output_shape, state_shapes = tuple(shape[0]), [tuple(s) for s in shape[1:]]
        else:
            output_shape, state_shapes = tuple(shape), []
        if self.merge_mode == "concat":
            last = None if output_shape[-1] is None else output_shape[-1] * 2
            output_shape = output_shape[:-1] + (last,)
        outputs = [output_shape, output_shape] if self.merge_mode is None else [output_shape]
        if self.return_state:
            return outputs + state_shapes * 2
        return outputs if self.merge_mode is None else output_shape

    def compute_output_spec(self, sequences, initial_state=None, mask=None, training=None):
        shapes = self.compute_output_shape(tuple(sequences.shape))
        if isinstance(shapes, list):
            return [KerasTensor(s, dtype=self.compute_dtype) for s in shapes]
        return KerasTensor(shapes, dtype=self.compute_dtype)

    def compute_mask(self, _, mask):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            outputs = [output_mask] * (2 if self.merge_mode is None else 1)
            n_states = len(getattr(self.forward_layer, "_state_sizes", [])) * 2
            return outputs + [None] * n_states
        if self.merge_mode is None:
            return [output_mask, output_mask]
        return output_mask

    def _set_output_mask(self, args, kwargs, outputs):
        if not args:
            return
        mask = kwargs.get("mask")
        if mask is None:
            mask = getattr(args[0], "_keras_mask", None)
        masks = self.compute_mask(args[0], mask)
        if isinstance(masks, list):
            for output, m in zip(outputs, masks):
                if m is not None:
                    _set_mask(output, m)
        elif masks is not None:
            _set_mask(outputs, masks)

    def reset_state(self):
        for layer in (self.forward_layer, self.backward_layer):
            if hasattr(layer, "reset_state"):
                layer.reset_state()

    def reset_states(self):
        self.reset_state()

    def get_config(self):
        from kc_saving.serialization import serialize_keras_object

        config = super().get_config()
        config["merge_mode"] = self.merge_mode
        config["layer"] = serialize_keras_object(self.forward_layer)
        config["backward_layer"] = serialize_keras_object(self.backward_layer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from kc_layers.rnn.cell_utils import deserialize_layer

        config = dict(config)
        config["layer"] = deserialize_layer(config["layer"], custom_objects)
        if config.get("backward_layer") is not None:
            config["backward_layer"] = deserialize_layer(config["backward_layer"], custom_objects)
        return cls(**config)
