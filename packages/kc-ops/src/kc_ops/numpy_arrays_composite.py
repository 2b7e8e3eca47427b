"""Array ops of `keras.ops.numpy` written once on top of the backend primitives.

Each function here combines backend functions (`B.sort`, `B.where`, ...) and native tensor
operators (`x[key]`, `a - b` on tensors of one dtype), so it is the same code on every
backend, differentiable where the primitives are, and runs on the placeholders used to derive
symbolic shapes. `numpy_arrays.py` exposes them as public ops.
"""

import builtins
import math as _math

import numpy as np

from kc_ops import dtypes
from kc_ops.backends import array_rules as rules
from kc_ops.backends import core as C
from kc_ops.backends import numpy as B


def _t(x):
    return C.convert_to_tensor(x)


def _dtype(x):
    return dtypes.standardize_dtype(x.dtype)


def _cast(x, dtype):
    return x if _dtype(x) == dtypes.standardize_dtype(dtype) else C.cast(x, dtype)


def _ndim(x):
    return len(x.shape)


def _static_dim(x, axis, op_name):
    size = x.shape[axis]
    if size is None:
        raise ValueError(
            f"ops.{op_name} needs a known size along axis {axis}; received shape {x.shape}."
        )
    return int(size)


def _check_axis(axis, ndim, op_name):
    if not isinstance(axis, int) or isinstance(axis, bool) or not -ndim <= axis < ndim:
        raise ValueError(
            f"Invalid `axis` for ops.{op_name}: expected an int in [{-ndim}, {ndim}) for a tensor "
            f"of rank {ndim}, received {axis!r}."
        )
    return axis % ndim


def _slice(ndim, axis, start=None, stop=None):
    key = [slice(None)] * ndim
    key[axis] = slice(start, stop)
    return tuple(key)


def _float(x):
    """x in the float dtype Keras gives its mean (ints and bool -> floatx)."""
    return _cast(x, rules.mean_dtype(_dtype(x)))


# --- joining and splitting -------------------------------------------------------------


def append(x1, x2, axis=None):
    if axis is None:
        return B.concatenate([B.ravel(x1), B.ravel(x2)], 0)
    return B.concatenate([x1, x2], axis)


def array_split(x, indices_or_sections, axis=0):
    x = _t(x)
    axis = _check_axis(axis, _ndim(x), "array_split")
    if isinstance(indices_or_sections, int):
        if indices_or_sections <= 0:
            raise ValueError(
                "ops.array_split: the number of sections must be > 0, "
                f"received {indices_or_sections}."
            )
        size = _static_dim(x, axis, "array_split")
        small, extra = divmod(size, indices_or_sections)
        sizes = [small + 1] * extra + [small] * (indices_or_sections - extra)
        indices_or_sections = list(np.cumsum(sizes)[:-1].tolist())
    return B.split(x, list(indices_or_sections), axis)


def _split_along(x, indices_or_sections, axis, min_ndim, op_name):
    x = _t(x)
    if _ndim(x) < min_ndim:
        raise ValueError(
            f"ops.{op_name} needs a tensor of rank >= {min_ndim}; received shape {x.shape}."
        )
    return B.split(x, indices_or_sections, axis)


def hsplit(x, indices_or_sections):
    x = _t(x)
    return _split_along(x, indices_or_sections, 0 if _ndim(x) == 1 else 1, 1, "hsplit")


def vsplit(x, indices_or_sections):
    return _split_along(x, indices_or_sections, 0, 2, "vsplit")


def dsplit(x, indices_or_sections):
    return _split_along(x, indices_or_sections, 2, 3, "dsplit")


def dstack(xs):
    def at_least_3d(x):
        x = _t(x)
        if _ndim(x) == 0:
            return B.reshape(x, (1, 1, 1))
        if _ndim(x) == 1:
            return B.expand_dims(B.expand_dims(x, 0), -1)
        return B.expand_dims(x, -1) if _ndim(x) == 2 else x

    return B.concatenate([at_least_3d(x) for x in xs], 2)


# --- flips and rotations ----------------------------------------------------------------


def fliplr(x):
    x = _t(x)
    if _ndim(x) < 2:
        raise ValueError(f"ops.fliplr needs a tensor of rank >= 2; received shape {x.shape}.")
    return B.flip(x, 1)


