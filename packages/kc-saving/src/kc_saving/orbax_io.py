"""Orbax checkpoint directories: what `OrbaxCheckpoint` writes, and how `load_model` /
`load_weights` read it back.

A checkpoint root holds one sub-directory per step (`0/`, `1/`, ...). Each step holds the items
`state` (the model's state tree as NumPy arrays), `metadata` (JSON: the variable order of every
group, so a fresh model whose auto-generated layer names differ can still be matched by position)
and, unless saved with `save_weights_only=True`, `model_config` (JSON: the same config a `.keras`
archive stores). Orbax imports jax, but arrays are handed over as NumPy so every backend works.
"""

import json
import os
import warnings

import numpy as np

STATE = "state"
METADATA = "metadata"
CONFIG = "model_config"
ITEM_NAMES = (STATE, METADATA, CONFIG)
GROUPS = (
    "trainable_variables", "non_trainable_variables", "optimizer_variables", "metrics_variables",
)
_STEP_MARKER = "_CHECKPOINT_METADATA"


def import_orbax():
    try:
        import orbax.checkpoint as ocp
    except ImportError as error:
        raise ImportError(
            "Orbax checkpointing needs the `orbax-checkpoint` package: "
            "`pip install orbax-checkpoint`."
        ) from error
    return ocp


# --- saving ------------------------------------------------------------------------------
def _group_variables(model, group):
    if group == "trainable_variables":
        return list(model.trainable_variables)
    if group == "non_trainable_variables":
        return list(model.non_trainable_variables)
    if group == "optimizer_variables":
        optimizer = getattr(model, "optimizer", None)
        return list(optimizer.variables) if optimizer is not None else []
    return [v for m in getattr(model, "metrics", []) for v in m.variables]


def _copy_tree(tree):
    # Copies, not views: torch's `.numpy()` shares memory that the next step updates in place,
    # while a background save may still be writing it.
    if isinstance(tree, dict):
        return {key: _copy_tree(value) for key, value in tree.items()}
    return np.array(tree, copy=True)


def _model_config_or_none(model):
    from kc_saving.saving_api import _json_default, _model_config

    try:
        return json.loads(json.dumps(_model_config(model), default=_json_default))
    except Exception as error:  # e.g. a subclassed model without get_config
        warnings.warn(
            f"OrbaxCheckpoint: cannot serialize the model's config ({error}); the checkpoint holds "
            "its state only, so restore it with `model.load_weights(directory)`.",
            stacklevel=3,
        )
        return None


def checkpoint_args(model, weights_only):
    """The orbax `Composite` args that save `model` (state tree, metadata, maybe its config)."""
    ocp = import_orbax()
    state = model.get_state_tree(value_format="numpy_array")
    if weights_only:
        state = {key: state[key] for key in GROUPS[:2] if key in state}
    state = _copy_tree(state)
    order = {group: [v.path for v in _group_variables(model, group)] for group in state}
    items = {
        STATE: ocp.args.StandardSave(state),
        METADATA: ocp.args.JsonSave({"variable_order": order, "weights_only": bool(weights_only)}),
    }
    config = None if weights_only else _model_config_or_none(model)
    if config is not None:
        items[CONFIG] = ocp.args.JsonSave(config)
    return ocp.args.Composite(**items)


# --- locating and reading a step ---------------------------------------------------------
def list_steps(directory):
    """The finalized step numbers under a checkpoint root, ascending."""
    if not os.path.isdir(directory):
        return []
    return sorted(
        int(name) for name in os.listdir(directory)
        if name.isdigit() and os.path.isfile(os.path.join(directory, name, _STEP_MARKER))
    )


def _step_dir(path):
    """`path` is either one step's directory or a root: for a root, its latest step."""
    path = os.path.abspath(os.fspath(path))
    if os.path.isfile(os.path.join(path, _STEP_MARKER)):
        return path
    steps = list_steps(path)
    if not steps:
        raise ValueError(f"{path!r} holds no Orbax checkpoint (no finalized step directories).")
    return os.path.join(path, str(steps[-1]))


