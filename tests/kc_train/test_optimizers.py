"""keras.optimizers against NumPy implementations of each update rule (3 steps), the
stateless API, clipping, weight decay, EMA, gradient accumulation, loss scaling, config."""

import kc_ops as ops
import numpy as np
import pytest
from kc_train import optimizers
from kc_train.optimizers import schedules

W0 = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], "float32")
GRADS = [np.array([[0.1, -0.2, 0.3], [0.4, -0.5, 0.6]], "float32") * (k + 1) for k in range(3)]


def np_sgd(momentum=0.0, nesterov=False, lr=0.01):
    w, m = W0.astype("float64"), np.zeros_like(W0, "float64")
    for g in GRADS:
        if momentum == 0:
            w = w - lr * g
            continue
        m = momentum * m - lr * g
        w = w + (momentum * m - lr * g if nesterov else m)
    return w


def np_adam(lr=0.001, b1=0.9, b2=0.999, eps=1e-7, amsgrad=False, wd=0.0):
    w, m, v, vh = W0.astype("float64"), 0.0, 0.0, 0.0
    for t, g in enumerate(GRADS, 1):
        w = w - w * wd * lr
        m = m + (g - m) * (1 - b1)
        v = v + (g * g - v) * (1 - b2)
        vh = np.maximum(vh, v)
        alpha = lr * np.sqrt(1 - b2**t) / (1 - b1**t)
        w = w - m * alpha / (np.sqrt(vh if amsgrad else v) + eps)
    return w


def np_adamax(lr=0.001, b1=0.9, b2=0.999, eps=1e-7):
    w, m, u = W0.astype("float64"), 0.0, np.zeros_like(W0, "float64")
    for t, g in enumerate(GRADS, 1):
        m = m + (g - m) * (1 - b1)
        u = np.maximum(b2 * u, np.abs(g))
        w = w - lr * m / ((1 - b1**t) * (u + eps))
    return w


def np_nadam(lr=0.001, b1=0.9, b2=0.999, eps=1e-7):
    w, m, v, u_prod = W0.astype("float64"), 0.0, 0.0, 1.0
    for t, g in enumerate(GRADS, 1):
        u_t = b1 * (1 - 0.5 * 0.96**t)
        u_t1 = b1 * (1 - 0.5 * 0.96 ** (t + 1))
        u_prod = u_prod * u_t
        m = m + (g - m) * (1 - b1)
        v = v + (g * g - v) * (1 - b2)
        m_hat = u_t1 * m / (1 - u_prod * u_t1) + (1 - u_t) * g / (1 - u_prod)
        w = w - m_hat * lr / (np.sqrt(v / (1 - b2**t)) + eps)
    return w


def np_adagrad(lr=0.001, init=0.1, eps=1e-7):
    w, acc = W0.astype("float64"), np.full(W0.shape, init)
    for g in GRADS:
        acc = acc + g * g
        w = w - lr * g / np.sqrt(acc + eps)
    return w


def np_adadelta(lr=0.001, rho=0.95, eps=1e-7):
    w, ag, ad = W0.astype("float64"), 0.0, 0.0
    for g in GRADS:
        ag = rho * ag + (1 - rho) * g * g
        delta = -np.sqrt(ad + eps) * g / np.sqrt(ag + eps)
        ad = rho * ad + (1 - rho) * delta**2
        w = w + lr * delta
    return w


def np_rmsprop(lr=0.001, rho=0.9, momentum=0.0, eps=1e-7, centered=False):
    w, vel, avg, mom = W0.astype("float64"), 0.0, 0.0, 0.0
    for g in GRADS:
        vel = rho * vel + (1 - rho) * g * g
        avg = rho * avg + (1 - rho) * g
        denom = vel - avg**2 + eps if centered else vel + eps
        inc = lr * g / np.sqrt(denom)
        if momentum > 0:
            mom = momentum * mom + inc
            inc = mom
        w = w - inc
    return w


