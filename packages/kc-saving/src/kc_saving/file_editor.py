"""`keras.saving.KerasFileEditor`: inspect and edit the weights of a `.keras` or `.weights.h5`
file without building the model.

The file's weights are held as `{object path: {variable name: array}}`, object paths being the
weights-file layout (`layers/dense`, `layers/mha/key_dense`, `optimizer`, "" for the model's own
variables). Edits change that mapping; `save` writes a new `.keras` archive (config and
metadata kept), `resave_weights` a `.weights.h5` file.
"""

import io
import json
import zipfile

import h5py
import numpy as np

from kc_saving import state_tree
from kc_saving.atomic import atomic_path
from kc_saving.weights_store import H5WeightsFile


def _read_objects(source, origin):
    objects, names = {}, {}
    store = H5WeightsFile(source, "r", origin=origin)
    try:
        groups = []
        store._file.visititems(
            lambda path, item: (
                groups.append(path)
                if isinstance(item, h5py.Group) and path.split("/")[-1] == "vars"
                else None
            )
        )
        for vars_path in sorted(groups):
            path = vars_path[: -len("vars")].rstrip("/")
            group = store.get(path)
            objects[path] = {key: np.asarray(group[key]) for key in group.keys()}
            name = store._file[vars_path].attrs.get("name")
            names[path] = name.decode() if isinstance(name, bytes) else name
    finally:
        store.close()
    return objects, names


