"""Attention layers and EinsumDense against NumPy references written here."""

import json
import pathlib

import kc_ops
import numpy as np
import pytest
from kc_layers.attention import (
    AdditiveAttention,
    Attention,
    EinsumDense,
    GroupedQueryAttention,
    GroupQueryAttention,
    MultiHeadAttention,
)
from kc_ops.keras_tensor import KerasTensor

RNG = np.random.default_rng(1)
FIXTURES = pathlib.Path("/work/shared/fixtures/keras-3.15")
_here = pathlib.Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "keras-3.15"
if _here.exists():
    FIXTURES = _here


def np_(x):
    return kc_ops.convert_to_numpy(x)


def data(*shape):
    return RNG.normal(size=shape).astype("float32")


def randomize(layer):
    weights = [RNG.normal(0, 0.5, w.shape).astype("float32") for w in layer.get_weights()]
    layer.set_weights(weights)
    return weights


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def masked_softmax(scores, mask):
    scores = np.where(mask, scores, -1e9)
    return softmax(scores) * mask


# --- EinsumDense --------------------------------------------------------------------------
def test_einsum_dense_matches_numpy():
    x = data(2, 3, 4)
    layer = EinsumDense(
        "abc,cde->abde", output_shape=(None, 2, 5), bias_axes="de", activation="relu"
    )
    assert layer(x).shape == (2, 3, 2, 5)
    kernel, bias = randomize(layer)
    assert kernel.shape == (4, 2, 5) and bias.shape == (2, 5)
    expected = np.maximum(np.einsum("abc,cde->abde", x, kernel) + bias, 0)
    np.testing.assert_allclose(np_(layer(x)), expected, rtol=1e-5, atol=1e-5)

    ellipsis = EinsumDense("...b,bc->...c", output_shape=6, bias_axes="c")
    assert ellipsis(x).shape == (2, 3, 6)
    kernel, bias = randomize(ellipsis)
    np.testing.assert_allclose(np_(ellipsis(x)), x @ kernel + bias, rtol=1e-5, atol=1e-5)
    assert ellipsis.compute_output_shape((None, 7, 4)) == (None, 7, 6)
    config = layer.get_config()
    assert EinsumDense.from_config(config).get_config() == config


def test_einsum_dense_rejects_bad_equations():
    with pytest.raises(ValueError, match="equation"):
        EinsumDense("abc->ab", output_shape=3)
    with pytest.raises(ValueError, match="bias_axes"):
        EinsumDense("ab,bc->ac", output_shape=3, bias_axes="z")


# --- MultiHeadAttention ---------------------------------------------------------------------
def ref_mha(query, value, key, w, num_heads, key_dim, mask=None):
    qk, qb, kk, kb, vk, vb, ok, ob = w
    q = np.einsum("btd,dnh->btnh", query, qk) + qb
    k = np.einsum("bsd,dnh->bsnh", key, kk) + kb
    v = np.einsum("bsd,dnh->bsnh", value, vk) + vb
    scores = np.einsum("bsnh,btnh->bnts", k, q / np.sqrt(key_dim))
    if mask is None:
        probs = softmax(scores)
    else:
        probs = masked_softmax(scores, mask[:, None])
    out = np.einsum("bnts,bsnh->btnh", probs, v)
    return np.einsum("btnh,nhe->bte", out, ok) + ob, probs


