"""`LossScaleOptimizer`: dynamic loss scaling for float16 training around an inner optimizer.

Gradients arrive scaled by `dynamic_scale`; when they are all finite the inner optimizer is
applied to the unscaled gradients (and the scale doubles every `dynamic_growth_steps` finite
steps); otherwise the step is skipped and the scale halves.
"""

import kc_ops as ops

from kc_train.optimizers.base_optimizer import Optimizer, concrete_bool, snapshot


class LossScaleOptimizer(Optimizer):
    def __init__(
        self, inner_optimizer, initial_scale=32768.0, dynamic_growth_steps=2000, name=None, **kwargs
    ):
        if not kwargs.pop("dynamic", True):
            raise ValueError(
                "LossScaleOptimizer no longer supports `dynamic=False`. Use "
                "`loss_scale_factor` on the inner optimizer for a fixed scale."
            )
        if not isinstance(inner_optimizer, Optimizer):
            raise TypeError(
                "LossScaleOptimizer expects an `inner_optimizer` Optimizer instance. "
                f"Received: {inner_optimizer!r}"
            )
        super().__init__(learning_rate=0.0, name=name, **kwargs)
        self.inner_optimizer = inner_optimizer
        self.initial_scale = float(initial_scale)
        self.dynamic_growth_steps = int(dynamic_growth_steps)

    def build(self, var_list):
        if self.built:
            return
        self.step_counter = self.add_variable(
            (), initializer="zeros", dtype="int32", name="step_counter"
        )
        self.dynamic_scale = self.add_variable(
            (), initializer=self.initial_scale, dtype="float32", name="dynamic_scale"
        )
        self.inner_optimizer.build(var_list)
        self._trainable_variables = list(var_list)
        self._var_index = {id(v): i for i, v in enumerate(var_list)}
        self.built = True

    @property
    def variables(self):
        return list(self._variables) + self.inner_optimizer.variables

    @property
    def learning_rate(self):
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        self.inner_optimizer.learning_rate = learning_rate

    @property
    def iterations(self):
        return self.inner_optimizer.iterations

    def scale_loss(self, loss):
        scale = self.dynamic_scale.value if self.built else self.initial_scale
        return loss * ops.cast(scale, ops.dtype(loss))

    def check_finite(self, grads):
        finite = [ops.all(ops.isfinite(g)) for g in grads if g is not None]
        return ops.all(ops.stack(finite)) if finite else ops.convert_to_tensor(True)

    def apply(self, grads, trainable_variables=None):
        grads = [g if g is None or ops.is_tensor(g) else ops.convert_to_tensor(g) for g in grads]
        if not self.built:
            if trainable_variables is None:
                raise ValueError(
                    "`apply(grads)` without `trainable_variables` needs a built "
                    "optimizer: call `optimizer.build(variables)` first."
                )
            self.build(trainable_variables)
        variables = (
            list(trainable_variables)
            if trainable_variables is not None
            else self._trainable_variables
        )
        finite = self.check_finite(grads)
        scale = self.dynamic_scale.value
        known = concrete_bool(finite)
        if known is not None:  # eager: a Python branch
            if known:
                self._apply_unscaled(grads, variables, scale)
            self._update_scale(finite)
            return
        touched = variables + self.inner_optimizer.variables
        old = [snapshot(v) for v in touched]
        # zero out non-finite gradients so the discarded update stays finite too
        safe = [None if g is None else ops.where(finite, g, ops.zeros_like(g)) for g in grads]
        self._apply_unscaled(safe, variables, scale)
        for variable, previous in zip(touched, old):
            variable.assign(ops.where(finite, variable.value, previous))
        self._update_scale(finite)

    def _apply_unscaled(self, grads, variables, scale):
        unscaled = [None if g is None else g / ops.cast(scale, ops.dtype(g)) for g in grads]
        self.inner_optimizer.apply(unscaled, variables)

    def _update_scale(self, finite):
        counter, scale = self.step_counter.value, self.dynamic_scale.value
        grow = ops.equal(counter, self.dynamic_growth_steps - 1)
        self.step_counter.assign(ops.where(finite, ops.where(grow, 0, counter + 1), 0))
        self.dynamic_scale.assign(
            ops.where(finite, ops.where(grow, scale * 2.0, scale), scale * 0.5)
        )

    def finalize_variable_values(self, var_list):
        self.inner_optimizer.finalize_variable_values(var_list)

    def get_config(self):
        from kc_train.optimizers import serialize

        config = super().get_config()
        del config["learning_rate"]
        config.update(
            {
                "inner_optimizer": serialize(self.inner_optimizer),
                "initial_scale": self.initial_scale,
                "dynamic_growth_steps": self.dynamic_growth_steps,
            }
        )
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from kc_train.optimizers import deserialize

        config = dict(config)
        config["inner_optimizer"] = deserialize(config["inner_optimizer"], custom_objects)
        return cls(**config)
