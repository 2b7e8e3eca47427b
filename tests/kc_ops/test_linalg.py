"""keras.ops.linalg against numpy.linalg and hand-computed references."""

import kc_ops as ops
import numpy as np
import pytest
from kc_ops import KerasTensor, linalg

rng = np.random.default_rng(1)
BACKEND = ops.backend()


def to_np(x):
    return ops.convert_to_numpy(x)


def close(actual, expected, tol=1e-4):
    np.testing.assert_allclose(to_np(actual), expected, rtol=tol, atol=tol)


def spd(batch=(), n=3):
    a = rng.normal(size=batch + (n, n))
    return (a @ np.swapaxes(a, -1, -2) + n * np.eye(n)).astype("float32")


def test_exported_in_both_namespaces():
    import keras

    for name in linalg.__all__:
        assert getattr(keras.ops.linalg, name) is getattr(keras.ops, name)


def test_cholesky_and_inverse():
    a = spd((2,))
    lower = to_np(ops.cholesky(a))
    close(lower, np.linalg.cholesky(a.astype("float64")))
    upper = to_np(ops.cholesky(a, upper=True))
    close(upper, np.swapaxes(lower, -1, -2))
    expected_inv = np.linalg.inv(a.astype("float64"))
    close(ops.cholesky_inverse(lower), expected_inv, 1e-3)
    close(ops.cholesky_inverse(upper, upper=True), expected_inv, 1e-3)


def test_det_inv_and_dtypes():
    a = rng.normal(size=(2, 3, 3)).astype("float32") + 2 * np.eye(3, dtype="float32")
    close(ops.det(a), np.linalg.det(a.astype("float64")), 1e-3)
    close(ops.inv(a), np.linalg.inv(a.astype("float64")), 1e-3)
    ints = np.array([[2, 1], [1, 3]], "int32")
    assert ops.dtype(ops.det(ints)) == "float32"
    close(ops.det(ints), 5.0)
    assert ops.dtype(ops.inv(a.astype("float64"))) == "float64"
    # Half precision is computed in float32 and returned in the input dtype.
    half = ops.inv(a[0].astype("float16"))
    assert ops.dtype(half) == "float16"
    close(to_np(half).astype("float32"), np.linalg.inv(a[0].astype("float64")), 2e-2)


def test_square_errors():
    for fn in (ops.inv, ops.det, ops.cholesky, ops.eig, ops.eigh):
        with pytest.raises(ValueError, match="square"):
            fn(np.zeros((2, 3), "float32"))
    with pytest.raises(ValueError, match="rank >= 2"):
        ops.inv(np.zeros((3,), "float32"))
    with pytest.raises(ValueError, match="square"):
        ops.inv(KerasTensor((None, 2, 3)))


def test_eig_and_eigh():
    a = rng.normal(size=(3, 3)).astype("float32")
    w, v = ops.eig(a)
    assert ops.dtype(w) == "complex64"
    w, v = to_np(w), to_np(v)
    np.testing.assert_allclose(a @ v, v * w[None, :], atol=1e-4)
    np.testing.assert_allclose(np.sort_complex(w), np.sort_complex(np.linalg.eigvals(a)),
                               atol=1e-4)
    s = spd()
    w, v = ops.eigh(s)
    close(w, np.linalg.eigvalsh(s.astype("float64")), 1e-3)
    v = to_np(v)
    np.testing.assert_allclose(s @ v, v * to_np(w)[None, :], atol=1e-3)


def test_lstsq_and_pinv():
    a = rng.normal(size=(6, 3)).astype("float32")
    b = rng.normal(size=(6, 2)).astype("float32")
    expected = np.linalg.lstsq(a.astype("float64"), b.astype("float64"), rcond=None)[0]
    close(ops.lstsq(a, b), expected)
    close(ops.lstsq(a, b[:, 0]), expected[:, 0])
    # Rank-deficient: the minimum-norm solution.
    deficient = np.concatenate([a[:, :2], a[:, :1]], axis=1)
    expected = np.linalg.pinv(deficient.astype("float64")) @ b
    close(ops.lstsq(deficient, b), expected, 1e-3)
    close(ops.pinv(a), np.linalg.pinv(a.astype("float64")))
    with pytest.raises(ValueError, match="rows"):
        ops.lstsq(a, b[:5])
    assert ops.lstsq(KerasTensor((5, 3)), KerasTensor((5, 2))).shape == (3, 2)
    assert ops.pinv(KerasTensor((None, 5, 3))).shape == (None, 3, 5)