def flipud(x):
    x = _t(x)
    if _ndim(x) < 1:
        raise ValueError(f"ops.flipud needs a tensor of rank >= 1; received shape {x.shape}.")
    return B.flip(x, 0)


def rot90(array, k=1, axes=(0, 1)):
    x = _t(array)
    ndim = _ndim(x)
    if ndim < 2:
        raise ValueError(f"ops.rot90 needs a tensor of rank >= 2; received shape {x.shape}.")
    if len(axes) != 2:
        raise ValueError(f"ops.rot90: `axes` must hold 2 axes, received {axes!r}.")
    a0, a1 = (_check_axis(a, ndim, "rot90") for a in axes)
    if a0 == a1:
        raise ValueError(f"ops.rot90: the two `axes` must differ, received {axes!r}.")
    k %= 4
    if k == 0:
        return x
    if k == 2:
        return B.flip(B.flip(x, a0), a1)
    if k == 1:
        return B.swapaxes(B.flip(x, a1), a0, a1)
    return B.flip(B.swapaxes(x, a0, a1), a1)


# --- reductions built from others -------------------------------------------------------


def average(x, axis=None, weights=None):
    x = _t(x)
    if weights is None:
        return B.mean(x, axis)
    weights = _t(weights)
    dtype = dtypes.result_type(rules.mean_dtype(_dtype(x)), _dtype(weights))
    x, weights = _cast(x, dtype), _cast(weights, dtype)
    if _ndim(weights) == 1 and _ndim(x) > 1:
        if axis is None or isinstance(axis, (list, tuple)):
            raise ValueError(
                f"ops.average: 1-D `weights` need an int `axis` for a tensor of rank {_ndim(x)}; "
                f"received axis={axis!r}."
            )
        axis = _check_axis(axis, _ndim(x), "average")
        weights = B.reshape(weights, [-1 if i == axis else 1 for i in range(_ndim(x))])
    total = B.sum(B.broadcast_to(weights, C.shape(x)), axis)
    return B.sum(x * weights, axis) / total


def ptp(x, axis=None, keepdims=False):
    x = _t(x)
    return B.max(x, axis, keepdims) - B.min(x, axis, keepdims)


def _nan_filled(x, value):
    return B.where(B.isnan(x), B.full_like(x, value), x)


def _is_float(x):
    return dtypes.is_float_dtype(_dtype(x))


def nansum(x, axis=None, keepdims=False):
    x = _t(x)
    return B.sum(_nan_filled(x, 0) if _is_float(x) else x, axis, keepdims)


def nanprod(x, axis=None, keepdims=False):
    x = _t(x)
    return B.prod(_nan_filled(x, 1) if _is_float(x) else x, axis, keepdims)


def _valid_count(x, axis, keepdims):
    return B.sum(B.logical_not(B.isnan(x)), axis, keepdims)


def nanmean(x, axis=None, keepdims=False):
    x = _t(x)
    if not _is_float(x):
        return B.mean(x, axis, keepdims)
    out = _dtype(x)
    x = _cast(x, rules.compute_dtype(out))
    total = B.sum(_nan_filled(x, 0), axis, keepdims)
    return _cast(total / _cast(_valid_count(x, axis, keepdims), _dtype(x)), out)


def nanvar(x, axis=None, keepdims=False):
    x = _t(x)
    if not _is_float(x):
        return B.var(x, axis, keepdims)
    out = _dtype(x)
    x = _cast(x, rules.compute_dtype(out))
    centered = x - nanmean(x, axis, keepdims=True)
    total = B.sum(_nan_filled(centered * centered, 0), axis, keepdims)
    return _cast(total / _cast(_valid_count(x, axis, keepdims), _dtype(x)), out)


def nanstd(x, axis=None, keepdims=False):
    return B.sqrt(nanvar(x, axis, keepdims))


def _nan_extreme(reduce, fill):
    def fn(x, axis=None, keepdims=False):
        x = _t(x)
        if not _is_float(x):
            return reduce(x, axis, keepdims)
        result = reduce(_nan_filled(x, fill), axis, keepdims)
        all_nan = B.all(B.isnan(x), axis, keepdims)
        return B.where(all_nan, B.full_like(result, float("nan")), result)

    return fn


nanmax = _nan_extreme(B.max, -float("inf"))
nanmin = _nan_extreme(B.min, float("inf"))


def nanargmax(x, axis=None, keepdims=False):
    x = _t(x)
    return B.argmax(_nan_filled(x, -float("inf")) if _is_float(x) else x, axis, keepdims)


