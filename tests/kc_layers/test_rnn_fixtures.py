"""Reproduce models saved by real Keras 3.15 (`shared/fixtures/keras-3.15`) with our recurrent
layers: same configs, same weight shapes and order, same predictions."""

import json
import pathlib

import kc_ops
import numpy as np
import pytest
from kc_layers.core.dense import Dense
from kc_layers.core.embedding import Embedding
from kc_layers.rnn import GRU, LSTM, Bidirectional

h5py = pytest.importorskip("h5py")

FIXTURES = pathlib.Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "keras-3.15"
if not FIXTURES.exists():
    FIXTURES = pathlib.Path("/work/shared/fixtures/keras-3.15")
pytestmark = pytest.mark.skipif(not FIXTURES.exists(), reason="Keras 3.15 fixtures not available")


def load(name):
    meta = json.loads((FIXTURES / f"{name}.json").read_text())
    config = json.loads((FIXTURES / f"{name}.config.json").read_text())
    weights = {}
    with h5py.File(FIXTURES / f"{name}.weights.h5", "r") as f:
        f.visititems(
            lambda k, v: weights.__setitem__(k, v[()]) if isinstance(v, h5py.Dataset) else None
        )
    inputs = dict(np.load(FIXTURES / f"{name}.inputs.npz"))
    outputs = dict(np.load(FIXTURES / f"{name}.outputs.npz"))
    return meta, config, weights, inputs, outputs


def layer_config(config, class_name):
    return next(e for e in config["layers"] if e["class_name"] == class_name)


def cell_weights(weights, prefix):
    return [weights[f"{prefix}/cell/vars/{i}"] for i in range(3)]


def test_rnn_stack_predictions():
    meta, config, weights, inputs, outputs = load("rnn_stack")
    x = inputs["x0"]
    embedding = Embedding(30, 8, mask_zero=True, embeddings_initializer="random_uniform")
    bidirectional = Bidirectional(GRU(6, return_sequences=True))
    lstm = LSTM(6)
    dense = Dense(3)
    mask = embedding.compute_mask(x)

    def forward():
        h = bidirectional(embedding(x), mask=mask)
        return dense(lstm(h, mask=mask))

    embedding.build(x.shape)
    bidirectional.build(x.shape + (8,))
    lstm.build(x.shape + (12,))
    dense.build((x.shape[0], 6))
    assert [tuple(w.shape) for w in bidirectional.weights] == [
        weights[f"layers/bidirectional/{d}_layer/cell/vars/{i}"].shape
        for d in ("forward", "backward")
        for i in range(3)
    ]
    embedding.set_weights([weights["layers/embedding/vars/0"]])
    bidirectional.set_weights(
        cell_weights(weights, "layers/bidirectional/forward_layer")
        + cell_weights(weights, "layers/bidirectional/backward_layer")
    )
    lstm.set_weights(cell_weights(weights, "layers/lstm"))
    dense.set_weights([weights["layers/dense/vars/0"], weights["layers/dense/vars/1"]])
    tol = meta["tolerance"]
    np.testing.assert_allclose(
        kc_ops.convert_to_numpy(forward()), outputs["y0"], atol=tol["atol"], rtol=tol["rtol"]
    )


def test_functional_multi_io_lstm_branch():
    meta, config, weights, inputs, outputs = load("functional_multi_io")
    embedding = Embedding(50, 8, embeddings_initializer="random_uniform")
    lstm = LSTM(8)
    embedding.build(inputs["tokens"].shape)
    embedding.set_weights([weights["layers/embedding/vars/0"]])
    lstm.build(inputs["tokens"].shape + (8,))
    lstm.set_weights(cell_weights(weights, "layers/lstm"))
    h = kc_ops.convert_to_numpy(lstm(embedding(inputs["tokens"])))

    # The rest of the model (Dense, Concatenate, Dense heads) in NumPy.
    def dense(x, name, act):
        y = x @ weights[f"layers/{name}/vars/0"] + weights[f"layers/{name}/vars/1"]
        return act(y)

    relu = lambda v: np.maximum(v, 0)  # noqa: E731
    features = dense(inputs["features"], "dense", relu)
    trunk = dense(np.concatenate([h, features], -1), "dense_1", relu)
    logits = dense(trunk, "dense_2", lambda v: v)
    category = np.exp(logits - logits.max(-1, keepdims=True))
    category /= category.sum(-1, keepdims=True)
    score = dense(trunk, "dense_3", lambda v: v)
    tol = meta["tolerance"]
    np.testing.assert_allclose(category, outputs["category"], atol=tol["atol"], rtol=tol["rtol"])
    np.testing.assert_allclose(score, outputs["score"], atol=tol["atol"], rtol=tol["rtol"])


def _strip(entry):
    return {k: v for k, v in entry.items() if k != "build_config"}


def test_configs_match_keras():
    _, config, _, _, _ = load("rnn_stack")
    lstm_entry = layer_config(config, "LSTM")
    lstm = LSTM.from_config(lstm_entry["config"])
    assert lstm.get_config() == lstm_entry["config"]
    bi_entry = layer_config(config, "Bidirectional")
    bi = Bidirectional.from_config(bi_entry["config"])
    got = bi.get_config()
    expected = bi_entry["config"]
    assert got["layer"]["config"] == expected["layer"]["config"]
    assert got["backward_layer"]["config"] == expected["backward_layer"]["config"]
    assert got["layer"]["class_name"] == "GRU"
    assert {k: v for k, v in got.items() if k not in ("layer", "backward_layer")} == {
        k: v for k, v in expected.items() if k not in ("layer", "backward_layer")
    }
    bi.build_from_config(bi_entry["build_config"])
    assert [w.shape for w in bi.weights] == [(8, 18), (6, 18), (2, 18)] * 2
    fresh = Bidirectional(GRU(6, return_sequences=True, name="gru"))
    fresh_config = fresh.get_config()
    assert fresh_config["layer"]["config"]["name"] == "forward_gru"
    assert fresh_config["backward_layer"]["config"]["name"] == "backward_gru"
    assert fresh_config["backward_layer"]["config"]["go_backwards"] is True
    assert fresh_config["layer"]["config"]["zero_output_for_mask"] is True