def test_lu_factor_matches_lapack_convention():
    a = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 10.0]], "float32")
    lu, pivots = ops.lu_factor(a)
    lu, pivots = to_np(lu), to_np(pivots)
    assert ops.dtype(ops.lu_factor(a)[1]) == "int32"
    # Rebuild the matrix from L, U and the row swaps.
    lower = np.tril(lu, -1) + np.eye(3)
    upper = np.triu(lu)
    permuted = a.copy()
    for i, p in enumerate(pivots):
        permuted[[i, p]] = permuted[[p, i]]
    np.testing.assert_allclose(lower @ upper, permuted, atol=1e-5)
    np.testing.assert_array_equal(pivots, [2, 2, 2])  # partial pivoting picks 7, then 2, 3


def test_matrix_rank():
    a = rng.normal(size=(4, 2))
    low_rank = (a @ a.T).astype("float32")  # rank 2
    assert int(to_np(ops.matrix_rank(low_rank))) == 2
    assert int(to_np(ops.matrix_rank(np.eye(3, dtype="float32")))) == 3
    assert int(to_np(ops.matrix_rank(np.diag([1.0, 1e-3, 0.0]).astype("float32"), tol=0.01))) == 1


@pytest.mark.parametrize("ord, axis", [
    (None, None), (None, 1), (1, 1), (np.inf, 0), (-np.inf, 1), (0, 1), (3, 1),
])
def test_vector_norms(ord, axis):
    x = rng.normal(size=(3, 4)).astype("float32")
    x[0, 1] = 0.0
    close(ops.norm(x, ord=ord, axis=axis), np.linalg.norm(x.astype("float64"), ord, axis))


@pytest.mark.parametrize("ord", [None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf])
def test_matrix_norms(ord):
    x = rng.normal(size=(2, 3, 4)).astype("float32")
    expected = np.linalg.norm(x.astype("float64"), ord, axis=(1, 2), keepdims=True)
    close(ops.norm(x, ord=ord, axis=(1, 2), keepdims=True), expected, 1e-3)


def test_norm_errors_and_dtypes():
    assert ops.dtype(ops.norm(np.array([3, 4], "int32"))) == "float32"
    close(ops.norm(np.array([3, 4], "int32")), 5.0)
    with pytest.raises(ValueError, match="axis"):
        ops.norm(np.zeros((2, 2, 2)), ord=1)
    with pytest.raises(ValueError, match="axis"):
        ops.norm(np.zeros((2, 2)), axis=5)
    with pytest.raises(ValueError, match="axis"):
        ops.norm(np.zeros((2, 2)), axis=(0, 1, 2))
    with pytest.raises(ValueError, match="ord"):
        ops.norm(np.zeros((2, 2)), ord="nuc", axis=0)
    assert ops.norm(KerasTensor((None, 3, 4)), axis=(1, 2)).shape == (None,)


@pytest.mark.parametrize("mode", ["reduced", "complete"])
def test_qr(mode):
    x = rng.normal(size=(2, 5, 3)).astype("float32")
    q, r = ops.qr(x, mode=mode)
    q, r = to_np(q), to_np(r)
    k = 3 if mode == "reduced" else 5
    assert q.shape == (2, 5, k) and r.shape == (2, k, 3)
    np.testing.assert_allclose(q @ r, x, atol=1e-4)
    np.testing.assert_allclose(np.swapaxes(q, -1, -2) @ q, np.broadcast_to(np.eye(k), (2, k, k)),
                               atol=1e-4)
    np.testing.assert_allclose(np.tril(r, -1), 0, atol=1e-5)
    with pytest.raises(ValueError, match="mode"):
        ops.qr(x, mode="r")
    assert ops.qr(KerasTensor((None, 5, 3)), mode=mode)[0].shape == (None, 5, k)