def np_ftrl(lr=0.001, power=-0.5, init=0.1, l1=0.0, l2=0.0, shrink=0.0, beta=0.0):
    w, acc, lin = W0.astype("float64"), np.full(W0.shape, init), 0.0
    for g in GRADS:
        l2r = l2 + beta / (2 * lr)
        gu = g + 2 * shrink * w
        new_acc = acc + g * g
        lin = lin + gu - (new_acc**-power - acc**-power) / lr * w
        quad = new_acc**-power / lr + 2 * l2r
        w = (np.clip(lin, -l1, l1) - lin) / quad
        acc = new_acc
    return w


def np_lamb(lr=0.001, b1=0.9, b2=0.999, eps=1e-7):
    w, m, v = W0.astype("float64"), 0.0, 0.0
    for t, g in enumerate(GRADS, 1):
        m = m + (g - m) * (1 - b1)
        v = v + (g * g - v) * (1 - b2)
        update = (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        wn, un = np.linalg.norm(w), np.linalg.norm(update)
        ratio = wn / un if wn > 0 and un > 0 else 1.0
        w = w - lr * ratio * update
    return w


def np_lion(lr=0.001, b1=0.9, b2=0.99):
    w, m = W0.astype("float64"), 0.0
    for g in GRADS:
        w = w - lr * np.sign(m * b1 + g * (1 - b1))
        m = m * b2 + g * (1 - b2)
    return w


def np_adafactor(lr=0.001, decay=-0.8, e1=1e-30, e2=1e-3, clip=1.0):
    w = W0.astype("float64")
    r, c = np.zeros(W0.shape[:-1]), np.zeros(W0.shape[-1:])

    def rms(x):
        return np.sqrt(np.mean(x * x))

    for t, g in enumerate(GRADS, 1):
        rho = min(lr, 1 / np.sqrt(t))
        alpha = max(e2, rms(w)) * rho
        gs = g * g + e1
        b2t = 1 - t**decay
        r = b2t * r + (1 - b2t) * gs.mean(-1)
        c = b2t * c + (1 - b2t) * gs.mean(-2)
        v = (r / r.mean(-1, keepdims=True))[:, None] * c[None, :]
        u = g / np.sqrt(v)
        w = w - alpha * u / max(1.0, rms(u) / clip)
    return w


def np_muon(lr=0.001, momentum=0.95, ns_steps=5, rms_rate=0.2, wd=0.004):
    a, b, c = 3.4445, -4.775, 2.0315
    w, m = W0.astype("float64"), 0.0
    for g in GRADS:
        w = w - w * wd * lr
        m = m * momentum + g
        x = g + momentum * m
        x = x / (np.linalg.norm(x) + 1e-7)  # (2, 3): wide, no transpose
        for _ in range(ns_steps):
            gram = x @ x.T
            x = a * x + (b * gram + c * gram @ gram) @ x
        w = w - lr * x * np.sqrt(3) * rms_rate
    return w


CASES = {
    "sgd": (lambda: optimizers.SGD(), lambda: np_sgd()),
    "sgd_momentum": (lambda: optimizers.SGD(momentum=0.9), lambda: np_sgd(0.9)),
    "sgd_nesterov": (
        lambda: optimizers.SGD(0.05, momentum=0.9, nesterov=True),
        lambda: np_sgd(0.9, True, lr=0.05),
    ),
    "adam": (lambda: optimizers.Adam(0.01), lambda: np_adam(0.01)),
    "adam_amsgrad": (
        lambda: optimizers.Adam(0.01, amsgrad=True),
        lambda: np_adam(0.01, amsgrad=True),
    ),
    "adamw": (lambda: optimizers.AdamW(0.01, weight_decay=0.1), lambda: np_adam(0.01, wd=0.1)),
    "adamax": (lambda: optimizers.Adamax(0.01), lambda: np_adamax(0.01)),
    "nadam": (lambda: optimizers.Nadam(0.01), lambda: np_nadam(0.01)),
    "adagrad": (lambda: optimizers.Adagrad(0.1), lambda: np_adagrad(0.1)),
    "adadelta": (lambda: optimizers.Adadelta(1.0), lambda: np_adadelta(1.0)),
    "rmsprop": (lambda: optimizers.RMSprop(0.01), lambda: np_rmsprop(0.01)),
    "rmsprop_centered_momentum": (
        lambda: optimizers.RMSprop(0.01, momentum=0.5, centered=True),
        lambda: np_rmsprop(0.01, momentum=0.5, centered=True),
    ),
    "ftrl": (
        lambda: optimizers.Ftrl(
            0.1,
            l1_regularization_strength=0.01,
            l2_regularization_strength=0.02,
            l2_shrinkage_regularization_strength=0.03,
            beta=0.1,
        ),
        lambda: np_ftrl(0.1, l1=0.01, l2=0.02, shrink=0.03, beta=0.1),
    ),
    "lamb": (lambda: optimizers.Lamb(0.01), lambda: np_lamb(0.01)),
    "lion": (lambda: optimizers.Lion(0.01), lambda: np_lion(0.01)),
    "adafactor": (lambda: optimizers.Adafactor(0.01), lambda: np_adafactor(0.01)),
    "muon": (lambda: optimizers.Muon(0.01), lambda: np_muon(0.01)),
}


def run_steps(optimizer, variable):
    for g in GRADS:
        optimizer.apply([ops.convert_to_tensor(g)], [variable])
    return variable.numpy()


@pytest.mark.parametrize("case", sorted(CASES))
def test_update_rule_matches_numpy(case):
    make, reference = CASES[case]
    w = ops.Variable(W0, name="kernel")
    result = run_steps(make(), w)
    np.testing.assert_allclose(result, reference(), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize(
    "case", ["sgd_momentum", "adam", "nadam", "rmsprop_centered_momentum", "adafactor", "ftrl"]
)
def test_stateless_apply_matches_apply(case):
    make, reference = CASES[case]
    w = ops.Variable(W0, name="kernel")
    optimizer = make()
    optimizer.build([w])
    opt_values = [v.value for v in optimizer.variables]
    trainable = [w.value]
    for g in GRADS:
        trainable, opt_values = optimizer.stateless_apply(
            opt_values, [ops.convert_to_tensor(g)], trainable
        )
    np.testing.assert_allclose(
        ops.convert_to_numpy(trainable[0]), reference(), rtol=1e-4, atol=1e-5
    )
    np.testing.assert_allclose(w.numpy(), W0)  # untouched
    assert int(ops.convert_to_numpy(opt_values[0])) == 3  # iterations
    assert int(optimizer.iterations.numpy()) == 0


@pytest.mark.skipif(ops.backend() != "jax", reason="jax.jit applies to the JAX backend only")
def test_stateless_apply_under_jax_jit():
    import jax

    w = ops.Variable(W0, name="kernel")
    optimizer = optimizers.Adam(
        0.01, gradient_accumulation_steps=None, use_ema=True, ema_overwrite_frequency=2
    )
    optimizer.build([w])
    step = jax.jit(optimizer.stateless_apply)
    opt_values, trainable = [v.value for v in optimizer.variables], [w.value]
    for g in GRADS:
        trainable, opt_values = step(opt_values, [g], trainable)
    eager_w = ops.Variable(W0, name="kernel")
    eager = optimizers.Adam(0.01, use_ema=True, ema_overwrite_frequency=2)
    np.testing.assert_allclose(np.asarray(trainable[0]), run_steps(eager, eager_w), rtol=1e-5)


@pytest.mark.skipif(ops.backend() != "tensorflow", reason="tf.function applies to TF only")
def test_apply_inside_tf_function():
    import tensorflow as tf

    w = ops.Variable(W0, name="kernel")
    optimizer = optimizers.SGD(0.01, momentum=0.9)
    optimizer.build([w])
    step = tf.function(lambda g: optimizer.apply([g], [w]))
    for g in GRADS:
        step(tf.constant(g))
    np.testing.assert_allclose(w.numpy(), np_sgd(0.9), rtol=1e-5)


def test_clipnorm_clipvalue_global_clipnorm():
    g = np.array([[3.0, 4.0, 0.0], [0.0, 0.0, 0.0]], "float32")  # norm 5
    for kwargs, expected in (
        ({"clipnorm": 1.0}, g / 5.0),
        ({"clipvalue": 3.5}, np.clip(g, -3.5, 3.5)),
        ({"global_clipnorm": 2.5}, g / 2.0),  # two gradients of norm 5: global norm 5*sqrt2
    ):
        w1, w2 = ops.Variable(W0, name="a"), ops.Variable(W0, name="b")
        optimizer = optimizers.SGD(1.0, **kwargs)
        optimizer.apply([g, g], [w1, w2])
        if "global_clipnorm" in kwargs:
            expected = g * 2.5 / (5.0 * np.sqrt(2.0))
        np.testing.assert_allclose(W0 - w1.numpy(), expected, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="Only one of"):
        optimizers.SGD(clipnorm=1.0, clipvalue=1.0)


def test_weight_decay_and_exclusion():
    w, b = ops.Variable(W0, name="kernel"), ops.Variable(W0, name="bias")
    optimizer = optimizers.SGD(0.1, weight_decay=0.5)
    optimizer.exclude_from_weight_decay(var_names=["bias"])
    optimizer.apply([GRADS[0], GRADS[0]], [w, b])
    np.testing.assert_allclose(w.numpy(), W0 - W0 * 0.05 - 0.1 * GRADS[0], rtol=1e-5)
    np.testing.assert_allclose(b.numpy(), W0 - 0.1 * GRADS[0], rtol=1e-5)
    with pytest.raises(ValueError, match="before the optimizer is built"):
        optimizer.exclude_from_weight_decay(var_names=["x"])


def test_ema_and_overwrite():
    w = ops.Variable(W0, name="kernel")
    optimizer = optimizers.SGD(0.1, use_ema=True, ema_momentum=0.5)
    ws, avg = [], None
    value = W0.astype("float64")
    for t, g in enumerate(GRADS):
        value = value - 0.1 * g
        avg = value if t == 0 else 0.5 * avg + 0.5 * value
        ws.append(value)
    run_steps(optimizer, w)
    np.testing.assert_allclose(w.numpy(), ws[-1], rtol=1e-5)
    optimizer.finalize_variable_values([w])
    np.testing.assert_allclose(w.numpy(), avg, rtol=1e-5)
    # overwrite every 2 steps: after step 2 the variable holds the average
    w = ops.Variable(W0, name="kernel")
    optimizer = optimizers.SGD(0.1, use_ema=True, ema_momentum=0.5, ema_overwrite_frequency=2)
    for g in GRADS[:2]:
        optimizer.apply([g], [w])
    v1 = W0 - 0.1 * GRADS[0]
    v2 = v1 - 0.1 * GRADS[1]
    np.testing.assert_allclose(w.numpy(), 0.5 * v1 + 0.5 * v2, rtol=1e-5)


def test_gradient_accumulation():
    w = ops.Variable(W0, name="kernel")
    optimizer = optimizers.SGD(0.1, gradient_accumulation_steps=2)
    optimizer.apply([GRADS[0]], [w])
    np.testing.assert_allclose(w.numpy(), W0)
    optimizer.apply([GRADS[1]], [w])
    expected = W0 - 0.1 * (GRADS[0] + GRADS[1]) / 2
    np.testing.assert_allclose(w.numpy(), expected, rtol=1e-5)
    optimizer.apply([GRADS[2]], [w])
    np.testing.assert_allclose(w.numpy(), expected, rtol=1e-5)
    assert int(optimizer.iterations.numpy()) == 3
    # the stateless path selects instead of branching: same result
    w2 = ops.Variable(W0, name="kernel")
    optimizer = optimizers.SGD(0.1, gradient_accumulation_steps=2)
    optimizer.build([w2])
    opt_values, trainable = [v.value for v in optimizer.variables], [w2.value]
    for g in GRADS[:2]:
        trainable, opt_values = optimizer.stateless_apply(opt_values, [g], trainable)
    np.testing.assert_allclose(ops.convert_to_numpy(trainable[0]), expected, rtol=1e-5)


def test_loss_scale_optimizer():
    w = ops.Variable(W0, name="kernel")
    optimizer = optimizers.LossScaleOptimizer(
        optimizers.SGD(0.1), initial_scale=4.0, dynamic_growth_steps=2
    )
    np.testing.assert_allclose(ops.convert_to_numpy(optimizer.scale_loss(2.0)), 8.0)
    optimizer.apply([GRADS[0] * 4.0], [w])
    np.testing.assert_allclose(w.numpy(), W0 - 0.1 * GRADS[0], rtol=1e-5)
    bad = GRADS[1].copy()
    bad[0, 0] = np.inf
    optimizer.apply([bad], [w])  # skipped; scale halves
    np.testing.assert_allclose(w.numpy(), W0 - 0.1 * GRADS[0], rtol=1e-5)
    assert float(optimizer.dynamic_scale.numpy()) == 2.0
    optimizer.apply([GRADS[1] * 2.0], [w])
    optimizer.apply([GRADS[2] * 2.0], [w])  # second finite step in a row: scale doubles
    assert float(optimizer.dynamic_scale.numpy()) == 4.0
    np.testing.assert_allclose(w.numpy(), W0 - 0.1 * (GRADS[0] + GRADS[1] + GRADS[2]), rtol=1e-5)
    assert int(optimizer.iterations.numpy()) == 3
    config = optimizer.get_config()
    clone = optimizers.LossScaleOptimizer.from_config(config)
    assert isinstance(clone.inner_optimizer, optimizers.SGD) and clone.initial_scale == 4.0


def test_learning_rate_property_and_schedule():
    optimizer = optimizers.Adam(0.01)
    assert np.isclose(float(np.asarray(optimizer.learning_rate)), 0.01)
    optimizer.learning_rate = 0.5
    assert np.isclose(float(np.asarray(optimizer.learning_rate)), 0.5)
    schedule = schedules.ExponentialDecay(0.1, decay_steps=1, decay_rate=0.5)
    w = ops.Variable(W0, name="kernel")
    optimizer = optimizers.SGD(schedule)
    run_steps(optimizer, w)
    expected = W0 - 0.1 * GRADS[0] - 0.05 * GRADS[1] - 0.025 * GRADS[2]
    np.testing.assert_allclose(w.numpy(), expected, rtol=1e-5)
    with pytest.raises(TypeError, match="cannot be set"):
        optimizer.learning_rate = 0.1


def test_variables_and_config_round_trip():
    w = ops.Variable(W0, name="kernel")
    optimizer = optimizers.Adam(0.02, beta_1=0.8, amsgrad=True, clipnorm=1.0, name="opt")
    optimizer.build([w])
    names = [v.name for v in optimizer.variables]
    assert names == [
        "iteration",
        "learning_rate",
        "kernel_momentum",
        "kernel_velocity",
        "kernel_velocity_hat",
    ]
    assert all(not v.trainable for v in optimizer.variables)
    config = optimizer.get_config()
    assert config["beta_1"] == 0.8 and config["amsgrad"] is True and config["name"] == "opt"
    assert np.isclose(config["learning_rate"], 0.02)
    clone = optimizers.deserialize(optimizers.serialize(optimizer))
    assert isinstance(clone, optimizers.Adam) and clone.get_config() == config
    sched = optimizers.SGD(schedules.CosineDecay(0.1, 10))
    clone = optimizers.SGD.from_config(sched.get_config())
    assert isinstance(clone._learning_rate, schedules.CosineDecay)


def test_get_identifiers():
    assert isinstance(optimizers.get("adam"), optimizers.Adam)
    assert isinstance(optimizers.get("RMSprop"), optimizers.RMSprop)
    assert isinstance(optimizers.get("sgd"), optimizers.SGD)
    opt = optimizers.Lion()
    assert optimizers.get(opt) is opt
    with pytest.raises(ValueError, match="Unknown optimizer identifier: 'adamz'.*adam"):
        optimizers.get("adamz")
    with pytest.raises(TypeError, match="unexpected keyword"):
        optimizers.Adam(learning_rte=0.1)


def test_custom_subclass_update_step():
    class HalfStep(optimizers.Optimizer):
        def update_step(self, gradient, variable, learning_rate):
            variable.assign(variable - 0.5 * learning_rate * gradient)

    w = ops.Variable(W0, name="kernel")
    HalfStep(learning_rate=1.0).apply([GRADS[0]], [w])
    np.testing.assert_allclose(w.numpy(), W0 - 0.5 * GRADS[0], rtol=1e-6)


def _compiled_runner(optimizer, variable):
    """Apply gradients through the backend's compiler: jax.jit over stateless_apply, or
    tf.function over apply; None on backends without one here."""
    if ops.backend() == "jax":
        import jax

        optimizer.build([variable])
        step = jax.jit(optimizer.stateless_apply)
        state = {"opt": [v.value for v in optimizer.variables], "w": [variable.value]}

        def run(g):
            state["w"], state["opt"] = step(state["opt"], [g], state["w"])
            return np.asarray(state["w"][0])

        return run
    if ops.backend() == "tensorflow":
        import tensorflow as tf

        optimizer.build([variable])
        step = tf.function(lambda g: optimizer.apply([g], [variable]))

        def run(g):
            step(tf.constant(g))
            return variable.numpy()

        return run
    return None


@pytest.mark.skipif(
    ops.backend() not in ("jax", "tensorflow"),
    reason="compiled steps (jax.jit / tf.function) exist on JAX and TF only",
)
@pytest.mark.parametrize("kind", ["accumulation", "ema", "loss_scale"])
def test_conditional_updates_inside_compiled_steps(kind):
    def make():
        if kind == "accumulation":
            return optimizers.SGD(0.1, momentum=0.5, gradient_accumulation_steps=2)
        if kind == "ema":
            return optimizers.Adam(0.01, use_ema=True, ema_overwrite_frequency=2)
        return optimizers.LossScaleOptimizer(
            optimizers.Adam(0.01), initial_scale=2.0, dynamic_growth_steps=2
        )

    bad = GRADS[1].copy()
    bad[0, 0] = np.nan
    grads = GRADS + ([bad, GRADS[0]] if kind == "loss_scale" else [])
    eager_w = ops.Variable(W0, name="kernel")
    eager = make()
    compiled_w = ops.Variable(W0, name="kernel")
    run = _compiled_runner(make(), compiled_w)
    for g in grads:
        eager.apply([g], [eager_w])
        result = run(g)
        np.testing.assert_allclose(result, eager_w.numpy(), rtol=1e-5, atol=1e-7)


def test_apply_gradients_weights_and_store():
    w = ops.Variable(W0, name="kernel")
    optimizer = optimizers.Adam(0.01)
    optimizer.apply_gradients([(GRADS[0], w)])
    assert int(optimizer.iterations.numpy()) == 1
    store = {}
    optimizer.save_own_variables(store)
    assert sorted(store) == ["0", "1", "2", "3"]
    clone = optimizers.Adam(0.01)
    w2 = ops.Variable(W0, name="kernel")
    clone.build([w2])
    clone.load_own_variables(store)
    np.testing.assert_allclose(clone.variables[2].numpy(), optimizer.variables[2].numpy())
    clone.set_weights([v.numpy() for v in optimizer.variables])
    assert int(clone.iterations.numpy()) == 1
    with pytest.raises(ValueError, match="set_weights received 1"):
        clone.set_weights([np.zeros(())])
    stranger = ops.Variable(W0, name="other")
    with pytest.raises(ValueError, match="not part of the variables"):
        optimizer.apply([GRADS[0]], [stranger])
    with pytest.raises(ValueError, match="No gradients"):
        optimizer.apply([None], [w])


@pytest.mark.skipif(ops.backend() != "torch", reason="the multi-tensor path exists on torch only")
def test_torch_built_in_optimizers_take_the_multi_tensor_path():
    from kc_ops import scopes

    variables = [ops.Variable(W0), ops.Variable(np.zeros(3, "float32"))]
    grads = [ops.convert_to_tensor(g) for g in (GRADS[0], GRADS[0][0])]

    class MyAdam(optimizers.Adam):  # a subclass may change the rule: per-variable path
        pass

    for optimizer in (optimizers.Adam(), optimizers.AdamW(), optimizers.SGD(momentum=0.9)):
        optimizer.build(variables)
        assert optimizer._parallel_update_for(grads, variables) is not None
        with scopes.StatelessScope():
            assert optimizer._parallel_update_for(grads, variables) is None
    mine = MyAdam()
    mine.build(variables)
    assert mine._parallel_update_for(grads, variables) is None
    half = [ops.cast(g, "float16") for g in grads]
    assert optimizers.Adam()._parallel_update_for(half, variables) is None
