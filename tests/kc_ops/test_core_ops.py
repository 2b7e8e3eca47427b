"""keras.ops core: control flow, slicing/scatter, gradients, rearrange and conversions."""

import kc_ops as ops
import numpy as np
import pytest
from kc_ops import KerasTensor

BACKEND = ops.backend()
rng = np.random.default_rng(2)


def to_np(x):
    return ops.convert_to_numpy(x)


def close(actual, expected, tol=1e-5):
    np.testing.assert_allclose(to_np(actual), expected, rtol=tol, atol=tol)


def compiled(fn):
    """`fn` under the backend's compiler (jax.jit / tf.function); as is elsewhere."""
    if BACKEND == "jax":
        import jax

        return jax.jit(fn)
    if BACKEND == "tensorflow":
        import tensorflow as tf

        return tf.function(fn)
    return fn


def tensor(x):
    return ops.convert_to_tensor(np.asarray(x))


# ---------------------------------------------------------------------------------------
# control flow (eager and compiled)
# ---------------------------------------------------------------------------------------


def test_cond():
    def run(pred, x):
        return ops.cond(pred, lambda: x * 2.0, lambda: x - 1.0)

    x = tensor(np.array([1.0, 2.0], "float32"))
    close(run(True, x), [2.0, 4.0])
    close(run(False, x), [0.0, 1.0])
    close(compiled(run)(tensor(np.array(True)), x), [2.0, 4.0])
    close(compiled(run)(tensor(np.array(False)), x), [0.0, 1.0])


def test_switch_clamps_index():
    branches = [lambda x: x + 1.0, lambda x: x * 10.0, lambda x: -x]
    x = tensor(np.array([1.0, 2.0], "float32"))
    expected = {0: [2.0, 3.0], 1: [10.0, 20.0], 2: [-1.0, -2.0], 5: [-1.0, -2.0], -3: [2.0, 3.0]}
    run = compiled(lambda i, v: ops.switch(i, branches, v))
    for index, value in expected.items():
        close(ops.switch(index, branches, x), value)
        close(run(tensor(np.array(index, "int32")), x), value)


def test_while_loop():
    def run(limit):
        return ops.while_loop(lambda i, total: i < limit, lambda i, total: (i + 1, total + i),
                              (0, 0))

    i, total = run(5)
    assert int(to_np(i)) == 5 and int(to_np(total)) == 10
    i, total = compiled(run)(tensor(np.array(6, "int32")))
    assert int(to_np(i)) == 6 and int(to_np(total)) == 15
    # A single loop variable is passed and returned bare; maximum_iterations stops early.
    out = ops.while_loop(lambda v: v < 100, lambda v: v * 2, 1, maximum_iterations=3)
    assert int(to_np(out)) == 8
    x = tensor(np.ones((2,), "float32"))
    out = compiled(lambda v: ops.while_loop(lambda a: ops.convert_to_tensor(True),
                                            lambda a: a * 2.0, v, maximum_iterations=4))(x)
    close(out, [16.0, 16.0])


def test_fori_loop():
    assert int(to_np(ops.fori_loop(0, 5, lambda i, v: v + i, 0))) == 10
    x = tensor(np.zeros((3,), "float32"))
    out = compiled(lambda v: ops.fori_loop(1, 4, lambda i, a: a + ops.cast(i, "float32"), v))(x)
    close(out, [6.0, 6.0, 6.0])


def scan_reference(xs, init, reverse):
    carry, ys = init, [None] * len(xs)
    order = range(len(xs) - 1, -1, -1) if reverse else range(len(xs))
    for i in order:
        ys[i] = carry * xs[i]
        carry = carry + xs[i]
    return carry, np.stack(ys)


