"""Control flow, slicing and scatter updates of the tensorflow backend (tf.cond,
tf.while_loop and TensorArrays, so they work inside tf.function)."""

import types

import tensorflow as tf

from kc_ops import dtypes, tree
from kc_ops.backends import python_loops, shared_ops
from kc_ops.backends.tensorflow.core import convert_to_tensor, to_native_dtype


def _tensors(structure):
    return tree.map_structure(lambda v: v if v is None else convert_to_tensor(v), structure)


def _like(new, old):
    """Loop outputs cast to the dtypes of the loop inputs (tf.while_loop requires it)."""
    return tree.map_structure(
        lambda n, o: n if o is None else tf.cast(convert_to_tensor(n), o.dtype), new, old
    )


def cond(pred, true_fn, false_fn):
    return tf.cond(tf.cast(convert_to_tensor(pred), "bool"), true_fn, false_fn)


def switch(index, branches, *operands):
    index = tf.clip_by_value(tf.cast(convert_to_tensor(index), "int32"), 0, len(branches) - 1)
    calls = [lambda branch=branch: branch(*operands) for branch in branches]
    return tf.switch_case(index, calls)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    is_sequence = isinstance(loop_vars, (tuple, list))
    state = _tensors(tuple(loop_vars) if is_sequence else (loop_vars,))

    def run_body(*values):
        result = body(*values)
        return _like(tuple(result) if is_sequence else (result,), values)

    state = tf.while_loop(cond, run_body, state, maximum_iterations=maximum_iterations)
    if not is_sequence:
        return state[0]
    return list(state) if isinstance(loop_vars, list) else tuple(state)


def fori_loop(lower, upper, body_fun, init_val):
    state = (tf.cast(convert_to_tensor(lower), "int32"), _tensors(init_val))
    _, val = tf.while_loop(
        lambda i, val: i < tf.cast(upper, "int32"),
        lambda i, val: (i + 1, _like(body_fun(i, val), val)),
        state,
    )
    return val


def _length(xs, length):
    leaves = [x for x in tree.flatten(xs) if x is not None] if xs is not None else []
    if not leaves:
        return length
    first = leaves[0]
    return first.shape[0] if first.shape[0] is not None else tf.shape(first)[0]


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    if xs is not None:
        xs = _tensors(xs)
    n = _length(xs, length)
    if isinstance(n, int) and n == 0:
        raise ValueError("ops.scan on tensorflow needs at least one step (length 0 given).")

    def x_at(i):
        return None if xs is None else tree.map_structure(lambda t: t[i], xs)

    def index(i):
        return n - 1 - i if reverse else i

    # The first step runs outside the loop: it fixes the dtypes and shapes of the outputs.
    carry, y = f(_tensors(init), x_at(index(0)))
    carry = _like(carry, _tensors(init))
    y_leaves = [None if v is None else convert_to_tensor(v) for v in tree.flatten(y)]
    arrays = [
        None if v is None else tf.TensorArray(v.dtype, size=n, element_shape=v.shape).write(
            index(0), v)
        for v in y_leaves
    ]

    def body(i, carry, arrays):
        new_carry, new_y = f(carry, x_at(index(i)))
        new_leaves = tree.flatten(new_y)
        arrays = [a if a is None else a.write(index(i), tf.cast(v, a.dtype))
                  for a, v in zip(arrays, new_leaves)]
        return i + 1, _like(new_carry, carry), arrays

    _, carry, arrays = tf.while_loop(lambda i, c, a: i < n, body, (tf.constant(1), carry, arrays))
    ys = [None if a is None else a.stack() for a in arrays]
    return carry, tree.pack_sequence_as(y, ys)


def _merge(t, axis):
    shape = tf.shape(t)
    return tf.reshape(t, tf.concat([shape[:axis], [-1], shape[axis + 2:]], axis=0))


_SCAN_OPS = types.SimpleNamespace(
    concat=lambda items, axis: tf.concat(items, axis=axis),
    stack=lambda items, axis: tf.stack(items, axis=axis),
    merge=_merge,
    flip=lambda t, axis: tf.reverse(t, [axis]),
)


def associative_scan(f, elems, reverse=False, axis=0):
    return python_loops.associative_scan(f, _tensors(elems), reverse, axis, _SCAN_OPS)


def map(f, xs):
    return scan(lambda carry, x: (carry, f(x)), tf.constant(0), xs)[1]


def vectorized_map(function, elements):
    return tf.vectorized_map(function, _tensors(elements))


