"""keras.metrics against NumPy: two update_state calls, reset, sample weights, stateless API."""

import kc_ops as ops
import numpy as np
import pytest
from kc_train import metrics

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

RNG = np.random.default_rng(1)


def value(x):
    return np.asarray(ops.convert_to_numpy(x))


def test_mean_and_sum_weighted_over_two_updates_and_reset():
    m = metrics.Mean()
    m.update_state([1.0, 2.0, 3.0])
    m.update_state([4.0, 5.0], sample_weight=[1.0, 3.0])
    np.testing.assert_allclose(value(m.result()), (6 + 4 + 15) / 7.0, rtol=1e-6)
    m.reset_state()
    np.testing.assert_allclose(value(m.result()), 0.0)
    s = metrics.Sum()
    s.update_state(np.ones((2, 3)))
    s.update_state([2.0, 4.0], sample_weight=[0.5, 1.0])
    np.testing.assert_allclose(value(s.result()), 6 + 5.0, rtol=1e-6)
    assert [v.path for v in m.variables] == ["mean/total", "mean/count"]
    assert not any(v.trainable for v in m.variables)
    # per-timestep values with per-sample weights: values are averaged per sample first
    m = metrics.Mean()
    m.update_state(np.array([[1.0, 3.0], [5.0, 7.0]]), sample_weight=[1.0, 0.0])
    np.testing.assert_allclose(value(m.result()), 2.0)


def np_softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


Y1 = np.eye(4, dtype="float32")[[0, 1, 2, 3, 1, 2]]
P1 = np_softmax(RNG.normal(size=(6, 4))).astype("float32")
Y2 = np.eye(4, dtype="float32")[[3, 3, 0, 1, 2, 0]]
P2 = np_softmax(RNG.normal(size=(6, 4))).astype("float32")
W2 = np.array([1.0, 0.5, 0.0, 2.0, 1.0, 1.0], "float32")


def two_updates(metric, y1, p1, y2, p2, w2=W2):
    metric.update_state(y1, p1)
    metric.update_state(y2, p2, sample_weight=w2)
    return value(metric.result())


def weighted_mean(per1, per2, w2=W2):
    return (per1.sum() + (per2 * w2).sum()) / (len(per1) + w2.sum())


def test_accuracy_family():
    per = lambda y, p: (y.argmax(-1) == p.argmax(-1)).astype(float)  # noqa: E731
    ref = weighted_mean(per(Y1, P1), per(Y2, P2))
    np.testing.assert_allclose(
        two_updates(metrics.CategoricalAccuracy(), Y1, P1, Y2, P2), ref, rtol=1e-6
    )
    sparse1, sparse2 = Y1.argmax(-1), Y2.argmax(-1)
    np.testing.assert_allclose(
        two_updates(metrics.SparseCategoricalAccuracy(), sparse1, P1, sparse2[:, None], P2),
        ref,
        rtol=1e-6,
    )

    def topk(y, p, k):
        ranks = (p > p[np.arange(len(y)), y][:, None]).sum(-1)
        return (ranks < k).astype(float)

    ref = weighted_mean(topk(sparse1, P1, 2), topk(sparse2, P2, 2))
    np.testing.assert_allclose(
        two_updates(metrics.TopKCategoricalAccuracy(k=2), Y1, P1, Y2, P2), ref, rtol=1e-6
    )
    np.testing.assert_allclose(
        two_updates(metrics.SparseTopKCategoricalAccuracy(k=2), sparse1, P1, sparse2, P2),
        ref,
        rtol=1e-6,
    )
    ids1, ids2 = np.argsort(-P1, -1), np.argsort(-P2, -1)
    np.testing.assert_allclose(
        two_updates(
            metrics.SparseTopKCategoricalAccuracy(k=2, from_sorted_ids=True),
            sparse1,
            ids1,
            sparse2,
            ids2,
        ),
        ref,
        rtol=1e-6,
    )
    b1, b2 = (P1 > 0.3).astype("float32"), (P2 > 0.3).astype("float32")
    per = lambda y, p: ((p > 0.5) == y).mean(-1)  # noqa: E731
    ref = weighted_mean(per(b1, P1), per(b2, P2))
    np.testing.assert_allclose(
        two_updates(metrics.BinaryAccuracy(), b1, P1, b2, P2), ref, rtol=1e-6
    )
    acc = metrics.Accuracy()
    acc.update_state([1, 2, 3, 4], [1, 2, 0, 4])
    acc.update_state([[1], [2]], [[0], [2]])
    np.testing.assert_allclose(value(acc.result()), 4 / 6)


