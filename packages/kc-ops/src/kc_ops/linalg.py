"""`keras.ops.linalg` (also exported at the top level of `keras.ops`).

Output specs of the matrix functions come from shape rules (`_spec_*`): running them on
placeholder zeros would fail for singular inputs.
"""

import numpy as np

from kc_ops.backends import linalg as B
from kc_ops.backends import shared_ops
from kc_ops.keras_tensor import KerasTensor
from kc_ops.operation import symbolic_op


def _shape(x):
    if hasattr(x, "shape"):
        return tuple(x.shape)
    return np.shape(x)


def _check_matrix(name, x, arg="x"):
    shape = _shape(x)
    if len(shape) < 2:
        raise ValueError(
            f"ops.{name} expects `{arg}` to be a matrix or a batch of matrices (rank >= 2). "
            f"Received shape: {shape}"
        )
    return shape


def _check_square(name, x, arg="x"):
    shape = _check_matrix(name, x, arg)
    if None not in shape[-2:] and shape[-1] != shape[-2]:
        raise ValueError(
            f"ops.{name} expects `{arg}` to be square matrices (..., M, M). "
            f"Received shape: {shape}"
        )
    return shape


def _float_dtype(x):
    from kc_ops.core import dtype

    return shared_ops.float_dtypes(dtype(x))[0]


def _complex_dtype(x):
    return shared_ops.complex_dtype(shared_ops.float_dtypes(_float_dtype(x))[1])


def _like(x, shape=None, dtype=None):
    return KerasTensor(x.shape if shape is None else shape, dtype=dtype or _float_dtype(x))


def _square_spec(name):
    def spec(x, *args, **kwargs):
        _check_square(name, x)
        return _like(x)

    return spec


@symbolic_op(spec=_square_spec("cholesky"))
def cholesky(x, upper=False):
    """The Cholesky factor of symmetric positive-definite matrices: lower-triangular L with
    x = L L^H, or upper-triangular U = L^H when `upper`."""
    _check_square("cholesky", x)
    return B.cholesky(x, upper=upper)


@symbolic_op(spec=_square_spec("cholesky_inverse"))
def cholesky_inverse(x, upper=False):
    """The inverse of A = L L^H (or U^H U when `upper`) given its Cholesky factor `x`."""
    _check_square("cholesky_inverse", x)
    return B.cholesky_inverse(x, upper=upper)


def _det_spec(x):
    _check_square("det", x)
    return _like(x, x.shape[:-2])


@symbolic_op(spec=_det_spec)
def det(x):
    _check_square("det", x)
    return B.det(x)


def _eig_spec(x):
    _check_square("eig", x)
    dtype = _complex_dtype(x)
    return _like(x, x.shape[:-1], dtype), _like(x, dtype=dtype)


@symbolic_op(spec=_eig_spec)
def eig(x):
    """Eigenvalues and eigenvectors (complex) of general square matrices: `(w, v)` with
    x @ v[..., :, i] = w[..., i] * v[..., :, i]."""
    _check_square("eig", x)
    return B.eig(x)


def _eigh_spec(x):
    _check_square("eigh", x)
    return _like(x, x.shape[:-1]), _like(x)


@symbolic_op(spec=_eigh_spec)
def eigh(x):
    """Eigenvalues (ascending) and eigenvectors of symmetric / Hermitian matrices."""
    _check_square("eigh", x)
    return B.eigh(x)


@symbolic_op(spec=_square_spec("inv"))
def inv(x):
    _check_square("inv", x)
    return B.inv(x)


def jvp(fun, primals, tangents, has_aux=False):
    """Forward-mode derivative of `fun` at `primals` along `tangents`.

    Returns `(primals_out, tangents_out)`, plus `aux` when `has_aux` (then `fun` returns
    `(output, aux)`).
    """
    if not callable(fun):
        raise TypeError(f"ops.jvp expects a callable `fun`. Received: {fun!r}")
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise TypeError(
            "ops.jvp expects `primals` and `tangents` as tuples or lists (one entry per "
            f"argument of `fun`). Received: {type(primals).__name__} and "
            f"{type(tangents).__name__}"
        )
    if len(primals) != len(tangents):
        raise ValueError(
            f"ops.jvp: `primals` and `tangents` must have the same length. Received "
            f"{len(primals)} and {len(tangents)}."
        )
    return B.jvp(fun, tuple(primals), tuple(tangents), has_aux=has_aux)


