"""keras.losses against NumPy formulas: values, reductions, sample weights, masks, config."""

import kc_ops as ops
import numpy as np
import pytest
from kc_ops import KerasTensor
from kc_train import losses

# Guard while the kc_ops array ops (reductions, reshapes) land from another work area.
_NEEDED_OPS = (
    "sum",
    "mean",
    "max",
    "argmax",
    "reshape",
    "expand_dims",
    "squeeze",
    "matmul",
    "transpose",
    "take_along_axis",
    "std",
    "var",
    "any",
    "all",
    "broadcast_to",
    "stack",
    "take",
)
pytestmark = pytest.mark.skipif(
    any(not hasattr(ops, name) for name in _NEEDED_OPS),
    reason="kc_ops array ops (sum, mean, reshape, ...) are not available yet",
)

EPS = 1e-7
RNG = np.random.default_rng(0)
Y_TRUE = RNG.uniform(0.1, 1.0, (4, 3)).astype("float32")
Y_PRED = RNG.uniform(0.1, 1.0, (4, 3)).astype("float32")
LABELS01 = (RNG.uniform(size=(4, 3)) > 0.5).astype("float32")
ONE_HOT = np.eye(3, dtype="float32")[[0, 2, 1, 2]]
PROBS = Y_PRED / Y_PRED.sum(-1, keepdims=True)
LOGITS = RNG.normal(size=(4, 3)).astype("float32")


def np_softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def np_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def np_bce(t, p):
    p = np.clip(p, EPS, 1 - EPS)
    return -(t * np.log(p) + (1 - t) * np.log(1 - p))


def np_l2n(x):
    return x / np.sqrt(np.maximum((x**2).sum(-1, keepdims=True), 1e-12))


def np_huber(t, p, d=1.0):
    e = np.abs(p - t)
    return np.where(e <= d, 0.5 * e**2, d * e - 0.5 * d**2).mean(-1)


