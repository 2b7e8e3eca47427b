"""`SimpleRNNCell`: `h_t = activation(x_t @ kernel + h_{t-1} @ recurrent_kernel + bias)`."""

import kc_ops

from kc_layers.layer import Layer
from kc_layers.rnn.cell_utils import CellArgs, DropoutRNNCell, as_state_list


class SimpleRNNCell(CellArgs, DropoutRNNCell, Layer):
    def __init__(
        self,
        units,
        activation="tanh",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
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
        self._set_common(
            "SimpleRNNCell",
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
        )
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self._add_kernels(input_shape[-1], 1)
        self.bias = self._add_bias((self.units,)) if self.use_bias else None
        self.built = True

    def call(self, sequence, states, training=False):
        was_list = isinstance(states, (list, tuple))
        h_tm1 = as_state_list(states)[0]
        x, h_tm1 = self._dropped(sequence, h_tm1, training)
        h = kc_ops.matmul(x, self.kernel)
        if self.bias is not None:
            h = kc_ops.add(h, self.bias)
        h = kc_ops.add(h, kc_ops.matmul(h_tm1, self.recurrent_kernel))
        if self.activation is not None:
            h = self.activation(h)
        return h, ([h] if was_list else h)

    def get_config(self):
        return {**super().get_config(), **self._common_config()}
