"""`keras.Model`: a Layer with training (compile/fit/evaluate/predict), saving and summary.

`Model(inputs, outputs)` builds a `Functional` model; subclassing `Model` and defining `call`
gives a subclassed model.
"""

from kc_layers import Layer
from kc_train.trainers import Trainer


def _is_functional_call(args, kwargs):
    return (len(args) == 2 or (len(args) == 1 and "outputs" in kwargs)
            or ("inputs" in kwargs and "outputs" in kwargs))


_FUNCTIONAL_SUBCLASSES = {}


def _functional_subclass(cls):
    from kc_train.models.functional import Functional

    if cls not in _FUNCTIONAL_SUBCLASSES:
        _FUNCTIONAL_SUBCLASSES[cls] = type(cls.__name__, (cls, Functional), {"__module__": cls.__module__})
    return _FUNCTIONAL_SUBCLASSES[cls]


class Model(Trainer, Layer):
    def __new__(cls, *args, **kwargs):
        if _is_functional_call(args, kwargs):
            from kc_train.models.functional import Functional

            if cls is Model:
                return Functional.__new__(Functional)
            if not issubclass(cls, Functional):
                # A subclass built from inputs and outputs (the "customizing fit" guides):
                # it becomes a Functional model that keeps the subclass's own methods.
                return Functional.__new__(_functional_subclass(cls))
        return super().__new__(cls)

    def __init__(self, *args, **kwargs):
        if _is_functional_call(args, kwargs):
            from kc_train.models.functional import Functional

            if isinstance(self, Functional) and not hasattr(self, "_graph_nodes"):
                Functional.__init__(self, *args, **kwargs)
                return
        trainable = kwargs.pop("trainable", True)
        name = kwargs.pop("name", None)
        dtype = kwargs.pop("dtype", None)
        Trainer.__init__(self)
        Layer.__init__(self, trainable=trainable, name=name, dtype=dtype, **kwargs)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Functional configs (with "layers" and "input_layers") rebuild the graph; other
        models are created from their constructor arguments."""
        from kc_train.models.functional import Functional
        from kc_train.models.functional_config import functional_from_config

        if "input_layers" in config and "output_layers" in config and "layers" in config:
            target = cls if issubclass(cls, Functional) else Functional
            return functional_from_config(target, config, custom_objects=custom_objects)
        return cls(**config)

    # --- structure ----------------------------------------------------------------------
    @property
    def layers(self):
        return [layer for layer in self._flatten_layers(include_self=False, recursive=False)]

    def get_layer(self, name=None, index=None):
        if index is not None and name is not None:
            raise ValueError("Provide either `name` or `index` to get_layer, not both.")
        layers = self.layers
        if index is not None:
            if not -len(layers) <= index < len(layers):
                raise ValueError(
                    f"get_layer(index={index}) is out of range: the model has {len(layers)} layers."
                )
            return layers[index]
        if name is not None:
            for layer in layers:
                if layer.name == name:
                    return layer
            raise ValueError(
                f"No layer named {name!r} in model {self.name!r}. Layers: {[l.name for l in layers]}"
            )
        raise ValueError("Provide `name` or `index` to get_layer.")

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None):
        from kc_train.summary import print_summary

        print_summary(self, line_length=line_length, positions=positions, print_fn=print_fn,
                      expand_nested=expand_nested, show_trainable=show_trainable,
                      layer_range=layer_range)

    # --- saving (kc-saving does the work) -----------------------------------------------
    def save(self, filepath, overwrite=True, zipped=None, **kwargs):
        from kc_saving import saving_api

        return saving_api.save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def save_weights(self, filepath, overwrite=True, max_shard_size=None):
        from kc_saving import saving_api

        return saving_api.save_weights(self, filepath, overwrite=overwrite, max_shard_size=max_shard_size)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        from kc_saving import saving_api

        return saving_api.load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

    def to_json(self, **kwargs):
        import json

        from kc_saving.serialization import serialize_keras_object

        return json.dumps(serialize_keras_object(self), **kwargs)

    def get_state_tree(self, value_format="backend_tensor"):
        def convert(v):
            return v.numpy() if value_format == "numpy_array" else v.value

        def tree_of(variables):
            result = {}
            for v in variables:
                node = result
                parts = v.path.split("/")
                for part in parts[:-1]:
                    node = node.setdefault(part, {})
                node[parts[-1]] = convert(v)
            return result

        state = {"trainable_variables": tree_of(self.trainable_variables),
                 "non_trainable_variables": tree_of(self.non_trainable_variables)}
        if self.optimizer is not None and self.optimizer.variables:
            state["optimizer_variables"] = tree_of(self.optimizer.variables)
        metrics_vars = [v for m in self.metrics for v in m.variables]
        if metrics_vars:
            state["metrics_variables"] = tree_of(metrics_vars)
        return state

    def set_state_tree(self, state_tree):
        groups = {"trainable_variables": self.trainable_variables,
                  "non_trainable_variables": self.non_trainable_variables,
                  "optimizer_variables": self.optimizer.variables if self.optimizer else [],
                  "metrics_variables": [v for m in self.metrics for v in m.variables]}
        for key, subtree in state_tree.items():
            if key not in groups:
                raise ValueError(f"Unknown state tree group {key!r}. Expected one of {sorted(groups)}.")
            for v in groups[key]:
                node = subtree
                for part in v.path.split("/"):
                    node = node[part]
                v.assign(node)