def test_solve_and_solve_triangular():
    a = rng.normal(size=(2, 3, 3)).astype("float32") + 3 * np.eye(3, dtype="float32")
    b = rng.normal(size=(2, 3, 2)).astype("float32")
    a64, b64 = a.astype("float64"), b.astype("float64")
    close(ops.solve(a, b), np.linalg.solve(a64, b64))
    close(ops.solve(a, b[..., 0]), np.linalg.solve(a64, b64[..., :1])[..., 0])
    lower = np.tril(a64)
    close(ops.solve_triangular(a, b, lower=True), np.linalg.solve(lower, b64))
    upper = np.triu(a64)
    close(ops.solve_triangular(a, b[..., 0]), np.linalg.solve(upper, b64[..., :1])[..., 0])
    with pytest.raises(ValueError, match="`b`"):
        ops.solve(a, b[:, :2])
    assert ops.solve(KerasTensor((None, 3, 3)), KerasTensor((None, 3, 2))).shape == (None, 3, 2)


def test_svd():
    x = rng.normal(size=(2, 4, 3)).astype("float32")
    u, s, vh = (to_np(t) for t in ops.svd(x))
    assert u.shape == (2, 4, 4) and s.shape == (2, 3) and vh.shape == (2, 3, 3)
    close(s, np.linalg.svd(x.astype("float64"), compute_uv=False))
    np.testing.assert_allclose((u[..., :3] * s[:, None, :]) @ vh, x, atol=1e-4)
    u, s, vh = ops.svd(x, full_matrices=False)
    assert tuple(u.shape) == (2, 4, 3)
    close(ops.svd(x, compute_uv=False), np.linalg.svd(x.astype("float64"), compute_uv=False))
    spec = ops.svd(KerasTensor((None, 4, 3)), full_matrices=False)
    assert [t.shape for t in spec] == [(None, 4, 3), (None, 3), (None, 3, 3)]


def test_symbolic_specs():
    x = KerasTensor((None, 4, 4))
    assert ops.inv(x).shape == (None, 4, 4)
    assert ops.det(x).shape == (None,)
    assert ops.cholesky(x).shape == (None, 4, 4)
    w, v = ops.eig(x)
    assert w.shape == (None, 4) and w.dtype == "complex64"
    assert ops.eigh(x)[0].shape == (None, 4)
    assert ops.lu_factor(x)[1].shape == (None, 4)
    assert ops.matrix_rank(x).dtype == "int32"
    assert ops.inv(KerasTensor((3, 3), "int32")).dtype == "float32"


@pytest.mark.skipif(BACKEND == "numpy", reason="the numpy backend has no autodiff for jvp")
def test_jvp():
    x = ops.convert_to_tensor(np.array([1.0, 2.0, 3.0], "float32"))
    t = ops.convert_to_tensor(np.array([1.0, 0.0, 2.0], "float32"))

    def fun(v):
        return v * v * v

    out, tangent = ops.jvp(fun, (x,), (t,))
    close(out, [1.0, 8.0, 27.0])
    close(tangent, 3 * np.array([1.0, 4.0, 9.0]) * np.array([1.0, 0.0, 2.0]))

    def fun_aux(v):
        return v * 2.0, v + 1.0

    out, tangent, aux = ops.jvp(fun_aux, (x,), (t,), has_aux=True)
    close(tangent, [2.0, 0.0, 4.0])
    close(aux, [2.0, 3.0, 4.0])


def test_jvp_errors():
    with pytest.raises(TypeError, match="tuples or lists"):
        ops.jvp(lambda v: v, np.zeros(2), np.zeros(2))
    with pytest.raises(ValueError, match="same length"):
        ops.jvp(lambda v: v, (np.zeros(2),), ())
