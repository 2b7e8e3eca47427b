"""Recurrent layers: cells, the generic `RNN`, `SimpleRNN` / `LSTM` / `GRU`, `Bidirectional`."""

from kc_layers.rnn.bidirectional import Bidirectional
from kc_layers.rnn.conv_lstm import ConvLSTM1D, ConvLSTM2D, ConvLSTM3D
from kc_layers.rnn.gru_cell import GRUCell
from kc_layers.rnn.layers import GRU, LSTM, SimpleRNN
from kc_layers.rnn.lstm_cell import LSTMCell
from kc_layers.rnn.rnn import RNN
from kc_layers.rnn.simple_rnn_cell import SimpleRNNCell
from kc_layers.rnn.stacked_rnn_cells import StackedRNNCells

__all__ = [
    "Bidirectional",
    "ConvLSTM1D",
    "ConvLSTM2D",
    "ConvLSTM3D",
    "GRU",
    "GRUCell",
    "LSTM",
    "LSTMCell",
    "RNN",
    "SimpleRNN",
    "SimpleRNNCell",
    "StackedRNNCells",
]
