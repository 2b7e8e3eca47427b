"""keras.ops.numpy array ops (reductions, shapes, indexing, products...) against NumPy."""

import kc_ops
import numpy as np
import pytest
from kc_ops import numpy as knp

BACKEND = kc_ops.backend()
RNG = np.random.default_rng(0)
F = RNG.standard_normal((2, 3, 4)).astype("float32")
INT = RNG.integers(-5, 6, (2, 3, 4)).astype("int32")
M = RNG.standard_normal((3, 3)).astype("float32")


def to_np(x):
    return kc_ops.convert_to_numpy(x)


def check(result, expected, rtol=1e-5, atol=1e-5):
    result = to_np(result)
    assert result.shape == np.shape(expected), f"shape {result.shape} != {np.shape(expected)}"
    np.testing.assert_allclose(result, expected, rtol=rtol, atol=atol)


# --- reductions -------------------------------------------------------------------------

REDUCTIONS = [
    "sum",
    "prod",
    "mean",
    "std",
    "var",
    "max",
    "min",
    "amax",
    "amin",
    "all",
    "any",
    "median",
    "ptp",
    "count_nonzero",
]


@pytest.mark.parametrize("name", REDUCTIONS)
@pytest.mark.parametrize("axis, keepdims", [(None, False), (-1, True), ((0, 2), False)])
def test_reductions_float(name, axis, keepdims):
    if name == "count_nonzero":
        if keepdims:
            return
        check(knp.count_nonzero(INT, axis=axis), np.count_nonzero(INT, axis=axis))
        return
    x = F if name not in ("all", "any") else F > 0
    expected = getattr(np, name)(x, axis=axis, keepdims=keepdims)
    check(getattr(knp, name)(x, axis=axis, keepdims=keepdims), expected, rtol=1e-4)


@pytest.mark.parametrize("name", ["sum", "prod", "max", "min", "mean", "ptp"])
def test_reductions_int(name):
    check(getattr(knp, name)(INT, axis=1), getattr(np, name)(INT, axis=1))


def test_reduction_dtypes():
    assert kc_ops.dtype(knp.mean(INT)) == "float32"
    assert kc_ops.dtype(knp.sum(F > 0)) == "int32"
    assert kc_ops.dtype(knp.sum(INT.astype("int8"))) == "int32"
    assert kc_ops.dtype(knp.sum(INT.astype("uint8"))) == "uint32"
    assert kc_ops.dtype(knp.argmax(F)) == "int32"
    assert kc_ops.dtype(knp.max(INT)) == "int32"
    assert kc_ops.dtype(knp.median(INT)) == "float32"
    assert kc_ops.dtype(knp.var(F.astype("float16"))) == "float16"
    assert kc_ops.dtype(knp.cumsum(F > 0)) == "int32"


def test_bool_inputs():
    b = F[0] > 0
    check(knp.argmax(b, axis=1), np.argmax(b, axis=1))
    check(knp.argmin(b), np.argmin(b))
    check(knp.sort(b, axis=1), np.sort(b, axis=1))
    check(knp.cumsum(b, axis=1), np.cumsum(b, axis=1))
    check(knp.max(b, axis=0), np.max(b, axis=0))
    check(knp.mean(b), np.mean(b))
    assert kc_ops.dtype(knp.prod(b)) == "int32"
    assert kc_ops.dtype(knp.concatenate([b, INT[0]])) == "int32"


@pytest.mark.parametrize("axis", [None, 0, 2])
@pytest.mark.parametrize("keepdims", [False, True])
def test_argmax_argmin(axis, keepdims):
    check(knp.argmax(F, axis=axis, keepdims=keepdims), np.argmax(F, axis=axis, keepdims=keepdims))
    check(
        knp.argmin(INT, axis=axis, keepdims=keepdims), np.argmin(INT, axis=axis, keepdims=keepdims)
    )