def nanargmin(x, axis=None, keepdims=False):
    x = _t(x)
    return B.argmin(_nan_filled(x, float("inf")) if _is_float(x) else x, axis, keepdims)


def nancumsum(x, axis=None, dtype=None):
    x = _t(x)
    return B.cumsum(_nan_filled(x, 0) if _is_float(x) else x, axis, dtype)


def nancumprod(x, axis=None, dtype=None):
    x = _t(x)
    return B.cumprod(_nan_filled(x, 1) if _is_float(x) else x, axis, dtype)


# --- quantiles --------------------------------------------------------------------------

_QUANTILE_METHODS = ("linear", "lower", "higher", "midpoint", "nearest")


def _reduced_axes(axis, ndim, op_name):
    if axis is None:
        return tuple(range(ndim))
    axes = axis if isinstance(axis, (list, tuple)) else (axis,)
    axes = tuple(sorted(_check_axis(a, ndim, op_name) for a in axes))
    if len(set(axes)) != len(axes):
        raise ValueError(f"ops.{op_name}: repeated axis in {axis!r}.")
    return axes


def _quantile(x, q, axis, method, keepdims, ignore_nan, op_name):
    if method not in _QUANTILE_METHODS:
        raise ValueError(
            f"ops.{op_name}: `method` must be one of {_QUANTILE_METHODS}, received {method!r}."
        )
    if isinstance(q, (int, float, list, tuple)):
        values = np.asarray(q, dtype="float64")
        if values.size and (values.min() < 0 or values.max() > 1):
            raise ValueError(
                f"ops.{op_name}: `q` must be in [0, 1] (percentiles in [0, 100]), received {q!r}."
            )
    x = _t(x)
    out_dtype = rules.mean_dtype(_dtype(x))
    x = _cast(x, rules.compute_dtype(_dtype(x)))
    q = _cast(_t(q), _dtype(x))
    if _ndim(q) > 1:
        raise ValueError(f"ops.{op_name}: `q` must be a scalar or 1-D, received shape {q.shape}.")
    ndim = _ndim(x)
    axes = _reduced_axes(axis, ndim, op_name)
    kept = [a for a in range(ndim) if a not in axes]
    # Reduced axes go last and are flattened into one axis of length n.
    shape = C.shape(x)
    x = B.transpose(x, kept + list(axes)) if ndim else B.reshape(x, (1,))
    x = B.reshape(x, [shape[a] for a in kept] + [-1])
    nan = B.isnan(x)
    # NaNs sort last (as +inf) when ignored; otherwise any NaN makes the result NaN below.
    fill = float("inf") if ignore_nan else 0.0
    values = B.sort(B.where(nan, B.full_like(x, fill), x), -1)
    if ignore_nan:
        n = _cast(B.sum(B.logical_not(nan), -1, True), _dtype(x))
    else:
        n = B.sum(B.ones_like(x), -1, True)
    q_flat = B.reshape(q, (-1,))
    position = q_flat * (n - 1)  # shape (kept..., Q)
    last = _cast(n - 1, "int32")
    low = B.minimum(_cast(B.floor(position), "int32"), last)
    high = B.minimum(_cast(B.ceil(position), "int32"), last)
    low, high = B.maximum(low, 0), B.maximum(high, 0)
    low_v, high_v = B.take_along_axis(values, low, -1), B.take_along_axis(values, high, -1)
    if method == "linear":
        result = low_v + (high_v - low_v) * (position - B.floor(position))
    elif method == "lower":
        result = low_v
    elif method == "higher":
        result = high_v
    elif method == "midpoint":
        result = (low_v + high_v) * 0.5
    else:
        result = B.take_along_axis(
            values, B.maximum(B.minimum(_cast(B.round(position), "int32"), last), 0), -1
        )
    bad = n < 1 if ignore_nan else B.any(nan, -1, True)
    result = B.where(bad, B.full_like(result, float("nan")), result)
    if keepdims:
        kept_shape = [1 if a in axes else shape[a] for a in range(ndim)]
    else:
        kept_shape = [shape[a] for a in kept]
    result = B.moveaxis(result, -1, 0)  # (Q, kept...)
    result = B.reshape(result, [C.shape(q_flat)[0]] + kept_shape)
    if _ndim(q) == 0:
        result = B.reshape(result, kept_shape)
    return _cast(result, out_dtype)


