"""`ConvLSTM1D/2D/3D`: an LSTM whose input and recurrent transforms are convolutions.

Inputs are (batch, time, *spatial, channels) (or channels first). The kernel has shape
kernel_size + (channels, 4 * filters) and the recurrent kernel kernel_size + (filters,
4 * filters); gates are packed input, forget, cell, output. The recurrent convolution uses
stride 1 and "same" padding so the state keeps the output's spatial shape.
"""

import kc_ops
from kc_ops import config as kc_config

from kc_layers import activations, initializers
from kc_layers.convolutional import arguments as conv_args
from kc_layers.layer import Layer
from kc_layers.rnn.cell_utils import CellArgs, DropoutRNNCell, as_state_list
from kc_layers.rnn.layers import _COMMON_ATTRIBUTES, _CellRNN

_RNN_ARGS = ("unroll", "zero_output_for_mask")


class ConvLSTMCell(CellArgs, DropoutRNNCell, Layer):
    def __init__(
        self,
        rank,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        activation="tanh",
        recurrent_activation="sigmoid",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        unit_forget_bias=True,
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        owner = f"ConvLSTM{rank}D"
        self._set_common(
            owner,
            filters,
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
        )
        self.rank = rank
        self.filters = filters
        self.kernel_size = conv_args.standardize_tuple(kernel_size, rank, "kernel_size", owner)
        self.strides = conv_args.standardize_tuple(strides, rank, "strides", owner)
        self.padding = conv_args.standardize_padding(padding, owner)
        self.data_format = kc_config.standardize_data_format(data_format)
        self.dilation_rate = conv_args.standardize_tuple(
            dilation_rate, rank, "dilation_rate", owner
        )
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.state_size = [filters, filters]
        self.output_size = filters

    @property
    def _channel_axis(self):
        return -1 if self.data_format == "channels_last" else 1

    def build(self, input_shape):
        channels = tuple(input_shape)[self._channel_axis]
        if channels is None:
            raise ValueError(
                f"{type(self).__name__} {self.name!r}: the channel dimension of the input must be "
                f"known. Received input shape {tuple(input_shape)}."
            )
        self.kernel = self.add_weight(
            shape=self.kernel_size + (channels, 4 * self.filters),
            name="kernel",
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=self.kernel_size + (self.filters, 4 * self.filters),
            name="recurrent_kernel",
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )
        self.bias = None
        if self.use_bias:
            initializer = self.bias_initializer
            if self.unit_forget_bias:
                base, filters = self.bias_initializer, self.filters

                def initializer(shape, dtype=None):
                    return kc_ops.concatenate(
                        [
                            base((filters,), dtype=dtype),
                            initializers.get("ones")((filters,), dtype=dtype),
                            base((2 * filters,), dtype=dtype),
                        ]
                    )

            self.bias = self._add_bias((4 * self.filters,), initializer)
        self.built = True

    def _add_channel_bias(self, x):
        if self.bias is None:
            return x
        if self.data_format == "channels_last":
            return kc_ops.add(x, self.bias)
        return kc_ops.add(x, kc_ops.reshape(self.bias, (-1,) + (1,) * self.rank))

    def call(self, inputs, states, training=False):
        h_tm1, c_tm1 = as_state_list(states)
        x, h_dropped = self._dropped(inputs, h_tm1, training)
        z_x = kc_ops.conv(
            x,
            self.kernel,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        z_h = kc_ops.conv(
            h_dropped,
            self.recurrent_kernel,
            strides=1,
            padding="same",
            data_format=self.data_format,
        )
        z = kc_ops.add(self._add_channel_bias(z_x), z_h)
        z_i, z_f, z_c, z_o = kc_ops.split(z, 4, axis=self._channel_axis)
        i = self.recurrent_activation(z_i)
        f = self.recurrent_activation(z_f)
        c = kc_ops.add(kc_ops.multiply(f, c_tm1), kc_ops.multiply(i, self.activation(z_c)))
        o = self.recurrent_activation(z_o)
        h = kc_ops.multiply(o, self.activation(c))
        return h, [h, c]

    def output_spatial_shape(self, spatial):
        return tuple(
            conv_args.conv_output_length(size, k, s, self.padding, d)
            for size, k, s, d in zip(spatial, self.kernel_size, self.strides, self.dilation_rate)
        )

    def initial_state_like(self, step_input):
        """Zero states with the spatial shape a convolution of `step_input` produces."""
        channels = tuple(step_input.shape)[self._channel_axis]
        zeros_kernel = kc_ops.zeros(
            self.kernel_size + (channels, self.filters), dtype=self.compute_dtype
        )
        state = kc_ops.conv(
            kc_ops.zeros_like(step_input),
            zeros_kernel,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        return [state, state]

    def get_config(self):
        config = {**super().get_config(), **self._common_config()}
        config.pop("units")
        config.update(
            {
                "filters": self.filters,
                "kernel_size": self.kernel_size,
                "strides": self.strides,
                "padding": self.padding,
                "data_format": self.data_format,
                "dilation_rate": self.dilation_rate,
                "recurrent_activation": activations.serialize(self.recurrent_activation),
                "unit_forget_bias": self.unit_forget_bias,
            }
        )
        return config


class _ConvLSTM(_CellRNN):
    _rank = None

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        activation="tanh",
        recurrent_activation="sigmoid",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        unit_forget_bias=True,
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        **kwargs,
    ):
        cell_kwargs = dict(
            rank=self._rank,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            seed=seed,
        )
        rnn_kwargs = dict(
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
        )
        for name in _RNN_ARGS:
            if name in kwargs:
                rnn_kwargs[name] = kwargs.pop(name)
        super().__init__(
            cell_kwargs, rnn_kwargs, activity_regularizer=activity_regularizer, **kwargs
        )

    @classmethod
    def _cell_prefix(cls):
        return f"conv_lstm{cls._rank}d"

    def _cell_class(self, **kwargs):
        return ConvLSTMCell(**kwargs)

    def build(self, sequences_shape, initial_state_shape=None):
        sequences_shape = tuple(sequences_shape)
        if len(sequences_shape) != self._rank + 3:
            raise ValueError(
                f"{type(self).__name__} {self.name!r} expects inputs of rank {self._rank + 3} "
                f"(batch, time, {self._rank} spatial dims, channels). Received input shape "
                f"{sequences_shape}."
            )
        super().build(sequences_shape, initial_state_shape)

    def _create_state_variables(self, batch_size):
        shape = self._state_shape(self._build_shapes)
        self.states = [
            self.add_weight(
                shape=(batch_size,) + shape[1:],
                initializer="zeros",
                trainable=False,
                name=f"state_{i}",
            )
            for i in range(2)
        ]

    def _state_shape(self, sequences_shape):
        cell = self.cell
        step = (sequences_shape[0],) + tuple(sequences_shape[2:])
        if cell.data_format == "channels_last":
            return (step[0],) + cell.output_spatial_shape(step[1:-1]) + (cell.filters,)
        return (step[0], cell.filters) + cell.output_spatial_shape(step[2:])

    def _default_initial_state(self, sequences):
        return self.cell.initial_state_like(sequences[:, 0])

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        sequences_shape = tuple(sequences_shape)
        state = self._state_shape(sequences_shape)
        output = state[:1] + (sequences_shape[1],) + state[1:] if self.return_sequences else state
        if self.return_state:
            return [output, state, state]
        return output

    @property
    def _output_size(self):
        return self.cell.filters


_CONV_ATTRIBUTES = tuple(a for a in _COMMON_ATTRIBUTES if a != "units") + (
    "filters",
    "kernel_size",
    "strides",
    "padding",
    "data_format",
    "dilation_rate",
    "recurrent_activation",
    "unit_forget_bias",
)


class ConvLSTM1D(_ConvLSTM):
    _rank = 1


class ConvLSTM2D(_ConvLSTM):
    _rank = 2


class ConvLSTM3D(_ConvLSTM):
    _rank = 3


for _cls in (ConvLSTM1D, ConvLSTM2D, ConvLSTM3D):
    for _name in _CONV_ATTRIBUTES:
        setattr(_cls, _name, property(lambda self, _n=_name: getattr(self.cell, _n)))