def test_max_initial_and_average():
    check(knp.max(F, axis=0, initial=0.5), np.max(F, axis=0, initial=0.5))
    check(knp.min(INT, initial=-2), np.min(INT, initial=-2))
    w = np.array([1.0, 2.0, 3.0, 4.0], "float32")
    check(knp.average(F, axis=2, weights=w), np.average(F, axis=2, weights=w))
    check(knp.average(INT), np.average(INT))


NAN = F.copy()
NAN[0, 1, 2] = np.nan
NAN[1, 0, :] = np.nan


@pytest.mark.parametrize(
    "name", ["nansum", "nanprod", "nanmean", "nanstd", "nanvar", "nanmax", "nanmin", "nanmedian"]
)
@pytest.mark.parametrize("axis", [None, (0, 2)])
def test_nan_reductions(name, axis):
    with _no_warn():
        expected = getattr(np, name)(NAN, axis=axis)
    check(getattr(knp, name)(NAN, axis=axis), expected, rtol=1e-4)


class _no_warn:
    def __enter__(self):
        import warnings

        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc):
        return self._ctx.__exit__(*exc)


def test_nan_arg_and_cumulative():
    x = np.array([[1.0, np.nan, 3.0], [np.nan, -2.0, 0.5]], "float32")
    check(knp.nanargmax(x, axis=1), np.nanargmax(x, axis=1))
    check(knp.nanargmin(x, axis=1), np.nanargmin(x, axis=1))
    check(knp.nancumsum(x, axis=1), np.nancumsum(x, axis=1))
    check(knp.nancumprod(x), np.nancumprod(x))


@pytest.mark.parametrize(
    "method, axis",
    [
        ("linear", None),
        ("linear", (0, 2)),
        ("lower", 1),
        ("higher", 1),
        ("midpoint", 1),
        ("nearest", 1),
    ],
)
def test_quantile(method, axis):
    q = [0.1, 0.5, 0.9]
    check(knp.quantile(F, q, axis=axis, method=method), np.quantile(F, q, axis=axis, method=method))
    check(
        knp.quantile(F, 0.3, axis=axis, method=method, keepdims=True),
        np.quantile(F, 0.3, axis=axis, method=method, keepdims=True),
    )
    check(
        knp.percentile(INT, 40, axis=axis, method=method),
        np.percentile(INT, 40, axis=axis, method=method),
    )
    with _no_warn():
        expected = np.nanquantile(NAN, q, axis=axis, method=method)
    check(knp.nanquantile(NAN, q, axis=axis, method=method), expected)
    check(
        knp.nanpercentile(NAN, 75.0, axis=axis, method=method),
        np.nanpercentile(NAN, 75.0, axis=axis, method=method),
    )


def test_quantile_nan_propagates():
    check(knp.quantile(NAN, 0.5, axis=2), np.quantile(NAN, 0.5, axis=2))
    check(knp.median(NAN[0], axis=1), np.median(NAN[0], axis=1))


# --- cumulative -------------------------------------------------------------------------


@pytest.mark.parametrize("axis", [None, 0, -1])
def test_cumulative(axis):
    check(knp.cumsum(INT, axis=axis), np.cumsum(INT, axis=axis))
    check(knp.cumprod(F, axis=axis), np.cumprod(F, axis=axis), rtol=1e-4)
    assert kc_ops.dtype(knp.cumsum(INT, axis=axis, dtype="float32")) == "float32"


# --- shapes -----------------------------------------------------------------------------


