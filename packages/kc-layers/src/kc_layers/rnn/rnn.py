"""`RNN`: runs a recurrent cell over the time axis (axis 1) of its input.

The time loop is `kc_ops.scan` (a `jax.lax.scan` / `tf.while_loop` / Python loop), so the layer
works inside `jax.jit` and `tf.function`; `unroll=True` writes the steps out in Python instead.
With a mask, a masked step keeps the previous states and outputs the previous output (or
zeros with `zero_output_for_mask=True`).
"""

import kc_ops
from kc_ops import tree
from kc_ops.keras_tensor import KerasTensor

from kc_layers.layer import Layer, _set_mask


def _sizes(state_size):
    """The flat list of state sizes (ints) of a cell's `state_size`."""
    if isinstance(state_size, (list, tuple)):
        return [s for item in state_size for s in _sizes(item)]
    return [state_size]


class RNN(Layer):
    def __init__(
        self,
        cell,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        zero_output_for_mask=False,
        **kwargs,
    ):
        if isinstance(cell, (list, tuple)):
            from kc_layers.rnn.stacked_rnn_cells import StackedRNNCells

            cell = StackedRNNCells(cell)
        for attribute in ("call", "state_size"):
            if not hasattr(cell, attribute):
                raise ValueError(
                    f"RNN: `cell` must have a `call` method and a `state_size` attribute. "
                    f"Received: cell={cell!r} (missing `{attribute}`)."
                )
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = bool(stateful)
        self.unroll = bool(unroll)
        self.zero_output_for_mask = bool(zero_output_for_mask)
        self.supports_masking = True
        self.input_spec = None
        self.states = None
        self._cell_takes_training = "training" in _call_parameters(cell)

    # --- shapes ------------------------------------------------------------------------------
    @property
    def _state_sizes(self):
        return _sizes(self.cell.state_size)

    @property
    def _output_size(self):
        size = getattr(self.cell, "output_size", None)
        if size is None:
            size = self._state_sizes[0]
        if isinstance(size, (list, tuple)):
            size = size[0]
        return size

    def build(self, sequences_shape, initial_state_shape=None):
        sequences_shape = tuple(sequences_shape)
        if len(sequences_shape) < 3:
            raise ValueError(
                f"{type(self).__name__} {self.name!r} expects inputs of shape (batch, timesteps, "
                f"features). Received input shape {sequences_shape}."
            )
        if self.stateful and sequences_shape[0] is None:
            raise ValueError(
                f"{type(self).__name__} {self.name!r} is stateful, so it needs a fixed batch size: "
                "pass `batch_size` to Input (or batch_shape). Received input shape "
                f"{sequences_shape}."
            )
        if not self.cell.built:
            step_shape = (sequences_shape[0],) + sequences_shape[2:]
            if isinstance(self.cell, Layer):
                self.cell._maybe_build((KerasTensor(step_shape, dtype=self.compute_dtype),), {})
            else:
                self.cell.build(step_shape)
                self.cell.built = True
        self._build_shapes = sequences_shape
        if self.stateful:
            self._create_state_variables(sequences_shape[0])
        self.built = True

    def _create_state_variables(self, batch_size):
        self.states = [
            self.add_weight(
                shape=(batch_size, size), initializer="zeros", trainable=False, name=f"state_{i}"
            )
            for i, size in enumerate(self._state_sizes)
        ]

    def get_build_config(self):
        if self._build_shapes is None:
            return None
        return {"input_shape": self._build_shapes}

    def build_from_config(self, config):
        if config and "input_shape" in config:
            self.build(tuple(config["input_shape"]))
        elif config and "shapes_dict" in config:
            self.build(tuple(config["shapes_dict"]["sequences_shape"]))

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        batch = sequences_shape[0]
        units = self._output_size
        if self.return_sequences:
            output_shape = (batch, sequences_shape[1], units)
        else:
            output_shape = (batch, units)
        if self.return_state:
            return [output_shape] + [(batch, s) for s in self._state_sizes]
        return output_shape

    def compute_output_spec(self, sequences, initial_state=None, mask=None, training=False):
        shapes = self.compute_output_shape(tuple(sequences.shape))
        if self.return_state:
            return [KerasTensor(s, dtype=self.compute_dtype) for s in shapes]
        return KerasTensor(shapes, dtype=self.compute_dtype)

    def compute_mask(self, _, mask):
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None] * len(self._state_sizes)
        return output_mask

    def _set_output_mask(self, args, kwargs, outputs):
        if not args:
            return
        mask = kwargs.get("mask")
        if mask is None:
            mask = getattr(args[0], "_keras_mask", None)
        output_mask = self.compute_mask(args[0], mask)
        if self.return_state:
            output_mask = output_mask[0]
            outputs = outputs[0]
        if output_mask is not None:
            _set_mask(outputs, output_mask)

    # --- state ---------------------------------------------------------------------------------
    def get_initial_state(self, batch_size):
        if hasattr(self.cell, "get_initial_state"):
            states = self.cell.get_initial_state(batch_size=batch_size)
            return [s for s in tree.flatten(states)]
        return [kc_ops.zeros((batch_size, s), dtype=self.compute_dtype) for s in self._state_sizes]

    def _default_initial_state(self, sequences):
        return self.get_initial_state(kc_ops.shape(sequences)[0])

    def reset_state(self):
        if self.states is not None:
            for variable in self.states:
                variable.assign(kc_ops.zeros(variable.shape, dtype=variable.dtype))

    def reset_states(self):
        self.reset_state()

    # --- the loop ---------------------------------------------------------------------------
    def _pack_states(self, flat_states):
        """Flat list of state tensors -> the structure the cell's call expects."""
        state_size = self.cell.state_size
        if isinstance(state_size, (list, tuple)):
            return tree.pack_sequence_as(_structure_of(state_size), list(flat_states))
        return list(flat_states)

    def _step(self, inputs_t, flat_states, training):
        states = self._pack_states(flat_states)
        kwargs = {"training": training} if self._cell_takes_training else {}
        output, new_states = self.cell.call(inputs_t, states, **kwargs)
        new_flat = tree.flatten(new_states)
        if len(new_flat) != len(flat_states):
            raise ValueError(
                f"RNN {self.name!r}: the cell returned {len(new_flat)} states but its state_size "
                f"declares {len(flat_states)}."
            )
        return output, new_flat

    def _prepare_dropout(self, sequences, initial_state, training):
        """Draw each cell's dropout masks once for this sequence (outside the time loop)."""
        cells = getattr(self.cell, "cells", [self.cell])
        if not training:
            return
        step_input = sequences[:, 0]
        flat = list(initial_state)
        for cell in cells:
            n_states = len(_sizes(cell.state_size))
            first_state, flat = flat[0], flat[n_states:]
            if hasattr(cell, "get_dropout_mask"):
                cell.reset_dropout_mask()
                cell.reset_recurrent_dropout_mask()
                cell.get_dropout_mask(step_input)
                cell.get_recurrent_dropout_mask(first_state)
            # The next cell of a stack sees this cell's output, shaped like its first state.
            step_input = kc_ops.zeros_like(first_state)

    def inner_loop(self, sequences, initial_state, mask, training=False):
        """Run the cell over `sequences` (batch, time, ...); returns (last_output, outputs,
        final flat states)."""
        flat_init = list(initial_state)
        time_major = kc_ops.moveaxis(sequences, 1, 0)
        mask_tm = None
        if mask is not None:
            mask_tm = kc_ops.moveaxis(kc_ops.cast(mask, "bool"), 1, 0)
        if self.go_backwards:
            time_major = kc_ops.flip(time_major, axis=0)
            if mask_tm is not None:
                mask_tm = kc_ops.flip(mask_tm, axis=0)

        zero_output = self.zero_output_for_mask
        output_size = self._output_size
        use_state_as_output = _sizes(self.cell.state_size)[0] == output_size

        def prev_output(states, carried):
            return states[0] if use_state_as_output else carried

        def step(carry, xs):
            states, carried = carry
            if mask_tm is None:
                x_t = xs
                output, new_states = self._step(x_t, states, training)
                return (new_states, output), output
            x_t, m_t = xs
            output, new_states = self._step(x_t, states, training)
            new_states = [
                kc_ops.where(_expand_like(m_t, o), n, o) for n, o in zip(new_states, states)
            ]
            keep = _expand_like(m_t, output)
            if zero_output:
                output = kc_ops.where(keep, output, kc_ops.zeros_like(output))
            else:
                output = kc_ops.where(keep, output, prev_output(states, carried))
            return (new_states, output), output

        batch = kc_ops.shape(sequences)[0]
        if use_state_as_output:
            carried0 = flat_init[0]
        else:
            carried0 = kc_ops.zeros((batch, output_size), dtype=self.compute_dtype)
        xs = time_major if mask_tm is None else (time_major, mask_tm)

        if self.unroll:
            steps = time_major.shape[0]
            if steps is None:
                raise ValueError(
                    f"{type(self).__name__} {self.name!r}: unroll=True needs a known number of "
                    "timesteps. Received an input with an unknown time dimension."
                )
            carry, outputs = (flat_init, carried0), []
            for t in range(steps):
                x_t = tree.map_structure(lambda v: v[t], xs)
                carry, output = step(carry, x_t)
                outputs.append(output)
            outputs = kc_ops.stack(outputs, axis=0)
        else:
            carry, outputs = kc_ops.scan(step, (flat_init, carried0), xs)
        final_states = list(carry[0])
        last_output = outputs[-1]
        return last_output, kc_ops.moveaxis(outputs, 0, 1), final_states

    def call(self, sequences, initial_state=None, mask=None, training=False):
        if initial_state is None:
            if self.stateful and self.states is not None:
                initial_state = [v.value for v in self.states]
            else:
                initial_state = self._default_initial_state(sequences)
        initial_state = tree.flatten(initial_state)
        if len(initial_state) != len(self._state_sizes):
            raise ValueError(
                f"{type(self).__name__} {self.name!r} expects {len(self._state_sizes)} initial "
                f"state tensor(s) (state sizes {self._state_sizes}); received "
                f"{len(initial_state)}."
            )
        initial_state = [kc_ops.cast(s, self.compute_dtype) for s in initial_state]
        if mask is not None:
            mask = tree.flatten(mask)[0]
        self._prepare_dropout(sequences, initial_state, training)
        try:
            last_output, outputs, states = self.inner_loop(sequences, initial_state, mask, training)
        finally:
            for cell in getattr(self.cell, "cells", [self.cell]):
                if hasattr(cell, "reset_dropout_mask"):
                    cell.reset_dropout_mask()
                    cell.reset_recurrent_dropout_mask()
        if self.stateful and self.states is not None:
            for variable, value in zip(self.states, states):
                variable.assign(value)
        output = outputs if self.return_sequences else last_output
        if self.return_state:
            return [output] + list(states)
        return output

    # --- serialization ------------------------------------------------------------------------
    def _rnn_config(self):
        config = Layer.get_config(self)
        config.update(
            {
                "return_sequences": self.return_sequences,
                "return_state": self.return_state,
                "go_backwards": self.go_backwards,
                "stateful": self.stateful,
                "unroll": self.unroll,
                "zero_output_for_mask": self.zero_output_for_mask,
            }
        )
        return config

    def get_config(self):
        from kc_saving.serialization import serialize_keras_object

        config = self._rnn_config()
        config["cell"] = serialize_keras_object(self.cell)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from kc_layers.rnn.cell_utils import deserialize_layer

        config = dict(config)
        cell = config.pop("cell")
        if isinstance(cell, dict):
            cell = deserialize_layer(cell, custom_objects)
        elif isinstance(cell, list):
            cell = [deserialize_layer(c, custom_objects) for c in cell]
        return cls(cell, **config)


def _expand_like(mask, x):
    """(batch,) mask -> (batch, 1, ..., 1) with the rank of `x`."""
    for _ in range(len(x.shape) - 1):
        mask = kc_ops.expand_dims(mask, -1)
    return mask


def _call_parameters(cell):
    import inspect

    try:
        return inspect.signature(cell.call).parameters
    except (TypeError, ValueError):
        return {}


def _structure_of(state_size):
    if isinstance(state_size, (list, tuple)):
        return [_structure_of(s) for s in state_size]
    return 0