class KerasFileEditor:
    def __init__(self, filepath):
        self.filepath = str(filepath)
        self.config = None
        self.metadata = None
        origin = repr(self.filepath)
        if self.filepath.endswith(".keras"):
            from kc_saving.saving_api import _open_archive

            with _open_archive(self.filepath) as archive:
                self.config = json.loads(archive.read("config.json"))
                if "metadata.json" in archive.namelist():
                    self.metadata = json.loads(archive.read("metadata.json"))
                weights = io.BytesIO(archive.read("model.weights.h5"))
            self.weights, self._names = _read_objects(weights, origin)
        elif self.filepath.endswith(".weights.h5"):
            self.weights, self._names = _read_objects(self.filepath, origin)
        else:
            raise ValueError(
                f"KerasFileEditor expects a .keras or .weights.h5 file. Received: {self.filepath!r}"
            )

    # --- looking things up ----------------------------------------------------------------------
    def _resolve(self, object_name):
        if not isinstance(object_name, str):
            raise TypeError(f"`object_name` must be a string path; received {object_name!r}.")
        if object_name in self.weights:
            return object_name
        matches = [
            p
            for p in self.weights
            if p.split("/")[-1] == object_name or self._names.get(p) == object_name
        ]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValueError(
                f"No object {object_name!r} in {self.filepath!r}. Objects: {sorted(self.weights)}"
            )
        raise ValueError(
            f"{object_name!r} is ambiguous in {self.filepath!r}: it matches {sorted(matches)}. "
            "Pass the full path."
        )

    def _below(self, path):
        return [p for p in self.weights if p == path or p.startswith(path + "/")]

    # --- reading ------------------------------------------------------------------------------
    def summary(self):
        total = sum(a.size for vars_ in self.weights.values() for a in vars_.values())
        print(f"Weights of {self.filepath!r}: {len(self.weights)} objects, {total:,} values")
        for path in sorted(self.weights):
            shown = path or "(model)"
            name = self._names.get(path)
            label = f"{shown}  [{name}]" if name else shown
            variables = self.weights[path]
            shapes = ", ".join(
                f"{k}: {tuple(v.shape)} {v.dtype}"
                for k, v in sorted(variables.items(), key=lambda kv: (len(kv[0]), kv[0]))
            )
            print(f"  {label}: {shapes or '-'}")

    def compare(self, reference_model):
        """Check the file's weights against a model's: same objects, counts and shapes."""
        expected = {}
        for path, obj in state_tree.walk(reference_model):
            if hasattr(obj, "_own_variables_for_saving"):
                variables = obj._own_variables_for_saving()
            else:
                variables = list(getattr(obj, "variables", None) or [])
            expected[path] = [tuple(v.shape) for v in variables]
        errors, matches = [], 0
        for path, shapes in expected.items():
            stored = self.weights.get(path)
            if stored is None:
                if shapes:
                    errors.append(f"{path or '(model)'}: missing from the file")
                continue
            stored_shapes = [
                tuple(stored[k].shape) for k in sorted(stored, key=lambda k: (len(k), k))
            ]
            if stored_shapes != shapes:
                errors.append(
                    f"{path or '(model)'}: the model has {shapes}, the file {stored_shapes}"
                )
            else:
                matches += 1
        for error in errors:
            print(error)
        print(f"{matches} objects match, {len(errors)} differ.")
        return {
            "status": "error" if errors else "success",
            "error_count": len(errors),
            "match_count": matches,
        }

    # --- editing ------------------------------------------------------------------------------
    def rename_object(self, object_name, new_name):
        path = self._resolve(object_name)
        if not isinstance(new_name, str) or not new_name or "/" in new_name:
            raise ValueError(
                f"`new_name` must be a non-empty name without '/'; received {new_name!r}."
            )
        parent = path.rsplit("/", 1)[0] if "/" in path else ""
        target = f"{parent}/{new_name}" if parent else new_name
        if target in self.weights:
            raise ValueError(f"Cannot rename {path!r} to {target!r}: that object exists already.")
        for old in self._below(path):
            new = target + old[len(path) :]
            self.weights[new] = self.weights.pop(old)
            self._names[new] = self._names.pop(old, None)

    def delete_object(self, object_name):
        path = self._resolve(object_name)
        for old in self._below(path):
            del self.weights[old]
            self._names.pop(old, None)

    def add_object(self, object_path, weights):
        if object_path in self.weights:
            raise ValueError(f"Object {object_path!r} exists already in {self.filepath!r}.")
        self.weights[object_path] = {}
        self._names[object_path] = object_path.split("/")[-1]
        self.add_weights(object_path, weights)

    def delete_weight(self, object_name, weight_name):
        path = self._resolve(object_name)
        if str(weight_name) not in self.weights[path]:
            raise ValueError(
                f"Object {path!r} has no weight {weight_name!r}; it has "
                f"{sorted(self.weights[path])}."
            )
        del self.weights[path][str(weight_name)]

    def add_weights(self, object_name, weights):
        path = self._resolve(object_name)
        if isinstance(weights, (list, tuple)):
            start = len(self.weights[path])
            weights = {str(start + i): w for i, w in enumerate(weights)}
        if not isinstance(weights, dict):
            raise TypeError(
                f"`weights` must be a dict or list of arrays; received {type(weights).__name__}."
            )
        for name, value in weights.items():
            if str(name) in self.weights[path]:
                raise ValueError(f"Object {path!r} already has a weight {name!r}.")
            self.weights[path][str(name)] = np.asarray(value)

    # --- writing ------------------------------------------------------------------------------
    def _write_weights(self, target):
        with H5WeightsFile(target, "w") as store:
            for path in sorted(self.weights):
                group = store.make(path, name=self._names.get(path))
                for key, value in self.weights[path].items():
                    group[key] = value

    def resave_weights(self, filepath):
        filepath = str(filepath)
        if not filepath.endswith(".weights.h5"):
            raise ValueError(f"resave_weights writes a .weights.h5 file. Received: {filepath!r}")
        with atomic_path(filepath) as temporary:
            self._write_weights(temporary)

    def save(self, filepath):
        filepath = str(filepath)
        if not filepath.endswith(".keras"):
            raise ValueError(f"KerasFileEditor.save writes a .keras file. Received: {filepath!r}")
        if self.config is None:
            raise ValueError(
                f"{self.filepath!r} is a weights file with no model config: use resave_weights()."
            )
        weights = io.BytesIO()
        self._write_weights(weights)
        with atomic_path(filepath) as temporary:
            with zipfile.ZipFile(temporary, "w") as archive:
                archive.writestr("metadata.json", json.dumps(self.metadata or {}))
                archive.writestr("config.json", json.dumps(self.config))
                archive.writestr("model.weights.h5", weights.getvalue())