def _restore(step_dir, names):
    ocp = import_orbax()
    restores = {STATE: ocp.args.StandardRestore(), METADATA: ocp.args.JsonRestore(),
                CONFIG: ocp.args.JsonRestore()}
    present = [n for n in names if os.path.isdir(os.path.join(step_dir, n))]
    with ocp.Checkpointer(ocp.CompositeCheckpointHandler()) as checkpointer:
        args = ocp.args.Composite(**{n: restores[n] for n in present})
        restored = checkpointer.restore(step_dir, args=args)
    return {n: restored[n] for n in present}


def _flatten(tree, prefix=""):
    flat = {}
    for key, value in tree.items():
        path = f"{prefix}/{key}" if prefix else str(key)
        if isinstance(value, dict):
            flat.update(_flatten(value, path))
        else:
            flat[path] = value
    return flat


# --- assigning into a model --------------------------------------------------------------
def _pairs(variables, saved, order):
    """Match by variable path; else, for the same count, by position (auto-named layers)."""
    if all(v.path in saved for v in variables):
        return [(v, saved[v.path]) for v in variables]
    if len(order) == len(variables) and set(order) == set(saved):
        return [(v, saved[path]) for v, path in zip(variables, order)]
    return None


def _assign_state(model, restored, origin, skip_mismatch, load_optimizer):
    state = restored[STATE]
    order = (restored.get(METADATA) or {}).get("variable_order", {})
    groups = GROUPS if load_optimizer else GROUPS[:2]
    if load_optimizer and "optimizer_variables" in state:
        from kc_saving.saving_api import _build_optimizer_for_loading

        _build_optimizer_for_loading(model)
    for group in groups:
        variables = _group_variables(model, group)
        if not variables:
            continue
        if group not in state:
            if group in GROUPS[:2]:
                raise ValueError(f"{origin} holds no {group}.")
            if group == "optimizer_variables":
                warnings.warn(
                    f"{origin} holds no optimizer state (saved with save_weights_only=True?); "
                    "the optimizer keeps its current variables.",
                    stacklevel=3,
                )
            continue
        saved = _flatten(state[group])
        pairs = _pairs(variables, saved, order.get(group, sorted(saved)))
        if pairs is None:
            message = (f"{origin}: the model's {group} ({len(variables)}) do not match the "
                       f"checkpoint's ({len(saved)}).")
            if group == "metrics_variables":
                continue  # metric state is transient; a model not yet evaluated has none built
            if not skip_mismatch:
                raise ValueError(message + " Pass skip_mismatch=True to skip them.")
            warnings.warn(message + " Skipping them.", stacklevel=3)
            continue
        for variable, value in pairs:
            value = np.asarray(value)
            if tuple(value.shape) != tuple(variable.shape):
                message = (f"{origin}: {variable.path} has shape {tuple(variable.shape)} but the "
                           f"checkpoint holds {tuple(value.shape)}.")
                if not skip_mismatch:
                    raise ValueError(message)
                warnings.warn(message + " Skipping it.", stacklevel=3)
                continue
            variable.assign(value)


def load_weights(model, path, skip_mismatch=False):
    """Weights (and, if the model has an optimizer, its state) from a step or a root's latest."""
    step_dir = _step_dir(path)
    restored = _restore(step_dir, (STATE, METADATA))
    _assign_state(model, restored, repr(step_dir), skip_mismatch, load_optimizer=True)


def load_model(path, custom_objects=None, compile=True, safe_mode=True):
    """Rebuild the model from the checkpoint's config, then restore its full state."""
    from kc_saving.saving_api import _model_from_config

    step_dir = _step_dir(path)
    restored = _restore(step_dir, ITEM_NAMES)
    if CONFIG not in restored:
        raise ValueError(
            f"{step_dir!r} holds no model config (it was saved with save_weights_only=True or from "
            "a model without get_config). Build the model and call `model.load_weights(directory)`."
        )
    model = _model_from_config(restored[CONFIG], custom_objects, compile, safe_mode, repr(step_dir))
    _assign_state(model, restored, repr(step_dir), False, load_optimizer=compile)
    return model
