"""`keras.ops` core functions: control flow (cond, switch, loops, scans, maps), slicing and
scatter updates, gradients (stop_gradient, custom_gradient), rearrange and a few
conversions. On jax the loops use `jax.lax` and on tensorflow `tf.while_loop` / `tf.cond`, so
they work inside `jax.jit` / `tf.function`; numpy and torch run them as Python loops."""

import builtins

import numpy as np

from kc_ops import dtypes, tree
from kc_ops.backends import core_ops as B
from kc_ops.backends import shared_ops
from kc_ops.keras_tensor import KerasTensor
from kc_ops.operation import symbolic_op


def _shape(x):
    if hasattr(x, "shape"):
        return tuple(x.shape)
    return np.shape(x)


def _spec_like(x):
    """A KerasTensor with the shape and dtype of a tensor, KerasTensor or Python value."""
    if isinstance(x, KerasTensor):
        return KerasTensor(x.shape, dtype=x.dtype)
    from kc_ops.core import dtype

    return KerasTensor(_shape(x), dtype=dtype(x))


def _check_callable(op_name, **fns):
    for name, fn in fns.items():
        if not callable(fn):
            raise TypeError(f"ops.{op_name} expects `{name}` to be callable. Received: {fn!r}")


# ---------------------------------------------------------------------------------------
# control flow
# ---------------------------------------------------------------------------------------


@symbolic_op
def cond(pred, true_fn, false_fn):
    """`true_fn()` if `pred` else `false_fn()`; both must return the same structure."""
    _check_callable("cond", true_fn=true_fn, false_fn=false_fn)
    return B.cond(pred, true_fn, false_fn)


@symbolic_op
def switch(index, branches, *operands):
    """`branches[index](*operands)`; `index` is clamped to [0, len(branches) - 1]."""
    if not isinstance(branches, (list, tuple)) or not branches:
        raise ValueError(f"ops.switch expects a non-empty list of callables as `branches`. "
                         f"Received: {branches!r}")
    _check_callable("switch", **{f"branches[{i}]": b for i, b in enumerate(branches)})
    return B.switch(index, list(branches), *operands)


def _while_spec(cond, body, loop_vars, maximum_iterations=None):
    return tree.map_structure(_spec_like, loop_vars)


@symbolic_op(spec=_while_spec)
def while_loop(cond, body, loop_vars, maximum_iterations=None):
    """Repeat `loop_vars = body(*loop_vars)` while `cond(*loop_vars)` (at most
    `maximum_iterations` times). A single tensor is passed as one argument."""
    _check_callable("while_loop", cond=cond, body=body)
    return B.while_loop(cond, body, loop_vars, maximum_iterations=maximum_iterations)


def _fori_spec(lower, upper, body_fun, init_val):
    return tree.map_structure(_spec_like, init_val)


@symbolic_op(spec=_fori_spec)
def fori_loop(lower, upper, body_fun, init_val):
    """`val = body_fun(i, val)` for i in range(lower, upper), starting from `init_val`."""
    _check_callable("fori_loop", body_fun=body_fun)
    return B.fori_loop(lower, upper, body_fun, init_val)


@symbolic_op
def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """`carry, y = f(carry, x)` over the leading axis of `xs`; returns `(carry, stacked ys)`.

    `unroll` (an int, or True for a full unroll) is a compilation hint used by jax."""
    _check_callable("scan", f=f)
    if xs is None and length is None:
        raise ValueError("ops.scan needs `xs` or `length`; both are None.")
    if not isinstance(unroll, (bool, int, np.integer)) or unroll < 1 and unroll is not False:
        raise ValueError(f"ops.scan: `unroll` must be a positive int or a bool. "
                         f"Received: {unroll!r}")
    return B.scan(f, init, xs=xs, length=length, reverse=reverse, unroll=unroll)


@symbolic_op
def associative_scan(f, elems, reverse=False, axis=0):
    """Inclusive prefix combination of `elems` along `axis` with the associative `f`."""
    _check_callable("associative_scan", f=f)
    leaves = tree.flatten(elems)
    if not leaves:
        raise ValueError("ops.associative_scan expects at least one tensor in `elems`.")
    ndim = len(_shape(leaves[0]))
    axis = shared_ops.check_axis(axis, ndim, "associative_scan")
    sizes = {_shape(leaf)[axis] for leaf in leaves}
    if len(sizes) != 1:
        raise ValueError(
            f"ops.associative_scan: every tensor in `elems` must have the same size along axis "
            f"{axis}. Received shapes {[_shape(leaf) for leaf in leaves]}."
        )
    return B.associative_scan(f, elems, reverse=reverse, axis=axis)