def _check_lstsq(a, b):
    a_shape, b_shape = _shape(a), _shape(b)
    if len(a_shape) != 2 or len(b_shape) not in (1, 2):
        raise ValueError(
            "ops.lstsq expects `a` of shape (M, N) and `b` of shape (M,) or (M, K). "
            f"Received: {a_shape} and {b_shape}"
        )
    if None not in (a_shape[0], b_shape[0]) and a_shape[0] != b_shape[0]:
        raise ValueError(
            f"ops.lstsq: `a` and `b` must have the same number of rows. Received shapes "
            f"{a_shape} and {b_shape}."
        )


def _lstsq_spec(a, b, rcond=None):
    _check_lstsq(a, b)
    from kc_ops.dtypes import result_type

    dtype = shared_ops.float_dtypes(result_type(a.dtype, b.dtype))[0]
    return KerasTensor((a.shape[1],) + tuple(b.shape[1:]), dtype=dtype)


@symbolic_op(spec=_lstsq_spec)
def lstsq(a, b, rcond=None):
    """The least-squares solution x minimizing ||a @ x - b||."""
    _check_lstsq(a, b)
    return B.lstsq(a, b, rcond=rcond)


def _lu_spec(x):
    _check_matrix("lu_factor", x)
    m, n = x.shape[-2:]
    k = None if None in (m, n) else min(m, n)
    return _like(x), KerasTensor(x.shape[:-2] + (k,), dtype="int32")


@symbolic_op(spec=_lu_spec)
def lu_factor(x):
    """LU factorization with partial pivoting: `(lu, pivots)` as LAPACK / SciPy give them
    (L below the diagonal with a unit diagonal, U on and above it; row i was swapped with
    row pivots[i], 0-based)."""
    _check_matrix("lu_factor", x)
    return B.lu_factor(x)


def _rank_spec(x, tol=None):
    _check_matrix("matrix_rank", x)
    return KerasTensor(x.shape[:-2], dtype="int32")


@symbolic_op(spec=_rank_spec)
def matrix_rank(x, tol=None):
    """The number of singular values above `tol` (default: max(M, N) * eps * largest)."""
    _check_matrix("matrix_rank", x)
    return B.matrix_rank(x, tol=tol)


_MATRIX_ORDS = (None, "fro", "nuc", np.inf, -np.inf, 1, -1, 2, -2)


def _norm_axes(x, ord, axis):
    ndim = len(_shape(x))
    if axis is None:
        if ord is not None and ndim > 2:
            raise ValueError(
                f"ops.norm: `ord`={ord!r} needs `axis` for a tensor of rank {ndim}: pass one "
                "axis (vector norm) or two (matrix norm)."
            )
        return None if ord is None else tuple(range(ndim))
    axes = (axis,) if isinstance(axis, (int, np.integer)) else axis
    if not isinstance(axes, (tuple, list)) or len(axes) not in (1, 2):
        raise ValueError(
            f"Invalid `axis` for ops.norm: expected an int or a tuple of 1 or 2 ints. "
            f"Received: {axis!r}"
        )
    axes = tuple(shared_ops.check_axis(a, ndim, "norm") for a in axes)
    if len(axes) == 2 and axes[0] == axes[1]:
        raise ValueError(f"Invalid `axis` for ops.norm: the two axes are the same: {axis!r}")
    return axes


def _check_ord(ord, axes):
    if axes is not None and len(axes) == 2:
        if ord not in _MATRIX_ORDS:
            raise ValueError(
                f"Invalid `ord` for a matrix norm: expected one of {_MATRIX_ORDS}. "
                f"Received: {ord!r}"
            )
    elif ord is not None and (isinstance(ord, (str, bool)) or not isinstance(ord, (int, float))):
        raise ValueError(
            f"Invalid `ord` for a vector norm: expected None or a number. Received: {ord!r}"
        )


