"""Array ops inside jax.jit / tf.function / torch.compile-free tracing: same values as eager."""

import kc_ops
import numpy as np
import pytest
from kc_ops import numpy as knp

BACKEND = kc_ops.backend()
pytestmark = pytest.mark.skipif(
    BACKEND not in ("jax", "tensorflow"),
    reason="only jax and tensorflow trace functions into graphs",
)

X = np.random.default_rng(1).standard_normal((3, 4)).astype("float32")
X[1, 2] = np.nan

OPS = {
    "sum": (lambda x: knp.sum(x, axis=1), lambda x: np.sum(x, axis=1)),
    "matmul": (lambda x: knp.matmul(x, knp.transpose(x)), lambda x: x @ x.T),
    "einsum": (lambda x: knp.einsum("ij,kj->ik", x, x), lambda x: x @ x.T),
    "nanmean": (lambda x: knp.nanmean(x, axis=0), lambda x: np.nanmean(x, axis=0)),
    "nanquantile": (
        lambda x: knp.nanquantile(x, [0.25, 0.5], axis=1),
        lambda x: np.nanquantile(x, [0.25, 0.5], axis=1),
    ),
    "sort": (lambda x: knp.sort(x, axis=0), lambda x: np.sort(x, axis=0)),
    "pad": (
        lambda x: knp.pad(x, [(1, 0), (0, 2)], mode="reflect"),
        lambda x: np.pad(x, [(1, 0), (0, 2)], mode="reflect"),
    ),
    "cumsum": (lambda x: knp.nancumsum(x, axis=1), lambda x: np.nancumsum(x, axis=1)),
    "take": (lambda x: knp.take(x, [2, 0], axis=1), lambda x: np.take(x, [2, 0], axis=1)),
    "diff": (lambda x: knp.diff(x, axis=0), lambda x: np.diff(x, axis=0)),
    "tile": (lambda x: knp.tile(x, (2, 1, 1)), lambda x: np.tile(x, (2, 1, 1))),
    "histogram": (
        lambda x: knp.histogram(knp.nan_to_num(x[0]), bins=3, range=(-2.0, 2.0))[0],
        lambda x: np.histogram(np.nan_to_num(x[0]), bins=3, range=(-2.0, 2.0))[0],
    ),
}


def _compile(fn):
    if BACKEND == "jax":
        import jax

        return jax.jit(fn)
    import tensorflow as tf

    return tf.function(fn)


@pytest.mark.parametrize("name", sorted(OPS))
def test_compiled_matches_numpy(name):
    ours, ref = OPS[name]
    result = kc_ops.convert_to_numpy(_compile(ours)(kc_ops.convert_to_tensor(X)))
    np.testing.assert_allclose(result, ref(X), rtol=1e-5, atol=1e-5)


def test_unique_with_size_compiles():
    x = np.array([3, 1, 1, 2], "int32")
    values = _compile(lambda t: knp.unique(t, size=5, fill_value=0))(kc_ops.convert_to_tensor(x))
    np.testing.assert_array_equal(kc_ops.convert_to_numpy(values), [1, 2, 3, 0, 0])
