"""Control flow, slicing and scatter updates of the torch backend (Python loops; gradients
flow through them with autograd)."""

import builtins
import types

import torch

from kc_ops import dtypes, tree
from kc_ops.backends import python_loops, shared_ops
from kc_ops.backends.torch.core import convert_to_tensor, to_native_dtype


def _stack(items):
    return torch.stack([convert_to_tensor(t) for t in items])


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


_SCAN_OPS = types.SimpleNamespace(
    concat=lambda items, axis: torch.cat(items, dim=axis),
    stack=lambda items, axis: torch.stack(items, dim=axis),
    merge=lambda t, axis: t.flatten(axis, axis + 1),
    flip=lambda t, axis: torch.flip(t, dims=[axis]),
)


def associative_scan(f, elems, reverse=False, axis=0):
    elems = tree.map_structure(convert_to_tensor, elems)
    return python_loops.associative_scan(f, elems, reverse, axis, _SCAN_OPS)


def map(f, xs):
    return scan(lambda _, x: ((), f(x)), (), xs)[1]


def vectorized_map(function, elements):
    elements = tree.map_structure(convert_to_tensor, elements)
    return torch.vmap(function)(elements)


def _starts(start_indices):
    if isinstance(start_indices, torch.Tensor):
        return [int(s) for s in start_indices.reshape(-1).tolist()]
    return [int(s) for s in start_indices]


def slice(inputs, start_indices, shape):
    inputs = convert_to_tensor(inputs)
    for axis, (start, size) in enumerate(zip(_starts(start_indices), shape)):
        inputs = inputs.narrow(axis, start, size)
    return inputs


def slice_update(inputs, start_indices, updates):
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates).to(inputs.dtype)
    starts = _starts(start_indices)
    index = tuple(builtins.slice(s, s + n) for s, n in zip(starts, updates.shape))
    out = inputs.clone()
    out[index] = updates
    return out



def _index(indices):
    indices = convert_to_tensor(indices).to(torch.int64)
    return indices, tuple(indices[:, i] for i in range(indices.shape[1]))


def scatter(indices, values, shape):
    values = convert_to_tensor(values)
    out = torch.zeros(shape, dtype=values.dtype, device=values.device)
    return out.index_put(_index(indices)[1], values, accumulate=True)


_REDUCE = {"max": "amax", "min": "amin", "mul": "prod"}


def scatter_update(inputs, indices, updates, reduction=None):
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates).to(inputs.dtype)
    indices, index = _index(indices)
    if reduction is None:
        return inputs.index_put(index, updates)
    if reduction == "add":
        return inputs.index_put(index, updates, accumulate=True)
    # Rows of the first k dims addressed by one linear index, reduced with scatter_reduce.
    k = indices.shape[1]
    rows = int(torch.tensor(inputs.shape[:k]).prod()) if k else 1
    strides = torch.tensor([int(torch.tensor(inputs.shape[i + 1:k]).prod()) for i in range(k)],
                           dtype=torch.int64, device=indices.device)
    linear = (indices * strides).sum(dim=1)
    flat = inputs.reshape((rows,) + tuple(inputs.shape[k:]))
    updates = updates.reshape((-1,) + tuple(inputs.shape[k:]))
    target = linear.reshape((-1,) + (1,) * (flat.ndim - 1)).expand(updates.shape)
    out = flat.scatter_reduce(0, target, updates, reduce=_REDUCE[reduction], include_self=True)
    return out.reshape(inputs.shape)


def stop_gradient(variable):
    return convert_to_tensor(variable).detach()


class _CustomGradient(torch.autograd.Function):
    @staticmethod
    def forward(ctx, f, kwargs, *args):
        output, grad_fn = f(*args, **kwargs)
        ctx.grad_fn = grad_fn
        return output

    @staticmethod
    def backward(ctx, *upstream):
        grads = ctx.grad_fn(*upstream)
        grads = tuple(grads) if isinstance(grads, (tuple, list)) else (grads,)
        return (None, None) + grads


def custom_gradient(f):
    def wrapper(*args, **kwargs):
        return _CustomGradient.apply(f, kwargs, *args)

    return wrapper


def unstack(x, num=None, axis=0):
    return list(torch.unbind(convert_to_tensor(x), dim=axis))


def saturate_cast(x, dtype):
    x = convert_to_tensor(x)
    bounds = shared_ops.saturate_bounds(dtypes.standardize_dtype(x.dtype), dtype)
    if bounds is not None:
        x = torch.clamp(x, *bounds)
    return x.to(to_native_dtype(dtype))


def rearrange(tensor, pattern, **axes_lengths):
    tensor = convert_to_tensor(tensor)
    split, perm, final = shared_ops.rearrange_plan(tuple(tensor.shape), pattern, axes_lengths)
    return tensor.reshape(split).permute(perm).reshape(final)


def cdist(x, y):
    x, y = convert_to_tensor(x), convert_to_tensor(y)
    common = dtypes.result_type(dtypes.standardize_dtype(x.dtype),
                                dtypes.standardize_dtype(y.dtype))
    out, compute = shared_ops.float_dtypes(common)
    compute = to_native_dtype(compute)
    diff = x.to(compute)[..., :, None, :] - y.to(compute)[..., None, :, :]
    return torch.sqrt(torch.sum(diff * diff, dim=-1)).to(to_native_dtype(out))


def view_as_complex(x):
    x = convert_to_tensor(x)
    out, compute = shared_ops.float_dtypes(dtypes.standardize_dtype(x.dtype))
    return torch.view_as_complex(x.to(to_native_dtype(compute)).contiguous())


def view_as_real(x):
    return torch.view_as_real(convert_to_tensor(x))