def quantile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, q, axis, method, keepdims, False, "quantile")


def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, q, axis, method, keepdims, True, "nanquantile")


def _percent(q):
    if isinstance(q, (int, float, list, tuple)):
        return [v / 100.0 for v in q] if isinstance(q, (list, tuple)) else q / 100.0
    q = _t(q)
    return _cast(q, rules.mean_dtype(_dtype(q))) / 100.0


def percentile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, _percent(q), axis, method, keepdims, False, "percentile")


def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, _percent(q), axis, method, keepdims, True, "nanpercentile")


def median(x, axis=None, keepdims=False):
    return _quantile(x, 0.5, axis, "linear", keepdims, False, "median")


def nanmedian(x, axis=None, keepdims=False):
    return _quantile(x, 0.5, axis, "linear", keepdims, True, "nanmedian")


def argpartition(x, kth, axis=-1):
    """A full stable sort is one valid partition: every element before `kth` is <= it."""
    x = _t(x)
    axis = _check_axis(axis, _ndim(x), "argpartition")
    size = x.shape[axis]
    if not isinstance(kth, int) or (size is not None and not -size <= kth < size):
        raise ValueError(
            f"ops.argpartition: `kth` must be an int in [-{size}, {size}), received {kth!r}."
        )
    return B.argsort(x, axis)


# --- products and differences -----------------------------------------------------------


def _common(*values):
    values = [_t(v) for v in values]
    dtype = dtypes.result_type(*[_dtype(v) for v in values])
    return [_cast(v, dtype) for v in values]


def kron(x1, x2):
    a, b = _common(x1, x2)
    ndim = builtins.max(_ndim(a), _ndim(b))
    a = B.reshape(a, [1] * (ndim - _ndim(a)) + list(C.shape(a)))
    b = B.reshape(b, [1] * (ndim - _ndim(b)) + list(C.shape(b)))
    sa, sb = C.shape(a), C.shape(b)
    a = B.reshape(a, [d for s in sa for d in (s, 1)])
    b = B.reshape(b, [d for s in sb for d in (1, s)])
    product = B.logical_and(a, b) if _dtype(a) == "bool" else a * b
    return B.reshape(product, [p * q for p, q in zip(sa, sb)])


def diagflat(x, k=0):
    return B.diag(B.ravel(x), k)


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    if axis is not None:
        axisa = axisb = axisc = axis
    a, b = _common(x1, x2)
    a = B.moveaxis(a, _check_axis(axisa, _ndim(a), "cross"), -1)
    b = B.moveaxis(b, _check_axis(axisb, _ndim(b), "cross"), -1)
    na, nb = a.shape[-1], b.shape[-1]
    if na not in (2, 3) or nb not in (2, 3):
        raise ValueError(
            f"ops.cross: the vector axes must have length 2 or 3, received {na} and {nb}."
        )
    ax = [a[..., i] for i in range(na)] + ([B.zeros_like(a[..., 0])] if na == 2 else [])
    bx = [b[..., i] for i in range(nb)] + ([B.zeros_like(b[..., 0])] if nb == 2 else [])
    z = ax[0] * bx[1] - ax[1] * bx[0]
    if na == 2 and nb == 2:
        return z
    result = B.stack([ax[1] * bx[2] - ax[2] * bx[1], ax[2] * bx[0] - ax[0] * bx[2], z], -1)
    return B.moveaxis(result, -1, _check_axis(axisc, _ndim(result), "cross"))


def diff(a, n=1, axis=-1):
    x = _t(a)
    if not isinstance(n, int) or n < 0:
        raise ValueError(f"ops.diff: `n` must be a non-negative int, received {n!r}.")
    axis = _check_axis(axis, _ndim(x), "diff")
    for _ in range(n):
        hi, lo = x[_slice(_ndim(x), axis, 1)], x[_slice(_ndim(x), axis, None, -1)]
        x = B.not_equal(hi, lo) if _dtype(x) == "bool" else hi - lo
    return x


def trapezoid(y, x=None, dx=1.0, axis=-1):
    y = _float(_t(y))
    axis = _check_axis(axis, _ndim(y), "trapezoid")
    ndim = _ndim(y)
    if x is None:
        d = dx
    else:
        x = _cast(_t(x), _dtype(y))
        d = diff(x, axis=-1 if _ndim(x) == 1 else axis)
        if _ndim(x) == 1:
            d = B.reshape(d, [-1 if i == axis else 1 for i in range(ndim)])
    pairs = y[_slice(ndim, axis, 1)] + y[_slice(ndim, axis, None, -1)]
    return B.sum(pairs * d * 0.5, axis)


