"""Adafactor: second moments factored into row and column statistics for matrices."""

import kc_ops as ops
from kc_ops import config

from kc_train.optimizers._args import base_kwargs
from kc_train.optimizers.base_optimizer import Optimizer


def _rms(x):
    return ops.sqrt(ops.mean(ops.square(x)))


class Adafactor(Optimizer):
    def __init__(
        self,
        learning_rate=0.001,
        beta_2_decay=-0.8,
        epsilon_1=1e-30,
        epsilon_2=0.001,
        clip_threshold=1.0,
        relative_step=True,
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
        self.beta_2_decay = beta_2_decay
        self.epsilon_1, self.epsilon_2 = epsilon_1, epsilon_2
        self.clip_threshold = clip_threshold
        self.relative_step = relative_step

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._r, self._c, self._v = [], [], []
        for var in var_list:
            shape = tuple(var.shape)
            if len(shape) < 2:  # not factored: scalar placeholders keep the slots aligned
                r_shape = c_shape = ()
            else:  # factor the last two dimensions
                r_shape, c_shape = shape[:-1], shape[:-2] + shape[-1:]
            self._r.append(self.add_variable(r_shape, dtype=var._dtype, name=f"{var.name}_r"))
            self._c.append(self.add_variable(c_shape, dtype=var._dtype, name=f"{var.name}_c"))
            self._v.append(self.add_variable_from_reference(var, "velocity"))

    def _step_context(self, learning_rate):
        step = ops.cast(self.iterations.value + 1, config.floatx())
        rho = ops.minimum(learning_rate, 1.0 / ops.sqrt(step))
        return rho, 1.0 - ops.power(step, self.beta_2_decay)

    def _update_variable(self, gradient, variable, context):
        rho, beta_2_t = context
        index = self._get_variable_index(variable)
        r, c, v = self._r[index], self._c[index], self._v[index]
        alpha = ops.maximum(self.epsilon_2, _rms(variable.value)) * rho
        grad_sq = ops.square(gradient) + self.epsilon_1
        if len(variable.shape) >= 2:
            new_r = beta_2_t * r.value + (1.0 - beta_2_t) * ops.mean(grad_sq, axis=-1)
            new_c = beta_2_t * c.value + (1.0 - beta_2_t) * ops.mean(grad_sq, axis=-2)
            r.assign(new_r)
            c.assign(new_c)
            row = ops.expand_dims(new_r / ops.mean(new_r, axis=-1, keepdims=True), -1)
            new_v = row * ops.expand_dims(new_c, -2)
        else:
            new_v = beta_2_t * v.value + (1.0 - beta_2_t) * grad_sq
        v.assign(new_v)
        u = gradient / ops.sqrt(new_v)
        u_hat = u / ops.maximum(1.0, _rms(u) / self.clip_threshold)
        variable.assign(variable.value - alpha * u_hat)

    def get_config(self):
        return {
            **super().get_config(),
            "beta_2_decay": self.beta_2_decay,
            "epsilon_1": self.epsilon_1,
            "epsilon_2": self.epsilon_2,
            "clip_threshold": self.clip_threshold,
            "relative_step": self.relative_step,
        }
