"""linalg functions of the tensorflow backend."""

import tensorflow as tf

from kc_ops import dtypes
from kc_ops.backends import shared_ops
from kc_ops.backends.tensorflow.core import convert_to_tensor, to_native_dtype


def _float(*xs):
    """The inputs in one float compute dtype, and the dtype to return."""
    xs = [convert_to_tensor(x) for x in xs]
    common = dtypes.result_type(*[dtypes.standardize_dtype(x.dtype) for x in xs])
    out, compute = shared_ops.float_dtypes(common)
    return [tf.cast(x, compute) for x in xs], to_native_dtype(out)


def _eye_like(x):
    n = x.shape[-1] if x.shape[-1] is not None else tf.shape(x)[-1]
    return tf.eye(n, batch_shape=tf.shape(x)[:-2], dtype=x.dtype)


def cholesky(x, upper=False):
    (x,), out = _float(x)
    lower = tf.linalg.cholesky(x)
    return tf.cast(tf.linalg.adjoint(lower) if upper else lower, out)


def cholesky_inverse(x, upper=False):
    (x,), out = _float(x)
    lower = tf.linalg.adjoint(x) if upper else x
    return tf.cast(tf.linalg.cholesky_solve(lower, _eye_like(x)), out)


def det(x):
    (x,), out = _float(x)
    return tf.cast(tf.linalg.det(x), out)


def eig(x):
    (x,), out = _float(x)
    return tf.linalg.eig(x)


def eigh(x):
    (x,), out = _float(x)
    w, v = tf.linalg.eigh(x)
    return tf.cast(w, out), tf.cast(v, out)


def inv(x):
    (x,), out = _float(x)
    return tf.cast(tf.linalg.inv(x), out)


def jvp(fun, primals, tangents, has_aux=False):
    primals = tuple(convert_to_tensor(p) for p in primals)
    tangents = tuple(convert_to_tensor(t) for t in tangents)
    with tf.autodiff.ForwardAccumulator(primals, tangents) as accumulator:
        result = fun(*primals)
    outputs, aux = result if has_aux else (result, None)
    tangents_out = tf.nest.map_structure(
        lambda o: accumulator.jvp(o, unconnected_gradients="zero"), outputs
    )
    return (outputs, tangents_out, aux) if has_aux else (outputs, tangents_out)


def _pinv(x, rcond):
    if rcond is None:
        rcond = shared_ops.default_rcond(x.shape, x.dtype.name)
    return tf.linalg.pinv(x, rcond=rcond)


def lstsq(a, b, rcond=None):
    (a, b), out = _float(a, b)
    # Through the pseudo-inverse: exact for rank-deficient `a`, as numpy's SVD-based lstsq.
    if b.shape.rank == 1:
        return tf.cast((_pinv(a, rcond) @ b[:, None])[:, 0], out)
    return tf.cast(_pinv(a, rcond) @ b, out)


def _permutation_to_pivots(perm, k):
    """LAPACK row-swap pivots from TF's row permutation (x[perm] = L @ U)."""
    n = perm.shape[-1]
    positions = tf.range(n, dtype=perm.dtype)
    current = tf.broadcast_to(positions, tf.shape(perm))  # original row at each position
    pivots = []
    for i in range(k):
        j = tf.argmax(tf.cast(tf.equal(current, perm[..., i:i + 1]), "int32"), axis=-1,
                      output_type=perm.dtype)
        pivots.append(j)
        at_i = current[..., i:i + 1]
        at_j = tf.gather(current, j[..., None], batch_dims=len(perm.shape) - 1)
        current = tf.where(positions == i, at_j, tf.where(positions == j[..., None], at_i,
                                                           current))
    return tf.cast(tf.stack(pivots, axis=-1), "int32")


def lu_factor(x):
    (x,), out = _float(x)
    m, n = x.shape[-2:]
    if m != n:
        raise ValueError(f"ops.lu_factor on tensorflow needs square matrices. Received shape "
                         f"{tuple(x.shape)}.")
    lu, perm = tf.linalg.lu(x)
    return tf.cast(lu, out), _permutation_to_pivots(perm, n)