def test_wrapped_loss_metrics():
    def cce(y, p):
        return -(y * np.log(p)).sum(-1)

    ref = weighted_mean(cce(Y1, P1), cce(Y2, P2))
    np.testing.assert_allclose(
        two_updates(metrics.CategoricalCrossentropy(), Y1, P1, Y2, P2), ref, rtol=1e-5
    )
    np.testing.assert_allclose(
        two_updates(metrics.SparseCategoricalCrossentropy(), Y1.argmax(-1), P1, Y2.argmax(-1), P2),
        ref,
        rtol=1e-5,
    )
    mse = lambda y, p: ((y - p) ** 2).mean(-1)  # noqa: E731
    ref = weighted_mean(mse(Y1, P1), mse(Y2, P2))
    np.testing.assert_allclose(
        two_updates(metrics.MeanSquaredError(), Y1, P1, Y2, P2), ref, rtol=1e-5
    )
    rmse = np.sqrt(weighted_mean(mse(Y1, P1) * 4, mse(Y2, P2) * 4, W2) / 4)
    np.testing.assert_allclose(
        two_updates(metrics.RootMeanSquaredError(), Y1, P1, Y2, P2), rmse, rtol=1e-5
    )
    mae = lambda y, p: np.abs(y - p).mean(-1)  # noqa: E731
    ref = weighted_mean(mae(Y1, P1), mae(Y2, P2))
    np.testing.assert_allclose(
        two_updates(metrics.MeanAbsoluteError(), Y1, P1, Y2, P2), ref, rtol=1e-5
    )

    def cos(y, p):
        return (y * p).sum(-1) / np.linalg.norm(y, axis=-1) / np.linalg.norm(p, axis=-1)

    ref = weighted_mean(cos(Y1, P1), cos(Y2, P2))
    np.testing.assert_allclose(
        two_updates(metrics.CosineSimilarity(), Y1, P1, Y2, P2), ref, rtol=1e-5
    )
    logcosh = lambda y, p: np.log(np.cosh(p - y)).mean(-1)  # noqa: E731
    ref = weighted_mean(logcosh(Y1, P1), logcosh(Y2, P2))
    np.testing.assert_allclose(two_updates(metrics.LogCoshError(), Y1, P1, Y2, P2), ref, rtol=1e-5)
    assert metrics.LogCoshError().name == "logcosh"


def test_correlations_and_r2():
    y = RNG.normal(size=(5, 3)).astype("float32")
    p = (y + RNG.normal(size=(5, 3)) * 0.3).astype("float32")
    pearson = np.array([np.corrcoef(a, b)[0, 1] for a, b in zip(y, p)])
    np.testing.assert_allclose(value(metrics.pearson_correlation(y, p)), pearson, rtol=1e-4)
    ccc = np.array(
        [
            2
            * np.mean((a - a.mean()) * (b - b.mean()))
            / (a.var() + b.var() + (a.mean() - b.mean()) ** 2)
            for a, b in zip(y, p)
        ]
    )
    np.testing.assert_allclose(value(metrics.concordance_correlation(y, p)), ccc, rtol=1e-4)
    m = metrics.PearsonCorrelation()
    m.update_state(y, p)
    np.testing.assert_allclose(value(m.result()), pearson.mean(), rtol=1e-4)

    r2 = metrics.R2Score()
    r2.update_state(y[:3], p[:3])
    r2.update_state(y[3:], p[3:])
    ss_res = ((y - p) ** 2).sum(0)
    ss_tot = ((y - y.mean(0)) ** 2).sum(0)
    per_column = 1 - ss_res / ss_tot
    np.testing.assert_allclose(value(r2.result()), per_column.mean(), rtol=1e-4)
    r2 = metrics.R2Score(class_aggregation="variance_weighted_average", num_regressors=1)
    r2.update_state(y, p)
    weighted = (per_column * ss_tot).sum() / ss_tot.sum()
    adjusted = 1 - (1 - weighted) * (5 - 1) / (5 - 1 - 1)
    np.testing.assert_allclose(value(r2.result()), adjusted, rtol=1e-4)
    r2.reset_state()
    with pytest.raises(ValueError, match="class_aggregation"):
        metrics.R2Score(class_aggregation="median")


