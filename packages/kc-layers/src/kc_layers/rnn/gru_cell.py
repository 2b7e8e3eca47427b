"""`GRUCell`: one step of a gated recurrent unit.

Gates are packed in the order update (z), reset (r), candidate (h). With `reset_after=True`
(the default) the reset gate multiplies the recurrent projection after the matrix product and
`bias` has shape (2, 3 * units): row 0 for the input projection, row 1 for the recurrent one.
With `reset_after=False` it multiplies the previous state first and `bias` is (3 * units,).
"""

import kc_ops

from kc_layers import activations
from kc_layers.layer import Layer
from kc_layers.rnn.cell_utils import CellArgs, DropoutRNNCell, as_state_list


class GRUCell(CellArgs, DropoutRNNCell, Layer):
    def __init__(
        self,
        units,
        activation="tanh",
        recurrent_activation="sigmoid",
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
        reset_after=True,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self._set_common(
            "GRUCell",
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
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = bool(reset_after)
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self._add_kernels(input_shape[-1], 3)
        self.bias = None
        if self.use_bias:
            shape = (2, 3 * self.units) if self.reset_after else (3 * self.units,)
            self.bias = self._add_bias(shape)
        self.built = True

    def call(self, inputs, states, training=False):
        was_list = isinstance(states, (list, tuple))
        h_tm1 = as_state_list(states)[0]
        x, h_dropped = self._dropped(inputs, h_tm1, training)
        units = self.units
        if self.bias is not None and self.reset_after:
            input_bias, recurrent_bias = kc_ops.unstack(self.bias, 2, axis=0)
        else:
            input_bias, recurrent_bias = self.bias, None

        matrix_x = kc_ops.matmul(x, self.kernel)
        if input_bias is not None:
            matrix_x = kc_ops.add(matrix_x, input_bias)
        x_z, x_r, x_h = kc_ops.split(matrix_x, 3, axis=-1)

        if self.reset_after:
            matrix_inner = kc_ops.matmul(h_dropped, self.recurrent_kernel)
            if recurrent_bias is not None:
                matrix_inner = kc_ops.add(matrix_inner, recurrent_bias)
            rec_z, rec_r, rec_h = kc_ops.split(matrix_inner, 3, axis=-1)
            z = self.recurrent_activation(kc_ops.add(x_z, rec_z))
            r = self.recurrent_activation(kc_ops.add(x_r, rec_r))
            rec_h = kc_ops.multiply(r, rec_h)
        else:
            rec_zr = kc_ops.matmul(h_dropped, self.recurrent_kernel[:, : 2 * units])
            rec_z, rec_r = kc_ops.split(rec_zr, 2, axis=-1)
            z = self.recurrent_activation(kc_ops.add(x_z, rec_z))
            r = self.recurrent_activation(kc_ops.add(x_r, rec_r))
            rec_h = kc_ops.matmul(
                kc_ops.multiply(r, h_dropped), self.recurrent_kernel[:, 2 * units :]
            )
        hh = self.activation(kc_ops.add(x_h, rec_h))
        # h = z * h_tm1 + (1 - z) * hh
        h = kc_ops.add(kc_ops.multiply(z, h_tm1), kc_ops.multiply(kc_ops.subtract(1.0, z), hh))
        return h, ([h] if was_list else h)

    def get_config(self):
        config = {**super().get_config(), **self._common_config()}
        config["recurrent_activation"] = activations.serialize(self.recurrent_activation)
        config["reset_after"] = self.reset_after
        return config
