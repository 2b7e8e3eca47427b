"""Muon: momentum orthogonalized by Newton-Schulz iterations for 2D/3D weights; AdamW for the
rest (biases, norms, embeddings, excluded layers)."""

import re

import kc_ops as ops
from kc_ops import config

from kc_train.optimizers._args import base_kwargs
from kc_train.optimizers.base_optimizer import Optimizer


def _swap_last_axes(x):
    order = list(range(len(x.shape)))
    order[-2], order[-1] = order[-1], order[-2]
    return ops.transpose(x, order)


class Muon(Optimizer):
    def __init__(
        self,
        learning_rate=0.001,
        adam_beta_1=0.9,
        adam_beta_2=0.999,
        adam_weight_decay=0.004,
        epsilon=1e-07,
        weight_decay=0.004,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        exclude_layers=None,
        exclude_embeddings=True,
        muon_a=3.4445,
        muon_b=-4.775,
        muon_c=2.0315,
        adam_lr_ratio=1,
        momentum=0.95,
        ns_steps=5,
        nesterov=True,
        rms_rate=0.2,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **base_kwargs(locals()))
        self.adam_beta_1, self.adam_beta_2 = adam_beta_1, adam_beta_2
        self.adam_weight_decay = adam_weight_decay
        self.epsilon = epsilon
        self.exclude_layers = list(exclude_layers or [])
        self.exclude_embeddings = exclude_embeddings
        self.muon_a, self.muon_b, self.muon_c = muon_a, muon_b, muon_c
        self.adam_lr_ratio = adam_lr_ratio
        self.momentum = momentum
        self.ns_steps = ns_steps
        self.nesterov = nesterov
        self.rms_rate = rms_rate

    def _should_use_adamw(self, variable):
        if not 1 < len(variable.shape) < 4:
            return True
        path = variable.path
        if self.exclude_embeddings and "embedding" in path.lower():
            return True
        return any(re.search(pattern, path) for pattern in self.exclude_layers)

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities, self._uses_adamw = [], [], []
        for var in var_list:
            adamw = self._should_use_adamw(var)
            self._uses_adamw.append(adamw)
            self._momentums.append(self.add_variable_from_reference(var, "momentum"))
            self._velocities.append(
                self.add_variable_from_reference(var, "velocity") if adamw else None
            )

    def _step_context(self, learning_rate):
        step = ops.cast(self.iterations.value + 1, config.floatx())
        adam_lr = learning_rate * self.adam_lr_ratio
        correction = ops.sqrt(1.0 - ops.power(self.adam_beta_2, step)) / (
            1.0 - ops.power(self.adam_beta_1, step)
        )
        return learning_rate, adam_lr * correction

    def _update_variable(self, gradient, variable, context):
        lr, adam_alpha = context
        index = self._get_variable_index(variable)
        m = self._momentums[index]
        if self._uses_adamw[index]:
            v = self._velocities[index]
            new_m = m.value + (gradient - m.value) * (1.0 - self.adam_beta_1)
            new_v = v.value + (ops.square(gradient) - v.value) * (1.0 - self.adam_beta_2)
            m.assign(new_m)
            v.assign(new_v)
            variable.assign(variable.value - new_m * adam_alpha / (ops.sqrt(new_v) + self.epsilon))
            return
        new_m = m.value * self.momentum + gradient
        m.assign(new_m)
        direction = gradient + self.momentum * new_m if self.nesterov else new_m
        update = self.zeropower_via_newtonschulz5(direction, self.ns_steps)
        variable.assign(variable.value - self.lr_adjust(lr * update))

    def lr_adjust(self, x):
        """Scale an update by rms_rate * sqrt(max(rows, cols)) so its RMS matches AdamW's."""
        if self.rms_rate is None:
            return x
        return x * (max(x.shape[0], x.shape[1]) ** 0.5) * self.rms_rate

    def transpose_last_axis(self, x):
        return _swap_last_axes(x)

    def zeropower_via_newtonschulz5(self, x, steps):
        """An approximately orthogonal matrix with the singular vectors of `x`."""
        a, b, c = self.muon_a, self.muon_b, self.muon_c
        tall = x.shape[-2] > x.shape[-1]
        if tall:
            x = self.transpose_last_axis(x)
        x = x / (ops.norm(x, axis=(-2, -1), keepdims=True) + 1e-7)
        for _ in range(steps):
            gram = ops.matmul(x, self.transpose_last_axis(x))
            poly = b * gram + c * ops.matmul(gram, gram)
            x = a * x + ops.matmul(poly, x)
        return self.transpose_last_axis(x) if tall else x

    def _apply_weight_decay(self, variables, learning_rate):
        for variable in variables:
            if not self._use_weight_decay(variable):
                continue
            index = self._get_variable_index(variable)
            decay = self.adam_weight_decay if self._uses_adamw[index] else self.weight_decay
            if decay:
                variable.assign(variable.value - variable.value * (decay * learning_rate))

    def get_config(self):
        return {
            **super().get_config(),
            "adam_beta_1": self.adam_beta_1,
            "adam_beta_2": self.adam_beta_2,
            "adam_weight_decay": self.adam_weight_decay,
            "epsilon": self.epsilon,
            "exclude_layers": self.exclude_layers,
            "exclude_embeddings": self.exclude_embeddings,
            "muon_a": self.muon_a,
            "muon_b": self.muon_b,
            "muon_c": self.muon_c,
            "adam_lr_ratio": self.adam_lr_ratio,
            "momentum": self.momentum,
            "ns_steps": self.ns_steps,
            "nesterov": self.nesterov,
            "rms_rate": self.rms_rate,
        }