YT = np.array([0, 0, 1, 1, 1, 0, 1, 0], "float32")
YP = np.array([0.1, 0.6, 0.35, 0.8, 0.9, 0.2, 0.45, 0.7], "float32")
SW = np.array([1, 2, 1, 0.5, 1, 1, 3, 1], "float32")


def np_counts(y, p, w, threshold):
    pos = p > threshold
    lab = y > 0
    return {
        "tp": (w * (pos & lab)).sum(),
        "fp": (w * (pos & ~lab)).sum(),
        "tn": (w * (~pos & ~lab)).sum(),
        "fn": (w * (~pos & lab)).sum(),
    }


def test_confusion_counts_precision_recall():
    ones = np.ones(4, "float32")
    for cls, key in (
        (metrics.TruePositives, "tp"),
        (metrics.FalsePositives, "fp"),
        (metrics.TrueNegatives, "tn"),
        (metrics.FalseNegatives, "fn"),
    ):
        m = cls(thresholds=[0.3, 0.5])
        m.update_state(YT[:4], YP[:4])
        m.update_state(YT[4:], YP[4:], sample_weight=SW[4:])
        expected = [
            np_counts(YT[:4], YP[:4], ones, t)[key] + np_counts(YT[4:], YP[4:], SW[4:], t)[key]
            for t in (0.3, 0.5)
        ]
        np.testing.assert_allclose(value(m.result()), expected, rtol=1e-6)
    c = np_counts(YT, YP, SW, 0.5)
    p = metrics.Precision()
    p.update_state(YT, YP, sample_weight=SW)
    np.testing.assert_allclose(value(p.result()), c["tp"] / (c["tp"] + c["fp"]), rtol=1e-6)
    r = metrics.Recall(thresholds=0.5)
    r.update_state(YT, YP, sample_weight=SW)
    np.testing.assert_allclose(value(r.result()), c["tp"] / (c["tp"] + c["fn"]), rtol=1e-6)
    r.reset_state()
    np.testing.assert_allclose(value(r.result()), 0.0)


def test_precision_top_k_and_class_id():
    y = np.array([[0, 1, 1, 0], [1, 0, 0, 1]], "float32")
    p = np.array([[0.9, 0.8, 0.1, 0.3], [0.2, 0.4, 0.3, 0.7]], "float32")
    m = metrics.Precision(top_k=2)  # top-2: [0, 1] and [3, 1] -> 1 + 1 correct of 4
    m.update_state(y, p)
    np.testing.assert_allclose(value(m.result()), 0.5)
    m = metrics.Recall(class_id=3)  # class 3: true in row 1, predicted there (0.7 > 0.5)
    m.update_state(y, p)
    np.testing.assert_allclose(value(m.result()), 1.0)
    m = metrics.Precision(class_id=0)  # predicted in row 0 (0.9) where it is false
    m.update_state(y, p)
    np.testing.assert_allclose(value(m.result()), 0.0)


def test_auc_hand_computed():
    y, p = [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]
    m = metrics.AUC()
    m.update_state(y, p)
    np.testing.assert_allclose(value(m.result()), 0.75, rtol=1e-5)  # 3 of 4 pairs ranked right
    # 3 thresholds (-eps, 0.5, 1+eps): ROC points (1, 1), (0, 0.5), (0, 0)
    for method, expected in (("interpolation", 0.75), ("minoring", 0.5), ("majoring", 1.0)):
        m = metrics.AUC(num_thresholds=3, summation_method=method)
        m.update_state(y, p)
        np.testing.assert_allclose(value(m.result()), expected, rtol=1e-5)
    # PR points (recall, precision): (1, 0.5), (0.5, 1), (0, 0)
    for method, expected in (("minoring", 0.25), ("majoring", 1.0)):
        m = metrics.AUC(num_thresholds=3, curve="PR", summation_method=method)
        m.update_state(y, p)
        np.testing.assert_allclose(value(m.result()), expected, rtol=1e-5)
    m = metrics.AUC(from_logits=True)
    m.update_state(y, np.log(np.array(p) / (1 - np.array(p))))
    np.testing.assert_allclose(value(m.result()), 0.75, rtol=1e-4)
    with pytest.raises(ValueError, match="curve"):
        metrics.AUC(curve="XY")