def test_shape_ops():
    check(knp.reshape(F, (4, -1)), F.reshape(4, -1))
    check(knp.reshape(F, -1), F.reshape(-1))
    check(knp.transpose(F), F.T)
    check(knp.transpose(F, (1, 0, 2)), F.transpose(1, 0, 2))
    check(knp.expand_dims(F, 1), np.expand_dims(F, 1))
    check(knp.expand_dims(F, (0, -1)), np.expand_dims(F, (0, -1)))
    check(knp.squeeze(F[:1, :, :1]), np.squeeze(F[:1, :, :1]))
    check(knp.squeeze(F[:1], axis=0), F[0])
    check(knp.moveaxis(F, 0, -1), np.moveaxis(F, 0, -1))
    check(knp.swapaxes(F, 0, 2), np.swapaxes(F, 0, 2))
    check(knp.ravel(F), F.ravel())
    check(knp.broadcast_to(M[0], (2, 3)), np.broadcast_to(M[0], (2, 3)))
    check(knp.tile(M, (2, 1)), np.tile(M, (2, 1)))
    check(knp.tile(M[0], (2, 2)), np.tile(M[0], (2, 2)))
    check(knp.repeat(M, 2, axis=0), np.repeat(M, 2, axis=0))
    check(knp.repeat(M, [1, 0, 2], axis=1), np.repeat(M, [1, 0, 2], axis=1))
    check(knp.repeat(M, 2), np.repeat(M, 2))


def test_flips_and_rolls():
    for axis in (None, 0, (0, 2)):
        check(knp.flip(F, axis=axis), np.flip(F, axis=axis))
    check(knp.fliplr(M), np.fliplr(M))
    check(knp.flipud(M), np.flipud(M))
    for k in (0, 1, 2, 3, -1):
        check(knp.rot90(F, k=k), np.rot90(F, k=k))
        check(knp.rot90(F, k=k, axes=(2, 0)), np.rot90(F, k=k, axes=(2, 0)))
    check(knp.roll(F, 2), np.roll(F, 2))
    check(knp.roll(F, -1, axis=1), np.roll(F, -1, axis=1))


def test_join_and_split():
    check(knp.concatenate([M, INT[0, :, :3]], axis=1), np.concatenate([M, INT[0, :, :3]], axis=1))
    assert kc_ops.dtype(knp.concatenate([INT, F])) == "float32"
    check(knp.stack([M, M], axis=1), np.stack([M, M], axis=1))
    check(knp.hstack([M, M]), np.hstack([M, M]))
    check(knp.vstack([M, M[0]]), np.vstack([M, M[0]]))
    check(knp.dstack([M, M]), np.dstack([M, M]))
    check(knp.dstack([M[0], M[1]]), np.dstack([M[0], M[1]]))
    check(knp.append(M, M[0]), np.append(M, M[0]))
    check(knp.append(M, M, axis=0), np.append(M, M, axis=0))
    x = np.arange(24.0).reshape(2, 6, 2)
    for ours, ref in zip(knp.split(x, 3, axis=1), np.split(x, 3, axis=1)):
        check(ours, ref)
    for ours, ref in zip(knp.split(x, [1, 4], axis=1), np.split(x, [1, 4], axis=1)):
        check(ours, ref)
    for ours, ref in zip(knp.array_split(x, 4, axis=1), np.array_split(x, 4, axis=1)):
        check(ours, ref)
    for fn, ref in ((knp.hsplit, np.hsplit), (knp.vsplit, np.vsplit), (knp.dsplit, np.dsplit)):
        for ours, expected in zip(fn(x, 2), ref(x, 2)):
            check(ours, expected)


@pytest.mark.parametrize("mode", ["constant", "reflect", "symmetric", "edge", "wrap"])
def test_pad(mode):
    widths = [(1, 2), (2, 1)]
    check(knp.pad(M, widths, mode=mode), np.pad(M, widths, mode=mode))
    check(knp.pad(INT[0], 1, mode=mode), np.pad(INT[0], 1, mode=mode))


def test_pad_constant_values():
    check(
        knp.pad(M, [(1, 0), (0, 2)], constant_values=3.0),
        np.pad(M, [(1, 0), (0, 2)], constant_values=3.0),
    )


# --- indexing ---------------------------------------------------------------------------