REFERENCES = {
    "mean_squared_error": (Y_TRUE, Y_PRED, lambda t, p: ((t - p) ** 2).mean(-1)),
    "mean_absolute_error": (Y_TRUE, Y_PRED, lambda t, p: np.abs(t - p).mean(-1)),
    "mean_absolute_percentage_error": (
        Y_TRUE,
        Y_PRED,
        lambda t, p: 100 * np.abs((t - p) / np.maximum(np.abs(t), EPS)).mean(-1),
    ),
    "mean_squared_logarithmic_error": (
        Y_TRUE,
        Y_PRED,
        lambda t, p: ((np.log1p(p) - np.log1p(t)) ** 2).mean(-1),
    ),
    "cosine_similarity": (Y_TRUE, Y_PRED, lambda t, p: -(np_l2n(t) * np_l2n(p)).sum(-1)),
    "huber": (Y_TRUE, 3 * Y_PRED, np_huber),
    "log_cosh": (Y_TRUE, Y_PRED, lambda t, p: np.log(np.cosh(p - t)).mean(-1)),
    "hinge": (LABELS01, LOGITS, lambda t, p: np.maximum(1 - (2 * t - 1) * p, 0).mean(-1)),
    "squared_hinge": (
        LABELS01,
        LOGITS,
        lambda t, p: (np.maximum(1 - (2 * t - 1) * p, 0) ** 2).mean(-1),
    ),
    "categorical_hinge": (
        ONE_HOT,
        LOGITS,
        lambda t, p: np.maximum(((1 - t) * p).max(-1) - (t * p).sum(-1) + 1, 0),
    ),
    "kl_divergence": (PROBS[::-1].copy(), PROBS, lambda t, p: (t * np.log(t / p)).sum(-1)),
    "poisson": (Y_TRUE, Y_PRED, lambda t, p: (p - t * np.log(p + EPS)).mean(-1)),
    "binary_crossentropy": (LABELS01, Y_PRED * 0.9, lambda t, p: np_bce(t, p).mean(-1)),
    "categorical_crossentropy": (ONE_HOT, PROBS, lambda t, p: -(t * np.log(p)).sum(-1)),
    "dice": (LABELS01, Y_PRED, lambda t, p: 1 - 2 * (t * p).sum() / (t.sum() + p.sum() + EPS)),
    "tversky": (
        LABELS01,
        Y_PRED,
        lambda t, p: (
            1
            - (t * p).sum()
            / ((t * p).sum() + 0.5 * ((1 - t) * p).sum() + 0.5 * (t * (1 - p)).sum() + EPS)
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_function_matches_numpy(name):
    y_true, y_pred, ref = REFERENCES[name]
    out = getattr(losses, name)(y_true, y_pred)
    np.testing.assert_allclose(ops.convert_to_numpy(out), ref(y_true, y_pred), rtol=1e-4, atol=1e-5)


CLASS_OF = {
    "mean_squared_error": losses.MeanSquaredError,
    "mean_absolute_error": losses.MeanAbsoluteError,
    "mean_absolute_percentage_error": losses.MeanAbsolutePercentageError,
    "mean_squared_logarithmic_error": losses.MeanSquaredLogarithmicError,
    "cosine_similarity": losses.CosineSimilarity,
    "huber": losses.Huber,
    "log_cosh": losses.LogCosh,
    "hinge": losses.Hinge,
    "squared_hinge": losses.SquaredHinge,
    "categorical_hinge": losses.CategoricalHinge,
    "kl_divergence": losses.KLDivergence,
    "poisson": losses.Poisson,
    "binary_crossentropy": losses.BinaryCrossentropy,
    "categorical_crossentropy": losses.CategoricalCrossentropy,
}


@pytest.mark.parametrize("name", sorted(CLASS_OF))
def test_class_reductions_and_weights(name):
    y_true, y_pred, ref = REFERENCES[name]
    per_sample = ref(y_true, y_pred)
    sw = np.array([1.0, 0.0, 2.0, 0.5], "float32")
    cls = CLASS_OF[name]
    np.testing.assert_allclose(
        ops.convert_to_numpy(cls()(y_true, y_pred)), per_sample.mean(), rtol=1e-4
    )
    out = cls(reduction="sum")(y_true, y_pred, sample_weight=sw)
    np.testing.assert_allclose(ops.convert_to_numpy(out), (per_sample * sw).sum(), rtol=1e-4)
    out = cls(reduction="none")(y_true, y_pred, sample_weight=sw)
    np.testing.assert_allclose(ops.convert_to_numpy(out), per_sample * sw, rtol=1e-4, atol=1e-6)
    out = cls(reduction="mean_with_sample_weight")(y_true, y_pred, sample_weight=sw)
    np.testing.assert_allclose(
        ops.convert_to_numpy(out), (per_sample * sw).sum() / sw.sum(), rtol=1e-4
    )
    out = cls()(y_true, y_pred, sample_weight=sw)
    np.testing.assert_allclose(ops.convert_to_numpy(out), (per_sample * sw).mean(), rtol=1e-4)


def test_sample_weight_broadcasts_over_timesteps():
    y_true = RNG.normal(size=(2, 3, 4)).astype("float32")
    y_pred = RNG.normal(size=(2, 3, 4)).astype("float32")
    sw = np.array([2.0, 0.5], "float32")
    per_step = ((y_true - y_pred) ** 2).mean(-1)
    out = losses.MeanSquaredError(reduction="sum")(y_true, y_pred, sample_weight=sw)
    np.testing.assert_allclose(ops.convert_to_numpy(out), (per_step * sw[:, None]).sum(), rtol=1e-4)


def test_label_smoothing_and_logits():
    t, x = ONE_HOT, LOGITS
    smooth = t * 0.9 + 0.1 / 3
    ref = -(smooth * np.log(np_softmax(x))).sum(-1).mean()
    loss = losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)
    np.testing.assert_allclose(ops.convert_to_numpy(loss(t, x)), ref, rtol=1e-4)
    smooth = LABELS01 * 0.8 + 0.1
    ref = np_bce(smooth, np_sigmoid(x)).mean()
    loss = losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.2)
    np.testing.assert_allclose(ops.convert_to_numpy(loss(LABELS01, x)), ref, rtol=1e-4)


def test_sparse_categorical_crossentropy_and_ignore_class():
    labels = np.array([0, 2, 1, 2])
    ref = -np.log(np_softmax(LOGITS)[np.arange(4), labels])
    loss = losses.SparseCategoricalCrossentropy(from_logits=True)
    np.testing.assert_allclose(ops.convert_to_numpy(loss(labels, LOGITS)), ref.mean(), rtol=1e-4)
    np.testing.assert_allclose(
        ops.convert_to_numpy(loss(labels[:, None], LOGITS)), ref.mean(), rtol=1e-4
    )
    ignored = np.array([0, -1, 1, -1])
    loss = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1)
    valid = ref[[0, 2]]
    np.testing.assert_allclose(ops.convert_to_numpy(loss(ignored, LOGITS)), valid.mean(), rtol=1e-4)
    out = losses.sparse_categorical_crossentropy(ignored, LOGITS, from_logits=True, ignore_class=-1)
    np.testing.assert_allclose(
        ops.convert_to_numpy(out), [ref[0], 0, ref[2], 0], rtol=1e-4, atol=1e-6
    )


