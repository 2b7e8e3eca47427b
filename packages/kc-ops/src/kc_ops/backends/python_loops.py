"""Control flow as plain Python loops, for the eager backends (numpy, torch), and the
parallel associative scan shared by numpy, torch and tensorflow.

Framework-free: each backend passes its own tensor primitives (`stack`, `concat`, ...).
"""

import builtins

from kc_ops import tree


def leading_length(xs, length, op_name):
    leaves = [x for x in tree.flatten(xs) if x is not None] if xs is not None else []
    if not leaves:
        if length is None:
            raise ValueError(f"ops.{op_name} needs `xs` or `length`; both are None.")
        return int(length)
    n = int(leaves[0].shape[0])
    for leaf in leaves:
        if int(leaf.shape[0]) != n:
            raise ValueError(
                f"ops.{op_name}: every tensor in `xs` must have the same leading dimension. "
                f"Received {[tuple(x.shape) for x in leaves]}."
            )
    if length is not None and int(length) != n:
        raise ValueError(f"ops.{op_name}: `length`={length} does not match the leading "
                         f"dimension {n} of `xs`.")
    return n


def stack_structure(items, stack):
    """Stack a list of equally structured outputs leaf by leaf (None leaves stay None)."""
    if not items:
        return None
    flat = [tree.flatten(item) for item in items]
    stacked = [
        None if column[0] is None else stack(list(column)) for column in zip(*flat)
    ]
    return tree.pack_sequence_as(items[0], stacked)


def scan(f, init, xs, length, reverse, stack):
    n = leading_length(xs, length, "scan")
    carry, ys = init, [None] * n
    steps = range(n - 1, -1, -1) if reverse else range(n)
    for i in steps:
        x = None if xs is None else tree.map_structure(lambda t: t[i], xs)
        carry, ys[i] = f(carry, x)
    return carry, stack_structure(ys, stack)


def while_loop(cond, body, loop_vars, maximum_iterations):
    is_sequence = isinstance(loop_vars, (tuple, list))
    state = tuple(loop_vars) if is_sequence else (loop_vars,)
    count = 0
    while (maximum_iterations is None or count < maximum_iterations) and bool(cond(*state)):
        result = body(*state)
        state = tuple(result) if is_sequence else (result,)
        if len(state) != (len(loop_vars) if is_sequence else 1):
            raise ValueError(
                "ops.while_loop: `body` must return as many values as `loop_vars` has. "
                f"Expected {len(loop_vars) if is_sequence else 1}, received {len(state)}."
            )
        count += 1
    if not is_sequence:
        return state[0]
    return type(loop_vars)(state) if isinstance(loop_vars, list) else state


def associative_scan(f, elems, reverse, axis, ops):
    """Inclusive prefix combination along `axis` in O(log n) batched calls of `f` (the
    classic odd/even recursion, as jax.lax.associative_scan does).

    `ops` gives the backend primitives: concat(list, axis), stack(list, axis),
    merge(t, axis) (joins dims axis and axis + 1) and flip(t, axis).
    """
    leaves = tree.flatten(elems)
    size = leaves[0].shape[axis]
    if size is None:
        raise ValueError("ops.associative_scan needs a known size along `axis`.")

    def combine(a, b):
        out = f(tree.pack_sequence_as(elems, a), tree.pack_sequence_as(elems, b))
        return tree.flatten(out)

    def take_one(t, start, stop, step=1):
        index = [builtins.slice(None)] * len(t.shape)
        index[axis] = builtins.slice(start, stop, step)
        return t[tuple(index)]

    def take(items, start, stop=None, step=1):
        return [take_one(t, start, stop, step) for t in items]

    def interleave(a, b, n):
        """a[0], b[0], a[1], b[1], ... (n items; a may have one more item than b)."""
        if n % 2:
            b = ops.concat([b, take_one(a, -1, None)], axis)
        return take_one(ops.merge(ops.stack([a, b], axis + 1), axis), 0, n)

    def scan(items, n):
        if n < 2:
            return items
        odd = scan(combine(take(items, 0, n - 1, 2), take(items, 1, n, 2)), n // 2)
        if n % 2 == 0:
            even = combine(take(odd, 0, n // 2 - 1), take(items, 2, n, 2))
        else:
            even = combine(odd, take(items, 2, n, 2))
        even = [ops.concat([first, rest], axis) for first, rest in zip(take(items, 0, 1), even)]
        return [interleave(e, o, n) for e, o in zip(even, odd)]

    if reverse:
        leaves = [ops.flip(t, axis) for t in leaves]
    result = scan(leaves, int(size))
    if reverse:
        result = [ops.flip(t, axis) for t in result]
    return tree.pack_sequence_as(elems, result)