def np_interpolated_pr_auc(tp, fp, fn):
    n = len(tp)
    total = 0.0
    for i in range(n - 1):
        dtp = tp[i] - tp[i + 1]
        p0, p1 = tp[i] + fp[i], tp[i + 1] + fp[i + 1]
        dp = p0 - p1
        slope = dtp / dp if dp > 0 else 0.0
        intercept = tp[i + 1] - slope * p1
        ratio = p0 / p1 if p0 > 0 and p1 > 0 else 1.0
        denom = tp[i + 1] + fn[i + 1]
        total += slope * (dtp + intercept * np.log(ratio)) / denom if denom > 0 else 0.0
    return total


def test_auc_pr_interpolation_weights_and_multi_label():
    thresholds = [0.25, 0.5, 0.75]
    m = metrics.AUC(curve="PR", thresholds=thresholds)
    m.update_state(YT[:5], YP[:5], sample_weight=SW[:5])
    m.update_state(YT[5:], YP[5:], sample_weight=SW[5:])
    eps = 1e-7
    ts = [-eps] + thresholds + [1 + eps]
    counts = [np_counts(YT, YP, SW, t) for t in ts]
    tp, fp, fn = (np.array([c[k] for c in counts]) for k in ("tp", "fp", "fn"))
    np.testing.assert_allclose(value(m.result()), np_interpolated_pr_auc(tp, fp, fn), rtol=1e-5)
    # multi-label: the mean of per-label ROC AUCs
    y = np.stack([YT, 1 - YT], -1)
    p = np.stack([YP, YP[::-1]], -1)
    m = metrics.AUC(multi_label=True)
    m.update_state(y, p)
    singles = []
    for k in range(2):
        single = metrics.AUC()
        single.update_state(y[:, k], p[:, k])
        singles.append(value(single.result()))
    np.testing.assert_allclose(value(m.result()), np.mean(singles), rtol=1e-5)
    m = metrics.AUC(multi_label=True, num_labels=2, label_weights=[1.0, 3.0])
    m.update_state(y, p)
    np.testing.assert_allclose(value(m.result()), (singles[0] + 3 * singles[1]) / 4, rtol=1e-5)


def test_rates_at_constraints():
    thresholds = np.array([0.0] + [(i + 1) / 199 for i in range(198)] + [1.0])
    counts = [np_counts(YT, YP, np.ones(8), t) for t in thresholds]
    tp, fp, tn, fn = (np.array([c[k] for c in counts]) for k in ("tp", "fp", "tn", "fn"))
    with np.errstate(invalid="ignore", divide="ignore"):
        sens = np.nan_to_num(tp / (tp + fn))
        spec = np.nan_to_num(tn / (tn + fp))
        prec = np.nan_to_num(tp / (tp + fp))
    cases = [
        (metrics.SensitivityAtSpecificity(0.5), sens[spec >= 0.5].max()),
        (metrics.SpecificityAtSensitivity(0.75), spec[sens >= 0.75].max()),
        (metrics.PrecisionAtRecall(0.5), prec[sens >= 0.5].max()),
        (metrics.RecallAtPrecision(0.8), sens[prec >= 0.8].max()),
    ]
    for metric, expected in cases:
        metric.update_state(YT[:3], YP[:3])
        metric.update_state(YT[3:], YP[3:])
        np.testing.assert_allclose(value(metric.result()), expected, rtol=1e-6)
    with pytest.raises(ValueError, match="recall"):
        metrics.PrecisionAtRecall(1.5)