def test_focal_crossentropies():
    t, p = LABELS01, np.clip(Y_PRED, 0.05, 0.95)
    p_t = t * p + (1 - t) * (1 - p)
    bce = np_bce(t, p)
    ref = ((1 - p_t) ** 2 * bce).mean(-1)
    np.testing.assert_allclose(
        ops.convert_to_numpy(losses.binary_focal_crossentropy(t, p)), ref, rtol=1e-4
    )
    weight = t * 0.25 + (1 - t) * 0.75
    ref = (weight * (1 - p_t) ** 2 * bce).mean(-1)
    out = losses.binary_focal_crossentropy(t, p, apply_class_balancing=True)
    np.testing.assert_allclose(ops.convert_to_numpy(out), ref, rtol=1e-4)
    ref = (0.25 * (1 - PROBS) ** 2 * -ONE_HOT * np.log(PROBS)).sum(-1)
    out = losses.categorical_focal_crossentropy(ONE_HOT, PROBS)
    np.testing.assert_allclose(ops.convert_to_numpy(out), ref, rtol=1e-4)
    loss = losses.CategoricalFocalCrossentropy(from_logits=True)
    probs = np_softmax(LOGITS)
    ref = (0.25 * (1 - probs) ** 2 * -ONE_HOT * np.log(probs)).sum(-1).mean()
    np.testing.assert_allclose(ops.convert_to_numpy(loss(ONE_HOT, LOGITS)), ref, rtol=1e-4)


def test_generalized_cross_entropy():
    labels = np.array([0, 2, 1, 2])
    ref = (1 - PROBS[np.arange(4), labels] ** 0.7) / 0.7
    loss = losses.CategoricalGeneralizedCrossEntropy(q=0.7)
    np.testing.assert_allclose(ops.convert_to_numpy(loss(labels, PROBS)), ref.mean(), rtol=1e-4)
    with pytest.raises(ValueError, match="q"):
        losses.CategoricalGeneralizedCrossEntropy(q=1.5)


def np_circle(labels, emb, gamma=80.0, margin=0.4):
    e = np_l2n(emb)
    d = np.maximum(1 - e @ e.T, 0)
    pos = (labels[:, None] == labels[None, :]) & ~np.eye(len(labels), dtype=bool)
    neg = labels[:, None] != labels[None, :]
    pw = np.maximum((margin + d) * pos, 0)
    nw = np.maximum((1 + margin - d) * neg, 0)
    pl = np.where(pos, -gamma * pw * (margin - d), -np.inf)
    nl = np.where(neg, gamma * nw * ((1 - margin) - d), -np.inf)

    def lse(x):
        m = x.max(1, keepdims=True)
        return (m + np.log(np.exp(x - m).sum(1, keepdims=True)))[:, 0]

    z = lse(pl) + lse(nl)
    return np.logaddexp(0, z)


def test_circle():
    labels = np.array([0, 1, 0, 1], "float32")
    emb = RNG.normal(size=(4, 3)).astype("float32")
    ref = np_circle(labels, emb, gamma=2.0)
    out = losses.Circle(gamma=2.0, reduction="none")(labels, emb)
    np.testing.assert_allclose(ops.convert_to_numpy(out), ref, rtol=1e-4)


def test_mask_from_y_pred_is_applied():
    y_pred = KerasTensor((2, 3, 1))
    y_pred._keras_mask = KerasTensor((2, 3), dtype="bool")
    assert losses.MeanSquaredError()(KerasTensor((2, 3, 1)), y_pred).shape == ()
    y_true = RNG.normal(size=(2, 3, 1)).astype("float32")
    # concrete values: a wrapper object that carries a mask like a masked layer output
    loss = losses.MeanSquaredError()
    y_pred = RNG.normal(size=(2, 3, 1)).astype("float32")
    mask = np.array([[1, 1, 0], [1, 0, 0]], bool)
    per = ((y_true - y_pred) ** 2).mean(-1)
    from kc_train.losses.reduction import reduce_weighted_values

    out = reduce_weighted_values(per, mask=mask, reduction=loss.reduction)
    np.testing.assert_allclose(ops.convert_to_numpy(out), per[mask].mean(), rtol=1e-4)