def test_mha_matches_numpy_with_causal_and_padding_masks():
    query, value, key = data(2, 4, 6), data(2, 5, 3), data(2, 5, 7)
    layer = MultiHeadAttention(num_heads=2, key_dim=3, value_dim=4)
    layer.build(query.shape, value.shape, key.shape)
    assert [w.shape for w in layer.weights] == [
        (6, 2, 3),
        (2, 3),
        (7, 2, 3),
        (2, 3),
        (3, 2, 4),
        (2, 4),
        (2, 4, 6),
        (6,),
    ]
    w = randomize(layer)
    value_mask = np.array([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]], dtype=bool)
    out, scores = layer(
        query, value, key, value_mask=value_mask, use_causal_mask=True, return_attention_scores=True
    )
    causal = np.tril(np.ones((4, 5), dtype=bool))[None]
    mask = causal & value_mask[:, None, :]
    ref_out, ref_scores = ref_mha(query, value, key, w, 2, 3, mask)
    np.testing.assert_allclose(np_(out), ref_out, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(np_(scores), ref_scores, rtol=1e-5, atol=1e-5)

    attention_mask = RNG.random((2, 4, 5)) > 0.3
    attention_mask[:, :, 0] = True
    out = layer(query, value, key, attention_mask=attention_mask)
    np.testing.assert_allclose(
        np_(out), ref_mha(query, value, key, w, 2, 3, attention_mask)[0], rtol=1e-5, atol=1e-5
    )


def test_mha_output_shape_sliding_window_and_query_mask():
    x = data(2, 5, 4)
    layer = MultiHeadAttention(
        num_heads=1, key_dim=2, output_shape=(3,), sliding_window=2, use_bias=False
    )
    assert layer(x, x).shape == (2, 5, 3)
    qk, kk, vk, ok = randomize(layer)
    query_mask = np.array([[1, 1, 1, 1, 0], [1, 1, 1, 1, 1]], dtype=bool)
    out = layer(x, x, query_mask=query_mask)
    idx = np.arange(5)
    band = np.abs(idx[:, None] - idx[None, :]) < 2
    mask = band[None] & query_mask[:, :, None]
    zero_bias = [np.zeros((1, 2)), np.zeros((1, 2)), np.zeros((1, 2)), np.zeros(3)]
    w = [qk, zero_bias[0], kk, zero_bias[1], vk, zero_bias[2], ok, zero_bias[3]]
    np.testing.assert_allclose(np_(out), ref_mha(x, x, x, w, 1, 2, mask)[0], rtol=1e-5, atol=1e-5)


def test_mha_over_two_attention_axes():
    x = data(2, 3, 2, 4)
    layer = MultiHeadAttention(num_heads=2, key_dim=2, attention_axes=(1, 2))
    layer.build(x.shape, x.shape)
    qk, qb, kk, kb, vk, vb, ok, ob = randomize(layer)
    q = np.einsum("bxyd,dnh->bxynh", x, qk) + qb
    k = np.einsum("bxyd,dnh->bxynh", x, kk) + kb
    v = np.einsum("bxyd,dnh->bxynh", x, vk) + vb
    scores = np.einsum("bijnh,bxynh->bnxyij", k, q / np.sqrt(2))
    probs = softmax(scores.reshape(2, 2, 3, 2, 6)).reshape(scores.shape)
    out = np.einsum("bnxyij,bijnh->bxynh", probs, v)
    expected = np.einsum("bxynh,nhe->bxye", out, ok) + ob
    got, got_scores = layer(x, x, return_attention_scores=True)
    assert got_scores.shape == (2, 2, 3, 2, 3, 2)
    np.testing.assert_allclose(np_(got), expected, rtol=1e-5, atol=1e-5)


def test_mha_symbolic_and_config():
    q, v = KerasTensor((None, None, 8)), KerasTensor((None, 6, 5))
    layer = MultiHeadAttention(num_heads=2, key_dim=4)
    out, scores = layer(q, v, return_attention_scores=True)
    assert out.shape == (None, None, 8) and scores.shape == (None, 2, None, 6)
    config = layer.get_config()
    assert config["attention_axes"] == [1]
    assert MultiHeadAttention.from_config(config).get_config() == config
    with pytest.raises(ValueError, match="num_heads"):
        MultiHeadAttention(num_heads=0, key_dim=2)
    with pytest.raises(ValueError, match="rank"):
        MultiHeadAttention(2, 2)(data(2, 4), data(2, 4))


def test_mha_dropout_only_in_training():
    x = data(2, 3, 4)
    layer = MultiHeadAttention(num_heads=2, key_dim=2, dropout=0.5, seed=3)
    inference = np_(layer(x, x, training=False))
    np.testing.assert_allclose(inference, np_(layer(x, x)), rtol=1e-6)
    assert not np.allclose(np_(layer(x, x, training=True)), inference)


@pytest.mark.skipif(not FIXTURES.exists(), reason="Keras 3.15 fixtures not available")
def test_transformer_block_fixture():
    h5py = pytest.importorskip("h5py")
    from kc_layers.core.dense import Dense
    from kc_layers.normalization import LayerNormalization

    meta = json.loads((FIXTURES / "transformer_block.json").read_text())
    config = json.loads((FIXTURES / "transformer_block.config.json").read_text())
    entry = next(e for e in config["layers"] if e["class_name"] == "MultiHeadAttention")
    with h5py.File(FIXTURES / "transformer_block.weights.h5", "r") as f:
        w = {}
        f.visititems(lambda k, v: w.__setitem__(k, v[()]) if hasattr(v, "shape") else None)
    x = np.load(FIXTURES / "transformer_block.inputs.npz")["sequence"]
    expected = np.load(FIXTURES / "transformer_block.outputs.npz")["y0"]

    mha = MultiHeadAttention(num_heads=2, key_dim=8)
    ln1, ln2 = LayerNormalization(epsilon=1e-6), LayerNormalization(epsilon=1e-6)
    ff1, ff2, head = Dense(32, activation="gelu"), Dense(16), Dense(3)

    def forward():
        h = ln1(kc_ops.add(x, mha(x, x, use_causal_mask=True)))
        h = ln2(kc_ops.add(h, ff2(ff1(h))))
        return head(kc_ops.mean(h, axis=1))

    mha.build(x.shape, x.shape)
    for layer, shape in (
        (ln1, x.shape),
        (ln2, x.shape),
        (ff1, x.shape),
        (ff2, x.shape[:2] + (32,)),
        (head, (x.shape[0], 16)),
    ):
        layer.build(shape)
    g = "layers/multi_head_attention/"
    mha.set_weights(
        [w[f"{g}{n}_dense/vars/{i}"] for n in ("query", "key", "value", "output") for i in range(2)]
    )
    for layer, name in (
        (ln1, "layer_normalization"),
        (ln2, "layer_normalization_1"),
        (ff1, "dense"),
        (ff2, "dense_1"),
        (head, "dense_2"),
    ):
        layer.set_weights([w[f"layers/{name}/vars/0"], w[f"layers/{name}/vars/1"]])
    tol = meta["tolerance"]
    np.testing.assert_allclose(np_(forward()), expected, atol=tol["atol"], rtol=tol["rtol"])
    assert MultiHeadAttention.from_config(entry["config"]).get_config() == entry["config"]
    assert mha.get_config() == {**entry["config"], "name": mha.name}


# --- Attention / AdditiveAttention -----------------------------------------------------------
@pytest.mark.parametrize("score_mode", ["dot", "concat"])
@pytest.mark.parametrize("use_scale", [False, True])
def test_attention_matches_numpy(score_mode, use_scale):
    query, value, key = data(2, 3, 4), data(2, 5, 4), data(2, 5, 4)
    layer = Attention(use_scale=use_scale, score_mode=score_mode)
    layer.build([query.shape, value.shape, key.shape])
    weights = randomize(layer)
    scale = weights[0] if use_scale else 1.0
    if score_mode == "dot":
        scores = query @ key.transpose(0, 2, 1) * scale
    else:
        concat_weight = weights[-1]
        scores = concat_weight * np.tanh(scale * (query[:, :, None] + key[:, None])).sum(-1)
    query_mask = np.array([[1, 1, 0], [1, 1, 1]], dtype=bool)
    value_mask = np.array([[1, 1, 1, 1, 0], [1, 1, 1, 1, 1]], dtype=bool)
    causal = np.tril(np.ones((3, 5), dtype=bool))[None]
    probs = softmax(np.where(value_mask[:, None] & causal, scores, scores - 1e9))
    expected = (probs @ value) * query_mask[..., None]
    out, got_scores = layer(
        [query, value, key],
        mask=[query_mask, value_mask],
        use_causal_mask=True,
        return_attention_scores=True,
    )
    np.testing.assert_allclose(np_(out), expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(np_(got_scores), probs, rtol=1e-5, atol=1e-5)


def test_additive_attention_matches_numpy():
    query, value = data(2, 3, 4), data(2, 5, 4)
    layer = AdditiveAttention()
    layer.build([query.shape, value.shape])
    (scale,) = randomize(layer)
    assert scale.shape == (4,)
    scores = (scale * np.tanh(query[:, :, None] + value[:, None])).sum(-1)
    np.testing.assert_allclose(
        np_(layer([query, value])), softmax(scores) @ value, rtol=1e-5, atol=1e-5
    )
    assert "score_mode" not in layer.get_config()
    assert AdditiveAttention.from_config(layer.get_config()).get_config() == layer.get_config()


def test_attention_symbolic_and_errors():
    q, v = KerasTensor((None, 3, 4)), KerasTensor((None, None, 4))
    out, scores = Attention()([q, v], return_attention_scores=True)
    assert out.shape == (None, 3, 4) and scores.shape == (None, 3, None)
    with pytest.raises(ValueError, match="score_mode"):
        Attention(score_mode="cosine")
    with pytest.raises(ValueError, match="list"):
        Attention()(data(2, 3, 4))


# --- GroupedQueryAttention --------------------------------------------------------------------
def test_grouped_query_attention_matches_numpy():
    assert GroupQueryAttention is GroupedQueryAttention
    query, value = data(2, 4, 6), data(2, 3, 5)
    layer = GroupedQueryAttention(head_dim=2, num_query_heads=4, num_key_value_heads=2)
    layer.build(query.shape, value.shape)
    qk, qb, kk, kb, vk, vb, ok, ob = randomize(layer)
    assert qk.shape == (6, 4, 2) and kk.shape == (5, 2, 2) and ok.shape == (4, 2, 6)
    q = np.einsum("bqm,muh->bquh", query, qk) + qb
    k = np.repeat(np.einsum("bkm,mvh->bkvh", value, kk) + kb, 2, axis=2)
    v = np.repeat(np.einsum("bkm,mvh->bkvh", value, vk) + vb, 2, axis=2)
    scores = np.einsum("bquh,bkuh->buqk", q / np.sqrt(2), k)
    causal = np.tril(np.ones((4, 3), dtype=bool))[None, None]
    probs = masked_softmax(scores, causal)
    expected = np.einsum("bquh,uhm->bqm", np.einsum("buqk,bkuh->bquh", probs, v), ok) + ob
    out, got_scores = layer(query, value, use_causal_mask=True, return_attention_scores=True)
    np.testing.assert_allclose(np_(out), expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(np_(got_scores), probs, rtol=1e-5, atol=1e-5)
    config = layer.get_config()
    assert GroupedQueryAttention.from_config(config).get_config() == config
    sym = layer(KerasTensor((None, None, 6)), KerasTensor((None, None, 5)))
    assert sym.shape == (None, None, 6)
    with pytest.raises(ValueError, match="multiple"):
        GroupedQueryAttention(head_dim=2, num_query_heads=3, num_key_value_heads=2)


def test_mha_use_gate_multiplies_heads_by_sigmoid_of_query_projection():
    x = data(2, 3, 4)
    layer = MultiHeadAttention(num_heads=2, key_dim=2, use_gate=True)
    layer.build(x.shape, x.shape)
    weights = randomize(layer)
    assert len(weights) == 10
    qk, qb, kk, kb, vk, vb, gk, gb, ok, ob = weights
    q = np.einsum("btd,dnh->btnh", x, qk) + qb
    k = np.einsum("bsd,dnh->bsnh", x, kk) + kb
    v = np.einsum("bsd,dnh->bsnh", x, vk) + vb
    probs = softmax(np.einsum("bsnh,btnh->bnts", k, q / np.sqrt(2)))
    heads = np.einsum("bnts,bsnh->btnh", probs, v)
    gate = 1 / (1 + np.exp(-(np.einsum("btd,dnh->btnh", x, gk) + gb)))
    expected = np.einsum("btnh,nhe->bte", heads * gate, ok) + ob
    np.testing.assert_allclose(np_(layer(x, x)), expected, rtol=1e-5, atol=1e-5)
    assert layer.get_config()["use_gate"] is True
