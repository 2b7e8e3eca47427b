"""Element-wise ops inside compiled code (jax.jit, tf.function with unknown dims), on native
framework inputs and Variables, and in the half-precision dtypes."""

import kc_ops
import numpy as np
import pytest
from kc_ops import numpy as knp

BACKEND = kc_ops.backend()
X = np.array([[-1.5, 0.0, 2.0], [0.5, -0.25, 3.0]], dtype="float32")


def to_np(x):
    return np.asarray(kc_ops.convert_to_numpy(x))


def _pipeline(x):
    """A mix of ops whose NumPy result is easy to write down."""
    y = knp.add(knp.sin(x), 1)
    y = knp.where(knp.greater(x, 0), y, knp.square(x))
    y = knp.clip(knp.tril(y), -1.0, 2.0)
    return knp.nan_to_num(knp.divide_no_nan(y, knp.heaviside(x, 0.5)))


def _pipeline_reference(x):
    y = np.where(x > 0, np.sin(x) + 1, np.square(x))
    y = np.clip(np.tril(y), -1.0, 2.0)
    h = np.heaviside(x, 0.5)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(h == 0, 0.0, y / h)


def test_pipeline_eager():
    np.testing.assert_allclose(to_np(_pipeline(X)), _pipeline_reference(X), rtol=1e-6)


@pytest.mark.skipif(BACKEND != "jax", reason="jax.jit applies to the jax backend only")
def test_pipeline_under_jax_jit():
    import jax

    out = jax.jit(_pipeline)(X)
    np.testing.assert_allclose(np.asarray(out), _pipeline_reference(X), rtol=1e-6)
    lin = jax.jit(lambda a: knp.linspace(a, 2 * a, 3))(np.float32(1.0))
    np.testing.assert_allclose(np.asarray(lin), [1.0, 1.5, 2.0])


@pytest.mark.skipif(BACKEND != "tensorflow",
                    reason="tf.function applies to the tensorflow backend only")
def test_pipeline_under_tf_function_with_unknown_dims():
    import tensorflow as tf

    spec = [tf.TensorSpec([None, None], tf.float32)]
    out = tf.function(_pipeline, input_signature=spec)(X)
    np.testing.assert_allclose(out.numpy(), _pipeline_reference(X), rtol=1e-6)

    @tf.function(input_signature=[tf.TensorSpec([None], tf.int32)])
    def ints(v):
        nonzero = knp.where(v)
        return knp.gcd(v, 6), knp.size(v), nonzero[0], knp.meshgrid(v, v[:2])[0]

    g, size, nonzero, grid = ints(np.array([4, 0, 9], dtype="int32"))
    np.testing.assert_array_equal(g.numpy(), [2, 6, 3])
    assert int(size) == 3
    np.testing.assert_array_equal(nonzero.numpy(), [0, 2])
    np.testing.assert_array_equal(grid.numpy(), np.meshgrid([4, 0, 9], [4, 0])[0])


def test_native_and_variable_inputs():
    native = kc_ops.convert_to_tensor(X)
    v = kc_ops.Variable(X)
    np.testing.assert_allclose(to_np(knp.multiply(native, v)), X * X)
    np.testing.assert_allclose(to_np(knp.maximum(v, 0.0)), np.maximum(X, 0))
    assert kc_ops.standardize_dtype(knp.exp(v).dtype) == "float32"
    np.testing.assert_array_equal(to_np(knp.less(v, native)), np.zeros((2, 3), bool))


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_half_precision(dtype):
    x = kc_ops.convert_to_tensor(X, dtype=dtype)
    for fn, ref in ((knp.sin, np.sin), (knp.exp, np.exp), (knp.abs, np.abs), (knp.floor, np.floor)):
        out = fn(x)
        assert kc_ops.standardize_dtype(out.dtype) == dtype
        np.testing.assert_allclose(to_np(out).astype("float32"), ref(X), rtol=2e-2, atol=2e-2)
    out = knp.add(x, 1.5)
    assert kc_ops.standardize_dtype(out.dtype) == dtype
    np.testing.assert_allclose(to_np(out).astype("float32"), X + 1.5, rtol=1e-2)
    assert kc_ops.standardize_dtype(knp.divide(x, 2).dtype) == dtype
    assert kc_ops.standardize_dtype(knp.add(x, np.ones(3, "float32")).dtype) == "float32"


def test_wide_unsigned_arithmetic():
    a = np.array([1, 300, 65000], dtype="uint16")
    b = np.array([2, 3, 500], dtype="uint16")
    out = knp.add(a, b)
    assert kc_ops.standardize_dtype(out.dtype) == "uint16"
    np.testing.assert_array_equal(to_np(out), a + b)
    np.testing.assert_array_equal(to_np(knp.greater(a, b)), a > b)
    for fn, ref in ((knp.square, np.square), (knp.bitwise_invert, np.invert)):
        out = fn(b)
        assert kc_ops.standardize_dtype(out.dtype) == "uint16"
        np.testing.assert_array_equal(to_np(out), ref(b))
    np.testing.assert_array_equal(to_np(knp.bitwise_and(a, b)), a & b)
    np.testing.assert_array_equal(to_np(knp.gcd(a, b)), np.gcd(a, b))
    np.testing.assert_array_equal(to_np(knp.power(b, 2)), np.power(b, 2))
    np.testing.assert_array_equal(to_np(knp.fmod(a, b)), np.fmod(a, b))