@pytest.mark.parametrize(
    "cls",
    [
        losses.MeanSquaredError,
        losses.BinaryCrossentropy,
        losses.CategoricalCrossentropy,
        losses.Huber,
    ],
)
def test_symbolic_inputs(cls):
    out = cls()(KerasTensor((None, 3)), KerasTensor((None, 3)))
    assert isinstance(out, KerasTensor) and out.shape == ()
    out = cls(reduction="none")(KerasTensor((None, 3)), KerasTensor((None, 3)))
    assert out.shape == (None,)


def test_config_round_trip_and_identifiers():
    loss = losses.BinaryCrossentropy(
        from_logits=True, label_smoothing=0.1, name="bce", reduction="sum"
    )
    config = loss.get_config()
    assert config["from_logits"] is True and config["label_smoothing"] == 0.1
    clone = losses.BinaryCrossentropy.from_config(config)
    assert clone.name == "bce" and clone.reduction == "sum"
    restored = losses.deserialize(losses.serialize(loss))
    assert isinstance(restored, losses.BinaryCrossentropy) and restored.get_config() == config
    assert losses.get("mse") is losses.mean_squared_error
    assert isinstance(losses.get("MeanSquaredError"), losses.MeanSquaredError)
    assert losses.get("sparse_categorical_crossentropy") is losses.sparse_categorical_crossentropy
    assert losses.deserialize(losses.serialize(losses.huber)) is losses.huber
    assert losses.get(None) is None
    with pytest.raises(ValueError, match="Unknown loss identifier: 'not_a_loss'.*mse"):
        losses.get("not_a_loss")
    with pytest.raises(ValueError, match="reduction"):
        losses.MeanSquaredError(reduction="avg")


def test_custom_loss_subclass():
    class Doubled(losses.Loss):
        def call(self, y_true, y_pred):
            return 2 * ops.abs(y_true - y_pred)

    out = Doubled(reduction="sum")(np.ones((2, 2)), np.zeros((2, 2)))
    np.testing.assert_allclose(ops.convert_to_numpy(out), 8.0)


def np_ctc(labels, logits):
    """-log P(labels | logits) by enumerating every alignment (blank = class 0)."""
    import itertools

    probs = np_softmax(logits)
    steps, classes = probs.shape
    total = 0.0
    for path in itertools.product(range(classes), repeat=steps):
        collapsed = [c for i, c in enumerate(path) if c != 0 and (i == 0 or c != path[i - 1])]
        if collapsed == list(labels):
            total += np.prod([probs[t, c] for t, c in enumerate(path)])
    return -np.log(total)


@pytest.mark.skipif(not hasattr(ops, "ctc_loss"), reason="kc_ops.ctc_loss is not available yet")
def test_ctc_against_enumerated_alignments():
    logits = RNG.normal(size=(2, 4, 3)).astype("float32")
    y_true = np.array([[1, 2], [2, 0]], "int32")  # the second label has length 1 (0 pads)
    ref = [np_ctc([1, 2], logits[0]), np_ctc([2], logits[1])]
    out = losses.CTC(reduction="none")(y_true, logits)
    np.testing.assert_allclose(ops.convert_to_numpy(out), ref, rtol=1e-4)
    with pytest.raises(ValueError, match="y_pred"):
        losses.ctc(y_true, logits[0])


def test_loss_dtype_argument():
    loss = losses.MeanSquaredError(dtype="float64")
    out = loss(Y_TRUE, Y_PRED)
    assert ops.dtype(out) == "float64" and loss.dtype == "float64"
    assert loss.get_config()["dtype"] == "float64"


def test_registered_custom_loss_round_trip():
    from kc_saving.object_registration import register_keras_serializable

    @register_keras_serializable(package="kc_test")
    class ScaledMAE(losses.Loss):
        def __init__(self, scale=1.0, **kwargs):
            super().__init__(**kwargs)
            self.scale = scale

        def call(self, y_true, y_pred):
            return self.scale * ops.mean(ops.abs(y_true - y_pred), axis=-1)

        def get_config(self):
            return {**super().get_config(), "scale": self.scale}

    config = losses.serialize(ScaledMAE(scale=3.0, name="smae"))
    restored = losses.deserialize(config)
    assert isinstance(restored, ScaledMAE) and restored.scale == 3.0 and restored.name == "smae"
    np.testing.assert_allclose(
        ops.convert_to_numpy(restored(Y_TRUE, Y_PRED)),
        3 * np.abs(Y_TRUE - Y_PRED).mean(),
        rtol=1e-5,
    )