def slice(inputs, start_indices, shape):
    starts = tf.cast(convert_to_tensor(start_indices), "int32")
    return tf.slice(convert_to_tensor(inputs), starts, shape)


def slice_update(inputs, start_indices, updates):
    inputs = convert_to_tensor(inputs)
    updates = tf.cast(convert_to_tensor(updates), inputs.dtype)
    starts = tf.cast(convert_to_tensor(start_indices), "int32")
    grids = tf.meshgrid(*[tf.range(d) for d in tf.unstack(tf.shape(updates))], indexing="ij")
    indices = tf.stack(grids, axis=-1) + starts
    return tf.tensor_scatter_nd_update(inputs, indices, updates)


def scatter(indices, values, shape):
    values = convert_to_tensor(values)
    indices = tf.cast(convert_to_tensor(indices), "int64")
    return tf.scatter_nd(indices, values, tf.constant(shape, "int64"))


_SCATTER_FNS = {
    None: tf.tensor_scatter_nd_update, "add": tf.tensor_scatter_nd_add,
    "max": tf.tensor_scatter_nd_max, "min": tf.tensor_scatter_nd_min,
}


def scatter_update(inputs, indices, updates, reduction=None):
    inputs = convert_to_tensor(inputs)
    updates = tf.cast(convert_to_tensor(updates), inputs.dtype)
    indices = tf.cast(convert_to_tensor(indices), "int64")
    if reduction != "mul":
        return _SCATTER_FNS[reduction](inputs, indices, updates)
    # Multiply: the product of all updates per addressed row, then one multiplication.
    k = indices.shape[1]
    shape = tf.shape(inputs, out_type="int64")
    rows = tf.reduce_prod(shape[:k])
    strides = tf.math.cumprod(shape[:k], exclusive=True, reverse=True)
    linear = tf.reduce_sum(indices * strides, axis=1)
    flat = tf.reshape(inputs, tf.concat([[rows], shape[k:]], axis=0))
    factors = tf.math.unsorted_segment_prod(updates, linear, rows)
    return tf.reshape(flat * factors, shape)


def stop_gradient(variable):
    return tf.stop_gradient(convert_to_tensor(variable))


def custom_gradient(f):
    def wrapper(*args, **kwargs):
        @tf.custom_gradient
        def forward(*inputs):
            output, grad_fn = f(*inputs, **kwargs)

            def grad(*upstream, variables=None):
                # tf passes `variables` when `f` read tf.Variables; the gradient function
                # then returns (input grads, variable grads), as with tf.custom_gradient.
                if variables:
                    return grad_fn(*upstream, variables=variables)
                return grad_fn(*upstream)

            return output, grad

        return forward(*args)

    return wrapper


def unstack(x, num=None, axis=0):
    return tf.unstack(convert_to_tensor(x), num=num, axis=axis)


def saturate_cast(x, dtype):
    x = convert_to_tensor(x)
    bounds = shared_ops.saturate_bounds(dtypes.standardize_dtype(x.dtype), dtype)
    if bounds is not None:
        x = tf.clip_by_value(x, tf.cast(bounds[0], x.dtype), tf.cast(bounds[1], x.dtype))
    return tf.cast(x, to_native_dtype(dtype))


def rearrange(tensor, pattern, **axes_lengths):
    tensor = convert_to_tensor(tensor)
    dynamic = tf.shape(tensor)
    shape = [d if d is not None else dynamic[i] for i, d in enumerate(tensor.shape)]
    split, perm, final = shared_ops.rearrange_plan(shape, pattern, axes_lengths)
    return tf.reshape(tf.transpose(tf.reshape(tensor, split), perm), final)


def cdist(x, y):
    x, y = convert_to_tensor(x), convert_to_tensor(y)
    common = dtypes.result_type(dtypes.standardize_dtype(x.dtype),
                                dtypes.standardize_dtype(y.dtype))
    out, compute = shared_ops.float_dtypes(common)
    diff = tf.cast(x, compute)[..., :, None, :] - tf.cast(y, compute)[..., None, :, :]
    return tf.cast(tf.sqrt(tf.reduce_sum(diff * diff, axis=-1)), out)


def view_as_complex(x):
    x = convert_to_tensor(x)
    out, compute = shared_ops.float_dtypes(dtypes.standardize_dtype(x.dtype))
    x = tf.cast(x, compute)
    return tf.complex(x[..., 0], x[..., 1])


def view_as_real(x):
    x = convert_to_tensor(x)
    return tf.stack([tf.math.real(x), tf.math.imag(x)], axis=-1)
