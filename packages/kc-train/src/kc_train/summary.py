"""`model.summary()`: a rich table of layers, output shapes and parameter counts."""

import io

import numpy as np
from kc_ops import dtypes, tree

_SEQUENTIAL_WIDTHS = (31, 25, 10)  # content widths of the Keras 3 table (76 columns in all)
_CONNECTED_WIDTH = 22
_TRAINABLE_WIDTH = 9


def _format_count(n):
    return f"{n:,}"


def _format_bytes(n):
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.2f} {unit}"
    return f"{n:.2f} B"


def _weight_bytes(variables):
    return sum(int(np.prod(v.shape)) * dtypes.dtype_size(v.dtype) / 8 for v in variables)


def _unique(variables):
    seen, result = set(), []
    for v in variables:
        if id(v) not in seen:
            seen.add(id(v))
            result.append(v)
    return result


def _model_nodes(model):
    functional = getattr(model, "_functional", None) or model
    return getattr(functional, "_graph_node_list", None)


def _shape_text(layer, nodes):
    if nodes is not None:
        outputs = [n.outputs for n in nodes if n.operation is layer]
        if outputs:
            shapes = [tree.map_structure(lambda t: t.shape, o) for o in outputs]
            shape = shapes[0] if len(shapes) == 1 else shapes
            return _shape_string(shape)
    try:
        return _shape_string(tree.map_structure(lambda t: t.shape, layer.output))
    except Exception:
        return "?"


def _shape_string(shape):
    if isinstance(shape, tuple) and all(d is None or isinstance(d, int) for d in shape):
        return "(" + ", ".join("None" if d is None else str(d) for d in shape) + (",)" if len(shape) == 1 else ")")
    if isinstance(shape, dict):
        return "{" + ", ".join(f"{k}: {_shape_string(v)}" for k, v in shape.items()) + "}"
    if isinstance(shape, (list, tuple)):
        return "[" + ", ".join(_shape_string(s) for s in shape) + "]"
    return str(shape)


def _param_text(layer):
    if not getattr(layer, "built", True):
        return "0 (unbuilt)"
    return _format_count(layer.count_params())


def _is_sequential_like(model, nodes):
    if nodes is None or type(model).__name__ == "Sequential":
        return True
    for node in nodes:
        if len(node.input_tensors) > 1 or len(node.operation._inbound_nodes) > 1:
            return False
    return len(getattr(model, "_flat_inputs", [0])) == 1


def _connections(layer, nodes):
    parts = []
    for node in nodes or []:
        if node.operation is not layer:
            continue
        for tensor in node.input_tensors:
            operation, node_index, tensor_index = tensor._keras_history
            parts.append(f"{operation.name}[{node_index}][{tensor_index}]")
    return ", ".join(parts) or "-"


def _rows(model, nodes, expand_nested, show_connections, show_trainable, depth=0):
    layers = list(model.layers)
    if nodes is not None and hasattr(model, "_input_layers") and show_connections:
        layers = list(model._input_layers) + [l for l in layers if l not in model._input_layers]
    rows = []
    for layer in layers:
        name = ("  " * depth) + f"{layer.name} ({type(layer).__name__})"
        row = [name, _shape_text(layer, nodes), _param_text(layer)]
        if show_connections:
            row.append(_connections(layer, nodes))
        if show_trainable:
            row.append("Y" if layer.trainable else "N")
        rows.append(row)
        if expand_nested and hasattr(layer, "layers") and layer.layers:
            rows.extend(_rows(layer, _model_nodes(layer), expand_nested, show_connections,
                              show_trainable, depth + 1))
    return rows


def print_summary(model, line_length=None, positions=None, print_fn=None, expand_nested=False,
                  show_trainable=False, layer_range=None):
    from rich import box
    from rich.console import Console
    from rich.table import Table

    nodes = _model_nodes(model)
    show_connections = not _is_sequential_like(model, nodes)
    widths = list(_SEQUENTIAL_WIDTHS)
    headers = ["Layer (type)", "Output Shape", "Param #"]
    if show_connections:
        headers.append("Connected to")
        widths.append(_CONNECTED_WIDTH)
    if show_trainable:
        headers.append("Trainable")
        widths.append(_TRAINABLE_WIDTH)
    if line_length is not None:
        total = sum(widths) + 2 * len(widths) + len(widths) + 1
        scale = line_length / total
        widths = [max(6, int(w * scale)) for w in widths]
    table = Table(box=box.HEAVY_HEAD, show_lines=True, show_header=True)
    for i, (header, width) in enumerate(zip(headers, widths)):
        table.add_column(header, width=width, justify="right" if header == "Param #" else "left",
                         no_wrap=False, overflow="fold")
    rows = _rows(model, nodes, expand_nested, show_connections, show_trainable)
    if layer_range is not None:
        names = [r[0].strip().split(" (")[0] for r in rows]
        start, end = names.index(layer_range[0]), names.index(layer_range[1])
        rows = rows[start:end + 1]
    for row in rows:
        table.add_row(*row)

    buffer = io.StringIO()
    console = Console(file=buffer, width=sum(widths) + 3 * len(widths) + 1, color_system=None,
                      force_terminal=False, highlight=False)
    console.print(table)
    trainable = _unique(model.trainable_weights)
    non_trainable = _unique(model.non_trainable_weights)
    count = lambda vs: sum(int(np.prod(v.shape)) for v in vs)  # noqa: E731
    lines = [f'Model: "{model.name}"'] + buffer.getvalue().rstrip("\n").split("\n")
    total_vars = trainable + non_trainable
    lines.append(f" Total params: {_format_count(count(total_vars))} ({_format_bytes(_weight_bytes(total_vars))})")
    lines.append(f" Trainable params: {_format_count(count(trainable))} ({_format_bytes(_weight_bytes(trainable))})")
    lines.append(f" Non-trainable params: {_format_count(count(non_trainable))} ({_format_bytes(_weight_bytes(non_trainable))})")
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and getattr(optimizer, "built", False) and optimizer.variables:
        variables = list(optimizer.variables)
        lines.append(f" Optimizer params: {_format_count(count(variables))} ({_format_bytes(_weight_bytes(variables))})")
    if print_fn is None:
        print("\n".join(lines))
    else:
        for line in lines:
            print_fn(line)
