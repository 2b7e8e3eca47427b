"""Where each object's variables live inside a weights file: Keras 3's layout.

The model's own variables go to `vars/`, every layer of a Sequential or Functional model to
`layers/<layer name>/`, the optimizer to `optimizer/`, and any other saveable object held in an
attribute to `<path>/<attribute name>/` (lists and dicts of them: `<path>/<attribute>/<name>`).
An object is saveable when it has `save_own_variables` (layers, optimizers, metrics).
Public attributes are visited before private ones, so a property such as `key_dense` names the
path of the object it exposes rather than its private attribute `_key_dense`.
"""

_SKIP_ATTRIBUTES = {
    "layers", "_layers", "_functional_layers", "_stack", "_functional", "_input_layers",
    "_graph_nodes", "_graph_node_list", "_compile_metrics", "_compile_loss", "_loss_tracker",
    "_tracked_metrics", "metrics", "_metrics", "input", "output", "inputs", "outputs",
    "_inbound_nodes", "_outbound_nodes", "history", "_tracker", "_parent", "_model",
}


def is_saveable(obj):
    return hasattr(obj, "save_own_variables") and hasattr(obj, "load_own_variables") and not isinstance(obj, type)


def _model_layers(obj):
    kind = type(obj).__mro__
    names = {cls.__name__ for cls in kind}
    if "Sequential" in names or "Functional" in names:
        return list(obj.layers)
    return None


def _candidate_attributes(obj):
    own = vars(obj) if hasattr(obj, "__dict__") else {}
    public = sorted(n for n in set(own) | _public_properties(type(obj)) if not n.startswith("_"))
    private = sorted(n for n in own if n.startswith("_") and not n.startswith("__"))
    return public + private


def _public_properties(cls):
    names = set()
    for klass in cls.__mro__:
        if klass.__module__.startswith(("kc_layers.layer", "kc_train.models", "kc_train.trainers", "builtins")):
            continue
        for name, value in vars(klass).items():
            if isinstance(value, property) and not name.startswith("_"):
                names.add(name)
    return names


def walk(obj, path, visited):
    """Yield `(path, saveable)` for `obj` and everything saveable below it, depth first."""
    if id(obj) in visited:
        return
    visited.add(id(obj))
    yield path, obj
    layers = _model_layers(obj)
    if layers is not None:
        for layer in layers:
            yield from walk(layer, _join(path, "layers", layer.name), visited)
    for name in _candidate_attributes(obj):
        if name in _SKIP_ATTRIBUTES:
            continue
        try:
            child = getattr(obj, name)
        except Exception:
            continue
        child_path = _join(path, name.lstrip("_"))
        if is_saveable(child):
            yield from walk(child, child_path, visited)
        elif isinstance(child, (list, tuple)) and child and any(is_saveable(c) for c in child):
            for item in child:
                if is_saveable(item):
                    yield from walk(item, _join(child_path, item.name), visited)
        elif isinstance(child, dict) and any(is_saveable(c) for c in child.values()):
            for key, item in child.items():
                if is_saveable(item):
                    yield from walk(item, _join(child_path, str(key)), visited)


def _join(*parts):
    return "/".join(p for p in parts if p)
