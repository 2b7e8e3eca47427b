"""Per-coordinate adaptive learning rates: Adagrad, Adadelta, RMSprop, Ftrl."""

import kc_ops as ops

from kc_train.optimizers._args import base_kwargs
from kc_train.optimizers.base_optimizer import Optimizer


class Adagrad(Optimizer):
    def __init__(
        self,
        learning_rate=0.001,
        initial_accumulator_value=0.1,
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
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._accumulators = self.add_optimizer_variables(
            var_list, "accumulator", initializer=float(self.initial_accumulator_value)
        )

    def _update_variable(self, gradient, variable, lr):
        acc = self._accumulators[self._get_variable_index(variable)]
        new_acc = acc.value + ops.square(gradient)
        acc.assign(new_acc)
        variable.assign(variable.value - lr * gradient / ops.sqrt(new_acc + self.epsilon))

    def get_config(self):
        return {
            **super().get_config(),
            "initial_accumulator_value": self.initial_accumulator_value,
            "epsilon": self.epsilon,
        }


class Adadelta(Optimizer):
    def __init__(
        self,
        learning_rate=0.001,
        rho=0.95,
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
        self.rho, self.epsilon = rho, epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._accumulated_grads, self._accumulated_delta_vars = self.add_optimizer_variables(
            var_list, ["accumulated_grad", "accumulated_delta_var"]
        )

    def _update_variable(self, gradient, variable, lr):
        index = self._get_variable_index(variable)
        acc_grad, acc_delta = self._accumulated_grads[index], self._accumulated_delta_vars[index]
        rho = self.rho
        new_acc_grad = rho * acc_grad.value + (1.0 - rho) * ops.square(gradient)
        acc_grad.assign(new_acc_grad)
        delta = (
            -ops.sqrt(acc_delta.value + self.epsilon)
            * gradient
            / ops.sqrt(new_acc_grad + self.epsilon)
        )
        acc_delta.assign(rho * acc_delta.value + (1.0 - rho) * ops.square(delta))
        variable.assign(variable.value + lr * delta)

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "epsilon": self.epsilon}


class RMSprop(Optimizer):
    def __init__(
        self,
        learning_rate=0.001,
        rho=0.9,
        momentum=0.0,
        epsilon=1e-07,
        centered=False,
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
        self.rho, self.momentum, self.epsilon = rho, momentum, epsilon
        self.centered = bool(centered)

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._velocities = self.add_optimizer_variables(var_list, "velocity")
        if self.momentum > 0:
            self._momentums = self.add_optimizer_variables(var_list, "momentum")
        if self.centered:
            self._average_gradients = self.add_optimizer_variables(var_list, "average_gradient")

    def _update_variable(self, gradient, variable, lr):
        index = self._get_variable_index(variable)
        rho = self.rho
        velocity = self._velocities[index]
        new_velocity = rho * velocity.value + (1.0 - rho) * ops.square(gradient)
        velocity.assign(new_velocity)
        if self.centered:
            avg = self._average_gradients[index]
            new_avg = rho * avg.value + (1.0 - rho) * gradient
            avg.assign(new_avg)
            denominator = new_velocity - ops.square(new_avg) + self.epsilon
        else:
            denominator = new_velocity + self.epsilon
        increment = lr * gradient / ops.sqrt(denominator)
        if self.momentum > 0:
            m = self._momentums[index]
            new_m = self.momentum * m.value + increment
            m.assign(new_m)
            increment = new_m
        variable.assign(variable.value - increment)

    def get_config(self):
        return {
            **super().get_config(),
            "rho": self.rho,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "centered": self.centered,
        }


class Ftrl(Optimizer):
    """Follow The Regularized Leader, with L1, L2 and L2-shrinkage regularization."""

    def __init__(
        self,
        learning_rate=0.001,
        learning_rate_power=-0.5,
        initial_accumulator_value=0.1,
        l1_regularization_strength=0.0,
        l2_regularization_strength=0.0,
        l2_shrinkage_regularization_strength=0.0,
        beta=0.0,
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
        if initial_accumulator_value < 0.0:
            raise ValueError(
                "`initial_accumulator_value` needs to be positive or zero. Received: "
                f"initial_accumulator_value={initial_accumulator_value}."
            )
        if learning_rate_power > 0.0:
            raise ValueError(
                "`learning_rate_power` needs to be negative or zero. Received: "
                f"learning_rate_power={learning_rate_power}."
            )
        for arg, value in (
            ("l1_regularization_strength", l1_regularization_strength),
            ("l2_regularization_strength", l2_regularization_strength),
            ("l2_shrinkage_regularization_strength", l2_shrinkage_regularization_strength),
        ):
            if value < 0.0:
                raise ValueError(f"`{arg}` needs to be positive or zero. Received: {arg}={value}.")
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self.beta = beta

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._accumulators, self._linears = self.add_optimizer_variables(
            var_list,
            ["accumulator", "linear"],
            initializer=[float(self.initial_accumulator_value), "zeros"],
        )

    def _update_variable(self, gradient, variable, lr):
        index = self._get_variable_index(variable)
        accum, linear = self._accumulators[index], self._linears[index]
        power = -self.learning_rate_power
        l2 = self.l2_regularization_strength + self.beta / (2.0 * lr)
        grad_to_use = gradient + 2.0 * self.l2_shrinkage_regularization_strength * variable.value
        new_accum = accum.value + ops.square(gradient)
        sigma = (ops.power(new_accum, power) - ops.power(accum.value, power)) / lr
        new_linear = linear.value + grad_to_use - sigma * variable.value
        linear.assign(new_linear)
        quadratic = ops.power(new_accum, power) / lr + 2.0 * l2
        l1 = self.l1_regularization_strength
        variable.assign((ops.clip(new_linear, -l1, l1) - new_linear) / quadratic)
        accum.assign(new_accum)

    def get_config(self):
        return {
            **super().get_config(),
            "learning_rate_power": self.learning_rate_power,
            "initial_accumulator_value": self.initial_accumulator_value,
            "l1_regularization_strength": self.l1_regularization_strength,
            "l2_regularization_strength": self.l2_regularization_strength,
            "l2_shrinkage_regularization_strength": self.l2_shrinkage_regularization_strength,
            "beta": self.beta,
        }