@pytest.mark.parametrize("reverse", [False, True])
def test_scan(reverse):
    xs = rng.normal(size=(5, 2)).astype("float32")
    init = np.ones((2,), "float32")

    def step(carry, x):
        return carry + x, carry * x

    def run(init, xs):
        return ops.scan(step, init, xs, reverse=reverse)

    expected_carry, expected_ys = scan_reference(xs, init, reverse)
    for fn in (run, compiled(run)):
        carry, ys = fn(tensor(init), tensor(xs))
        close(carry, expected_carry)
        close(ys, expected_ys)


def test_scan_with_length_and_nested_structures():
    def step(carry, _):
        a, b = carry
        return (b, a + b), a

    (a, b), ys = ops.scan(step, (tensor(np.array(0, "int32")), tensor(np.array(1, "int32"))),
                          None, length=7)
    assert int(to_np(a)) == 13 and to_np(ys).tolist() == [0, 1, 1, 2, 3, 5, 8]

    xs = {"u": np.arange(3, dtype="float32"), "v": np.ones((3, 2), "float32")}
    carry, ys = ops.scan(lambda c, x: (c + x["u"], {"w": x["v"] * c}),
                         tensor(np.array(0.0, "float32")), {k: tensor(v) for k, v in xs.items()})
    close(carry, 3.0)
    close(ys["w"], [[0.0, 0.0], [0.0, 0.0], [1.0, 1.0]])
    with pytest.raises(ValueError, match="xs"):
        ops.scan(step, (0, 1))


@pytest.mark.parametrize("reverse", [False, True])
def test_associative_scan(reverse):
    x = rng.normal(size=(4, 5)).astype("float32")
    for axis in (0, 1):
        expected = np.flip(np.cumsum(np.flip(x, axis), axis), axis) if reverse else \
            np.cumsum(x, axis)
        close(ops.associative_scan(lambda a, b: a + b, tensor(x), reverse=reverse, axis=axis),
              expected)
    run = compiled(lambda v: ops.associative_scan(lambda a, b: a * b, v, reverse=reverse))
    v = np.array([1.0, 2.0, 3.0, 4.0], "float32")
    close(run(tensor(v)), [24.0, 24.0, 12.0, 4.0] if reverse else [1.0, 2.0, 6.0, 24.0])


@pytest.mark.parametrize("n", [1, 2, 5, 8])
@pytest.mark.parametrize("reverse", [False, True])
def test_associative_scan_non_commutative(n, reverse):
    # Affine maps x -> a * x + b, composed left to right: associative, not commutative.
    def compose(first, second):
        return first[0] * second[0], first[1] * second[0] + second[1]

    a = rng.uniform(0.5, 1.5, size=(n, 2)).astype("float32")
    b = rng.normal(size=(n, 2)).astype("float32")
    order = list(range(n))[::-1] if reverse else list(range(n))
    expected_a, expected_b = np.zeros_like(a), np.zeros_like(b)
    acc = None
    for i in order:
        acc = (a[i], b[i]) if acc is None else compose(acc, (a[i], b[i]))
        expected_a[i], expected_b[i] = acc
    out = ops.associative_scan(compose, (tensor(a), tensor(b)), reverse=reverse)
    close(out[0], expected_a, 1e-5)
    close(out[1], expected_b, 1e-5)


def test_associative_scan_pytree_and_errors():
    # (value, count) pairs combined element-wise: a pytree of two tensors.
    values = tensor(np.array([1.0, 2.0, 3.0], "float32"))
    counts = tensor(np.array([1, 1, 1], "int32"))
    out = ops.associative_scan(lambda a, b: (a[0] + b[0], a[1] + b[1]), (values, counts))
    close(out[0], [1.0, 3.0, 6.0])
    assert to_np(out[1]).tolist() == [1, 2, 3]
    with pytest.raises(ValueError, match="axis"):
        ops.associative_scan(lambda a, b: a + b, tensor(np.zeros((2, 2))), axis=3)


