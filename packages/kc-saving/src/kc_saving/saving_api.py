"""`keras.saving`: `.keras` archives and `.weights.h5` files in Keras 3's layout.

A `.keras` file is a zip archive holding `metadata.json`, `config.json` (the model's serialized
config with its build and compile configs) and `model.weights.h5`. Nothing in the archive is
ever extracted to disk, and with `safe_mode=True` (the default) deserialization refuses any
code or module outside this project and the user's registered objects. A directory given to
`load_model` / `load_weights` is read as an Orbax checkpoint (see `orbax_io`).
"""

import datetime
import io
import json
import os
import warnings
import zipfile

from kc_saving import state_tree
from kc_saving.atomic import atomic_path
from kc_saving.weights_store import CorruptWeightsError, H5WeightsFile

KERAS_VERSION = "3.15.0"
_CONFIG = "config.json"
_METADATA = "metadata.json"
_WEIGHTS = "model.weights.h5"


def _check_target(filepath, overwrite, suffixes, what):
    filepath = os.fspath(filepath)
    if not filepath.endswith(suffixes):
        raise ValueError(
            f"The filepath for {what} must end in {' or '.join(suffixes)}. Received: {filepath!r}"
        )
    if os.path.exists(filepath) and not overwrite:
        raise FileExistsError(f"{filepath!r} already exists and overwrite=False.")
    return filepath


# --- weights -----------------------------------------------------------------------------
def _write_weights(model, target):
    with H5WeightsFile(target, "w") as store:
        for path, obj in state_tree.walk(model, "", set()):
            obj.save_own_variables(store.make(path, name=getattr(obj, "name", None)))


def _read_weights(model, source, skip_mismatch, origin):
    _build_optimizer_for_loading(model)
    with H5WeightsFile(source, "r", origin=origin) as store:
        missing = []
        for path, obj in state_tree.walk(model):
            group = store.get(path)
            own = _own_variable_count(obj)
            if group is None:
                if own and _is_layer(obj):
                    missing.append(_describe(path, obj))
                elif own:  # e.g. a compiled model loading weights saved without optimizer state
                    warnings.warn(
                        f"{origin} holds no state for {_describe(path, obj)}; it keeps "
                        "its current variables.",
                        stacklevel=3,
                    )
                continue
            try:
                obj.load_own_variables(group)
            except CorruptWeightsError:
                raise
            except (ValueError, KeyError) as error:
                if not skip_mismatch:
                    raise ValueError(
                        f"Cannot load the weights of {_describe(path, obj)} from {origin}: "
                        f"{error}. Pass skip_mismatch=True to skip it."
                    ) from None
                warnings.warn(
                    f"Skipping {_describe(path, obj)} while loading {origin}: {error}", stacklevel=3
                )
        if missing and not skip_mismatch:
            raise ValueError(
                f"{origin} holds no weights for {', '.join(missing)}. Pass skip_mismatch=True to "
                "load the rest."
            )
        if missing:
            warnings.warn(
                f"Skipping {', '.join(missing)}: {origin} holds no weights for them.", stacklevel=3
            )


def _describe(path, obj):
    name = getattr(obj, "name", None)
    where = path or "the model itself"
    return f"{name!r} (at {where!r})" if isinstance(name, str) else repr(where)


def _is_layer(obj):
    return hasattr(obj, "_own_variables_for_saving")


def _own_variable_count(obj):
    variables = getattr(obj, "_own_variables_for_saving", None)
    if callable(variables):
        return len(variables())
    return len(getattr(obj, "variables", []) or []) if not hasattr(obj, "layers") else 0


def _build_optimizer_for_loading(model):
    optimizer = getattr(model, "optimizer", None)
    if (
        optimizer is not None
        and not getattr(optimizer, "built", True)
        and hasattr(optimizer, "build")
    ):
        optimizer.build(model.trainable_variables)


