"""Adam and its variants: AdamW (decoupled weight decay), Adamax (infinity norm) and Nadam
(Nesterov momentum)."""

import kc_ops as ops
from kc_ops import config
from kc_ops.backends import optimizer_updates as _kernels

from kc_train.optimizers._args import base_kwargs
from kc_train.optimizers.base_optimizer import Optimizer


def _bias_powers(optimizer, *betas):
    step = ops.cast(optimizer.iterations.value + 1, config.floatx())
    return [ops.power(beta, step) for beta in betas]


class Adam(Optimizer):
    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-07,
        amsgrad=False,
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
        self.amsgrad = bool(amsgrad)

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"]
        )
        if self.amsgrad:
            self._velocity_hats = self.add_optimizer_variables(var_list, "velocity_hat")

    def _step_context(self, learning_rate):
        beta_1_power, beta_2_power = _bias_powers(self, self.beta_1, self.beta_2)
        return learning_rate * ops.sqrt(1.0 - beta_2_power) / (1.0 - beta_1_power)

    def _parallel_update(self, grads, variables, learning_rate):
        step = int(self.iterations.value) + 1
        alpha = float(learning_rate) * (1.0 - self.beta_2**step) ** 0.5 / (1.0 - self.beta_1**step)
        _kernels.adam(
            [v._value for v in variables], grads,
            self._stored(self._momentums, variables), self._stored(self._velocities, variables),
            self._stored(self._velocity_hats, variables) if self.amsgrad else None,
            alpha, self.beta_1, self.beta_2, self.epsilon,
        )

    def _update_variable(self, gradient, variable, alpha):
        index = self._get_variable_index(variable)
        m, v = self._momentums[index], self._velocities[index]
        new_m = m.value + (gradient - m.value) * (1.0 - self.beta_1)
        new_v = v.value + (ops.square(gradient) - v.value) * (1.0 - self.beta_2)
        m.assign(new_m)
        v.assign(new_v)
        if self.amsgrad:
            v_hat = self._velocity_hats[index]
            new_v = ops.maximum(v_hat.value, new_v)
            v_hat.assign(new_v)
        variable.assign(variable.value - (new_m * alpha) / (ops.sqrt(new_v) + self.epsilon))

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "amsgrad": self.amsgrad,
        }


class AdamW(Adam):
    """Adam with weight decay applied to the variables directly (decoupled)."""

    _parallel_update = Adam._parallel_update

    def __init__(
        self,
        learning_rate=0.001,
        weight_decay=0.004,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-07,
        amsgrad=False,
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
        if weight_decay is None:
            raise ValueError("Argument `weight_decay` must be a float. Received: weight_decay=None")
        super().__init__(
            learning_rate=learning_rate,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            amsgrad=amsgrad,
            **base_kwargs(locals()),
        )


class Adamax(Optimizer):
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
        self._m, self._u = self.add_optimizer_variables(var_list, ["momentum", "norm"])

    def _step_context(self, learning_rate):
        (beta_1_power,) = _bias_powers(self, self.beta_1)
        return learning_rate / (1.0 - beta_1_power)

    def _update_variable(self, gradient, variable, scaled_lr):
        index = self._get_variable_index(variable)
        m, u = self._m[index], self._u[index]
        new_m = m.value + (gradient - m.value) * (1.0 - self.beta_1)
        new_u = ops.maximum(self.beta_2 * u.value, ops.abs(gradient))
        m.assign(new_m)
        u.assign(new_u)
        variable.assign(variable.value - scaled_lr * new_m / (new_u + self.epsilon))

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
        }


class Nadam(Optimizer):
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
        dtype = var_list[0]._dtype if var_list else config.floatx()
        self._u_product = self.add_variable((), initializer="ones", dtype=dtype, name="u_product")

    def _momentum_schedule(self, step):
        return self.beta_1 * (1.0 - 0.5 * ops.power(0.96, step))

    def _backend_update_step(self, grads, variables, learning_rate):
        step = ops.cast(self.iterations.value + 1, self._u_product._dtype)
        self._u_product.assign(self._u_product.value * self._momentum_schedule(step))
        super()._backend_update_step(grads, variables, learning_rate)

    def _step_context(self, learning_rate):
        step = ops.cast(self.iterations.value + 1, config.floatx())
        u_t = self._momentum_schedule(step)
        u_t_1 = self._momentum_schedule(step + 1.0)
        u_product = self._u_product.value
        return {
            "lr": learning_rate,
            "u_t": u_t,
            "u_t_1": u_t_1,
            "u_product": u_product,
            "u_product_next": u_product * u_t_1,
            "beta_2_power": ops.power(self.beta_2, step),
        }

    def _update_variable(self, gradient, variable, c):
        index = self._get_variable_index(variable)
        m, v = self._momentums[index], self._velocities[index]
        new_m = m.value + (gradient - m.value) * (1.0 - self.beta_1)
        new_v = v.value + (ops.square(gradient) - v.value) * (1.0 - self.beta_2)
        m.assign(new_m)
        v.assign(new_v)
        m_hat = c["u_t_1"] * new_m / (1.0 - c["u_product_next"]) + (1.0 - c["u_t"]) * gradient / (
            1.0 - c["u_product"]
        )
        v_hat = new_v / (1.0 - c["beta_2_power"])
        variable.assign(variable.value - m_hat * c["lr"] / (ops.sqrt(v_hat) + self.epsilon))

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
        }