def test_take_and_take_along_axis():
    check(knp.take(F, [0, 2, -1], axis=2), np.take(F, [0, 2, -1], axis=2))
    check(knp.take(F, np.array([[1, 0], [3, 3]]), axis=None), np.take(F, [[1, 0], [3, 3]]))
    check(knp.take(F, np.array([[1, 0]]), axis=1), np.take(F, [[1, 0]], axis=1))
    idx = np.argsort(F, axis=1)
    check(knp.take_along_axis(F, idx, axis=1), np.take_along_axis(F, idx, axis=1))
    check(knp.get_item(F, (0, slice(1, 3))), F[0, 1:3])


def test_nonzero_diag_trace():
    for ours, ref in zip(knp.nonzero(INT[0]), np.nonzero(INT[0])):
        check(ours, ref)
    check(knp.diagonal(F, offset=1, axis1=1, axis2=2), np.diagonal(F, offset=1, axis1=1, axis2=2))
    check(knp.diag(M, k=-1), np.diag(M, k=-1))
    check(knp.diag(M[0], k=1), np.diag(M[0], k=1))
    check(knp.diagflat(M[:2, :2], k=1), np.diagflat(M[:2, :2], k=1))
    check(knp.trace(F, axis1=1, axis2=2), np.trace(F, axis1=1, axis2=2))
    check(knp.trace(INT[0], offset=1), np.trace(INT[0], offset=1))


@pytest.mark.parametrize("axis", [0, -1])
def test_sort_argsort_argpartition(axis):
    check(knp.sort(F, axis=axis), np.sort(F, axis=axis))
    check(knp.argsort(F, axis=axis), np.argsort(F, axis=axis, kind="stable"))
    check(knp.sort(INT, axis=axis), np.sort(INT, axis=axis))
    part = to_np(knp.argpartition(F, 1, axis=axis))
    values = np.take_along_axis(F, part, axis=axis)
    kth = np.take(values, [1], axis=axis)
    assert np.all(np.take(values, [0], axis=axis) <= kth)
    np.testing.assert_allclose(kth, np.take(np.sort(F, axis=axis), [1], axis=axis))


def test_searchsorted_digitize():
    seq = np.array([1.0, 2.0, 2.0, 5.0], "float32")
    values = np.array([[0.0, 2.0], [3.0, 6.0]], "float32")
    for side in ("left", "right"):
        check(knp.searchsorted(seq, values, side=side), np.searchsorted(seq, values, side=side))
    check(knp.digitize(values, seq), np.digitize(values, seq))
    assert kc_ops.dtype(knp.searchsorted(seq, values)) == "int32"


def test_unique():
    x = np.array([3, 1, 1, 2, 3, 3], "int32")
    values, index, inverse, counts = knp.unique(
        x, return_index=True, return_inverse=True, return_counts=True
    )
    ref = np.unique(x, return_index=True, return_inverse=True, return_counts=True)
    for ours, expected in zip((values, index, inverse, counts), ref):
        check(ours, expected)
    check(knp.unique(x), np.unique(x))
    padded, counts = knp.unique(x, size=5, fill_value=-1, return_counts=True)
    check(padded, [1, 2, 3, -1, -1])
    check(counts, [2, 1, 3, 0, 0])
    rows = np.array([[2, 1], [0, 5], [2, 1]], "int32")
    values, inverse = knp.unique(rows, axis=0, return_inverse=True)
    ref_values, ref_inverse = np.unique(rows, axis=0, return_inverse=True)
    check(values, ref_values)
    check(inverse, ref_inverse.reshape(-1))


