"""Stochastic gradient descent with optional (Nesterov) momentum."""

from kc_ops.backends import optimizer_updates as _kernels

from kc_train.optimizers._args import base_kwargs, check_range
from kc_train.optimizers.base_optimizer import Optimizer


class SGD(Optimizer):
    def __init__(
        self,
        learning_rate=0.01,
        momentum=0.0,
        nesterov=False,
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
        self.momentum = check_range("momentum", momentum, 0, 1)
        self.nesterov = bool(nesterov)

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        if self.momentum != 0:
            self.momentums = self.add_optimizer_variables(var_list, "momentum")

    def _parallel_update(self, grads, variables, learning_rate):
        momentums = self._stored(self.momentums, variables) if self.momentum != 0 else []
        _kernels.sgd([v._value for v in variables], grads, momentums, float(learning_rate),
                     self.momentum, self.nesterov)

    def _update_variable(self, gradient, variable, lr):
        step = gradient * lr
        if self.momentum == 0:
            variable.assign(variable.value - step)
            return
        m = self.momentums[self._get_variable_index(variable)]
        new_m = m.value * self.momentum - step
        m.assign(new_m)
        if self.nesterov:
            variable.assign(variable.value + new_m * self.momentum - step)
        else:
            variable.assign(variable.value + new_m)

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
