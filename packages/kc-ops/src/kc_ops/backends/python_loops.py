"""Control flow as plain Python loops, for the eager backends (numpy, torch).

Framework-free: the backend passes its own `stack` (list of tensors -> tensor along a new
first axis) and `take` (tensor, i -> tensor[i:i+1] along an axis, keeping the axis).
"""

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


def associative_scan(f, elems, reverse, axis, take, concat):
    """Inclusive prefix combination along `axis`, one element at a time."""
    leaves = tree.flatten(elems)
    n = int(leaves[0].shape[axis])
    order = range(n - 1, -1, -1) if reverse else range(n)
    results, acc = [None] * n, None
    for i in order:
        elem = tree.pack_sequence_as(elems, [take(t, i, axis) for t in leaves])
        acc = elem if acc is None else f(acc, elem)  # reverse: as jax, a scan of the flipped axis
        results[i] = acc
    columns = zip(*[tree.flatten(r) for r in results])
    return tree.pack_sequence_as(elems, [concat(list(c), axis) for c in columns])