def test_bincount_histogram_isin_select():
    x = np.array([0, 1, 1, 4], "int32")
    check(knp.bincount(x), np.bincount(x))
    w = np.array([0.5, 1.0, 2.0, 1.5], "float32")
    check(knp.bincount(x, weights=w, minlength=7), np.bincount(x, weights=w, minlength=7))
    assert kc_ops.dtype(knp.bincount(x, weights=w)) == "float32"
    check(knp.bincount(np.array([[0, 2], [1, 1]], "int32"), minlength=3), [[1, 0, 1], [0, 2, 0]])
    data = np.array([0.1, 0.35, 0.5, 0.52, 0.9, 1.7], "float32")
    counts, edges = knp.histogram(data, bins=4)
    ref_counts, ref_edges = np.histogram(data, bins=4)
    check(counts, ref_counts)
    check(edges, ref_edges)
    counts, edges = knp.histogram(data, bins=3, range=(0.0, 1.0))
    check(counts, np.histogram(data, bins=3, range=(0.0, 1.0))[0])
    check(knp.isin(INT, [1, 2, -3]), np.isin(INT, [1, 2, -3]))
    check(knp.isin(INT, [1, 2], invert=True), np.isin(INT, [1, 2], invert=True))
    conds = [M > 0.5, M < -0.5]
    check(knp.select(conds, [M, -M], default=9.0), np.select(conds, [M, -M], default=9.0))


def test_unravel_index():
    idx = np.array([0, 5, 11], "int32")
    for ours, ref in zip(knp.unravel_index(idx, (3, 4)), np.unravel_index(idx, (3, 4))):
        check(ours, ref)


# --- products ---------------------------------------------------------------------------


def test_matmul_and_friends():
    a = RNG.standard_normal((2, 3, 4)).astype("float32")
    b = RNG.standard_normal((4, 5)).astype("float32")
    check(knp.matmul(a, b), a @ b, rtol=1e-4)
    check(knp.matmul(b[:, 0], b), b[:, 0] @ b, rtol=1e-4)
    check(knp.dot(M, M[0]), np.dot(M, M[0]), rtol=1e-4)
    check(knp.dot(a, b), np.dot(a, b), rtol=1e-4)
    check(knp.vdot(M, M), np.vdot(M, M), rtol=1e-4)
    check(knp.inner(M, M), np.inner(M, M), rtol=1e-4)
    check(knp.outer(M[0], M[1]), np.outer(M[0], M[1]))
    check(knp.tensordot(a, b, axes=1), np.tensordot(a, b, axes=1), rtol=1e-4)
    check(
        knp.tensordot(a, a, axes=([1, 2], [1, 2])),
        np.tensordot(a, a, axes=([1, 2], [1, 2])),
        rtol=1e-4,
    )
    check(knp.einsum("bij,jk->bik", a, b), np.einsum("bij,jk->bik", a, b), rtol=1e-4)
    check(knp.einsum("ii", M), np.einsum("ii", M), rtol=1e-4)
    check(knp.kron(M[:2, :2], INT[0, :2, :3]), np.kron(M[:2, :2], INT[0, :2, :3]), rtol=1e-5)
    check(knp.kron(M[0], M[:2]), np.kron(M[0], M[:2]))


def test_product_dtypes():
    i8 = INT[0].astype("int8")
    assert kc_ops.dtype(knp.matmul(i8, i8.T)) == "int32"
    check(knp.matmul(i8, i8.T), INT[0] @ INT[0].T)
    assert kc_ops.dtype(knp.matmul(INT[0], F[0].T)) == "float32"
    assert kc_ops.dtype(knp.matmul(INT[0], INT[0].T)) == "int32"
    assert kc_ops.dtype(knp.einsum("ij,jk->ik", INT[0], F[0].T)) == "float32"
    assert kc_ops.dtype(knp.einsum("ij,jk->ik", INT[0], INT[0].T)) == "int32"
    check(knp.einsum("ij,jk->ik", INT[0], INT[0].T), INT[0] @ INT[0].T)
    assert kc_ops.dtype(knp.einsum("ij,jk->ik", i8, i8.T)) == "int32"
    check(knp.einsum("ij,jk->ik", i8, i8.T), INT[0] @ INT[0].T)
    assert kc_ops.dtype(knp.einsum("i,i->", i8[0], INT[0, 0].astype("int16"))) == "int16"


