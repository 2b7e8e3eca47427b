"""linalg functions of the torch backend."""

import torch

from kc_ops import dtypes
from kc_ops.backends import shared_ops
from kc_ops.backends.torch.core import convert_to_tensor, to_native_dtype


def _float(*xs):
    """The inputs in one float compute dtype, and the dtype to return."""
    xs = [convert_to_tensor(x) for x in xs]
    common = dtypes.result_type(*[dtypes.standardize_dtype(x.dtype) for x in xs])
    out, compute = shared_ops.float_dtypes(common)
    compute = to_native_dtype(compute)
    return [x.to(compute) for x in xs], to_native_dtype(out)


def _name(dtype):
    return dtypes.standardize_dtype(dtype)


def cholesky(x, upper=False):
    (x,), out = _float(x)
    return torch.linalg.cholesky(x, upper=upper).to(out)


def cholesky_inverse(x, upper=False):
    (x,), out = _float(x)
    return torch.cholesky_inverse(x, upper=upper).to(out)


def det(x):
    (x,), out = _float(x)
    return torch.linalg.det(x).to(out)


def eig(x):
    (x,), out = _float(x)
    w, v = torch.linalg.eig(x)
    complex_dtype = to_native_dtype(shared_ops.complex_dtype(_name(x.dtype)))
    return w.to(complex_dtype), v.to(complex_dtype)


def eigh(x):
    (x,), out = _float(x)
    w, v = torch.linalg.eigh(x)
    return w.to(out), v.to(out)


def inv(x):
    (x,), out = _float(x)
    return torch.linalg.inv(x).to(out)


def jvp(fun, primals, tangents, has_aux=False):
    primals = tuple(convert_to_tensor(p) for p in primals)
    tangents = tuple(convert_to_tensor(t) for t in tangents)
    return torch.func.jvp(fun, primals, tangents, has_aux=has_aux)


def _pinv(x, rcond):
    if rcond is None:
        rcond = shared_ops.default_rcond(x.shape, _name(x.dtype))
    return torch.linalg.pinv(x, rtol=rcond)


def lstsq(a, b, rcond=None):
    (a, b), out = _float(a, b)
    # Through the pseudo-inverse: exact for rank-deficient `a`, as numpy's SVD-based lstsq.
    if b.ndim == 1:
        return (_pinv(a, rcond) @ b[:, None])[:, 0].to(out)
    return (_pinv(a, rcond) @ b).to(out)


def lu_factor(x):
    (x,), out = _float(x)
    lu, pivots = torch.linalg.lu_factor(x)
    return lu.to(out), (pivots - 1).to(torch.int32)  # torch counts pivots from 1


def matrix_rank(x, tol=None):
    (x,), out = _float(x)
    s = torch.linalg.svdvals(x)
    if tol is None:
        eps = torch.finfo(x.dtype).eps
        tol = s.amax(dim=-1, keepdim=True) * max(x.shape[-2:]) * eps
    else:
        tol = torch.as_tensor(tol, dtype=s.dtype, device=s.device)[..., None]
    return torch.sum(s > tol, dim=-1).to(torch.int32)


def norm(x, ord=None, axis=None, keepdims=False):
    (x,), out = _float(x)
    if axis is None and ord is None:
        return torch.linalg.vector_norm(x, 2, keepdim=keepdims).to(out)
    if axis is not None and len(axis) == 1:
        o = 2 if ord is None else ord
        return torch.linalg.vector_norm(x, o, dim=axis, keepdim=keepdims).to(out)
    o = "fro" if ord is None else ord
    return torch.linalg.matrix_norm(x, o, dim=axis, keepdim=keepdims).to(out)


def pinv(x, rcond=None):
    (x,), out = _float(x)
    return _pinv(x, rcond).to(out)


def qr(x, mode="reduced"):
    (x,), out = _float(x)
    q, r = torch.linalg.qr(x, mode=mode)
    return q.to(out), r.to(out)


def solve(a, b):
    (a, b), out = _float(a, b)
    if b.ndim == a.ndim - 1:
        return torch.linalg.solve(a, b[..., None])[..., 0].to(out)
    return torch.linalg.solve(a, b).to(out)


def solve_triangular(a, b, lower=False):
    (a, b), out = _float(a, b)
    vector = b.ndim == a.ndim - 1
    if vector:
        b = b[..., None]
    x = torch.linalg.solve_triangular(a, b, upper=not lower)
    return (x[..., 0] if vector else x).to(out)


def svd(x, full_matrices=True, compute_uv=True):
    (x,), out = _float(x)
    if not compute_uv:
        return torch.linalg.svdvals(x).to(out)
    u, s, vh = torch.linalg.svd(x, full_matrices=full_matrices)
    return u.to(out), s.to(out), vh.to(out)
