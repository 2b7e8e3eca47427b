"""Control flow, slicing and scatter updates of the numpy backend (plain Python loops)."""

import types

import numpy as np

from kc_ops import dtypes, tree
from kc_ops.backends import python_loops, shared_ops
from kc_ops.backends.numpy.core import convert_to_tensor, to_native_dtype


def _stack(items):
    return np.stack([convert_to_tensor(t) for t in items])


def cond(pred, true_fn, false_fn):
    return true_fn() if bool(pred) else false_fn()


def switch(index, branches, *operands):
    index = min(max(int(index), 0), len(branches) - 1)
    return branches[index](*operands)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    return python_loops.while_loop(cond, body, loop_vars, maximum_iterations)


def fori_loop(lower, upper, body_fun, init_val):
    val = init_val
    for i in range(int(lower), int(upper)):
        val = body_fun(i, val)
    return val


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    return python_loops.scan(f, init, xs, length, reverse, _stack)


def _merge(t, axis):
    return t.reshape(t.shape[:axis] + (-1,) + t.shape[axis + 2:])


_SCAN_OPS = types.SimpleNamespace(
    concat=lambda items, axis: np.concatenate(items, axis=axis),
    stack=lambda items, axis: np.stack(items, axis=axis),
    merge=_merge,
    flip=lambda t, axis: np.flip(t, axis=axis),
)


def associative_scan(f, elems, reverse=False, axis=0):
    elems = tree.map_structure(convert_to_tensor, elems)
    return python_loops.associative_scan(f, elems, reverse, axis, _SCAN_OPS)


def map(f, xs):
    return scan(lambda _, x: ((), f(x)), (), xs)[1]


def vectorized_map(function, elements):
    n = python_loops.leading_length(elements, None, "vectorized_map")
    outputs = [function(tree.map_structure(lambda t: t[i], elements)) for i in range(n)]
    return python_loops.stack_structure(outputs, _stack)


def slice(inputs, start_indices, shape):
    inputs = convert_to_tensor(inputs)
    starts = [int(s) for s in np.asarray(start_indices).reshape(-1)]
    return inputs[tuple(np.s_[s:s + n] for s, n in zip(starts, shape))]


def slice_update(inputs, start_indices, updates):
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates).astype(inputs.dtype)
    starts = [int(s) for s in np.asarray(start_indices).reshape(-1)]
    out = inputs.copy()
    out[tuple(np.s_[s:s + n] for s, n in zip(starts, updates.shape))] = updates
    return out


def scatter(indices, values, shape):
    values = convert_to_tensor(values)
    out = np.zeros(tuple(shape), dtype=values.dtype)
    index = tuple(np.asarray(indices).astype("int64").T)
    np.add.at(out, index, values)
    return out


_REDUCTIONS = {"add": np.add, "max": np.maximum, "min": np.minimum, "mul": np.multiply}


def scatter_update(inputs, indices, updates, reduction=None):
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates).astype(inputs.dtype)
    index = tuple(np.asarray(indices).astype("int64").T)
    out = inputs.copy()
    if reduction is None:
        out[index] = updates
    else:
        _REDUCTIONS[reduction].at(out, index, updates)
    return out


def stop_gradient(variable):
    return convert_to_tensor(variable)


def custom_gradient(f):
    # No autodiff on numpy: the forward value is all there is.
    def wrapper(*args, **kwargs):
        output, _ = f(*args, **kwargs)
        return output

    return wrapper


def unstack(x, num=None, axis=0):
    x = convert_to_tensor(x)
    return list(np.moveaxis(x, axis, 0))


def saturate_cast(x, dtype):
    x = convert_to_tensor(x)
    bounds = shared_ops.saturate_bounds(dtypes.standardize_dtype(x.dtype), dtype)
    if bounds is not None:
        x = np.clip(x, *bounds)
    return x.astype(to_native_dtype(dtype))


def rearrange(tensor, pattern, **axes_lengths):
    tensor = convert_to_tensor(tensor)
    split, perm, final = shared_ops.rearrange_plan(tensor.shape, pattern, axes_lengths)
    return np.reshape(np.transpose(np.reshape(tensor, split), perm), final)


def cdist(x, y):
    x, y = convert_to_tensor(x), convert_to_tensor(y)
    out, compute = shared_ops.float_dtypes(dtypes.result_type(x.dtype, y.dtype))
    diff = x.astype(compute)[..., :, None, :] - y.astype(compute)[..., None, :, :]
    return np.sqrt(np.sum(diff * diff, axis=-1)).astype(out)


def view_as_complex(x):
    x = convert_to_tensor(x)
    out, compute = shared_ops.float_dtypes(x.dtype)
    x = x.astype(compute)
    return (x[..., 0] + 1j * x[..., 1]).astype(shared_ops.complex_dtype(compute))


def view_as_real(x):
    x = convert_to_tensor(x)
    return np.stack([np.real(x), np.imag(x)], axis=-1)
