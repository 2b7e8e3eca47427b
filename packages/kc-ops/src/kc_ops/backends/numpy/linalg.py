"""linalg functions of the numpy backend."""

import numpy as np

from kc_ops import dtypes
from kc_ops.backends import shared_ops
from kc_ops.backends.numpy.core import convert_to_tensor


def _float(*xs):
    """The inputs in one float compute dtype, and the dtype to return."""
    xs = [convert_to_tensor(x) for x in xs]
    out, compute = shared_ops.float_dtypes(dtypes.result_type(*[x.dtype for x in xs]))
    return [x.astype(compute, copy=False) for x in xs], out


def _t(x):
    return np.conj(np.swapaxes(x, -1, -2))


def cholesky(x, upper=False):
    (x,), out = _float(x)
    lower = np.linalg.cholesky(x)
    return (_t(lower) if upper else lower).astype(out)


def cholesky_inverse(x, upper=False):
    (x,), out = _float(x)
    factor_inv = np.linalg.inv(_t(x) if upper else x)  # inverse of the lower factor L
    return (_t(factor_inv) @ factor_inv).astype(out)


def det(x):
    (x,), out = _float(x)
    return np.asarray(np.linalg.det(x)).astype(out)


def eig(x):
    (x,), out = _float(x)
    w, v = np.linalg.eig(x)
    complex_dtype = shared_ops.complex_dtype(x.dtype.name)
    return w.astype(complex_dtype), v.astype(complex_dtype)


def eigh(x):
    (x,), out = _float(x)
    w, v = np.linalg.eigh(x)
    return w.astype(out), v.astype(out)


def inv(x):
    (x,), out = _float(x)
    return np.linalg.inv(x).astype(out)


def jvp(fun, primals, tangents, has_aux=False):
    raise RuntimeError(
        "ops.jvp needs automatic differentiation, which the numpy backend does not have. "
        "Use the jax, torch or tensorflow backend."
    )


def lstsq(a, b, rcond=None):
    (a, b), out = _float(a, b)
    if rcond is None:
        rcond = shared_ops.default_rcond(a.shape, a.dtype.name)
    return np.linalg.lstsq(a, b, rcond=rcond)[0].astype(out)


def _lu_2d(a):
    a = a.copy()
    m, n = a.shape
    pivots = np.zeros(min(m, n), dtype="int32")
    for j in range(min(m, n)):
        p = j + int(np.argmax(np.abs(a[j:, j])))
        pivots[j] = p
        if p != j:
            a[[j, p]] = a[[p, j]]
        if a[j, j] != 0:
            a[j + 1:, j] /= a[j, j]
        a[j + 1:, j + 1:] -= np.outer(a[j + 1:, j], a[j, j + 1:])
    return a, pivots


def lu_factor(x):
    (x,), out = _float(x)
    batch = x.shape[:-2]
    lu = np.empty_like(x)
    pivots = np.empty(batch + (min(x.shape[-2:]),), dtype="int32")
    for index in np.ndindex(*batch):
        lu[index], pivots[index] = _lu_2d(x[index])
    return lu.astype(out), pivots


def matrix_rank(x, tol=None):
    (x,), out = _float(x)
    s = np.linalg.svd(x, compute_uv=False)
    if tol is None:
        tol = s.max(axis=-1, keepdims=True) * max(x.shape[-2:]) * np.finfo(x.dtype).eps
    else:
        tol = np.asarray(tol)[..., None]
    return np.sum(s > tol, axis=-1).astype("int32")


def norm(x, ord=None, axis=None, keepdims=False):
    (x,), out = _float(x)
    return np.asarray(np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)).astype(out)


def pinv(x, rcond=None):
    (x,), out = _float(x)
    if rcond is None:
        rcond = shared_ops.default_rcond(x.shape, x.dtype.name)
    return np.linalg.pinv(x, rcond=rcond).astype(out)


def qr(x, mode="reduced"):
    (x,), out = _float(x)
    q, r = np.linalg.qr(x, mode=mode)
    return q.astype(out), r.astype(out)


def _solve(a, b):
    if b.ndim == a.ndim - 1:
        return np.linalg.solve(a, b[..., None])[..., 0]
    return np.linalg.solve(a, b)


def solve(a, b):
    (a, b), out = _float(a, b)
    return _solve(a, b).astype(out)


def solve_triangular(a, b, lower=False):
    (a, b), out = _float(a, b)
    a = np.tril(a) if lower else np.triu(a)
    return _solve(a, b).astype(out)


def svd(x, full_matrices=True, compute_uv=True):
    (x,), out = _float(x)
    if not compute_uv:
        return np.linalg.svd(x, compute_uv=False).astype(out)
    u, s, vh = np.linalg.svd(x, full_matrices=full_matrices)
    return u.astype(out), s.astype(out), vh.astype(out)