def save_weights(model, filepath, overwrite=True, max_shard_size=None, **kwargs):
    filepath = _check_target(filepath, overwrite, (".weights.h5",), "save_weights")
    if max_shard_size is not None:
        raise ValueError("Sharded weights (max_shard_size) are not supported yet; pass None.")
    with atomic_path(filepath) as temporary:
        _write_weights(model, temporary)


def load_weights(model, filepath, skip_mismatch=False, **kwargs):
    filepath = os.fspath(filepath)
    if os.path.isdir(filepath):  # an Orbax checkpoint directory (keras.callbacks.OrbaxCheckpoint)
        from kc_saving import orbax_io

        orbax_io.load_weights(model, filepath, skip_mismatch=skip_mismatch)
    elif filepath.endswith(".keras"):
        with _open_archive(filepath) as archive:
            data = io.BytesIO(archive.read(_WEIGHTS))
        _read_weights(model, data, skip_mismatch, repr(filepath))
    elif filepath.endswith(".weights.h5"):
        _require_file(filepath)
        _read_weights(model, filepath, skip_mismatch, repr(filepath))
    elif filepath.endswith((".h5", ".hdf5")):
        from kc_saving import legacy_h5

        legacy_h5.load_weights(model, filepath, skip_mismatch=skip_mismatch)
    else:
        raise ValueError(
            "load_weights expects a .weights.h5, .keras or legacy .h5 file, or an Orbax "
            f"checkpoint directory. Received: {filepath!r}"
        )


# --- whole models ------------------------------------------------------------------------
def _model_config(model):
    """The archive's `config.json`: the serialized model plus, as real Keras writes them,
    `build_config` (when built) and `compile_config` (`{}` when not compiled)."""
    from kc_saving.serialization import serialize_keras_object

    config = serialize_keras_object(model)
    if getattr(model, "built", False) and not config.get("build_config"):
        config["build_config"] = {"input_shape": _model_input_shape(model)}
    compile_config = None
    if getattr(model, "compiled", False) and hasattr(model, "get_compile_config"):
        compile_config = model.get_compile_config()
    config["compile_config"] = serialize_keras_object(compile_config) if compile_config else {}
    return config


def _model_input_shape(model):
    """A Sequential model's input shape (Keras records it); None for other models."""
    if type(model).__name__ != "Sequential" and "Sequential" not in {
        c.__name__ for c in type(model).__mro__
    }:
        return None
    try:
        inputs = model.inputs
    except Exception:
        return None
    if inputs and len(inputs) == 1:
        return list(inputs[0].shape)
    return None


def save_model(model, filepath, overwrite=True, zipped=None, **kwargs):
    filepath = os.fspath(filepath)
    if filepath.endswith((".h5", ".hdf5")) and not filepath.endswith(".weights.h5"):
        raise ValueError(
            "Saving to the legacy Keras 2 .h5 format is not supported; use a .keras filepath."
        )
    filepath = _check_target(filepath, overwrite, (".keras",), "model.save()")
    if zipped is False:
        raise ValueError("Only zipped .keras archives are supported (zipped=False is not).")
    config_json = json.dumps(_model_config(model), default=_json_default)
    metadata = {
        "keras_version": KERAS_VERSION,
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
    }
    weights = io.BytesIO()
    _write_weights(model, weights)
    with atomic_path(filepath) as temporary:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr(_METADATA, json.dumps(metadata))
            archive.writestr(_CONFIG, config_json)
            archive.writestr(_WEIGHTS, weights.getvalue())


def _json_default(value):
    import numpy as np

    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, bytes):
        return value.decode("utf-8")
    raise TypeError(f"Cannot serialize {type(value).__name__} to JSON: {value!r}")


def _require_file(filepath):
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"No such file: {filepath!r}")


