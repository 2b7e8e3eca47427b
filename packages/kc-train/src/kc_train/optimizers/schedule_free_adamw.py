"""Schedule-Free AdamW (Defazio et al., 2024): no learning-rate schedule; the model variables
hold y, an interpolation between the gradient sequence z ("momentum") and its weighted
average x (the evaluation point, copied into the model by `finalize_variable_values`)."""

import kc_ops as ops
from kc_ops import config

from kc_train.optimizers._args import base_kwargs
from kc_train.optimizers.base_optimizer import Optimizer


class ScheduleFreeAdamW(Optimizer):
    def __init__(
        self,
        learning_rate=0.0025,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-08,
        warmup_steps=0,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **base_kwargs(locals()))
        if not isinstance(warmup_steps, int) or warmup_steps < 0:
            raise ValueError(
                f"`warmup_steps` must be a non-negative int. Received: {warmup_steps!r}"
            )
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon
        self.warmup_steps = warmup_steps

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._z, self._x, self._v = [], [], []
        for var in var_list:
            start = _value_initializer(var)
            self._z.append(self.add_variable_from_reference(var, "momentum", initializer=start))
            self._x.append(self.add_variable_from_reference(var, "x", initializer=start))
            self._v.append(self.add_variable_from_reference(var, "velocity"))
        self._lr_max = self.add_variable((), initializer="zeros", name="lr_max")
        self._weight_sum = self.add_variable((), initializer="zeros", name="weight_sum")

    def _apply_weight_decay(self, variables, learning_rate):
        pass  # decay enters the normalized gradient at y (see `_update_variable`)

    def _warmed_up(self, learning_rate, step):
        if self.warmup_steps:
            return learning_rate * ops.minimum(1.0, step / self.warmup_steps)
        return learning_rate

    def _backend_update_step(self, grads, variables, learning_rate):
        # the averaging weights advance once per step, before the per-variable updates
        step = ops.cast(self.iterations.value + 1, config.floatx())
        lr_max = ops.maximum(self._warmed_up(learning_rate, step), self._lr_max.value)
        self._lr_max.assign(lr_max)
        self._weight_sum.assign(self._weight_sum.value + ops.square(lr_max))
        super()._backend_update_step(grads, variables, learning_rate)

    def _step_context(self, learning_rate):
        step = ops.cast(self.iterations.value + 1, config.floatx())
        weight, weight_sum = ops.square(self._lr_max.value), self._weight_sum.value
        positive = weight_sum > 0
        average_weight = ops.where(positive, weight / ops.where(positive, weight_sum, 1.0), 0.0)
        return (
            self._warmed_up(learning_rate, step),
            average_weight,
            1.0 - ops.power(self.beta_2, step),
        )

    def _update_variable(self, gradient, variable, context):
        lr, c, correction_2 = context
        index = self._get_variable_index(variable)
        z, x, v = self._z[index], self._x[index], self._v[index]
        new_v = self.beta_2 * v.value + (1.0 - self.beta_2) * ops.square(gradient)
        v.assign(new_v)
        step = gradient / (ops.sqrt(new_v / correction_2) + self.epsilon)
        if self.weight_decay and self._use_weight_decay(variable):
            step = step + self.weight_decay * variable.value
        new_z = z.value - lr * step
        new_x = (1.0 - c) * x.value + c * new_z
        z.assign(new_z)
        x.assign(new_x)
        variable.assign((1.0 - self.beta_1) * new_z + self.beta_1 * new_x)

    def finalize_variable_values(self, var_list):
        """Copy the averaged sequence x (the point to evaluate) into the model variables."""
        super().finalize_variable_values(var_list)
        for variable in var_list:
            variable.assign(self._x[self._get_variable_index(variable)].value)

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "warmup_steps": self.warmup_steps,
        }


def _value_initializer(variable):
    def initializer(shape, dtype=None):
        return ops.cast(variable.value, dtype or variable.dtype)

    return initializer