def corrcoef(x):
    x = _t(x)
    if _ndim(x) not in (1, 2):
        raise ValueError(f"ops.corrcoef needs a 1-D or 2-D tensor; received shape {x.shape}.")
    out = rules.mean_dtype(_dtype(x))
    rows = (
        B.reshape(_cast(x, rules.compute_dtype(_dtype(x))), (1, -1))
        if _ndim(x) == 1
        else _cast(x, rules.compute_dtype(_dtype(x)))
    )
    centered = rows - B.mean(rows, 1, True)
    cov = B.matmul(centered, B.transpose(centered))  # the 1/(n-1) factor cancels below
    scale = B.sqrt(B.diagonal(cov))
    corr = cov / B.expand_dims(scale, 1) / B.expand_dims(scale, 0)
    corr = B.clip(corr, -1.0, 1.0)
    return _cast(corr[0, 0] if _ndim(x) == 1 else corr, out)


def correlate(x1, x2, mode="valid"):
    if mode not in ("valid", "same", "full"):
        raise ValueError(
            f"ops.correlate: `mode` must be 'valid', 'same' or 'full', received {mode!r}."
        )
    a, v = _t(x1), _t(x2)
    if _ndim(a) != 1 or _ndim(v) != 1:
        raise ValueError(
            f"ops.correlate needs two 1-D tensors; received shapes {a.shape} and {v.shape}."
        )
    dtype = dtypes.result_type(_dtype(a), _dtype(v))
    dtype = (
        "float64"
        if dtype == "int64"
        else dtype
        if dtype in ("bfloat16", "float16", "float64")
        else "float32"
    )
    a, v = _cast(a, dtype), _cast(v, dtype)
    n, m = _static_dim(a, 0, "correlate"), _static_dim(v, 0, "correlate")
    padded = B.pad(a, [(m - 1, m - 1)])
    windows = np.arange(n + m - 1)[:, None] + np.arange(m)[None, :]
    full = B.matmul(B.take(padded, windows.astype("int32"), 0), v)
    long, short = builtins.max(n, m), builtins.min(n, m)
    if mode == "full":
        return full
    start = short - 1 if mode == "valid" else (short - 1) // 2
    length = long - short + 1 if mode == "valid" else long
    if m > n:  # NumPy swaps the operands when the second one is longer
        start = n + m - 1 - start - length
    return full[start : start + length]


# --- searching, counting, sets ----------------------------------------------------------


def digitize(x, bins):
    bins = _t(bins)
    if _ndim(bins) != 1:
        raise ValueError(f"ops.digitize: `bins` must be 1-D, received shape {bins.shape}.")
    return B.searchsorted(bins, x, "right")


def isin(x1, x2, assume_unique=False, invert=False):
    x1, x2 = _t(x1), _t(x2)
    found = B.any(B.equal(B.expand_dims(x1, -1), B.ravel(x2)), -1)
    return B.logical_not(found) if invert else found


def select(condlist, choicelist, default=0):
    if not isinstance(condlist, (list, tuple)) or not isinstance(choicelist, (list, tuple)):
        raise ValueError("ops.select: `condlist` and `choicelist` must be lists of tensors.")
    if len(condlist) != len(choicelist) or not condlist:
        raise ValueError(
            "ops.select: `condlist` and `choicelist` must have the same non-zero length, received "
            f"{len(condlist)} and {len(choicelist)}."
        )
    choices = [_t(c) for c in choicelist]
    dtype = dtypes.result_type(*[_dtype(c) for c in choices], dtypes.dtype_of(default))
    result = _cast(_t(default), dtype)
    for cond, choice in zip(reversed(condlist), reversed(choices)):
        result = B.where(_cast(_t(cond), "bool"), _cast(choice, dtype), result)
    return _cast(result, dtype)


