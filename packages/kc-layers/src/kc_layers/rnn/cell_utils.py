"""Pieces shared by the built-in recurrent cells: dropout masks and argument handling."""

import kc_ops
from kc_ops import random as kc_random

from kc_layers import activations, constraints, initializers, regularizers


def check_units(owner, units):
    if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
        raise ValueError(f"{owner}: `units` must be a positive int. Received: units={units!r}")


def check_rate(owner, name, value):
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
        raise ValueError(f"{owner}: `{name}` must be a float in [0, 1]. Received: {name}={value!r}")
    return float(min(1.0, max(0.0, value)))


class DropoutRNNCell:
    """Mixin giving a cell one dropout mask per sequence for its inputs and its state.

    The masks are drawn once (by the RNN layer, before its time loop) and reused at every
    step; `reset_dropout_mask` / `reset_recurrent_dropout_mask` forget them.
    """

    def get_dropout_mask(self, step_input):
        if getattr(self, "_dropout_mask", None) is None and self.dropout > 0:
            ones = kc_ops.ones_like(step_input)
            self._dropout_mask = kc_random.dropout(
                ones, rate=self.dropout, seed=self.seed_generator
            )
        return getattr(self, "_dropout_mask", None)

    def get_recurrent_dropout_mask(self, step_input):
        if getattr(self, "_recurrent_dropout_mask", None) is None and self.recurrent_dropout > 0:
            ones = kc_ops.ones_like(step_input)
            self._recurrent_dropout_mask = kc_random.dropout(
                ones, rate=self.recurrent_dropout, seed=self.seed_generator
            )
        return getattr(self, "_recurrent_dropout_mask", None)

    def reset_dropout_mask(self):
        self._dropout_mask = None

    def reset_recurrent_dropout_mask(self):
        self._recurrent_dropout_mask = None


class CellArgs:
    """Stores, validates and serializes the initializer/regularizer/constraint arguments that
    SimpleRNNCell, LSTMCell and GRUCell share."""

    def _set_common(
        self,
        owner,
        units,
        activation,
        use_bias,
        kernel_initializer,
        recurrent_initializer,
        bias_initializer,
        kernel_regularizer,
        recurrent_regularizer,
        bias_regularizer,
        kernel_constraint,
        recurrent_constraint,
        bias_constraint,
        dropout,
        recurrent_dropout,
        seed,
    ):
        check_units(owner, units)
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = check_rate(owner, "dropout", dropout)
        self.recurrent_dropout = check_rate(owner, "recurrent_dropout", recurrent_dropout)
        self.seed = seed
        self.seed_generator = kc_random.SeedGenerator(seed=seed)
        self._dropout_mask = None
        self._recurrent_dropout_mask = None

    def _common_config(self):
        return {
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "recurrent_regularizer": regularizers.serialize(self.recurrent_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "recurrent_constraint": constraints.serialize(self.recurrent_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        }

    def _add_kernels(self, input_dim, gates):
        if input_dim is None:
            raise ValueError(
                f"{type(self).__name__} {self.name!r}: the last dimension of the step input must "
                "be known to create the kernel. Received None."
            )
        self.kernel = self.add_weight(
            shape=(input_dim, gates * self.units),
            name="kernel",
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, gates * self.units),
            name="recurrent_kernel",
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )

    def _add_bias(self, shape, initializer=None):
        return self.add_weight(
            shape=shape,
            name="bias",
            initializer=initializer or self.bias_initializer,
            regularizer=self.bias_regularizer,
            constraint=self.bias_constraint,
        )

    def _dropped(self, inputs, h_tm1, training):
        """Inputs and previous state with this sequence's dropout masks applied (training)."""
        if training and self.dropout > 0:
            inputs = kc_ops.multiply(inputs, self.get_dropout_mask(inputs))
        if training and self.recurrent_dropout > 0:
            h_tm1 = kc_ops.multiply(h_tm1, self.get_recurrent_dropout_mask(h_tm1))
        return inputs, h_tm1

    def get_initial_state(self, batch_size=None):
        sizes = self.state_size if isinstance(self.state_size, (list, tuple)) else [self.state_size]
        return [kc_ops.zeros((batch_size, s), dtype=self.compute_dtype) for s in sizes]


def as_state_list(states):
    if isinstance(states, (list, tuple)):
        return list(states)
    return [states]


def deserialize_layer(config, custom_objects=None):
    """`deserialize_keras_object` that also knows the recurrent classes of this package (so a
    nested cell or layer config resolves even before `keras.layers` exports them)."""
    from kc_saving.serialization import deserialize_keras_object

    from kc_layers import rnn

    known = {name: getattr(rnn, name) for name in rnn.__all__}
    known.update(custom_objects or {})
    return deserialize_keras_object(config, custom_objects=known)
