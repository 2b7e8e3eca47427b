"""Where each object's variables live inside a weights file: Keras 3's layout.

Every saveable object (one with `save_own_variables` / `load_own_variables`: layers, optimizers)
gets a group `<path>/vars` holding its own variables as datasets "0", "1", ...

- The model's own variables go to `vars/`.
- The layers of a Sequential or Functional model go to `layers/<key>/`, where `<key>` is the
  layer's class name in snake_case, numbered in order when it repeats (`dense`, `dense_1`, ...).
  Layer *names* are not used: they are often auto-generated and differ between two instances
  of the same model.
- Any other saveable object held in an attribute goes to `<path>/<attribute name>/` (the name
  as written, leading underscore included); lists, tuples and dicts of them to
  `<path>/<attribute name>/<key>/` with the same class-name keys as model layers.
- Public attributes are visited before private ones, each group in sorted order, so a property
  such as `key_dense` names the path of the object it exposes rather than its private
  attribute `_key_dense` (an object is stored once, at the first path that reaches it).
"""

import re

# Attributes that never lead to saveable state of their own (graph bookkeeping, compile-time
# objects, metrics), on top of everything a bare base `Layer` has.
_SKIP_ATTRIBUTES = {
    "layers",
    "_layers",
    "_functional_layers",
    "_stack",
    "_functional",
    "_input_layers",
    "_graph_nodes",
    "_graph_node_list",
    "_compile_metrics",
    "_compile_loss",
    "_loss_tracker",
    "_tracked_metrics",
    "metrics",
    "_metrics",
    "input",
    "output",
    "inputs",
    "outputs",
    "_inbound_nodes",
    "_outbound_nodes",
    "history",
    "_tracker",
    "_parent",
    "_model",
    "operations",
    "_operations",
    "compiled_loss",
    "compiled_metrics",
    "loss",
}

_reference_attributes = {}


def is_saveable(obj):
    return (
        hasattr(obj, "save_own_variables")
        and hasattr(obj, "load_own_variables")
        and not isinstance(obj, type)
    )


def to_snake_case(name):
    """`GlobalAveragePooling2D` -> `global_average_pooling2d`, `LSTMCell` -> `lstm_cell`."""
    name = re.sub(r"\W+", "", name)
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)  # a capitalised word starts a new part
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()  # lower followed by upper


def container_keys(objects):
    """The keys Keras gives the saveables of a list: snake_case class names, numbered on repeat."""
    counts = {}
    keys = []
    for obj in objects:
        base = to_snake_case(type(obj).__name__)
        if base in counts:
            counts[base] += 1
            keys.append(f"{base}_{counts[base]}")
        else:
            counts[base] = 0
            keys.append(base)
    return keys


def _model_layers(obj):
    names = {cls.__name__ for cls in type(obj).__mro__}
    if "Sequential" in names or "Functional" in names:
        return list(obj.layers)
    return None


def _base_attributes(obj):
    """Attribute names a bare instance of the base `Layer` class has: never state of their own."""
    for klass in type(obj).__mro__:
        if klass.__name__ == "Layer" and klass.__module__.startswith("kc_layers"):
            if klass not in _reference_attributes:
                try:
                    _reference_attributes[klass] = frozenset(dir(klass()))
                except Exception:
                    _reference_attributes[klass] = frozenset()
            return _reference_attributes[klass]
    return frozenset()


def _candidate_attributes(obj):
    own = vars(obj) if hasattr(obj, "__dict__") else {}
    skip = _SKIP_ATTRIBUTES | _base_attributes(obj)
    names = (set(own) | _public_properties(type(obj))) - skip
    public = sorted(n for n in names if not n.startswith("_"))
    private = sorted(n for n in names if n.startswith("_") and not n.startswith("__"))
    return public + private


def _public_properties(cls):
    names = set()
    for klass in cls.__mro__:
        if klass.__module__.startswith(
            ("kc_layers.layer", "kc_train.models", "kc_train.trainers", "builtins")
        ):
            continue
        for name, value in vars(klass).items():
            if isinstance(value, property) and not name.startswith("_"):
                names.add(name)
    return names


def walk(obj, path="", visited=None):
    """Yield `(path, saveable)` for `obj` and everything saveable below it, depth first."""
    visited = set() if visited is None else visited
    if id(obj) in visited:
        return
    visited.add(id(obj))
    yield path, obj
    layers = _model_layers(obj)
    if layers is not None:
        yield from _walk_container(layers, _join(path, "layers"), visited)
    for name in _candidate_attributes(obj):
        try:
            child = getattr(obj, name)
        except Exception:
            continue
        child_path = _join(path, name)
        if is_saveable(child):
            yield from walk(child, child_path, visited)
        elif isinstance(child, dict):
            yield from _walk_container(list(child.values()), child_path, visited)
        elif isinstance(child, (list, tuple, set)) and not isinstance(child, str):
            yield from _walk_container(list(child), child_path, visited)


def _walk_container(items, path, visited):
    saveables = [item for item in items if is_saveable(item)]
    for key, item in zip(container_keys(saveables), saveables):
        yield from walk(item, _join(path, key), visited)


def _join(*parts):
    return "/".join(p for p in parts if p)