@pytest.mark.parametrize("axis", [None, 0])
def test_cross(axis):
    a = RNG.standard_normal((3, 3)).astype("float32")
    b = RNG.standard_normal((3, 3)).astype("float32")
    if axis is None:
        check(knp.cross(a, b), np.cross(a, b), rtol=1e-4)
        check(knp.cross(a[:, :2], b), np.cross(a[:, :2], b), rtol=1e-4)
        check(knp.cross(a[:, :2], b[:, :2]), np.cross(a[:, :2], b[:, :2]), rtol=1e-4)
    else:
        check(knp.cross(a, b, axis=0), np.cross(a, b, axis=0), rtol=1e-4)


def test_diff_trapezoid():
    check(knp.diff(F, axis=1), np.diff(F, axis=1))
    check(knp.diff(INT, n=2), np.diff(INT, n=2))
    check(knp.diff(F > 0), np.diff(F > 0))
    check(knp.trapezoid(F), np.trapezoid(F), rtol=1e-5)
    check(knp.trapezoid(F, dx=0.5, axis=0), np.trapezoid(F, dx=0.5, axis=0), rtol=1e-5)
    xs = np.array([0.0, 0.5, 2.0, 3.0], "float32")
    check(knp.trapezoid(F, x=xs), np.trapezoid(F, x=xs), rtol=1e-5)


@pytest.mark.parametrize("mode", ["valid", "same", "full"])
def test_correlate(mode):
    a = np.array([1.0, 2.0, -1.0, 3.0, 0.5], "float32")
    v = np.array([0.5, -1.0, 2.0], "float32")
    check(knp.correlate(a, v, mode=mode), np.correlate(a, v, mode=mode))
    check(knp.correlate(v, a, mode=mode), np.correlate(v, a, mode=mode))
    check(knp.correlate(a, v[:2], mode=mode), np.correlate(a, v[:2], mode=mode))


def test_corrcoef_slogdet():
    x = RNG.standard_normal((3, 6)).astype("float32")
    check(knp.corrcoef(x), np.corrcoef(x), rtol=1e-4, atol=1e-5)
    sign, logdet = knp.slogdet(M)
    ref_sign, ref_logdet = np.linalg.slogdet(M)
    check(sign, ref_sign)
    check(logdet, ref_logdet, rtol=1e-4)


def test_view_and_vectorize():
    x = np.array([1.0, -2.0], "float32")
    check(knp.view(x, "int32"), x.view("int32"))
    check(knp.view(x, "int8"), x.view("int8"))
    check(knp.view(x), x)
    squared_norm = knp.vectorize(lambda v: knp.sum(v * v), signature="(n)->()")
    check(squared_norm(M), np.sum(M * M, axis=1), rtol=1e-5)
    add = knp.vectorize(lambda a, b: a + b)
    check(add(M, M[0]), M + M[0])
    branchy = knp.vectorize(lambda a, b: a - b if a > b else a + b)
    check(branchy([1, 2, 3, 4], 2), [3, 4, 1, 2])
    scaled = knp.vectorize(lambda v, factor: v * factor, excluded={1}, signature="(n)->(n)")
    check(scaled(M, 2.0), M * 2.0)


# --- symbolic shapes --------------------------------------------------------------------