@symbolic_op
def map(f, xs):
    """`f` applied to each slice of `xs` along its leading axis, outputs stacked."""
    _check_callable("map", f=f)
    return B.map(f, xs)


@symbolic_op
def vectorized_map(function, elements):
    """`function` applied to each slice of `elements` along the leading axis, vectorized
    where the backend can (jax.vmap, torch.vmap, tf.vectorized_map)."""
    _check_callable("vectorized_map", function=function)
    return B.vectorized_map(function, elements)


# ---------------------------------------------------------------------------------------
# slicing and scatter
# ---------------------------------------------------------------------------------------


def _check_slice(inputs, start_indices, shape):
    ndim = len(_shape(inputs))
    if len(_shape(start_indices)) != 1 or _shape(start_indices)[0] not in (ndim, None) or \
            len(tuple(shape)) != ndim:
        raise ValueError(
            f"ops.slice expects `start_indices` and `shape` with one entry per dimension of "
            f"`inputs` (rank {ndim}). Received start_indices of shape "
            f"{_shape(start_indices)} and shape={tuple(shape)}."
        )


def _slice_spec(inputs, start_indices, shape):
    _check_slice(inputs, start_indices, shape)
    return KerasTensor(tuple(shape), dtype=inputs.dtype)


@symbolic_op(spec=_slice_spec)
def slice(inputs, start_indices, shape):
    """The block of `inputs` of size `shape` starting at `start_indices`."""
    _check_slice(inputs, start_indices, shape)
    return B.slice(inputs, start_indices, tuple(builtins.map(int, shape)))


def _slice_update_spec(inputs, start_indices, updates):
    return _spec_like(inputs)


@symbolic_op(spec=_slice_update_spec)
def slice_update(inputs, start_indices, updates):
    """`inputs` with the block starting at `start_indices` replaced by `updates`."""
    if len(_shape(updates)) != len(_shape(inputs)):
        raise ValueError(
            f"ops.slice_update: `updates` must have the rank of `inputs`. Received shapes "
            f"{_shape(updates)} and {_shape(inputs)}."
        )
    return B.slice_update(inputs, start_indices, updates)


def _check_indices(op_name, indices, target_rank):
    shape = _shape(indices)
    if len(shape) != 2 or shape[1] is not None and shape[1] > target_rank:
        raise ValueError(
            f"ops.{op_name} expects `indices` of shape (num_updates, k) with k <= "
            f"{target_rank}. Received shape: {shape}"
        )


def _scatter_spec(indices, values, shape):
    return KerasTensor(tuple(shape), dtype=values.dtype)


@symbolic_op(spec=_scatter_spec)
def scatter(indices, values, shape):
    """A zero tensor of `shape` with `values` added at `indices` (duplicates add up)."""
    _check_indices("scatter", indices, len(tuple(shape)))
    return B.scatter(indices, values, tuple(builtins.map(int, shape)))


def _scatter_update_spec(inputs, indices, updates, reduction=None):
    return _spec_like(inputs)


_REDUCTIONS = (None, "add", "max", "min", "mul")


@symbolic_op(spec=_scatter_update_spec)
def scatter_update(inputs, indices, updates, reduction=None):
    """`inputs` with `updates` written at `indices` (shape (num_updates, k)); `reduction`
    ('add', 'max', 'min', 'mul') combines them with the existing values instead."""
    if reduction not in _REDUCTIONS:
        raise ValueError(f"Invalid `reduction` for ops.scatter_update: expected one of "
                         f"{_REDUCTIONS}. Received: {reduction!r}")
    _check_indices("scatter_update", indices, len(_shape(inputs)))
    return B.scatter_update(inputs, indices, updates, reduction=reduction)


# ---------------------------------------------------------------------------------------
# gradients
# ---------------------------------------------------------------------------------------


@symbolic_op
def stop_gradient(variable):
    """The value of `variable` with no gradient flowing back through it."""
    return B.stop_gradient(variable)