@symbolic_op
def norm(x, ord=None, axis=None, keepdims=False):
    """Vector or matrix norms, as `numpy.linalg.norm` defines them."""
    axes = _norm_axes(x, ord, axis)
    _check_ord(ord, axes)
    return B.norm(x, ord=ord, axis=axes, keepdims=keepdims)


def _pinv_spec(x, rcond=None):
    _check_matrix("pinv", x)
    return _like(x, x.shape[:-2] + (x.shape[-1], x.shape[-2]))


@symbolic_op(spec=_pinv_spec)
def pinv(x, rcond=None):
    """The Moore-Penrose pseudo-inverse; singular values <= rcond * largest are dropped."""
    _check_matrix("pinv", x)
    return B.pinv(x, rcond=rcond)


def _check_qr_mode(mode):
    if mode not in ("reduced", "complete"):
        raise ValueError(
            f"Invalid `mode` for ops.qr: expected 'reduced' or 'complete'. Received: {mode!r}"
        )


def _qr_spec(x, mode="reduced"):
    _check_matrix("qr", x)
    _check_qr_mode(mode)
    m, n = x.shape[-2:]
    k = m if mode == "complete" else (None if None in (m, n) else min(m, n))
    batch = x.shape[:-2]
    return _like(x, batch + (m, k)), _like(x, batch + (k, n))


@symbolic_op(spec=_qr_spec)
def qr(x, mode="reduced"):
    """QR decomposition: `(q, r)` with orthonormal q and upper-triangular r."""
    _check_matrix("qr", x)
    _check_qr_mode(mode)
    return B.qr(x, mode=mode)


def _check_solve(name, a, b):
    a_shape = _check_square(name, a, "a")
    b_shape = _shape(b)
    vector = len(b_shape) == len(a_shape) - 1
    rows = None
    if vector or len(b_shape) >= 2:
        rows = b_shape[-1] if vector else b_shape[-2]
    if not (vector or len(b_shape) >= 2) or None not in (rows, a_shape[-1]) and \
            rows != a_shape[-1]:
        raise ValueError(
            f"ops.{name}: `b` must have shape (..., M) or (..., M, K) matching `a` of shape "
            f"{a_shape}. Received: {b_shape}"
        )


def _solve_spec(name):
    def spec(a, b, *args, **kwargs):
        _check_solve(name, a, b)
        from kc_ops.dtypes import result_type

        dtype = shared_ops.float_dtypes(result_type(a.dtype, b.dtype))[0]
        return KerasTensor(b.shape, dtype=dtype)

    return spec


@symbolic_op(spec=_solve_spec("solve"))
def solve(a, b):
    """x with a @ x = b; `b` is a (batch of) vector(s) when b.ndim == a.ndim - 1."""
    _check_solve("solve", a, b)
    return B.solve(a, b)


@symbolic_op(spec=_solve_spec("solve_triangular"))
def solve_triangular(a, b, lower=False):
    """x with a @ x = b, reading only the lower (or upper) triangle of `a`."""
    _check_solve("solve_triangular", a, b)
    return B.solve_triangular(a, b, lower=lower)


def _svd_spec(x, full_matrices=True, compute_uv=True):
    _check_matrix("svd", x)
    m, n = x.shape[-2:]
    k = None if None in (m, n) else min(m, n)
    batch = x.shape[:-2]
    s = _like(x, batch + (k,))
    if not compute_uv:
        return s
    if full_matrices:
        return _like(x, batch + (m, m)), s, _like(x, batch + (n, n))
    return _like(x, batch + (m, k)), s, _like(x, batch + (k, n))


@symbolic_op(spec=_svd_spec)
def svd(x, full_matrices=True, compute_uv=True):
    """Singular value decomposition: `(u, s, vh)` with x = u @ diag(s) @ vh, or only `s`."""
    _check_matrix("svd", x)
    return B.svd(x, full_matrices=full_matrices, compute_uv=compute_uv)


__all__ = [
    "cholesky", "cholesky_inverse", "det", "eig", "eigh", "inv", "jvp", "lstsq", "lu_factor",
    "matrix_rank", "norm", "pinv", "qr", "solve", "solve_triangular", "svd",
]
