"""`LSTMCell`: one step of a long short-term memory layer.

Gates are packed in the order input, forget, cell, output along the last axis of `kernel`
(input_dim, 4 * units), `recurrent_kernel` (units, 4 * units) and `bias` (4 * units,).
"""

import kc_ops

from kc_layers import initializers
from kc_layers.layer import Layer
from kc_layers.rnn.cell_utils import CellArgs, DropoutRNNCell, as_state_list


class LSTMCell(CellArgs, DropoutRNNCell, Layer):
    def __init__(
        self,
        units,
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
        self._set_common(
            "LSTMCell",
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
        from kc_layers import activations

        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.state_size = [units, units]
        self.output_size = units

    def build(self, input_shape):
        self._add_kernels(input_shape[-1], 4)
        self.bias = None
        if self.use_bias:
            initializer = self.bias_initializer
            if self.unit_forget_bias:
                base, units = self.bias_initializer, self.units

                def initializer(shape, dtype=None):
                    # input gate and the rest from bias_initializer; forget gate starts at 1.
                    return kc_ops.concatenate(
                        [
                            base((units,), dtype=dtype),
                            initializers.get("ones")((units,), dtype=dtype),
                            base((2 * units,), dtype=dtype),
                        ]
                    )

            self.bias = self._add_bias((4 * self.units,), initializer)
        self.built = True

    def call(self, inputs, states, training=False):
        states = as_state_list(states)
        if len(states) != 2:
            raise ValueError(
                f"LSTMCell {self.name!r} expects 2 states [h, c]; received {len(states)}."
            )
        h_tm1, c_tm1 = states
        x, h_tm1 = self._dropped(inputs, h_tm1, training)
        z = kc_ops.add(kc_ops.matmul(x, self.kernel), kc_ops.matmul(h_tm1, self.recurrent_kernel))
        if self.bias is not None:
            z = kc_ops.add(z, self.bias)
        z_i, z_f, z_c, z_o = kc_ops.split(z, 4, axis=-1)
        i = self.recurrent_activation(z_i)
        f = self.recurrent_activation(z_f)
        c = kc_ops.add(kc_ops.multiply(f, c_tm1), kc_ops.multiply(i, self.activation(z_c)))
        o = self.recurrent_activation(z_o)
        h = kc_ops.multiply(o, self.activation(c))
        return h, [h, c]

    def get_config(self):
        from kc_layers import activations

        config = {**super().get_config(), **self._common_config()}
        config["recurrent_activation"] = activations.serialize(self.recurrent_activation)
        config["unit_forget_bias"] = self.unit_forget_bias
        return config
