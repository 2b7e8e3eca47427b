"""`OptimizerMap` (variable-path patterns -> optimizers) and `MultiOptimizer`, which applies
each variable's gradients with the optimizer chosen for it."""

import collections.abc
import re

from kc_train.optimizers.base_optimizer import Optimizer


class OptimizerMap(collections.abc.MutableMapping):
    """A dict from variable-path regexes to optimizers, with a default for unmatched paths."""

    def __init__(self, default_optimizer, optimizer_map=None):
        if not isinstance(default_optimizer, Optimizer):
            raise TypeError(
                "OptimizerMap expects a `default_optimizer` Optimizer instance. "
                f"Received: {default_optimizer!r}"
            )
        self._default = default_optimizer
        self._map = {}
        for key, optimizer in (optimizer_map or {}).items():
            self[key] = optimizer

    @property
    def default_optimizer(self):
        return self._default

    def __setitem__(self, key, optimizer):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(
                f"OptimizerMap values must be Optimizer instances. Received for "
                f"{key!r}: {optimizer!r}"
            )
        self._map[key] = optimizer

    def __getitem__(self, key):
        return self._map[key]

    def __delitem__(self, key):
        del self._map[key]

    def __iter__(self):
        return iter(self._map)

    def __len__(self):
        return len(self._map)

    def get(self, key, default=None):
        """The optimizer for `key`: an exact key first, else the one pattern that matches
        (several matching patterns raise ValueError); `default` when none does."""
        if key in self._map:
            return self._map[key]
        matches = [pattern for pattern in self._map if re.search(pattern, key)]
        if len(matches) > 1:
            raise ValueError(
                f"Path {key!r} matches several OptimizerMap patterns: {matches}. "
                "Make the patterns exclusive."
            )
        return self._map[matches[0]] if matches else default

    def get_config(self):
        from kc_train.optimizers import serialize

        return {
            "default_optimizer": serialize(self._default),
            "optimizer_map": {k: serialize(v) for k, v in self._map.items()},
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from kc_train.optimizers import deserialize

        return cls(
            deserialize(config["default_optimizer"], custom_objects),
            {
                k: deserialize(v, custom_objects)
                for k, v in (config.get("optimizer_map") or {}).items()
            },
        )


class MultiOptimizer(Optimizer):
    """Delegates each variable to the optimizer an `OptimizerMap` (matched on the variable's
    path) or a callable `variable -> optimizer` selects. There is no single learning rate:
    reach the sub-optimizers through `.optimizers`."""

    def __init__(self, optimizer_map, loss_scale_factor=None, name=None):
        if not isinstance(optimizer_map, OptimizerMap) and not callable(optimizer_map):
            raise TypeError(
                "MultiOptimizer expects an OptimizerMap or a callable "
                f"`variable -> optimizer`. Received: {optimizer_map!r}"
            )
        super().__init__(learning_rate=None, loss_scale_factor=loss_scale_factor, name=name)
        self.optimizer_map = optimizer_map
        self._groups = []  # (optimizer, [variable indices])

    def _make_learning_rate(self, learning_rate):
        return None

    def __setitem__(self, key, optimizer):
        if not isinstance(self.optimizer_map, OptimizerMap):
            raise TypeError("Only a MultiOptimizer built from an OptimizerMap can be assigned.")
        self.optimizer_map[key] = optimizer

    def _select(self, variable):
        if isinstance(self.optimizer_map, OptimizerMap):
            return self.optimizer_map.get(variable.path, self.optimizer_map.default_optimizer)
        optimizer = self.optimizer_map(variable)
        if not isinstance(optimizer, Optimizer):
            raise TypeError(
                f"The optimizer selector returned {optimizer!r} for variable "
                f"{variable.path!r}; expected an Optimizer."
            )
        return optimizer

    @property
    def optimizers(self):
        if self._groups:
            return [optimizer for optimizer, _ in self._groups]
        if isinstance(self.optimizer_map, OptimizerMap):
            found = [self.optimizer_map.default_optimizer] + list(self.optimizer_map.values())
            return list({id(o): o for o in found}.values())
        return []

    def build(self, var_list):
        if self.built:
            return
        var_list = list(var_list)
        groups = {}
        for index, variable in enumerate(var_list):
            optimizer = self._select(variable)
            groups.setdefault(id(optimizer), (optimizer, []))[1].append(index)
        self._groups = list(groups.values())
        for optimizer, indices in self._groups:
            optimizer.build([var_list[i] for i in indices])
        self._trainable_variables = var_list
        self._var_index = {id(v): i for i, v in enumerate(var_list)}
        self.built = True

    @property
    def variables(self):
        result = list(self._variables)
        for optimizer, _ in self._groups:
            result.extend(optimizer.variables)
        return result

    @property
    def learning_rate(self):
        raise AttributeError(
            "A MultiOptimizer has no single learning rate: read it on each of "
            "`optimizer.optimizers`."
        )

    @learning_rate.setter
    def learning_rate(self, value):
        raise AttributeError(
            "A MultiOptimizer has no single learning rate: set it on each of "
            "`optimizer.optimizers`."
        )

    def apply(self, grads, trainable_variables=None):
        grads = list(grads)
        if trainable_variables is not None and not self.built:
            self.build(trainable_variables)
        if not self.built:
            raise ValueError(
                "`apply(grads)` without `trainable_variables` needs a built "
                "optimizer: call `optimizer.build(variables)` first."
            )
        variables = (
            self._trainable_variables if trainable_variables is None else list(trainable_variables)
        )
        if self.loss_scale_factor is not None:
            grads = [None if g is None else g / self.loss_scale_factor for g in grads]
        position = {self._get_variable_index(v): k for k, v in enumerate(variables)}
        for optimizer, indices in self._groups:
            chosen = [position[i] for i in indices if i in position]
            if chosen:
                optimizer.apply([grads[k] for k in chosen], [variables[k] for k in chosen])
        self._iterations.assign(self._iterations.value + 1)

    def finalize_variable_values(self, var_list):
        for optimizer, indices in self._groups:
            optimizer.finalize_variable_values([self._trainable_variables[i] for i in indices])

    def get_config(self):
        if not isinstance(self.optimizer_map, OptimizerMap):
            raise ValueError(
                "A MultiOptimizer built from a callable selector cannot be serialized; build it "
                "from an OptimizerMap to save it."
            )
        return {
            "name": self.name,
            "loss_scale_factor": self.loss_scale_factor,
            "optimizer_map": self.optimizer_map.get_config(),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["optimizer_map"] = OptimizerMap.from_config(config["optimizer_map"], custom_objects)
        return cls(**config)
