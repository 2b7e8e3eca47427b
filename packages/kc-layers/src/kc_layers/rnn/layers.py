"""`SimpleRNN`, `LSTM` and `GRU`: an `RNN` over the matching built-in cell.

Their configs hold the cell's arguments directly (no nested `cell` entry), as Keras writes them.
"""

from kc_layers import regularizers
from kc_layers.rnn.gru_cell import GRUCell
from kc_layers.rnn.lstm_cell import LSTMCell
from kc_layers.rnn.rnn import RNN
from kc_layers.rnn.simple_rnn_cell import SimpleRNNCell

_RNN_KEYS = (
    "return_sequences",
    "return_state",
    "go_backwards",
    "stateful",
    "unroll",
    "zero_output_for_mask",
)


def _check_cudnn(owner, use_cudnn):
    if use_cudnn not in ("auto", True, False):
        raise ValueError(
            f"{owner}: `use_cudnn` must be 'auto', True or False. Received: {use_cudnn!r}"
        )


class _CellRNN(RNN):
    """An RNN whose cell is created from the layer's own arguments."""

    _cell_class = None

    def __init__(self, cell_kwargs, rnn_kwargs, activity_regularizer=None, **kwargs):
        # Keras 2 configs (legacy .h5 files) carry `implementation`; it no longer matters.
        kwargs.pop("implementation", None)
        cell = self._cell_class(
            name=f"{self._cell_prefix()}_cell",
            dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True),
            **cell_kwargs,
        )
        super().__init__(cell, activity_regularizer=activity_regularizer, **rnn_kwargs, **kwargs)
        self.input_spec = None

    @classmethod
    def _cell_prefix(cls):
        return {"SimpleRNN": "simple_rnn", "LSTM": "lstm", "GRU": "gru"}.get(cls.__name__, "rnn")

    def get_config(self):
        config = self._rnn_config()
        cell_config = self.cell.get_config()
        for key in ("name", "trainable", "dtype"):
            cell_config.pop(key, None)
        config.update(cell_config)
        config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)


_COMMON_ATTRIBUTES = (
    "units",
    "activation",
    "use_bias",
    "kernel_initializer",
    "recurrent_initializer",
    "bias_initializer",
    "kernel_regularizer",
    "recurrent_regularizer",
    "bias_regularizer",
    "kernel_constraint",
    "recurrent_constraint",
    "bias_constraint",
    "dropout",
    "recurrent_dropout",
    "seed",
)


def _expose_cell_attributes(cls, names):
    """Read-only properties that read the cell's arguments (layer.units -> layer.cell.units)."""
    for name in names:
        setattr(cls, name, property(lambda self, _n=name: getattr(self.cell, _n)))
    return cls


class SimpleRNN(_CellRNN):
    _cell_class = SimpleRNNCell

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
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        seed=None,
        **kwargs,
    ):
        cell_kwargs = dict(
            units=units,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
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
            unroll=unroll,
            zero_output_for_mask=kwargs.pop("zero_output_for_mask", False),
        )
        super().__init__(
            cell_kwargs, rnn_kwargs, activity_regularizer=activity_regularizer, **kwargs
        )


class LSTM(_CellRNN):
    _cell_class = LSTMCell

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
        unroll=False,
        use_cudnn="auto",
        **kwargs,
    ):
        _check_cudnn("LSTM", use_cudnn)
        cell_kwargs = dict(
            units=units,
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
            unroll=unroll,
            zero_output_for_mask=kwargs.pop("zero_output_for_mask", False),
        )
        super().__init__(
            cell_kwargs, rnn_kwargs, activity_regularizer=activity_regularizer, **kwargs
        )
        self.use_cudnn = use_cudnn


class GRU(_CellRNN):
    _cell_class = GRUCell

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
        unroll=False,
        reset_after=True,
        use_cudnn="auto",
        **kwargs,
    ):
        _check_cudnn("GRU", use_cudnn)
        cell_kwargs = dict(
            units=units,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            reset_after=reset_after,
            seed=seed,
        )
        rnn_kwargs = dict(
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            zero_output_for_mask=kwargs.pop("zero_output_for_mask", False),
        )
        super().__init__(
            cell_kwargs, rnn_kwargs, activity_regularizer=activity_regularizer, **kwargs
        )
        self.use_cudnn = use_cudnn


_expose_cell_attributes(SimpleRNN, _COMMON_ATTRIBUTES)
_expose_cell_attributes(LSTM, _COMMON_ATTRIBUTES + ("recurrent_activation", "unit_forget_bias"))
_expose_cell_attributes(GRU, _COMMON_ATTRIBUTES + ("recurrent_activation", "reset_after"))