def test_map_and_vectorized_map():
    xs = rng.normal(size=(4, 3)).astype("float32")
    expected = np.stack([np.sum(row * row) for row in xs])
    close(ops.map(lambda row: ops.convert_to_tensor(row) * 2.0, tensor(xs)), xs * 2)
    close(compiled(lambda v: ops.map(lambda row: row * row, v))(tensor(xs)), xs * xs)
    squares = to_np(ops.vectorized_map(lambda row: row * row, tensor(xs)))
    close(np.sum(squares, axis=1), expected)
    out = ops.map(lambda pair: pair[0] + pair[1], (tensor(xs), tensor(xs)))
    close(out, 2 * xs)


# ---------------------------------------------------------------------------------------
# slicing and scatter
# ---------------------------------------------------------------------------------------


def test_slice_and_slice_update():
    x = np.arange(24, dtype="float32").reshape(4, 6)
    close(ops.slice(tensor(x), [1, 2], (2, 3)), x[1:3, 2:5])
    close(ops.slice(tensor(x), tensor(np.array([0, 3], "int32")), [4, 2]), x[:, 3:5])
    updates = -np.ones((2, 2), "float32")
    expected = x.copy()
    expected[2:4, 1:3] = updates
    close(ops.slice_update(tensor(x), [2, 1], tensor(updates)), expected)
    close(compiled(lambda a, u: ops.slice_update(a, [2, 1], u))(tensor(x), tensor(updates)),
          expected)
    # The input is left untouched.
    x_tensor = tensor(x)
    ops.slice_update(x_tensor, [0, 0], tensor(updates))
    close(x_tensor, x)
    with pytest.raises(ValueError, match="start_indices"):
        ops.slice(tensor(x), [1], (2, 3))


def test_scatter():
    out = ops.scatter([[0, 1], [1, 1], [0, 1]], np.array([1.0, 2.0, 3.0], "float32"), (2, 3))
    np.testing.assert_array_equal(to_np(out), [[0, 4, 0], [0, 2, 0]])  # duplicates add up
    out = ops.scatter(np.array([[1]]), np.array([[5, 6]], "int32"), (3, 2))
    np.testing.assert_array_equal(to_np(out), [[0, 0], [5, 6], [0, 0]])
    assert ops.dtype(out) == "int32"


@pytest.mark.parametrize("reduction, expected", [
    (None, [[9, 1, 1], [1, 1, 7]]),
    ("add", [[12, 1, 1], [1, 1, 8]]),
    ("max", [[9, 1, 1], [1, 1, 7]]),
    ("min", [[1, 1, 1], [1, 1, 1]]),
    ("mul", [[18, 1, 1], [1, 1, 7]]),
])
def test_scatter_update(reduction, expected):
    inputs = np.ones((2, 3), "float32")
    indices = [[0, 0], [1, 2]] if reduction is None else [[0, 0], [1, 2], [0, 0]]
    updates = np.array([9.0, 7.0] if reduction is None else [9.0, 7.0, 2.0], "float32")
    out = ops.scatter_update(tensor(inputs), indices, tensor(updates), reduction=reduction)
    np.testing.assert_allclose(to_np(out), expected)


def test_scatter_update_rows_and_errors():
    inputs = np.zeros((3, 2), "float32")
    out = ops.scatter_update(tensor(inputs), [[2], [0]], tensor(np.array([[1, 2], [3, 4]],
                                                                        "float32")))
    np.testing.assert_allclose(to_np(out), [[3, 4], [0, 0], [1, 2]])
    with pytest.raises(ValueError, match="reduction"):
        ops.scatter_update(tensor(inputs), [[0]], tensor(np.ones((1, 2))), reduction="avg")
    with pytest.raises(ValueError, match="indices"):
        ops.scatter_update(tensor(inputs), [[0, 0, 0]], tensor(np.ones((1,))))


# ---------------------------------------------------------------------------------------
# gradients
# ---------------------------------------------------------------------------------------