def histogram(x, bins=10, range=None):  # noqa: A002
    x = _t(x)
    if _ndim(x) != 1:
        raise ValueError(f"ops.histogram needs a 1-D tensor; received shape {x.shape}.")
    if not isinstance(bins, int) or bins <= 0:
        raise ValueError(f"ops.histogram: `bins` must be a positive int, received {bins!r}.")
    x = _float(x)
    if range is None:
        low, high = B.min(x), B.max(x)
    else:
        if len(range) != 2 or range[0] > range[1]:
            raise ValueError(
                f"ops.histogram: `range` must be (low, high) with low <= high, received {range!r}."
            )
        low, high = _cast(_t(range[0]), _dtype(x)), _cast(_t(range[1]), _dtype(x))
    empty = B.equal(low, high)  # NumPy widens an empty range by 0.5 on each side
    low = B.where(empty, low - 0.5, low)
    high = B.where(empty, high + 0.5, high)
    steps = _cast(_t(np.arange(bins + 1)), _dtype(x)) / float(bins)
    edges = low + (high - low) * steps
    index = _cast(B.floor((x - low) / (high - low) * float(bins)), "int32")
    index = B.minimum(index, bins - 1)  # the last bin includes its right edge
    inside = B.logical_and(x >= low, x <= high)
    one_hot = B.logical_and(
        B.equal(B.expand_dims(index, 1), _t(np.arange(bins, dtype="int32"))),
        B.expand_dims(inside, 1),
    )
    return B.sum(one_hot, 0), edges


def unravel_index(indices, shape):
    indices = _t(indices)
    if not dtypes.is_int_dtype(_dtype(indices)):
        raise ValueError(
            f"ops.unravel_index: `indices` must be integers, received dtype {_dtype(indices)}."
        )
    coords = []
    for size in reversed(tuple(shape)):
        coords.append(indices % size)
        indices = indices // size
    return tuple(reversed(coords))


# --- vectorize --------------------------------------------------------------------------


def _parse_signature(signature):
    inputs, outputs = signature.replace(" ", "").split("->")

    def groups(text):
        text = text.strip()
        parts = text[1:-1].split("),(") if text else []
        return [tuple(d for d in p.split(",") if d) for p in parts]

    return groups(inputs), groups(outputs)


def vectorize(pyfunc, *, excluded=None, signature=None):
    """`pyfunc` mapped over the leading (broadcast) dims of its tensor arguments."""
    excluded = set(excluded or ())
    in_core, out_core = _parse_signature(signature) if signature else (None, None)

    def wrapped(*args):
        positions = [i for i in builtins.range(len(args)) if i not in excluded]
        tensors = [_t(args[i]) for i in positions]
        cores = in_core or [()] * len(tensors)
        if len(cores) != len(tensors):
            raise ValueError(
                f"ops.vectorize: signature {signature!r} expects {len(cores)} inputs, "
                f"received {len(tensors)}."
            )
        batch_shapes = [tuple(t.shape[: _ndim(t) - len(c)]) for t, c in zip(tensors, cores)]
        batch = tuple(np.broadcast_shapes(*batch_shapes)) if batch_shapes else ()
        tensors = [
            B.reshape(
                B.broadcast_to(t, batch + tuple(t.shape[_ndim(t) - len(c) :])),
                (-1,) + tuple(t.shape[_ndim(t) - len(c) :]),
            )
            for t, c in zip(tensors, cores)
        ]
        results = []
        for i in builtins.range(_math.prod(batch)):
            call = list(args)
            for p, t in zip(positions, tensors):
                call[p] = t[i]
            results.append(pyfunc(*call))
        if isinstance(results[0], (tuple, list)) and (out_core is None or len(out_core) > 1):
            return tuple(_stack(list(r), batch) for r in zip(*results))
        return _stack(results, batch)

    return wrapped


def _stack(results, batch):
    stacked = B.stack([_t(r) for r in results], 0)
    return B.reshape(stacked, batch + tuple(stacked.shape[1:]))


__all__ = [
    "append",
    "argpartition",
    "average",
    "array_split",
    "corrcoef",
    "correlate",
    "cross",
    "diff",
    "digitize",
    "diagflat",
    "dsplit",
    "dstack",
    "fliplr",
    "flipud",
    "histogram",
    "hsplit",
    "isin",
    "kron",
    "median",
    "nanargmax",
    "nanargmin",
    "nancumprod",
    "nancumsum",
    "nanmax",
    "nanmean",
    "nanmedian",
    "nanmin",
    "nanpercentile",
    "nanprod",
    "nanquantile",
    "nanstd",
    "nansum",
    "nanvar",
    "percentile",
    "ptp",
    "quantile",
    "rot90",
    "select",
    "trapezoid",
    "unravel_index",
    "vectorize",
    "vsplit",
]
