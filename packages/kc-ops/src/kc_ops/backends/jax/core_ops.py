"""Control flow, slicing and scatter updates of the jax backend (jax.lax, so jit-friendly)."""

import jax
import jax.numpy as jnp

from kc_ops import dtypes, tree
from kc_ops.backends import shared_ops
from kc_ops.backends.jax.core import convert_to_tensor, to_native_dtype


def _tensors(structure):
    """Python numbers in loop state become tensors with Keras's dtypes (0 -> int32), so the
    loop body's outputs have the same types as its inputs."""
    return tree.map_structure(lambda v: v if v is None else convert_to_tensor(v), structure)


def _like(new, old):
    """Loop outputs cast to the dtypes of the loop inputs (jax.lax requires equal types)."""
    return tree.map_structure(
        lambda n, o: n if o is None else convert_to_tensor(n).astype(o.dtype), new, old
    )


def cond(pred, true_fn, false_fn):
    return jax.lax.cond(pred, true_fn, false_fn)


def switch(index, branches, *operands):
    return jax.lax.switch(index, branches, *operands)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    is_sequence = isinstance(loop_vars, (tuple, list))
    state = _tensors(tuple(loop_vars) if is_sequence else (loop_vars,))

    def run_body(values):
        result = body(*values)
        return _like(tuple(result) if is_sequence else (result,), values)

    if maximum_iterations is None:
        state = jax.lax.while_loop(lambda s: cond(*s), run_body, state)
    else:
        def limited_cond(s):
            return jnp.logical_and(s[1] < maximum_iterations, cond(*s[0]))

        def limited_body(s):
            return run_body(s[0]), s[1] + 1

        state, _ = jax.lax.while_loop(limited_cond, limited_body, (state, jnp.int32(0)))
    if not is_sequence:
        return state[0]
    return list(state) if isinstance(loop_vars, list) else state


def fori_loop(lower, upper, body_fun, init_val):
    return jax.lax.fori_loop(lower, upper, lambda i, v: _like(body_fun(i, v), v),
                             _tensors(init_val))


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    def step(carry, x):
        new_carry, y = f(carry, x)
        return _like(new_carry, carry), y

    xs = None if xs is None else _tensors(xs)
    return jax.lax.scan(step, _tensors(init), xs, length=length, reverse=reverse,
                        unroll=unroll)


def associative_scan(f, elems, reverse=False, axis=0):
    return jax.lax.associative_scan(f, _tensors(elems), reverse=reverse, axis=axis)


def map(f, xs):
    return jax.lax.map(f, _tensors(xs))


def vectorized_map(function, elements):
    return jax.vmap(function)(_tensors(elements))


def _starts(start_indices):
    starts = convert_to_tensor(start_indices)
    return [starts[i] for i in range(starts.shape[0])]


def slice(inputs, start_indices, shape):
    return jax.lax.dynamic_slice(convert_to_tensor(inputs), _starts(start_indices), shape)


def slice_update(inputs, start_indices, updates):
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates).astype(inputs.dtype)
    return jax.lax.dynamic_update_slice(inputs, updates, _starts(start_indices))


def _index(indices):
    indices = convert_to_tensor(indices)
    return tuple(indices[:, i] for i in range(indices.shape[1]))


def scatter(indices, values, shape):
    values = convert_to_tensor(values)
    return jnp.zeros(shape, values.dtype).at[_index(indices)].add(values)


def scatter_update(inputs, indices, updates, reduction=None):
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates).astype(inputs.dtype)
    at = inputs.at[_index(indices)]
    if reduction is None:
        return at.set(updates)
    method = {"add": at.add, "max": at.max, "min": at.min, "mul": at.multiply}[reduction]
    return method(updates)


def stop_gradient(variable):
    return jax.lax.stop_gradient(convert_to_tensor(variable))


def custom_gradient(f):
    def wrapper(*args, **kwargs):
        @jax.custom_gradient
        def forward(*inputs):
            output, grad_fn = f(*inputs, **kwargs)

            def vjp(upstream):
                grads = grad_fn(upstream)
                return tuple(grads) if isinstance(grads, (tuple, list)) else (grads,)

            return output, vjp

        return forward(*args)

    return wrapper


def unstack(x, num=None, axis=0):
    x = jnp.moveaxis(convert_to_tensor(x), axis, 0)
    return [x[i] for i in range(x.shape[0])]


def saturate_cast(x, dtype):
    x = convert_to_tensor(x)
    bounds = shared_ops.saturate_bounds(dtypes.standardize_dtype(x.dtype), dtype)
    if bounds is not None:
        x = jnp.clip(x, *bounds)
    return x.astype(to_native_dtype(dtype))


def rearrange(tensor, pattern, **axes_lengths):
    tensor = convert_to_tensor(tensor)
    split, perm, final = shared_ops.rearrange_plan(tensor.shape, pattern, axes_lengths)
    return jnp.reshape(jnp.transpose(jnp.reshape(tensor, split), perm), final)


def cdist(x, y):
    x, y = convert_to_tensor(x), convert_to_tensor(y)
    out, compute = shared_ops.float_dtypes(dtypes.result_type(x.dtype, y.dtype))
    diff = x.astype(compute)[..., :, None, :] - y.astype(compute)[..., None, :, :]
    return jnp.sqrt(jnp.sum(diff * diff, axis=-1)).astype(out)


def view_as_complex(x):
    x = convert_to_tensor(x)
    out, compute = shared_ops.float_dtypes(x.dtype)
    x = x.astype(compute)
    return jax.lax.complex(x[..., 0], x[..., 1])


def view_as_real(x):
    x = convert_to_tensor(x)
    return jnp.stack([jnp.real(x), jnp.imag(x)], axis=-1)