def np_fbeta(y, p, beta, average, threshold=None, w=None):
    if threshold is None:
        pred = (p >= p.max(-1, keepdims=True)) & (np.abs(p) > 1e-9)
    else:
        pred = p > threshold
    pred = pred.astype(float)
    w = np.ones((len(y), 1)) if w is None else w[:, None]
    axis = None if average == "micro" else 0
    tp = (pred * y * w).sum(axis)
    fp = (pred * (1 - y) * w).sum(axis)
    fn = ((1 - pred) * y * w).sum(axis)
    support = (y * w).sum(axis)
    eps = 1e-7
    prec, rec = tp / (tp + fp + eps), tp / (tp + fn + eps)
    f = (1 + beta**2) * prec * rec / (beta**2 * prec + rec + eps)
    if average == "weighted":
        return (f * support / (support.sum() + eps)).sum()
    return f.mean() if average else f


@pytest.mark.parametrize("average", [None, "micro", "macro", "weighted"])
def test_fbeta_and_f1(average):
    y = np.concatenate([Y1, Y2])
    p = np.concatenate([P1, P2])
    m = metrics.FBetaScore(average=average, beta=2.0, threshold=0.3)
    m.update_state(Y1, P1)
    m.update_state(Y2, P2)
    np.testing.assert_allclose(
        value(m.result()), np_fbeta(y, p, 2.0, average, 0.3), rtol=1e-5, atol=1e-6
    )
    m = metrics.F1Score(average=average)
    m.update_state(y, p, sample_weight=np.concatenate([np.ones(6), W2]))
    expected = np_fbeta(y, p, 1.0, average, None, np.concatenate([np.ones(6), W2]))
    np.testing.assert_allclose(value(m.result()), expected, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="average"):
        metrics.F1Score(average="sum")


def np_iou(y, p, num_classes, ids, w=None):
    w = np.ones(len(y)) if w is None else w
    cm = np.zeros((num_classes, num_classes))
    for t, q, ww in zip(y, p, w):
        cm[int(t), int(q)] += ww
    tp = np.diag(cm)
    denom = cm.sum(0) + cm.sum(1) - tp
    tp, denom = tp[ids], denom[ids]
    valid = (denom > 1e-9).sum()
    return (tp / (denom + 1e-7)).sum() / (valid + 1e-7)


def test_iou_family():
    y1, p1 = np.array([0, 1, 2, 2, 1]), np.array([0, 2, 2, 1, 1])
    y2, p2 = np.array([2, 0, 0]), np.array([2, 0, 1])
    w2 = np.array([1.0, 0.5, 2.0])
    y, p, w = np.concatenate([y1, y2]), np.concatenate([p1, p2]), np.concatenate([np.ones(5), w2])
    m = metrics.IoU(num_classes=3, target_class_ids=[0, 2])
    m.update_state(y1, p1)
    m.update_state(y2, p2, sample_weight=w2)
    np.testing.assert_allclose(value(m.result()), np_iou(y, p, 3, [0, 2], w), rtol=1e-5)
    m = metrics.MeanIoU(num_classes=3)
    m.update_state(y, p, sample_weight=w)
    np.testing.assert_allclose(value(m.result()), np_iou(y, p, 3, [0, 1, 2], w), rtol=1e-5)
    m = metrics.MeanIoU(num_classes=3, ignore_class=1)
    m.update_state(y, p)
    keep = y != 1
    np.testing.assert_allclose(value(m.result()), np_iou(y[keep], p[keep], 3, [0, 1, 2]), rtol=1e-5)
    eye = np.eye(3, dtype="float32")
    m = metrics.OneHotMeanIoU(num_classes=3)
    m.update_state(eye[y], eye[p] * 0.8 + 0.05)
    np.testing.assert_allclose(value(m.result()), np_iou(y, p, 3, [0, 1, 2]), rtol=1e-5)
    m = metrics.OneHotIoU(num_classes=3, target_class_ids=[1])
    m.update_state(eye[y], eye[p])
    np.testing.assert_allclose(value(m.result()), np_iou(y, p, 3, [1]), rtol=1e-5)
    m = metrics.BinaryIoU(target_class_ids=[1], threshold=0.5)
    m.update_state(YT, YP)
    np.testing.assert_allclose(value(m.result()), np_iou(YT, YP > 0.5, 2, [1]), rtol=1e-5)
    m.reset_state()
    np.testing.assert_allclose(value(m.total_cm.value), np.zeros((2, 2)))


