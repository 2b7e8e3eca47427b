"""Lamb (layer-wise adaptive Adam) and Lion (sign of an interpolated momentum)."""

import kc_ops as ops

from kc_train.optimizers._args import base_kwargs, check_range
from kc_train.optimizers.adam import _bias_powers
from kc_train.optimizers.base_optimizer import Optimizer


class Lamb(Optimizer):
    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-07,
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
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"]
        )

    def _step_context(self, learning_rate):
        beta_1_power, beta_2_power = _bias_powers(self, self.beta_1, self.beta_2)
        return learning_rate, 1.0 - beta_1_power, 1.0 - beta_2_power

    def _update_variable(self, gradient, variable, context):
        lr, correction_1, correction_2 = context
        index = self._get_variable_index(variable)
        m, v = self._momentums[index], self._velocities[index]
        new_m = m.value + (gradient - m.value) * (1.0 - self.beta_1)
        new_v = v.value + (ops.square(gradient) - v.value) * (1.0 - self.beta_2)
        m.assign(new_m)
        v.assign(new_v)
        update = (new_m / correction_1) / (ops.sqrt(new_v / correction_2) + self.epsilon)
        w_norm = ops.sqrt(ops.sum(ops.square(variable.value)))
        u_norm = ops.sqrt(ops.sum(ops.square(update)))
        # trust ratio ||w|| / ||update||, or 1 when either norm is zero
        both = ops.logical_and(w_norm > 0, u_norm > 0)
        ratio = ops.where(both, w_norm / ops.where(both, u_norm, 1.0), 1.0)
        variable.assign(variable.value - lr * ratio * update)

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
        }


class Lion(Optimizer):
    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.99,
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
        self.beta_1 = check_range("beta_1", beta_1, 0, 1, low_open=True)
        self.beta_2 = beta_2

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums = self.add_optimizer_variables(var_list, "momentum")

    def _update_variable(self, gradient, variable, lr):
        m = self._momentums[self._get_variable_index(variable)]
        direction = ops.sign(m.value * self.beta_1 + gradient * (1.0 - self.beta_1))
        variable.assign(variable.value - lr * direction)
        m.assign(m.value * self.beta_2 + gradient * (1.0 - self.beta_2))

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2}