def _open_archive(filepath):
    _require_file(filepath)
    try:
        archive = zipfile.ZipFile(filepath, "r")
    except zipfile.BadZipFile:
        raise ValueError(
            f"{filepath!r} is not a valid .keras archive: the zip structure is truncated or "
            "corrupt."
        ) from None
    for name in archive.namelist():
        if (
            name.startswith(("/", "\\"))
            or ".." in name.replace("\\", "/").split("/")
            or ":" in name
        ):
            archive.close()
            raise ValueError(
                f"{filepath!r} contains an unsafe member path {name!r}; refusing to load it."
            )
    names = archive.namelist()
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        archive.close()
        raise ValueError(
            f"{filepath!r} is not a valid .keras archive: it holds several members named "
            f"{duplicates}; refusing to load it."
        )
    missing = {_CONFIG, _WEIGHTS} - set(names)
    if missing:
        archive.close()
        raise ValueError(f"{filepath!r} is not a valid .keras archive: it lacks {sorted(missing)}.")
    return archive


def _build_sublayers_by_tracing(model, build_config):
    """A subclassed model built from its `build_config` by the default `build` has not created
    its sublayers' variables yet: run `call` once on symbolic inputs of the recorded shape (what
    Keras's default `build` does), so the weights have somewhere to go."""
    shape = (build_config or {}).get("input_shape")
    if shape is None or not hasattr(model, "_flatten_layers"):
        return
    if all(getattr(layer, "built", True) for layer in model._flatten_layers(include_self=False)):
        return
    from kc_ops.keras_tensor import KerasTensor

    def is_shape(value):
        return isinstance(value, (list, tuple)) and all(
            d is None or isinstance(d, int) for d in value
        )

    if is_shape(shape):
        inputs = KerasTensor(tuple(shape))
    elif isinstance(shape, (list, tuple)) and all(is_shape(s) for s in shape):
        inputs = [KerasTensor(tuple(s)) for s in shape]
    else:
        return
    model.call(inputs)


def _model_from_config(config, custom_objects, compile, safe_mode, origin):
    """Deserialize, build and (optionally) compile a model from a saved config."""
    from kc_saving.serialization import deserialize_keras_object

    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            f"{origin} is not a valid model config: it should describe a "
            f"model (a dict with 'class_name' and 'config'); received {str(config)[:200]!r}."
        )
    config = dict(config)
    compile_config = config.pop("compile_config", None)
    build_config = config.get("build_config")
    model = deserialize_keras_object(config, custom_objects=custom_objects, safe_mode=safe_mode)
    if not hasattr(model, "load_own_variables"):
        raise ValueError(
            f"{origin} does not hold a model: its config describes a {type(model).__name__}."
        )
    if not getattr(model, "built", False) and build_config and hasattr(model, "build_from_config"):
        model.build_from_config(build_config)
    _build_sublayers_by_tracing(model, build_config)
    if compile and compile_config:
        model.compile_from_config(
            deserialize_keras_object(
                compile_config, custom_objects=custom_objects, safe_mode=safe_mode
            )
            if "class_name" in compile_config
            else compile_config
        )
    return model


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    filepath = os.fspath(filepath)
    if os.path.isdir(filepath):  # an Orbax checkpoint directory (keras.callbacks.OrbaxCheckpoint)
        from kc_saving import orbax_io

        return orbax_io.load_model(
            filepath, custom_objects=custom_objects, compile=compile, safe_mode=safe_mode
        )
    if filepath.endswith((".h5", ".hdf5")) and not filepath.endswith(".weights.h5"):
        from kc_saving import legacy_h5

        return legacy_h5.load_model(
            filepath, custom_objects=custom_objects, compile=compile, safe_mode=safe_mode
        )
    if not filepath.endswith(".keras"):
        raise ValueError(
            f"load_model expects a .keras file (or a legacy .h5 file). Received: {filepath!r}"
        )
    with _open_archive(filepath) as archive:
        try:
            config = json.loads(archive.read(_CONFIG))
            weights = io.BytesIO(archive.read(_WEIGHTS))
        except (zipfile.BadZipFile, ValueError, OSError) as error:
            raise ValueError(
                f"{filepath!r} is corrupt: cannot read its contents ({error})."
            ) from None
    model = _model_from_config(config, custom_objects, compile, safe_mode, repr(filepath))
    _read_weights(model, weights, False, repr(filepath))
    return model
