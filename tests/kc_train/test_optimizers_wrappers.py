"""MultiOptimizer / OptimizerMap, ScheduleFreeAdamW and the legacy namespace."""

import kc_ops as ops
import numpy as np
import pytest
from kc_train import optimizers
from kc_train.optimizers import legacy

# Guard while the kc_ops array ops (reductions, reshapes) land from another work area.
pytestmark = pytest.mark.skipif(
    any(not hasattr(ops, name) for name in ("sum", "mean", "reshape", "stack")),
    reason="kc_ops array ops (sum, mean, reshape, ...) are not available yet",
)

W0 = np.array([[0.5, -1.0], [1.5, 0.25]], "float32")
GRADS = [np.array([[0.1, -0.2], [0.4, -0.5]], "float32") * (k + 1) for k in range(3)]


def np_schedule_free(lr=0.01, b1=0.9, b2=0.999, eps=1e-8, warmup=2, wd=0.1):
    y = W0.astype("float64")
    z, x, v = y.copy(), y.copy(), 0.0
    lr_max, weight_sum = 0.0, 0.0
    for t, g in enumerate(GRADS, 1):
        lr_t = lr * min(1.0, t / warmup)
        lr_max = max(lr_max, lr_t)
        weight_sum += lr_max**2
        c = lr_max**2 / weight_sum
        v = b2 * v + (1 - b2) * g * g
        step = g / (np.sqrt(v / (1 - b2**t)) + eps) + wd * y
        z = z - lr_t * step
        x = (1 - c) * x + c * z
        y = (1 - b1) * z + b1 * x
    return y, x


def test_schedule_free_adamw_matches_numpy():
    w = ops.Variable(W0, name="kernel")
    optimizer = optimizers.ScheduleFreeAdamW(0.01, warmup_steps=2, weight_decay=0.1)
    for g in GRADS:
        optimizer.apply([g], [w])
    y, x = np_schedule_free()
    np.testing.assert_allclose(w.numpy(), y, rtol=1e-5, atol=1e-6)
    optimizer.finalize_variable_values([w])
    np.testing.assert_allclose(w.numpy(), x, rtol=1e-5, atol=1e-6)
    # stateless path
    w2 = ops.Variable(W0, name="kernel")
    optimizer = optimizers.ScheduleFreeAdamW(0.01, warmup_steps=2, weight_decay=0.1)
    optimizer.build([w2])
    opt_values, trainable = [v.value for v in optimizer.variables], [w2.value]
    for g in GRADS:
        trainable, opt_values = optimizer.stateless_apply(opt_values, [g], trainable)
    np.testing.assert_allclose(ops.convert_to_numpy(trainable[0]), y, rtol=1e-5, atol=1e-6)


def test_optimizer_map_lookup():
    sgd, adam = optimizers.SGD(), optimizers.Adam()
    mapping = optimizers.OptimizerMap(sgd, {"encoder/.*": adam})
    assert mapping.get("encoder/dense/kernel") is adam
    assert mapping.get("decoder/dense/kernel") is None
    assert mapping.default_optimizer is sgd
    mapping["kernel"] = optimizers.Lion()
    with pytest.raises(ValueError, match="several"):
        mapping.get("encoder/dense/kernel")
    with pytest.raises(TypeError, match="Optimizer"):
        mapping["x"] = "adam"


def test_multi_optimizer_routes_variables():
    from kc_ops import scopes

    with scopes.name_scope("encoder"):
        enc = ops.Variable(W0, name="kernel")
    with scopes.name_scope("decoder"):
        dec = ops.Variable(W0, name="kernel")
    sgd, sgd_fast = optimizers.SGD(0.1), optimizers.SGD(1.0)
    multi = optimizers.MultiOptimizer(optimizers.OptimizerMap(sgd, {"encoder/.*": sgd_fast}))
    multi.apply([GRADS[0], GRADS[1]], [enc, dec])
    np.testing.assert_allclose(enc.numpy(), W0 - 1.0 * GRADS[0], rtol=1e-6)
    np.testing.assert_allclose(dec.numpy(), W0 - 0.1 * GRADS[1], rtol=1e-6)
    assert {id(o) for o in multi.optimizers} == {id(sgd), id(sgd_fast)}
    assert int(multi.iterations.numpy()) == 1
    with pytest.raises(AttributeError, match="learning rate"):
        multi.learning_rate  # noqa: B018
    # stateless path gives the same update
    opt_values = [v.value for v in multi.variables]
    trainable, _ = multi.stateless_apply(opt_values, [GRADS[0], GRADS[1]], [enc.value, dec.value])
    np.testing.assert_allclose(ops.convert_to_numpy(trainable[0]), W0 - 2.0 * GRADS[0], rtol=1e-6)
    clone = optimizers.MultiOptimizer.from_config(multi.get_config())
    assert isinstance(clone.optimizer_map.get("encoder/x"), optimizers.SGD)
    selector = optimizers.MultiOptimizer(lambda v: sgd)
    with pytest.raises(ValueError, match="callable selector"):
        selector.get_config()


def test_legacy_optimizers_raise():
    with pytest.raises(ImportError, match="not supported in Keras 3"):
        legacy.Adam(learning_rate=0.1)
