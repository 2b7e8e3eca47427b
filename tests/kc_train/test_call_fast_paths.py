"""Per-batch fast paths must behave like the general ones: a Sequential graph replayed as a
chain of `call()`s, losses cleared only where some layer holds them, the fused default
reduction of SparseCategoricalCrossentropy, and the loss tracker's update."""

import keras
import numpy as np
import pytest

BACKEND = keras.config.backend()
RNG = np.random.default_rng(3)


def _np(x):
    return keras.ops.convert_to_numpy(x)


class CountsCalls(keras.layers.Layer):
    """Overrides `__call__`: the override must run on every call, never bypassed."""

    calls = 0

    def __call__(self, *args, **kwargs):
        CountsCalls.calls += 1
        return super().__call__(*args, **kwargs)

    def call(self, x):
        return x * 2.0


class InnerDropout(keras.layers.Layer):
    """Calls a sublayer without passing `training`: it must come from the outer call."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dropout = keras.layers.Dropout(0.5, seed=1)

    def call(self, x):
        return self.dropout(x)


class AddsLoss(keras.layers.Layer):
    def call(self, x):
        self.add_loss(keras.ops.sum(x) * 0.0 + 1.0)
        return x


def _repeat(model, x, times=3, **kwargs):
    return [_np(model(x, **kwargs)) for _ in range(times)]


def test_training_reaches_nested_layers_on_every_replayed_call():
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(64, kernel_initializer="ones"),
                              InnerDropout(), keras.layers.Dropout(0.5, seed=2)])
    x = np.ones((4, 64), "float32")
    reference = x @ np.ones((64, 64), "float32")
    for out in _repeat(model, x, training=False):
        np.testing.assert_allclose(out, reference)
    for out in _repeat(model, x):  # no argument: Dropout's default (inference)
        np.testing.assert_allclose(out, reference)
    for out in _repeat(model, x, training=True):
        assert (out == 0).mean() > 0.65  # both dropouts active: ~75% zeros (one: ~50%)


def test_an_overridden_call_method_runs_every_time():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3), CountsCalls()])
    CountsCalls.calls = 0
    x = RNG.normal(size=(2, 3)).astype("float32")
    first, *rest = _repeat(model, x, times=4)
    assert CountsCalls.calls == 4
    for out in rest:
        np.testing.assert_allclose(out, first)


def test_activity_regularizer_and_add_loss_stay_per_call():
    model = keras.Sequential([
        keras.Input((3,)),
        keras.layers.Dense(2, kernel_initializer="ones", activity_regularizer="l1"),
        AddsLoss(),
    ])
    x = np.ones((2, 3), "float32")
    for _ in range(3):
        model(x)
        losses = sorted(float(_np(loss)) for loss in model.losses)
        assert losses == pytest.approx([0.01 * 12.0, 1.0])  # l1: four outputs equal to 3


def test_losses_of_a_layer_outside_the_model_do_not_leak_in():
    outside = AddsLoss()
    outside(np.ones((1, 2), "float32"))
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2)])
    model(np.ones((1, 2), "float32"))
    assert model.losses == []
    assert len(outside.losses) == 1


def test_mixed_precision_layers_keep_casting_on_replay():
    model = keras.Sequential([
        keras.Input((4,)),
        keras.layers.Dense(4, dtype="mixed_float16"),
        keras.layers.Dense(2, dtype="float32"),
    ])
    x = RNG.normal(size=(3, 4)).astype("float32")
    for _ in range(3):
        hidden = model.layers[0](x)
        assert keras.ops.dtype(hidden) == "float16"
        assert keras.ops.dtype(model(x)) == "float32"


def test_a_sequential_graph_of_ops_still_runs():
    inputs = keras.Input((3,))
    outputs = keras.ops.relu(keras.layers.Dense(3, kernel_initializer="identity")(inputs))
    model = keras.Model(inputs, outputs)
    x = np.array([[-1.0, 2.0, -3.0]], "float32")
    for out in _repeat(model, x):
        np.testing.assert_allclose(out, [[0.0, 2.0, 0.0]])


def _np_sparse_ce(labels, logits):
    shifted = logits - logits.max(-1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))
    return -log_probs[np.arange(len(labels)), labels]


@pytest.mark.parametrize("label_dtype", ["int32", "int64", "float32"])
def test_sparse_crossentropy_default_reduction(label_dtype):
    logits = RNG.normal(size=(6, 5)).astype("float32")
    labels = np.array([0, 4, 2, 2, 1, 3])
    per_sample = _np_sparse_ce(labels, logits)
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    y_true = keras.ops.convert_to_tensor(labels.astype(label_dtype))
    y_pred = keras.ops.convert_to_tensor(logits)
    np.testing.assert_allclose(_np(loss(y_true, y_pred)), per_sample.mean(), rtol=1e-5)
    weights = np.array([1.0, 0.0, 2.0, 1.0, 1.0, 0.5], "float32")
    np.testing.assert_allclose(_np(loss(y_true, y_pred, sample_weight=weights)),
                               (per_sample * weights).mean(), rtol=1e-5)
    ignoring = keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=2)
    kept = labels != 2
    np.testing.assert_allclose(_np(ignoring(y_true, y_pred)), per_sample[kept].mean(), rtol=1e-5)
    probabilities = keras.losses.SparseCategoricalCrossentropy()
    softmax = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    np.testing.assert_allclose(_np(probabilities(y_true, keras.ops.convert_to_tensor(softmax))),
                               per_sample.mean(), rtol=1e-4)


def test_loss_tracker_update_casts_and_weights():
    tracker = keras.metrics.Mean(name="loss")
    tracker.update_state(keras.ops.convert_to_tensor(np.float64(2.0)), sample_weight=3)
    tracker.update_state(keras.ops.convert_to_tensor(np.float32(4.0)), sample_weight=1)
    result = tracker.result()
    assert keras.ops.dtype(result) == "float32"
    assert float(_np(result)) == pytest.approx((2.0 * 3 + 4.0) / 4)
    tracker.reset_state()
    assert float(_np(tracker.result())) == 0.0  # total / count with count 0 reads 0


def test_variable_assign_add_converts_what_it_must():
    v = keras.Variable(np.zeros((2,), "float32"))
    v.assign_add(keras.ops.convert_to_tensor(np.array([1.0, 2.0], "float64")))
    v.assign_add(keras.ops.convert_to_tensor(np.float32(0.5)))
    assert v.dtype == "float32"
    np.testing.assert_allclose(_np(v), [1.5, 2.5])
    with pytest.raises(Exception):
        v.assign_add(keras.ops.convert_to_tensor(np.ones((3,), "float32")))


def test_the_record_of_layers_holding_losses_empties():
    """Calls skip clearing losses while no layer holds any: clearing and garbage collection
    must both take a layer off that record."""
    import gc

    from kc_layers import layer as layer_module

    gc.collect()
    before = set(layer_module._HOLDING_LOSSES)  # other tests' layers may still hold some
    model = keras.Sequential([keras.Input((2,)), AddsLoss()])
    model(np.ones((1, 2), "float32"))
    assert len(layer_module._HOLDING_LOSSES) == len(before) + 1
    del model
    gc.collect()
    assert layer_module._HOLDING_LOSSES == before
    held = AddsLoss()
    held(np.ones((1, 2), "float32"))
    assert len(layer_module._HOLDING_LOSSES) == len(before) + 1
    held._clear_losses()
    assert layer_module._HOLDING_LOSSES == before and held.losses == []


def test_mean_updates_agree_inside_and_outside_stateless_scopes():
    """Traced updates take one stacked update of total and count (see Mean._accumulate)."""
    values = np.array([1.0, 2.0, 4.0], "float32")
    weights = np.array([1.0, 0.5, 2.0], "float32")
    batch_loss = keras.ops.convert_to_tensor(np.float32(3.0))
    eager = keras.metrics.Mean()
    eager.update_state(values, sample_weight=weights)
    eager.update_state(batch_loss, sample_weight=4)
    eager.update_state(values)
    traced = keras.metrics.Mean()
    state = [v.value for v in traced.variables]
    state = traced.stateless_update_state(state, values, sample_weight=weights)
    state = traced.stateless_update_state(state, batch_loss, sample_weight=4)
    state = traced.stateless_update_state(state, values)
    total, count = 1.0 + 1.0 + 8.0 + 12.0 + 7.0, 3.5 + 4.0 + 3.0
    np.testing.assert_allclose([_np(v) for v in eager.variables], [total, count], rtol=1e-6)
    np.testing.assert_allclose([_np(v) for v in state], [total, count], rtol=1e-6)
    assert float(_np(traced.stateless_result(state))) == pytest.approx(total / count)


def test_mean_result_is_exact_whatever_happened_to_count():
    """`result()` skips the zero guard only while `count` is known positive; any other write
    to it (assign, reset, negative or tensor weights) brings the guard back."""
    mean = keras.metrics.Mean()
    assert float(_np(mean.result())) == 0.0
    loss = keras.ops.convert_to_tensor(np.float32(2.0))
    mean.update_state(loss, sample_weight=4)
    assert float(_np(mean.result())) == 2.0
    mean.count.assign(0.0)
    assert float(_np(mean.result())) == 0.0  # 8 / 0 guarded
    mean.reset_state()
    ones = np.ones((2,), "float32")
    mean.update_state(ones, sample_weight=np.array([1.0, -1.0], "float32"))
    mean.update_state(loss, sample_weight=3)
    mean.update_state(loss, sample_weight=-3)
    assert float(_np(mean.count)) == 0.0
    assert float(_np(mean.result())) == 0.0
    mean.reset_state()
    mean.update_state(loss, sample_weight=1)
    mean.update_state(loss, sample_weight=1)
    assert float(_np(mean.result())) == 2.0
    mean.count.assign_add(-2.0)
    assert float(_np(mean.result())) == 0.0