def matrix_rank(x, tol=None):
    (x,), out = _float(x)
    s = tf.linalg.svd(x, compute_uv=False)
    if tol is None:
        eps = float(tf.experimental.numpy.finfo(x.dtype.as_numpy_dtype).eps)
        tol = tf.reduce_max(s, axis=-1, keepdims=True) * max(x.shape[-2:]) * eps
    else:
        tol = tf.cast(tol, s.dtype)[..., None]
    return tf.reduce_sum(tf.cast(s > tol, "int32"), axis=-1)


def _vector_norm(x, ord, axis, keepdims):
    a = tf.abs(x)
    if ord is None or ord == 2:
        return tf.sqrt(tf.reduce_sum(a * a, axis=axis, keepdims=keepdims))
    if ord == float("inf"):
        return tf.reduce_max(a, axis=axis, keepdims=keepdims)
    if ord == float("-inf"):
        return tf.reduce_min(a, axis=axis, keepdims=keepdims)
    if ord == 0:
        return tf.reduce_sum(tf.cast(a != 0, x.dtype), axis=axis, keepdims=keepdims)
    if ord == 1:
        return tf.reduce_sum(a, axis=axis, keepdims=keepdims)
    return tf.reduce_sum(a**ord, axis=axis, keepdims=keepdims) ** (1.0 / ord)


def _singular_values(x, axes):
    rank = x.shape.rank
    rest = [i for i in range(rank) if i not in axes]
    return tf.linalg.svd(tf.transpose(x, rest + list(axes)), compute_uv=False)


def _restore_dims(result, axes, keepdims):
    if keepdims:
        for axis in sorted(axes):
            result = tf.expand_dims(result, axis)
    return result


def _matrix_norm(x, ord, axes, keepdims):
    row, col = axes
    a = tf.abs(x)
    if ord in (None, "fro"):
        return tf.sqrt(tf.reduce_sum(a * a, axis=axes, keepdims=keepdims))
    if ord in (1, -1, float("inf"), float("-inf")):
        # 1: largest column sum (sum over rows); inf: largest row sum (sum over columns).
        sum_axis, reduce_axis = (row, col) if ord in (1, -1) else (col, row)
        sums = tf.reduce_sum(a, axis=sum_axis, keepdims=True)
        pick = tf.reduce_max if ord in (1, float("inf")) else tf.reduce_min
        result = pick(sums, axis=reduce_axis, keepdims=True)
        return result if keepdims else tf.squeeze(result, axis=axes)
    s = _singular_values(x, axes)
    if ord == "nuc":
        result = tf.reduce_sum(s, axis=-1)
    else:
        result = tf.reduce_max(s, axis=-1) if ord == 2 else tf.reduce_min(s, axis=-1)
    return _restore_dims(result, axes, keepdims)


def norm(x, ord=None, axis=None, keepdims=False):
    (x,), out = _float(x)
    if axis is None:  # ord is None here: the 2-norm of the flattened tensor
        return tf.cast(_vector_norm(x, None, None, keepdims), out)
    if len(axis) == 1:
        return tf.cast(_vector_norm(x, ord, axis, keepdims), out)
    return tf.cast(_matrix_norm(x, ord, tuple(axis), keepdims), out)


def pinv(x, rcond=None):
    (x,), out = _float(x)
    return tf.cast(_pinv(x, rcond), out)


def qr(x, mode="reduced"):
    (x,), out = _float(x)
    q, r = tf.linalg.qr(x, full_matrices=mode == "complete")
    return tf.cast(q, out), tf.cast(r, out)


def solve(a, b):
    (a, b), out = _float(a, b)
    if b.shape.rank == a.shape.rank - 1:
        return tf.cast(tf.linalg.solve(a, b[..., None])[..., 0], out)
    return tf.cast(tf.linalg.solve(a, b), out)


def solve_triangular(a, b, lower=False):
    (a, b), out = _float(a, b)
    vector = b.shape.rank == a.shape.rank - 1
    if vector:
        b = b[..., None]
    x = tf.linalg.triangular_solve(a, b, lower=lower)
    return tf.cast(x[..., 0] if vector else x, out)


def svd(x, full_matrices=True, compute_uv=True):
    (x,), out = _float(x)
    if not compute_uv:
        return tf.cast(tf.linalg.svd(x, compute_uv=False), out)
    s, u, v = tf.linalg.svd(x, full_matrices=full_matrices)
    return tf.cast(u, out), tf.cast(s, out), tf.cast(tf.linalg.adjoint(v), out)