def gradient(fn, x):
    """d(sum(fn(x)))/dx with the backend's own autodiff."""
    if BACKEND == "jax":
        import jax

        return jax.grad(lambda v: fn(v).sum())(x)
    if BACKEND == "torch":

        x = x.clone().requires_grad_(True)
        fn(x).sum().backward()
        return x.grad
    import tensorflow as tf

    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(fn(x))
    return tape.gradient(y, x)


@pytest.mark.skipif(BACKEND == "numpy", reason="the numpy backend has no autodiff")
def test_custom_gradient_replaces_gradient():
    @ops.custom_gradient
    def clipped_identity(x):
        def grad(*args, upstream=None):
            if upstream is None:
                (upstream,) = args
            return upstream * 0.5  # the documented Keras calling convention

        return x * 1.0, grad

    x = tensor(np.array([1.0, -2.0, 3.0], "float32"))
    close(clipped_identity(x), [1.0, -2.0, 3.0])
    close(gradient(lambda v: clipped_identity(v) * 3.0, x), [1.5, 1.5, 1.5])


@pytest.mark.skipif(BACKEND == "numpy", reason="the numpy backend has no autodiff")
def test_custom_gradient_stable_log1pexp_and_stop_gradient():
    @ops.custom_gradient
    def log1pexp(x):
        e = x * 0.0 + np.float32(np.e) ** x

        def grad(upstream):
            return upstream * (1.0 - 1.0 / (1.0 + e))

        return (e + 1.0) ** 1.0, grad

    x = tensor(np.array([0.0, 1.0], "float32"))
    expected = 1.0 - 1.0 / (1.0 + np.exp([0.0, 1.0]))
    close(gradient(log1pexp, x), expected, 1e-5)
    close(gradient(lambda v: v * 2.0 + ops.stop_gradient(v * v), x), [2.0, 2.0])


def test_custom_gradient_forward_value_everywhere():
    @ops.custom_gradient
    def double(x):
        return x * 2.0, lambda upstream: upstream

    close(double(tensor(np.array([1.5], "float32"))), [3.0])


# ---------------------------------------------------------------------------------------
# unstack, saturate_cast, rearrange, cdist, complex views
# ---------------------------------------------------------------------------------------


def test_unstack():
    x = np.arange(12, dtype="float32").reshape(2, 3, 2)
    parts = ops.unstack(tensor(x), axis=1)
    assert isinstance(parts, list) and len(parts) == 3
    for i, part in enumerate(parts):
        close(part, x[:, i])
    specs = ops.unstack(KerasTensor((None, 3, 2)), axis=1)
    assert len(specs) == 3 and specs[0].shape == (None, 2)
    with pytest.raises(ValueError, match="num"):
        ops.unstack(KerasTensor((None, 2)))
    with pytest.raises(ValueError, match="axis"):
        ops.unstack(tensor(x), axis=3)


def test_saturate_cast():
    x = np.array([-10.0, 0.5, 127.9, 300.0, 1e10], "float32")
    out = ops.saturate_cast(tensor(x), "uint8")
    assert ops.dtype(out) == "uint8"
    np.testing.assert_array_equal(to_np(out), [0, 0, 127, 255, 255])
    out = ops.saturate_cast(tensor(np.array([-40000, 5, 40000], "int32")), "int16")
    np.testing.assert_array_equal(to_np(out), [-32768, 5, 32767])
    out = to_np(ops.saturate_cast(tensor(np.array([1e10, -1e10], "float32")), "int32"))
    assert out[0] > 2**31 - 200 and out[1] == -(2**31)
    assert ops.saturate_cast(KerasTensor((None, 2)), "int8").dtype == "int8"