KT = kc_ops.KerasTensor
SYMBOLIC = [
    (lambda x: knp.reshape(x, (-1,)), (None,)),
    (lambda x: knp.reshape(x, (-1, 12)), (None, 12)),
    (lambda x: knp.transpose(x), (4, 3, None)),
    (lambda x: knp.transpose(x, (1, 0, 2)), (3, None, 4)),
    (lambda x: knp.expand_dims(x, 1), (None, 1, 3, 4)),
    (lambda x: knp.squeeze(knp.expand_dims(x, -1), -1), (None, 3, 4)),
    (lambda x: knp.concatenate([x, x], axis=0), (None, 3, 4)),
    (lambda x: knp.concatenate([x, x], axis=2), (None, 3, 8)),
    (lambda x: knp.stack([x, x], axis=1), (None, 2, 3, 4)),
    (lambda x: knp.sum(x, axis=1), (None, 4)),
    (lambda x: knp.mean(x, axis=(1, 2), keepdims=True), (None, 1, 1)),
    (lambda x: knp.max(x, axis=0), (3, 4)),
    (lambda x: knp.argmax(x, axis=-1), (None, 3)),
    (lambda x: knp.std(x), ()),
    (lambda x: knp.einsum("bij,jk->bik", x, KT((4, 5))), (None, 3, 5)),
    (lambda x: knp.matmul(x, KT((4, 6))), (None, 3, 6)),
    (lambda x: knp.matmul(KT((2, None, 5, 3)), x), (2, None, 5, 4)),
    (lambda x: knp.take(x, [0, 2], axis=1), (None, 2, 4)),
    (lambda x: knp.take_along_axis(x, knp.argsort(x, axis=1), axis=1), (None, 3, 4)),
    (lambda x: knp.sort(x, axis=0), (None, 3, 4)),
    (lambda x: knp.cumsum(x, axis=1), (None, 3, 4)),
    (lambda x: knp.moveaxis(x, 0, -1), (3, 4, None)),
    (lambda x: knp.swapaxes(x, 0, 1), (3, None, 4)),
    (lambda x: knp.flip(x, 1), (None, 3, 4)),
    (lambda x: knp.roll(x, 1, axis=2), (None, 3, 4)),
    (lambda x: knp.tile(x, (1, 2, 1)), (None, 6, 4)),
    (lambda x: knp.repeat(x, 2, axis=2), (None, 3, 8)),
    (lambda x: knp.pad(x, [(0, 0), (1, 1), (2, 0)]), (None, 5, 6)),
    (lambda x: knp.tensordot(x, KT((4, 2)), axes=1), (None, 3, 2)),
    (lambda x: knp.quantile(x, [0.2, 0.8], axis=1), (2, None, 4)),
    (lambda x: knp.nanmean(x, axis=2), (None, 3)),
    (lambda x: knp.diff(x, axis=1), (None, 2, 4)),
    (lambda x: knp.split(x, 2, axis=2)[1], (None, 3, 2)),
    (lambda x: knp.split(x, 2, axis=0)[1], (None, 3, 4)),
    (lambda x: knp.split(x, [1, 3], axis=2)[2], (None, 3, 1)),
    (lambda x: knp.squeeze(knp.expand_dims(x, 1)), (None, 3, 4)),
    (lambda x: knp.diagonal(x, axis1=1, axis2=2), (None, 3)),
    (lambda x: knp.isin(x, [1.0, 2.0]), (None, 3, 4)),
    (lambda x: knp.nonzero(x)[0], (None,)),
    (lambda x: knp.unique(x), (None,)),
    (lambda x: knp.bincount(kc_ops.cast(x[:, 0, 0], "int32")), (None,)),
]


@pytest.mark.parametrize("index", range(len(SYMBOLIC)))
def test_symbolic_shapes(index):
    fn, expected = SYMBOLIC[index]
    out = fn(KT((None, 3, 4)))
    assert isinstance(out, KT)
    assert tuple(out.shape) == expected


def test_symbolic_dtypes():
    assert KT.__name__ == "KerasTensor"
    assert knp.mean(KT((None, 2), dtype="int32")).dtype == "float32"
    assert knp.sum(KT((None, 2), dtype="bool")).dtype == "int32"
    assert knp.matmul(KT((2, 3), dtype="int8"), KT((3, 2), dtype="int8")).dtype == "int32"
    assert knp.argsort(KT((None, 2))).dtype == "int32"
    values, counts = knp.unique(KT((None,), dtype="int32"), return_counts=True)
    assert values.dtype == "int32" and counts.dtype == "int32"


# --- gradients --------------------------------------------------------------------------

needs_autodiff = pytest.mark.skipif(BACKEND == "numpy", reason="the numpy backend has no autodiff")


