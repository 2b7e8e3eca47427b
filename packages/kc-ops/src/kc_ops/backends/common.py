"""Pieces shared by the backends (no framework imported here)."""

from kc_ops import scopes, tree
from kc_ops.keras_tensor import KerasTensor

# Unknown (None) dimensions are tried at two different sizes; a dimension of the output that
# differs between the two runs depends on an unknown input dimension and is None.
_PROBE_SIZES = (83, 89)


def infer_dtype(x):
    """The dtype Keras gives a Python scalar or (nested) list: weak types resolve to floatx
    precision (ints to int32, floats to floatx)."""
    from kc_ops import dtypes

    leaves = tree.flatten(x) if isinstance(x, (list, tuple)) else [x]
    if not leaves:
        return dtypes.result_type()
    return dtypes.result_type(*[dtypes.dtype_of(v) for v in leaves])


def _split(args, kwargs):
    flat = tree.flatten((args, kwargs))
    positions = [i for i, x in enumerate(flat) if isinstance(x, KerasTensor)]
    return flat, positions


def _rebuild(args, kwargs, flat, positions, values):
    flat = list(flat)
    for i, value in zip(positions, values):
        flat[i] = value
    return tree.pack_sequence_as((args, kwargs), flat)


def probe_output_spec(fn, args, kwargs, make_placeholder, run, spec_of):
    """Derive output KerasTensors by running `fn` on backend placeholders.

    make_placeholder(shape, dtype) -> a placeholder; run(call, placeholders) -> outputs of
    call(placeholders); spec_of(output) -> (shape, dtype), or None for a non-tensor output.
    """
    flat, positions = _split(args, kwargs)
    has_unknown = any(None in flat[i].shape for i in positions)
    sizes = _PROBE_SIZES if has_unknown else _PROBE_SIZES[:1]

    def call(placeholders):
        new_args, new_kwargs = _rebuild(args, kwargs, flat, positions, placeholders)
        # A StatelessScope keeps spec computation from changing any variable, and defers the
        # initialization of variables created meanwhile until we are out of the trace.
        with scopes.StatelessScope(), scopes.SymbolicScope():
            return fn(*new_args, **new_kwargs)

    results = []
    for size in sizes:
        placeholders = [
            make_placeholder(tuple(size if d is None else d for d in flat[i].shape), flat[i].dtype)
            for i in positions
        ]
        results.append(run(call, placeholders))
    return merge_specs(results, spec_of)


def merge_specs(results, spec_of):
    first = results[0]
    leaves = tree.flatten(first)
    specs = [[spec_of(x) for x in tree.flatten(r)] for r in results]
    merged = []
    for i, leaf in enumerate(leaves):
        spec = specs[0][i]
        if spec is None:
            merged.append(leaf)
            continue
        shape, dtype = spec
        for other in specs[1:]:
            shape = tuple(a if a == b else None for a, b in zip(shape, other[i][0]))
        merged.append(KerasTensor(shape, dtype=dtype))
    return tree.pack_sequence_as(first, merged)


def placeholder_graph_spec(fn, args, kwargs, make_placeholder, run, spec_of):
    """For frameworks whose placeholders keep None dims (TensorFlow graphs): one run."""
    flat, positions = _split(args, kwargs)

    def call(placeholders):
        new_args, new_kwargs = _rebuild(args, kwargs, flat, positions, placeholders)
        with scopes.StatelessScope(), scopes.SymbolicScope():
            return fn(*new_args, **new_kwargs)

    def make_all():
        return [make_placeholder(flat[i].shape, flat[i].dtype) for i in positions]

    return merge_specs([run(call, make_all)], spec_of)