@pytest.mark.parametrize("pattern, lengths, reference", [
    ("b h w c -> b c h w", {}, lambda x: x.transpose(0, 3, 1, 2)),
    ("b h w c -> (b h) w c", {}, lambda x: x.reshape(4, 6, 2)),
    ("b h w c -> h (b w) c", {}, lambda x: x.transpose(1, 0, 2, 3).reshape(2, 12, 2)),
    ("b h w c -> b (c h w)", {}, lambda x: x.transpose(0, 3, 1, 2).reshape(2, 24)),
    ("b h (w1 w) c -> (b w1) h w c", {"w1": 2},
     lambda x: x.reshape(2, 2, 2, 3, 2).transpose(0, 2, 1, 3, 4).reshape(4, 2, 3, 2)),
    ("b ... c -> c b ...", {}, lambda x: x.transpose(3, 0, 1, 2)),
])
def test_rearrange(pattern, lengths, reference):
    x = np.arange(48, dtype="float32").reshape(2, 2, 6, 2)
    close(ops.rearrange(tensor(x), pattern, **lengths), reference(x))


def test_rearrange_symbolic_and_errors():
    out = ops.rearrange(KerasTensor((None, 4, 6, 3)), "b (h1 h) w c -> (b h1) h w c", h1=2)
    assert out.shape == (None, 2, 6, 3)
    out = ops.rearrange(KerasTensor((None, 4, 6, 3)), "b h w c -> b (h w) c")
    assert out.shape == (None, 24, 3)
    x = tensor(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="same axes"):
        ops.rearrange(x, "a b -> a c")
    with pytest.raises(ValueError, match="rank"):
        ops.rearrange(x, "a b c -> a b c")
    with pytest.raises(ValueError, match="->"):
        ops.rearrange(x, "a b")
    with pytest.raises(ValueError, match="split"):
        ops.rearrange(x, "a (b c) -> a b c", b=2)


def test_cdist():
    x = rng.normal(size=(2, 3, 4)).astype("float32")
    y = rng.normal(size=(2, 5, 4)).astype("float32")
    expected = np.sqrt(((x[:, :, None, :] - y[:, None, :, :]) ** 2).sum(-1))
    close(ops.cdist(tensor(x), tensor(y)), expected, 1e-4)
    close(ops.cdist(tensor(np.array([[0, 0], [1, 1]], "int32")),
                    tensor(np.array([[1, 0], [2, 2]], "int32"))),
          [[1.0, np.sqrt(8)], [1.0, np.sqrt(2)]])
    assert ops.cdist(KerasTensor((None, 3, 4)), KerasTensor((None, 5, 4))).shape == (None, 3, 5)
    with pytest.raises(ValueError, match="cdist"):
        ops.cdist(tensor(x), tensor(y[..., :3]))


def test_view_as_complex_and_real():
    x = rng.normal(size=(3, 2)).astype("float32")
    z = ops.view_as_complex(tensor(x))
    assert ops.dtype(z) == "complex64"
    np.testing.assert_allclose(to_np(z), x[:, 0] + 1j * x[:, 1], rtol=1e-6)
    back = ops.view_as_real(z)
    close(back, x)
    with pytest.raises(ValueError, match="last dimension is 2"):
        ops.view_as_complex(tensor(np.zeros((3, 3), "float32")))
    with pytest.raises(ValueError, match="complex"):
        ops.view_as_real(tensor(x))
    assert ops.view_as_complex(KerasTensor((None, 2))).dtype == "complex64"


# ---------------------------------------------------------------------------------------
# symbolic inputs
# ---------------------------------------------------------------------------------------


