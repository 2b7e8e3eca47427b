"""`keras.tree`: utilities for nested structures of lists, tuples, dicts and namedtuples.

Built on optree with Keras's conventions: `None` is a leaf, dicts are traversed in sorted key
order, and only list, tuple, dict, OrderedDict, defaultdict, namedtuple and deque are nested.
"""

import collections

import optree

_NAMESPACE = "keras"


class MAP_TO_NONE:
    """Returned by a `traverse` function to replace a subtree with None."""


def _flatten(structure):
    return optree.tree_flatten(structure, none_is_leaf=True, namespace=_NAMESPACE)


def is_nested(structure):
    return not optree.treespec_is_leaf(
        optree.tree_structure(structure, none_is_leaf=True, namespace=_NAMESPACE)
    )


def flatten(structure):
    return _flatten(structure)[0]


def flatten_with_path(structure):
    paths, leaves, _ = optree.tree_flatten_with_path(structure, none_is_leaf=True, namespace=_NAMESPACE)
    return list(zip(paths, leaves))


def unflatten_as(structure, flat_sequence):
    return pack_sequence_as(structure, flat_sequence)


def pack_sequence_as(structure, flat_sequence):
    if not isinstance(flat_sequence, (list, tuple)):
        raise TypeError(
            f"pack_sequence_as expects a list or tuple as flat_sequence. Received: "
            f"{type(flat_sequence).__name__}"
        )
    leaves, spec = _flatten(structure)
    if len(leaves) != len(flat_sequence):
        raise ValueError(
            f"The structure has {len(leaves)} leaves but flat_sequence has "
            f"{len(flat_sequence)} items. Structure: {structure!r}"
        )
    return optree.tree_unflatten(spec, list(flat_sequence))


def map_structure(func, *structures, none_is_leaf=True):
    if not callable(func):
        raise TypeError(f"map_structure expects a callable. Received: {func!r}")
    if not structures:
        raise ValueError("map_structure needs at least one structure.")
    for other in structures[1:]:
        assert_same_structure(structures[0], other, check_types=False)
    return optree.tree_map(func, *structures, none_is_leaf=none_is_leaf, namespace=_NAMESPACE)


def map_structure_up_to(shallow_structure, func, *structures):
    spec = optree.tree_structure(shallow_structure, none_is_leaf=True, namespace=_NAMESPACE)
    flat = [spec.flatten_up_to(s) for s in structures]
    return optree.tree_unflatten(spec, [func(*leaves) for leaves in zip(*flat)])


def map_shape_structure(func, structure):
    """Map `func` over the shapes (tuples of ints/None) found in a nested structure."""

    def is_shape(x):
        return isinstance(x, (tuple, list)) and all(d is None or isinstance(d, int) for d in x)

    def visit(x):
        if is_shape(x):
            return func(x)
        if isinstance(x, dict):
            return type(x)((k, visit(v)) for k, v in x.items())
        if isinstance(x, (list, tuple)):
            items = [visit(v) for v in x]
            return type(x)(*items) if _is_namedtuple(x) else type(x)(items)
        return func(x)

    return visit(structure)


def _is_namedtuple(x):
    return isinstance(x, tuple) and hasattr(x, "_fields")


def _structure_error(a, b, detail):
    return ValueError(f"The two structures don't have the same nested structure ({detail}).\n"
                      f"First structure: {a!r}\nSecond structure: {b!r}")


def assert_same_structure(a, b, check_types=None):
    spec_a = optree.tree_structure(a, none_is_leaf=True, namespace=_NAMESPACE)
    spec_b = optree.tree_structure(b, none_is_leaf=True, namespace=_NAMESPACE)
    if spec_a.num_leaves != spec_b.num_leaves:
        raise _structure_error(a, b, f"{spec_a.num_leaves} vs {spec_b.num_leaves} leaves")
    if check_types:
        if spec_a != spec_b:
            raise _structure_error(a, b, "different types")
        return
    # Compare shapes of the trees, treating list and tuple alike.
    if _shape_only(a) != _shape_only(b):
        raise _structure_error(a, b, "different nesting")


def _shape_only(x):
    if isinstance(x, dict):
        return ("dict", tuple(sorted((k, _shape_only(v)) for k, v in x.items())))
    if isinstance(x, (list, tuple, collections.deque)):
        return ("seq", tuple(_shape_only(v) for v in x))
    return "leaf"


def assert_same_paths(a, b):
    paths_a = {p for p, _ in flatten_with_path(a)}
    paths_b = {p for p, _ in flatten_with_path(b)}
    if paths_a != paths_b:
        raise ValueError(
            "The two structures don't have the same paths. Only in the first: "
            f"{sorted(paths_a - paths_b)}; only in the second: {sorted(paths_b - paths_a)}."
        )


def lists_to_tuples(structure):
    def visit(x):
        if isinstance(x, dict):
            return type(x)((k, visit(v)) for k, v in x.items())
        if isinstance(x, (list, tuple)):
            items = [visit(v) for v in x]
            return type(x)(*items) if _is_namedtuple(x) else tuple(items)
        return x

    return visit(structure)


def traverse(func, structure, top_down=True):
    """Apply `func` to every node. Top-down: a non-None result replaces the node and stops the
    descent (MAP_TO_NONE gives None). Bottom-up: children first; a non-None result replaces."""

    def rebuild(x, children):
        if isinstance(x, dict):
            return type(x)(zip(x.keys(), children))
        if _is_namedtuple(x):
            return type(x)(*children)
        if isinstance(x, collections.deque):
            return collections.deque(children)
        return type(x)(children)

    def children_of(x):
        if isinstance(x, dict):
            return list(x.values())
        if isinstance(x, (list, tuple, collections.deque)):
            return list(x)
        return None

    def visit(x):
        if top_down:
            result = func(x)
            if result is MAP_TO_NONE:
                return None
            if result is not None:
                return result
            kids = children_of(x)
            return x if kids is None else rebuild(x, [visit(k) for k in kids])
        kids = children_of(x)
        node = x if kids is None else rebuild(x, [visit(k) for k in kids])
        result = func(node)
        if result is MAP_TO_NONE:
            return None
        return node if result is None else result

    return visit(structure)
