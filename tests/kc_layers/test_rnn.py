"""Recurrent cells and layers against NumPy references written here."""

import kc_ops
import numpy as np
import pytest
from kc_layers.rnn import (
    GRU,
    LSTM,
    RNN,
    Bidirectional,
    GRUCell,
    LSTMCell,
    SimpleRNN,
    SimpleRNNCell,
    StackedRNNCells,
)
from kc_ops.keras_tensor import KerasTensor

BACKEND = kc_ops.backend()
RNG = np.random.default_rng(0)


def np_(x):
    return kc_ops.convert_to_numpy(x)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


# --- NumPy reference steps ----------------------------------------------------------------
def ref_simple_step(x, states, w):
    kernel, recurrent, bias = w
    h = np.tanh(x @ kernel + bias + states[0] @ recurrent)
    return h, [h]


def ref_lstm_step(x, states, w):
    kernel, recurrent, bias = w
    h, c = states
    z = x @ kernel + h @ recurrent + bias
    u = z.shape[-1] // 4
    i, f, g, o = (z[:, k * u : (k + 1) * u] for k in range(4))
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, [h, c]


def ref_gru_step(x, states, w, reset_after=True):
    kernel, recurrent, bias = w
    h = states[0]
    u = h.shape[-1]
    if reset_after:
        mx = x @ kernel + bias[0]
        mh = h @ recurrent + bias[1]
        z = sigmoid(mx[:, :u] + mh[:, :u])
        r = sigmoid(mx[:, u : 2 * u] + mh[:, u : 2 * u])
        hh = np.tanh(mx[:, 2 * u :] + r * mh[:, 2 * u :])
    else:
        mx = x @ kernel + bias
        z = sigmoid(mx[:, :u] + h @ recurrent[:, :u])
        r = sigmoid(mx[:, u : 2 * u] + h @ recurrent[:, u : 2 * u])
        hh = np.tanh(mx[:, 2 * u :] + (r * h) @ recurrent[:, 2 * u :])
    h = z * h + (1 - z) * hh
    return h, [h]


def ref_rnn(step, x, states, mask=None, go_backwards=False, zero_output_for_mask=False):
    """Run `step` over axis 1; masked steps keep the states and repeat the previous output."""
    steps = list(range(x.shape[1]))
    if go_backwards:
        steps = steps[::-1]
    outputs = []
    prev = states[0]
    for t in steps:
        out, new = step(x[:, t], states)
        if mask is not None:
            keep = mask[:, t][:, None]
            new = [np.where(keep, n, s) for n, s in zip(new, states)]
            out = np.where(keep, out, 0.0 if zero_output_for_mask else prev)
        states, prev = new, out
        outputs.append(out)
    return np.stack(outputs, axis=1), states


def randomize(layer, scale=0.5):
    weights = [RNG.normal(0, scale, w.shape).astype("float32") for w in layer.get_weights()]
    layer.set_weights(weights)
    return weights


def data(*shape):
    return RNG.normal(size=shape).astype("float32")


MASK = np.array([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [1, 1, 0, 0, 0]], dtype=bool)


# --- cells --------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["simple", "lstm", "gru", "gru_reset_before"])
def test_cell_single_step_matches_numpy(kind):
    x = data(3, 4)
    if kind == "simple":
        cell, ref, n_states = SimpleRNNCell(5), ref_simple_step, 1
    elif kind == "lstm":
        cell, ref, n_states = LSTMCell(5), ref_lstm_step, 2
    elif kind == "gru":
        cell, ref, n_states = GRUCell(5), ref_gru_step, 1
    else:
        cell, n_states = GRUCell(5, reset_after=False), 1
        ref = lambda x, s, w: ref_gru_step(x, s, w, reset_after=False)  # noqa: E731
    states = [data(3, 5) for _ in range(n_states)]
    cell.build(x.shape)
    w = randomize(cell)
    out, new_states = cell(x, states)
    ref_out, ref_states = ref(x, states, w)
    np.testing.assert_allclose(np_(out), ref_out, rtol=1e-5, atol=1e-5)
    assert len(new_states) == n_states
    for got, want in zip(new_states, ref_states):
        np.testing.assert_allclose(np_(got), want, rtol=1e-5, atol=1e-5)


