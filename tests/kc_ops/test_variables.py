import numpy as np
import pytest

import kc_ops
from kc_ops import scopes
from kc_ops.variables import AutocastScope


def value(x):
    return kc_ops.convert_to_numpy(x)


def test_variable_basics():
    v = kc_ops.Variable(np.ones((2, 3)), name="kernel")
    assert v.shape == (2, 3) and v.ndim == 2 and v.dtype == "float32"
    assert v.name == "kernel" and v.path == "kernel" and v.trainable
    v.assign(np.full((2, 3), 2.0))
    v.assign_add(np.ones((2, 3)))
    v.assign_sub(np.full((2, 3), 0.5))
    np.testing.assert_allclose(v.numpy(), np.full((2, 3), 2.5))
    np.testing.assert_allclose(np.asarray(v), np.full((2, 3), 2.5))


def test_int_initial_value_keeps_its_dtype():
    v = kc_ops.Variable(np.array([1, 2], dtype="int32"), trainable=False)
    assert v.dtype == "int32"


def test_callable_initializer_and_path_from_name_scope():
    with scopes.name_scope("block"):
        v = kc_ops.Variable(lambda shape, dtype: np.zeros(shape, dtype), shape=(4,), dtype="float16", name="b")
    assert v.path == "block/b" and v.dtype == "float16"
    np.testing.assert_array_equal(v.numpy(), np.zeros(4))


def test_callable_initializer_without_shape_is_an_error():
    with pytest.raises(ValueError, match="shape"):
        kc_ops.Variable(lambda shape, dtype: np.zeros(shape))


def test_assign_wrong_shape_is_an_error():
    v = kc_ops.Variable(np.zeros(3))
    with pytest.raises(ValueError, match=r"shape \(4,\)"):
        v.assign(np.zeros(4))


def test_bad_name_and_aggregation():
    with pytest.raises(ValueError, match="without '/'"):
        kc_ops.Variable(np.zeros(1), name="a/b")
    with pytest.raises(ValueError, match="aggregation"):
        kc_ops.Variable(np.zeros(1), aggregation="max")


def test_arithmetic_and_indexing():
    v = kc_ops.Variable(np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(value(v[1]), 2.0)
    np.testing.assert_allclose(value(v.value * 2), [2.0, 4.0, 6.0])


def test_stateless_scope_substitutes_and_collects():
    v = kc_ops.Variable(np.zeros(2))
    with scopes.StatelessScope(state_mapping=[(v, np.ones(2))]) as scope:
        np.testing.assert_allclose(value(v.value), [1.0, 1.0])
        v.assign(np.full(2, 5.0))
        np.testing.assert_allclose(value(scope.get_current_value(v)), [5.0, 5.0])
    np.testing.assert_allclose(v.numpy(), [0.0, 0.0])  # the variable itself is untouched


def test_stateless_scope_rejects_wrong_shapes():
    v = kc_ops.Variable(np.zeros(2))
    with pytest.raises(ValueError, match="expected shape"):
        scopes.StatelessScope(state_mapping=[(v, np.ones(3))])


def test_deferred_initialization_inside_stateless_scope():
    with scopes.StatelessScope():
        v = kc_ops.Variable(lambda shape, dtype: np.ones(shape, dtype), shape=(2,))
        assert v._value is None
    np.testing.assert_allclose(v.numpy(), [1.0, 1.0])


def test_autocast_scope_casts_float_variables_only():
    f = kc_ops.Variable(np.ones(2, dtype="float32"))
    i = kc_ops.Variable(np.ones(2, dtype="int32"), trainable=False)
    with AutocastScope("float16"):
        assert kc_ops.dtype(f.value) == "float16" and f.dtype == "float16"
        assert kc_ops.dtype(i.value) == "int32"
    assert kc_ops.dtype(f.value) == "float32"


@pytest.mark.skipif(kc_ops.backend() != "jax", reason="jax.jit tracing of variables")
def test_variable_in_jax_jit_through_stateless_scope():
    import jax

    v = kc_ops.Variable(np.ones(3))

    @jax.jit
    def step(state):
        with scopes.StatelessScope(state_mapping=[(v, state)]) as scope:
            v.assign(v.value * 3)
        return scope.get_current_value(v)

    np.testing.assert_allclose(np.asarray(step(v.value)), [3.0, 3.0, 3.0])


@pytest.mark.skipif(kc_ops.backend() != "tensorflow", reason="tf.function / GradientTape")
def test_variable_in_tf_function_and_gradient_tape():
    import tensorflow as tf

    v = kc_ops.Variable(np.array([2.0, 3.0]))

    @tf.function
    def double():
        v.assign(v.value * 2)
        return v.value

    np.testing.assert_allclose(double().numpy(), [4.0, 6.0])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.square(v.value))
    grad = tape.gradient(loss, [v])[0]
    np.testing.assert_allclose(grad.numpy(), [8.0, 12.0])


@pytest.mark.skipif(kc_ops.backend() != "torch", reason="torch Parameter semantics")
def test_torch_variable_is_a_parameter_with_grad():
    import torch

    v = kc_ops.Variable(np.array([1.0, 2.0]))
    assert isinstance(v.value, torch.nn.Parameter)
    loss = (torch.square(v) * 1.0).sum()  # torch functions accept the Variable directly
    loss.backward()
    np.testing.assert_allclose(v.value.grad.numpy(), [2.0, 4.0])
    v.trainable = False
    assert not v.value.requires_grad


@pytest.mark.parametrize("dtype, start, step, expected", [
    ("float32", [1.5, 2.0], 2, [3.5, 4.0]),
    ("float32", [1.5, 2.0], 0.25, [1.75, 2.25]),
    ("int64", [1, 2], 3, [4, 5]),
    ("int32", [1, -2], -3, [-2, -5]),
    ("uint8", [5, 6], 3, [8, 9]),
    ("int64", [0, 1], 2**40 + 1, [2**40 + 1, 2**40 + 2]),
    ("float16", [0.5, 1.0], 1.5, [2.0, 2.5]),
    ("float64", [0.1, 0.2], 1e-12, [0.1 + 1e-12, 0.2 + 1e-12]),
    ("float32", [1.0, 2.0], np.array([1.0, -1.0], "float32"), [2.0, 1.0]),
])
def test_assign_add_of_numbers_and_tensors(dtype, start, step, expected):
    v = kc_ops.Variable(np.array(start, dtype), dtype=dtype, trainable=False)
    v.assign_add(step)
    assert v.dtype == dtype
    np.testing.assert_array_equal(v.numpy(), np.array(expected, dtype))
    with scopes.StatelessScope() as scope:  # recorded, not applied
        v.assign_add(step)
    np.testing.assert_array_equal(v.numpy(), np.array(expected, dtype))
    np.testing.assert_array_equal(value(scope.get_current_value(v)), np.array(expected, dtype) + np.asarray(step, dtype))


def test_assign_add_broadcasts_a_scalar_tensor():
    v = kc_ops.Variable(np.zeros((2, 2)), trainable=False)
    v.assign_add(kc_ops.convert_to_tensor(np.float32(2.0)))
    np.testing.assert_array_equal(v.numpy(), np.full((2, 2), 2.0))