def test_stateless_api_matches_stateful():
    m = metrics.AUC(num_thresholds=10)
    values = [v.value for v in m.variables]
    values = m.stateless_update_state(values, YT[:4], YP[:4])
    values = m.stateless_update_state(values, YT[4:], YP[4:])
    stateless = value(m.stateless_result(values))
    np.testing.assert_allclose(value(m.result()), 0.0)  # variables untouched
    m.update_state(YT[:4], YP[:4])
    m.update_state(YT[4:], YP[4:])
    np.testing.assert_allclose(stateless, value(m.result()), rtol=1e-6)
    zeros = m.stateless_reset_state()
    assert all(np.all(value(z) == 0) for z in zeros)
    with pytest.raises(ValueError, match="metric_variables"):
        m.stateless_result(values[:1])


@pytest.mark.skipif(ops.backend() != "jax", reason="jax.jit applies to the JAX backend only")
def test_stateless_update_under_jax_jit():
    import jax

    m = metrics.SparseCategoricalAccuracy()
    step = jax.jit(m.stateless_update_state)
    values = step([v.value for v in m.variables], Y1.argmax(-1), P1)
    np.testing.assert_allclose(
        value(m.stateless_result(values)), np.mean(Y1.argmax(-1) == P1.argmax(-1)), rtol=1e-6
    )


def test_custom_metric_subclass():
    class MaxSeen(metrics.Metric):
        def __init__(self, name="max_seen", dtype=None):
            super().__init__(name=name, dtype=dtype)
            self.best = self.add_weight(shape=(), initializer="zeros", name="best")

        def update_state(self, values):
            self.best.assign(ops.maximum(self.best.value, ops.max(values)))

        def result(self):
            return self.best.value

    m = MaxSeen()
    m.update_state(np.array([1.0, 4.0]))
    m.update_state(np.array([2.0]))
    np.testing.assert_allclose(value(m.result()), 4.0)
    m.reset_state()
    np.testing.assert_allclose(value(m.result()), 0.0)


def test_config_and_identifiers():
    m = metrics.BinaryAccuracy(name="acc", threshold=0.7)
    config = m.get_config()
    assert config["threshold"] == 0.7 and config["name"] == "acc"
    clone = metrics.deserialize(metrics.serialize(m))
    assert isinstance(clone, metrics.BinaryAccuracy) and clone.get_config() == config
    auc = metrics.AUC(num_thresholds=7, curve="PR", multi_label=True)
    clone = metrics.AUC.from_config(auc.get_config())
    assert clone.num_thresholds == 7 and clone.curve == "PR" and clone.multi_label
    iou = metrics.IoU.from_config(metrics.IoU(3, [0, 1], ignore_class=2).get_config())
    assert iou.target_class_ids == [0, 1] and iou.ignore_class == 2
    wrapper = metrics.MeanMetricWrapper(metrics.mean_squared_error, name="custom_mse")
    clone = metrics.deserialize(metrics.serialize(wrapper))
    assert clone._fn is metrics.mean_squared_error and clone.name == "custom_mse"
    assert isinstance(metrics.get("accuracy"), metrics.Accuracy)
    assert isinstance(metrics.get("mse"), metrics.MeanSquaredError)
    assert isinstance(metrics.get("AUC"), metrics.AUC)
    assert isinstance(metrics.get("sparse_categorical_accuracy"), metrics.SparseCategoricalAccuracy)
    with pytest.raises(ValueError, match="Unknown metric identifier: 'accuracyy'.*accuracy"):
        metrics.get("accuracyy")


def test_metric_functions_on_symbolic_inputs():
    from kc_ops import KerasTensor

    probs, onehot = KerasTensor((None, 4)), KerasTensor((None, 4))
    assert metrics.categorical_accuracy(onehot, probs).shape == (None,)
    assert metrics.sparse_categorical_accuracy(KerasTensor((None,), "int32"), probs).shape == (
        None,
    )
    assert metrics.binary_accuracy(onehot, probs).shape == (None,)
    assert metrics.top_k_categorical_accuracy(onehot, probs, k=2).shape == (None,)
    assert metrics.pearson_correlation(onehot, probs).shape == (None,)