def test_cell_weight_shapes_and_order():
    lstm = LSTMCell(3)
    lstm.build((None, 4))
    assert [w.shape for w in lstm.weights] == [(4, 12), (3, 12), (12,)]
    assert [w.name for w in lstm.weights] == ["kernel", "recurrent_kernel", "bias"]
    # unit_forget_bias: forget gate bias starts at 1.
    np.testing.assert_array_equal(np_(lstm.bias.value), [0] * 3 + [1] * 3 + [0] * 6)
    gru = GRUCell(3)
    gru.build((None, 4))
    assert [w.shape for w in gru.weights] == [(4, 9), (3, 9), (2, 9)]
    gru = GRUCell(3, reset_after=False, use_bias=False)
    gru.build((None, 4))
    assert [w.shape for w in gru.weights] == [(4, 9), (3, 9)]
    assert LSTMCell(3).state_size == [3, 3] and GRUCell(3).state_size == 3


def test_cell_rejects_bad_arguments():
    with pytest.raises(ValueError, match="units"):
        LSTMCell(0)
    with pytest.raises(ValueError, match="dropout"):
        GRUCell(3, dropout=1.5)


# --- layers over sequences ----------------------------------------------------------------
@pytest.mark.parametrize("return_sequences", [False, True])
@pytest.mark.parametrize("use_mask", [False, True])
def test_lstm_sequences_and_states(return_sequences, use_mask):
    x = data(3, 5, 4)
    mask = MASK if use_mask else None
    layer = LSTM(6, return_sequences=return_sequences, return_state=True)
    layer.build(x.shape)
    w = randomize(layer)
    out, h, c = layer(x, mask=mask)
    zeros = np.zeros((3, 6), "float32")
    ref_seq, (ref_h, ref_c) = ref_rnn(lambda a, s: ref_lstm_step(a, s, w), x, [zeros, zeros], mask)
    expected = ref_seq if return_sequences else ref_seq[:, -1]
    np.testing.assert_allclose(np_(out), expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(np_(h), ref_h, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(np_(c), ref_c, rtol=1e-5, atol=1e-5)
    if use_mask and not return_sequences:
        # The padded row's result is its state after its last real step.
        short, _ = ref_rnn(lambda a, s: ref_lstm_step(a, s, w), x[2:, :2], [zeros[:1]] * 2)
        np.testing.assert_allclose(np_(out)[2], short[0, -1], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("reset_after", [True, False])
def test_gru_go_backwards_zero_output_for_mask(reset_after):
    x = data(3, 5, 4)
    layer = GRU(
        4,
        return_sequences=True,
        go_backwards=True,
        reset_after=reset_after,
        zero_output_for_mask=True,
    )
    layer.build(x.shape)
    w = randomize(layer)
    out = layer(x, mask=MASK)
    zeros = np.zeros((3, 4), "float32")
    ref_seq, _ = ref_rnn(
        lambda a, s: ref_gru_step(a, s, w, reset_after),
        x,
        [zeros],
        MASK,
        go_backwards=True,
        zero_output_for_mask=True,
    )
    np.testing.assert_allclose(np_(out), ref_seq, rtol=1e-5, atol=1e-5)


def test_simple_rnn_unroll_and_initial_state():
    x = data(2, 4, 3)
    h0 = data(2, 5)
    looped = SimpleRNN(5, return_sequences=True)
    looped(x)
    w = randomize(looped)
    unrolled = SimpleRNN(5, return_sequences=True, unroll=True)
    unrolled(x)
    unrolled.set_weights(w)
    ref_seq, _ = ref_rnn(lambda a, s: ref_simple_step(a, s, w), x, [h0])
    np.testing.assert_allclose(np_(looped(x, initial_state=[h0])), ref_seq, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(np_(unrolled(x, initial_state=[h0])), ref_seq, rtol=1e-5, atol=1e-5)


def test_generic_rnn_with_cell_and_stacked_cells():
    x = data(2, 4, 3)
    stacked = RNN([LSTMCell(4), GRUCell(5)], return_sequences=True, return_state=True)
    outputs = stacked(x)
    assert len(outputs) == 4  # output, h1, c1, h2
    w = randomize(stacked)
    zeros4, zeros5 = np.zeros((2, 4), "float32"), np.zeros((2, 5), "float32")
    first, (h1, c1) = ref_rnn(lambda a, s: ref_lstm_step(a, s, w[:3]), x, [zeros4, zeros4])
    second, (h2,) = ref_rnn(lambda a, s: ref_gru_step(a, s, w[3:]), first, [zeros5])
    out, s1, s2, s3 = stacked(x)
    for got, want in zip((out, s1, s2, s3), (second, h1, c1, h2)):
        np.testing.assert_allclose(np_(got), want, rtol=1e-5, atol=1e-5)
    assert isinstance(stacked.cell, StackedRNNCells)
    assert stacked.cell.state_size == [[4, 4], 5]


def test_stateful_rnn_carries_and_resets_state():
    x = data(2, 3, 4)
    layer = SimpleRNN(3, stateful=True)
    first = np_(layer(x))
    w = layer.cell.get_weights()
    second = np_(layer(x))
    zeros = np.zeros((2, 3), "float32")
    ref1, s = ref_rnn(lambda a, st: ref_simple_step(a, st, w), x, [zeros])
    ref2, _ = ref_rnn(lambda a, st: ref_simple_step(a, st, w), x, s)
    np.testing.assert_allclose(first, ref1[:, -1], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(second, ref2[:, -1], rtol=1e-5, atol=1e-5)
    layer.reset_states()
    np.testing.assert_allclose(np_(layer(x)), ref1[:, -1], rtol=1e-5, atol=1e-5)


def test_dropout_only_in_training():
    x = data(4, 3, 5)
    layer = LSTM(6, dropout=0.5, recurrent_dropout=0.5, seed=1)
    reference = LSTM(6)
    inference = np_(layer(x, training=False))
    reference.build(x.shape)
    reference.set_weights(layer.get_weights())
    np.testing.assert_allclose(inference, np_(reference(x)), rtol=1e-6, atol=1e-6)
    trained = np_(layer(x, training=True))
    assert trained.shape == (4, 6) and np.all(np.isfinite(trained))
    assert not np.allclose(trained, inference)


# --- Bidirectional ------------------------------------------------------------------------
@pytest.mark.parametrize("merge_mode", ["concat", "sum", "mul", "ave", None])
def test_bidirectional_merge_modes(merge_mode):
    x = data(3, 5, 4)
    layer = Bidirectional(LSTM(3, return_sequences=True), merge_mode=merge_mode)
    layer.build(x.shape)
    w = randomize(layer)
    out = layer(x, mask=MASK)
    zeros = np.zeros((3, 3), "float32")
    fwd, _ = ref_rnn(
        lambda a, s: ref_lstm_step(a, s, w[:3]), x, [zeros, zeros], MASK, zero_output_for_mask=True
    )
    bwd, _ = ref_rnn(
        lambda a, s: ref_lstm_step(a, s, w[3:]),
        x,
        [zeros, zeros],
        MASK,
        go_backwards=True,
        zero_output_for_mask=True,
    )
    bwd = bwd[:, ::-1]
    expected = {
        "concat": lambda: np.concatenate([fwd, bwd], -1),
        "sum": lambda: fwd + bwd,
        "mul": lambda: fwd * bwd,
        "ave": lambda: (fwd + bwd) / 2,
        None: lambda: [fwd, bwd],
    }[merge_mode]()
    if merge_mode is None:
        for got, want in zip(out, expected):
            np.testing.assert_allclose(np_(got), want, rtol=1e-5, atol=1e-5)
    else:
        np.testing.assert_allclose(np_(out), expected, rtol=1e-5, atol=1e-5)


def test_bidirectional_backward_layer_states_and_names():
    x = data(2, 4, 3)
    forward = GRU(2, return_state=True)
    backward = GRU(2, return_state=True, go_backwards=True, name="custom_back")
    layer = Bidirectional(forward, backward_layer=backward)
    out, h_fwd, h_bwd = layer(x)
    assert np_(out).shape == (2, 4)
    np.testing.assert_allclose(np_(out), np.concatenate([np_(h_fwd), np_(h_bwd)], -1), atol=1e-6)
    assert layer.forward_layer.name == "forward_" + forward.name
    assert layer.backward_layer is backward
    with pytest.raises(ValueError, match="go_backwards"):
        Bidirectional(GRU(2), backward_layer=GRU(2))
    with pytest.raises(ValueError, match="merge_mode"):
        Bidirectional(GRU(2), merge_mode="max")
    with pytest.raises(ValueError, match="Layer"):
        Bidirectional("gru")


# --- symbolic shapes ----------------------------------------------------------------------
def test_symbolic_shapes():
    x = KerasTensor((None, None, 4))
    assert LSTM(3)(x).shape == (None, 3)
    assert GRU(3, return_sequences=True)(x).shape == (None, None, 3)
    outs = LSTM(3, return_state=True)(x)
    assert [o.shape for o in outs] == [(None, 3), (None, 3), (None, 3)]
    assert Bidirectional(SimpleRNN(2, return_sequences=True))(x).shape == (None, None, 4)
    outs = Bidirectional(LSTM(2, return_state=True), merge_mode="sum")(x)
    assert [o.shape for o in outs] == [(None, 2)] * 5
    assert RNN([SimpleRNNCell(2), SimpleRNNCell(7)])(x).shape == (None, 7)
    with pytest.raises(ValueError, match="timesteps"):
        LSTM(3)(KerasTensor((None, 4)))


# --- compiled execution -------------------------------------------------------------------
def test_runs_compiled():
    x = data(2, 4, 3)
    layer = GRU(3, return_sequences=True)
    eager = np_(layer(x, mask=MASK[:2, :4]))
    if BACKEND == "jax":
        import jax

        compiled = jax.jit(lambda a, m: layer(a, mask=m))
    elif BACKEND == "tensorflow":
        import tensorflow as tf

        compiled = tf.function(lambda a, m: layer(a, mask=m), autograph=False)
    else:
        pytest.skip(f"no graph compiler is exercised on the {BACKEND} backend")
    np.testing.assert_allclose(np_(compiled(x, MASK[:2, :4])), eager, rtol=1e-5, atol=1e-5)


# --- configs ------------------------------------------------------------------------------
def test_config_round_trips():
    for layer in (
        LSTM(3, return_sequences=True, dropout=0.1),
        GRU(2, reset_after=False),
        SimpleRNN(4, go_backwards=True, activation="relu"),
    ):
        config = layer.get_config()
        clone = type(layer).from_config(config)
        assert clone.get_config() == config
    rnn = RNN([LSTMCell(2), GRUCell(3)], return_state=True)
    config = rnn.get_config()
    assert [c["class_name"] for c in config["cell"]["config"]["cells"]] == ["LSTMCell", "GRUCell"]
    clone = RNN.from_config(config)
    assert clone.get_config()["cell"]["config"]["cells"] == config["cell"]["config"]["cells"]
    bi = Bidirectional(GRU(2, return_sequences=True), merge_mode="ave")
    config = bi.get_config()
    assert Bidirectional.from_config(config).get_config() == config


# --- custom cells, initial weights, symbolic initial state -----------------------------------
def test_rnn_with_user_defined_cell():
    from kc_layers.layer import Layer

    class MinimalCell(Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.state_size = units

        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
            self.recurrent = self.add_weight(shape=(self.units, self.units), name="recurrent")

        def call(self, inputs, states):
            prev = states[0]
            h = kc_ops.add(kc_ops.matmul(inputs, self.kernel), kc_ops.matmul(prev, self.recurrent))
            return h, [h]

    x = data(2, 4, 3)
    layer = RNN(MinimalCell(2), return_sequences=True)
    layer.build(x.shape)
    kernel, recurrent = randomize(layer)

    def step(a, s):
        h = a @ kernel + s[0] @ recurrent
        return h, [h]

    expected, _ = ref_rnn(step, x, [np.zeros((2, 2), "float32")])
    np.testing.assert_allclose(np_(layer(x)), expected, rtol=1e-5, atol=1e-5)
    with pytest.raises(ValueError, match="state_size"):
        RNN(object())


def test_bidirectional_initial_weights_and_symbolic_initial_state():
    template = Bidirectional(SimpleRNN(2))
    template.build((1, 3, 4))
    weights = randomize(template)
    layer = Bidirectional(SimpleRNN(2), weights=weights)
    x = data(2, 3, 4)
    np.testing.assert_allclose(np_(layer(x)), np_(template(x)), rtol=1e-6, atol=1e-6)

    seq, h, c = KerasTensor((None, None, 3)), KerasTensor((None, 4)), KerasTensor((None, 4))
    assert LSTM(4, return_sequences=True)(seq, initial_state=[h, c]).shape == (None, None, 4)
    with pytest.raises(ValueError, match="initial state"):
        LSTM(4)(data(2, 3, 3), initial_state=[data(2, 4)])