def custom_gradient(f):
    """Decorator: `f(*args)` returns `(output, grad_fn)` and `grad_fn(upstream)` returns the
    gradient(s) with respect to `args`. The upstream gradient is passed positionally on every
    backend, so `def grad_fn(*args, upstream=None)` as in Keras's docs works everywhere."""
    if not callable(f):
        raise TypeError(f"ops.custom_gradient expects a callable. Received: {f!r}")
    return B.custom_gradient(f)


# ---------------------------------------------------------------------------------------
# shapes and conversions
# ---------------------------------------------------------------------------------------


def _unstack_count(x, num, axis):
    shape = _shape(x)
    axis = shared_ops.check_axis(axis, len(shape), "unstack")
    if num is None:
        num = shape[axis]
        if num is None:
            raise ValueError(
                f"ops.unstack cannot infer `num` from an unknown dimension (axis {axis} of "
                f"shape {shape}); pass `num`."
            )
    elif shape[axis] is not None and num != shape[axis]:
        raise ValueError(f"ops.unstack: `num`={num} does not match dimension {shape[axis]} "
                         f"(axis {axis} of shape {shape}).")
    return num, axis


def _unstack_spec(x, num=None, axis=0):
    num, axis = _unstack_count(x, num, axis)
    shape = x.shape[:axis] + x.shape[axis + 1:]
    return [KerasTensor(shape, dtype=x.dtype) for _ in range(num)]


@symbolic_op(spec=_unstack_spec)
def unstack(x, num=None, axis=0):
    """The slices of `x` along `axis`, as a list."""
    num, axis = _unstack_count(x, num, axis)
    return B.unstack(x, num=num, axis=axis)


def _saturate_spec(x, dtype):
    return KerasTensor(x.shape, dtype=dtypes.standardize_dtype(dtype))


@symbolic_op(spec=_saturate_spec)
def saturate_cast(x, dtype):
    """Cast to `dtype`, clipping values to its range first (no overflow wrap-around)."""
    return B.saturate_cast(x, dtypes.standardize_dtype(dtype))


def _rearrange_spec(tensor, pattern, **axes_lengths):
    shape = shared_ops.rearrange_output_shape(tensor.shape, pattern, axes_lengths)
    return KerasTensor(shape, dtype=tensor.dtype)


@symbolic_op(spec=_rearrange_spec)
def rearrange(tensor, pattern, **axes_lengths):
    """Reshape and transpose with an einops pattern, e.g. 'b h w c -> b (h w) c' or
    'b (h1 h) w c -> (b h1) h w c' with h1=2."""
    return B.rearrange(tensor, pattern, **axes_lengths)


@symbolic_op
def cdist(x, y):
    """Euclidean distances between the rows of x (..., m, d) and y (..., n, d): (..., m, n)."""
    xs, ys = _shape(x), _shape(y)
    if len(xs) < 2 or len(ys) < 2 or None not in (xs[-1], ys[-1]) and xs[-1] != ys[-1]:
        raise ValueError(
            f"ops.cdist expects x of shape (..., m, d) and y of shape (..., n, d). Received: "
            f"{xs} and {ys}"
        )
    return B.cdist(x, y)


@symbolic_op
def view_as_complex(x):
    """A complex tensor from a real one whose last dimension (2) holds (real, imag)."""
    shape = _shape(x)
    if not shape or shape[-1] not in (2, None):
        raise ValueError(
            f"ops.view_as_complex expects a real tensor whose last dimension is 2. "
            f"Received shape: {shape}"
        )
    return B.view_as_complex(x)


@symbolic_op
def view_as_real(x):
    """A real tensor with a trailing dimension of 2 holding the (real, imag) parts."""
    from kc_ops.core import dtype

    if "complex" not in dtype(x):
        raise ValueError(f"ops.view_as_real expects a complex tensor. Received dtype: "
                         f"{dtype(x)}")
    return B.view_as_real(x)


__all__ = [
    "associative_scan", "cdist", "cond", "custom_gradient", "fori_loop", "map", "rearrange",
    "saturate_cast", "scan", "scatter", "scatter_update", "slice", "slice_update",
    "stop_gradient", "switch", "unstack", "vectorized_map", "view_as_complex", "view_as_real",
    "while_loop",
]
