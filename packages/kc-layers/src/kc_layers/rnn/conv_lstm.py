"""`ConvLSTM1D/2D/3D`: an LSTM whose input and recurrent transforms are convolutions.

Inputs are (batch, time, *spatial, channels) (or channels first). The kernel has shape
kernel_size + (channels, 4 * filters) and the recurrent kernel kernel_size + (filters,
4 * filters); gates are packed input, forget, cell, output. The recurrent convolution uses
stride 1 and "same" padding so the state keeps the output's spatial shape.
"""

import kc_ops
from kc_layers import activations, config as _unused  # noqa: F401
from kc_layers.convolutional import arguments as args
from kc_layers.layer import Layer
from kc_layers.rnn.cell_utils import CellArgs, DropoutRNNCell, as_state_list
from kc_layers.rnn.layers import _CellRNN, _COMMON_ATTRIBUTES, _expose_cell_attributes
