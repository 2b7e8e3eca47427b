"""linalg functions of the jax backend."""

import jax
import jax.numpy as jnp

from kc_ops import dtypes
from kc_ops.backends import shared_ops
from kc_ops.backends.jax.core import convert_to_tensor


def _float(*xs):
    """The inputs in one float compute dtype, and the dtype to return."""
    xs = [convert_to_tensor(x) for x in xs]
    out, compute = shared_ops.float_dtypes(dtypes.result_type(*[x.dtype for x in xs]))
    return [x.astype(compute) for x in xs], out


def _t(x):
    return jnp.conj(jnp.swapaxes(x, -1, -2))


def cholesky(x, upper=False):
    (x,), out = _float(x)
    lower = jnp.linalg.cholesky(x)
    return (_t(lower) if upper else lower).astype(out)


def cholesky_inverse(x, upper=False):
    (x,), out = _float(x)
    lower = _t(x) if upper else x
    eye = jnp.broadcast_to(jnp.eye(x.shape[-1], dtype=x.dtype), x.shape)
    return jax.scipy.linalg.cho_solve((lower, True), eye).astype(out)


def det(x):
    (x,), out = _float(x)
    return jnp.linalg.det(x).astype(out)


def eig(x):
    (x,), out = _float(x)
    complex_dtype = shared_ops.complex_dtype(str(x.dtype))
    w, v = jnp.linalg.eig(x)
    return w.astype(complex_dtype), v.astype(complex_dtype)


def eigh(x):
    (x,), out = _float(x)
    w, v = jnp.linalg.eigh(x)
    return w.astype(out), v.astype(out)


def inv(x):
    (x,), out = _float(x)
    return jnp.linalg.inv(x).astype(out)


def jvp(fun, primals, tangents, has_aux=False):
    return jax.jvp(fun, primals, tangents, has_aux=has_aux)


def lstsq(a, b, rcond=None):
    (a, b), out = _float(a, b)
    if rcond is None:
        rcond = shared_ops.default_rcond(a.shape, str(a.dtype))
    return jnp.linalg.lstsq(a, b, rcond=rcond)[0].astype(out)


def lu_factor(x):
    (x,), out = _float(x)
    lu, pivots = jax.scipy.linalg.lu_factor(x)
    return lu.astype(out), pivots.astype("int32")


def matrix_rank(x, tol=None):
    (x,), out = _float(x)
    s = jnp.linalg.svd(x, compute_uv=False)
    if tol is None:
        tol = s.max(axis=-1, keepdims=True) * max(x.shape[-2:]) * jnp.finfo(x.dtype).eps
    else:
        tol = jnp.asarray(tol)[..., None]
    return jnp.sum(s > tol, axis=-1).astype("int32")


def norm(x, ord=None, axis=None, keepdims=False):
    (x,), out = _float(x)
    return jnp.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims).astype(out)


def pinv(x, rcond=None):
    (x,), out = _float(x)
    if rcond is None:
        rcond = shared_ops.default_rcond(x.shape, str(x.dtype))
    return jnp.linalg.pinv(x, rtol=rcond).astype(out)


def qr(x, mode="reduced"):
    (x,), out = _float(x)
    q, r = jnp.linalg.qr(x, mode=mode)
    return q.astype(out), r.astype(out)


def solve(a, b):
    (a, b), out = _float(a, b)
    if b.ndim == a.ndim - 1:
        return jnp.linalg.solve(a, b[..., None])[..., 0].astype(out)
    return jnp.linalg.solve(a, b).astype(out)


def solve_triangular(a, b, lower=False):
    (a, b), out = _float(a, b)
    if b.ndim == a.ndim - 1:
        b = b[..., None]
        return jax.scipy.linalg.solve_triangular(a, b, lower=lower)[..., 0].astype(out)
    return jax.scipy.linalg.solve_triangular(a, b, lower=lower).astype(out)


def svd(x, full_matrices=True, compute_uv=True):
    (x,), out = _float(x)
    if not compute_uv:
        return jnp.linalg.svd(x, compute_uv=False).astype(out)
    u, s, vh = jnp.linalg.svd(x, full_matrices=full_matrices)
    return u.astype(out), s.astype(out), vh.astype(out)