def _grad(fn, *args):
    """Gradients of fn with respect to each of `args`, with the active framework."""
    if BACKEND == "jax":
        import jax

        return jax.grad(fn, argnums=tuple(range(len(args))))(
            *[kc_ops.convert_to_tensor(a) for a in args]
        )
    if BACKEND == "torch":
        tensors = [kc_ops.convert_to_tensor(a).requires_grad_(True) for a in args]
        fn(*tensors).backward()
        return [t.grad for t in tensors]
    import tensorflow as tf

    tensors = [tf.constant(a) for a in args]
    with tf.GradientTape() as tape:
        for t in tensors:
            tape.watch(t)
        out = fn(*tensors)
    return tape.gradient(out, tensors)


@needs_autodiff
def test_gradients_sum_mean():
    w = kc_ops.convert_to_tensor(np.array([1.0, 2.0, 3.0, 4.0], "float32"))
    (g,) = _grad(lambda x: knp.sum(knp.sum(x, axis=0) * w), F[0])
    check(g, np.tile([1.0, 2.0, 3.0, 4.0], (3, 1)))
    (g,) = _grad(lambda x: knp.mean(x), F)
    check(g, np.full(F.shape, 1.0 / F.size))


@needs_autodiff
def test_gradients_matmul_einsum():
    a, b = F[0], F[1].T  # (3, 4) and (4, 3)
    weight_np = np.arange(9.0, dtype="float32").reshape(3, 3)
    weight = kc_ops.convert_to_tensor(weight_np)
    ga, gb = _grad(lambda x, y: knp.sum(knp.matmul(x, y) * weight), a, b)
    check(ga, weight_np @ b.T, rtol=1e-4)
    check(gb, a.T @ weight_np, rtol=1e-4)
    ga, gb = _grad(lambda x, y: knp.sum(knp.einsum("ij,jk->ik", x, y) * weight), a, b)
    check(ga, weight_np @ b.T, rtol=1e-4)
    check(gb, a.T @ weight_np, rtol=1e-4)


@needs_autodiff
def test_gradients_quantile_and_sort():
    x = np.array([3.0, 1.0, 2.0, 5.0], "float32")
    (g,) = _grad(lambda t: knp.quantile(t, 0.5), x)  # median of 4: mean of 2 and 3
    check(g, [0.5, 0.0, 0.5, 0.0])
    ramp = kc_ops.convert_to_tensor(np.arange(4.0, dtype="float32"))
    (g,) = _grad(lambda t: knp.sum(knp.sort(t) * ramp), x)
    check(g, [2.0, 0.0, 1.0, 3.0])


# --- errors -----------------------------------------------------------------------------


def test_errors():
    with pytest.raises(ValueError, match="axis"):
        knp.sum(F, axis=5)
    with pytest.raises(ValueError, match="axis"):
        knp.mean(F, axis="a")
    with pytest.raises(ValueError, match="matmul"):
        knp.matmul(np.ones((2, 3), "float32"), np.ones((4, 5), "float32"))
    with pytest.raises(ValueError, match="matmul"):
        knp.matmul(KT((None, 3)), KT((4, 5)))
    with pytest.raises(ValueError, match="mode"):
        knp.pad(M, 1, mode="bogus")
    with pytest.raises(ValueError, match="method"):
        knp.quantile(F, 0.5, method="bogus")
    with pytest.raises(ValueError, match="q"):
        knp.percentile(F, [50, 120])
    with pytest.raises(ValueError, match="side"):
        knp.searchsorted([1.0, 2.0], [1.0], side="middle")
    with pytest.raises(ValueError, match="rank"):
        knp.fliplr(M[0])
    with pytest.raises(ValueError, match="axis"):
        knp.diff(F, axis=3)
    with pytest.raises(ValueError, match="same non-zero length"):
        knp.select([M > 0], [M, M])
    with pytest.raises(ValueError, match="reshape"):
        knp.reshape(F, (5, -1))