def test_symbolic_control_flow_and_updates():
    x = KerasTensor((None, 3))
    out = ops.while_loop(lambda a: True, lambda a: a, (x, KerasTensor((), "int32")))
    assert out[0].shape == (None, 3) and out[1].dtype == "int32"
    assert ops.fori_loop(0, 3, lambda i, v: v, x).shape == (None, 3)
    carry, ys = ops.scan(lambda c, v: (c + v, v * 2.0), KerasTensor((3,)), KerasTensor((5, 3)))
    assert carry.shape == (3,) and ys.shape == (5, 3)
    assert ops.map(lambda v: v * 2.0, KerasTensor((4, 3))).shape == (4, 3)
    assert ops.slice(x, [0, 1], (2, 2)).shape == (2, 2)
    assert ops.slice_update(x, [0, 0], KerasTensor((1, 3))).shape == (None, 3)
    assert ops.scatter(KerasTensor((5, 2), "int32"), KerasTensor((5,)), (4, 4)).shape == (4, 4)
    assert ops.scatter_update(x, KerasTensor((2, 1), "int32"), KerasTensor((2, 3))).shape == \
        (None, 3)
    assert ops.stop_gradient(x).shape == (None, 3)
    assert ops.associative_scan(lambda a, b: a + b, KerasTensor((5, 3))).shape == (5, 3)
    pred = KerasTensor((), "bool")
    out = ops.cond(pred, lambda: ops.convert_to_tensor(np.zeros((2, 3), "float32")),
                   lambda: ops.convert_to_tensor(np.ones((2, 3), "float32")))
    assert out.shape == (2, 3) and out.dtype == "float32"
    out = ops.switch(KerasTensor((), "int32"), [lambda v: v * 2.0, lambda v: v + 1.0], x)
    assert out.shape == (None, 3)
    assert ops.vectorized_map(lambda v: v * 2.0, KerasTensor((4, 3))).shape == (4, 3)


def test_keras_namespace_exports():
    import keras
    from kc_ops import core_ops

    for name in core_ops.__all__:
        assert getattr(keras.ops, name) is getattr(core_ops, name)


@pytest.mark.skipif(BACKEND == "numpy", reason="the numpy backend has no autodiff")
def test_gradients_flow_through_scan_and_fori_loop():
    xs = tensor(np.array([1.0, 2.0, 3.0], "float32"))

    def running_product(v):
        carry, ys = ops.scan(lambda c, x: (c * x, c * x), tensor(np.array(1.0, "float32")), v)
        return ys  # [x0, x0*x1, x0*x1*x2]

    # d/dx_i of (x0 + x0*x1 + x0*x1*x2) at (1, 2, 3)
    close(gradient(running_product, xs), [1 + 2 + 6, 1 + 3, 2])
    close(gradient(lambda v: ops.fori_loop(0, 3, lambda i, a: a * v, v), xs),
          4 * np.array([1.0, 2.0, 3.0]) ** 3)


def test_variables_are_accepted():
    v = ops.Variable(np.arange(6, dtype="float32").reshape(3, 2))
    carry, ys = ops.scan(lambda c, x: (c + x, x * 2.0), tensor(np.zeros(2, "float32")), v)
    close(carry, [6.0, 9.0])
    close(ops.map(lambda row: row * 2.0, v), 2 * np.arange(6).reshape(3, 2))
    close(ops.stop_gradient(v), np.arange(6).reshape(3, 2))
    close(ops.slice(v, [1, 0], (2, 1)), [[2.0], [4.0]])
    close(ops.associative_scan(lambda a, b: a + b, v), np.cumsum(np.arange(6).reshape(3, 2), 0))


@pytest.mark.parametrize("dtype", ["bool", "uint8", "int16", "int32", "int64", "float16", "float32",
                                   "float64", "complex64"])
def test_convert_to_tensor_keeps_numpy_dtype_values_and_layouts(dtype):
    array = (np.arange(12) % 3).astype(dtype).reshape(3, 4)
    for source in (array, array[:, ::2], np.asfortranarray(array)):
        tensor = ops.convert_to_tensor(source)
        assert ops.dtype(tensor) == dtype and tuple(tensor.shape) == source.shape
        np.testing.assert_array_equal(to_np(tensor), source)
    frozen = array.copy()
    frozen.flags.writeable = False
    np.testing.assert_array_equal(to_np(ops.convert_to_tensor(frozen)), array)
    if dtype not in ("bool", "complex64"):
        assert ops.dtype(ops.convert_to_tensor(array, dtype="float32")) == "float32"
