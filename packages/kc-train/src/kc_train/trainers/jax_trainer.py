"""JAX trainer: jitted stateless steps that donate their state buffers.

During `fit` the model state lives in `self._jax_state` (tuples of arrays); it is written back
into the Variables when an epoch ends, before callbacks see the model, and after `fit`.
`train_step(state, data)` / `test_step(state, data)` follow Keras's JAX convention: they take
and return the state `(trainable, non_trainable, optimizer, metrics)` values.
"""

import jax
from kc_ops import scopes

from kc_train.trainers.base import TrainerBase, batch_size_of, unpack_data


class Trainer(TrainerBase):
    def __init__(self):
        super().__init__()
        self._jax_state = None

    # --- state ---------------------------------------------------------------------------
    def _state_variables(self):
        metrics_vars = [v for m in self.metrics for v in m.variables]
        optimizer_vars = list(self.optimizer.variables) if self.optimizer is not None else []
        return (list(self.trainable_variables), list(self.non_trainable_variables),
                optimizer_vars, metrics_vars)

    def _current_state(self):
        if self._jax_state is None:
            self._jax_state = tuple(tuple(v.value for v in group) for group in self._state_variables())
        return self._jax_state

    def _sync_variables(self):
        if self._jax_state is None:
            return
        for group, values in zip(self._state_variables(), self._jax_state):
            for variable, value in zip(group, values):
                variable._value = value
        self._jax_state = None

    def reset_metrics(self):
        self._sync_variables()
        super().reset_metrics()

    # --- losses and gradients ------------------------------------------------------------
    def compute_loss_and_updates(self, trainable_values, non_trainable_values, metrics_values,
                                 x, y, sample_weight, training=False):
        trainable, non_trainable, _, metrics_vars = self._state_variables()
        mapping = list(zip(trainable, trainable_values)) + list(zip(non_trainable, non_trainable_values))
        mapping += list(zip(metrics_vars, metrics_values))
        with scopes.StatelessScope(state_mapping=mapping) as scope:
            y_pred = self(x, training=training)
            loss = self.compute_loss(x, y, y_pred, sample_weight, training=training)
        new_non_trainable = tuple(
            _current(scope, v, old) for v, old in zip(non_trainable, non_trainable_values))
        return loss, (y_pred, new_non_trainable)

    def _update_metrics(self, metrics_values, loss, x, y, y_pred, sample_weight):
        metrics_vars = self._state_variables()[3]
        with scopes.StatelessScope(state_mapping=list(zip(metrics_vars, metrics_values))) as scope:
            self._loss_tracker.update_state(loss, sample_weight=batch_size_of(x))
            logs = self.compute_metrics(x, y, y_pred, sample_weight)
        return logs, tuple(_current(scope, v, old) for v, old in zip(metrics_vars, metrics_values))

    # --- steps ---------------------------------------------------------------------------
    def train_step(self, state, data):
        trainable, non_trainable, optimizer_values, metrics_values = state
        x, y, sample_weight = unpack_data(data)
        grad_fn = jax.value_and_grad(self.compute_loss_and_updates, has_aux=True)
        (loss, (y_pred, non_trainable)), grads = grad_fn(
            trainable, non_trainable, metrics_values, x, y, sample_weight, training=True)
        trainable, optimizer_values = self.optimizer.stateless_apply(optimizer_values, grads, trainable)
        logs, metrics_values = self._update_metrics(metrics_values, loss, x, y, y_pred, sample_weight)
        return logs, (tuple(trainable), non_trainable, tuple(optimizer_values), metrics_values)

    def test_step(self, state, data):
        trainable, non_trainable, metrics_values = state
        x, y, sample_weight = unpack_data(data)
        loss, (y_pred, non_trainable) = self.compute_loss_and_updates(
            trainable, non_trainable, metrics_values, x, y, sample_weight, training=False)
        logs, metrics_values = self._update_metrics(metrics_values, loss, x, y, y_pred, sample_weight)
        return logs, (trainable, non_trainable, metrics_values)

    def predict_step(self, state, data):
        trainable, non_trainable = state
        variables = self._state_variables()
        mapping = list(zip(variables[0], trainable)) + list(zip(variables[1], non_trainable))
        with scopes.StatelessScope(state_mapping=mapping):
            return self(data[0], training=False)

    def _maybe_jit(self, fn, donate=()):
        if self.run_eagerly or self.jit_compile is False:
            return fn
        return jax.jit(fn, donate_argnums=donate)

    def make_train_function(self, force=False):
        if self.train_function is not None and not force:
            return self.train_function
        self.optimizer.build(self.trainable_variables)
        step = self._maybe_jit(self.train_step, donate=(0,))

        def train_function(data):
            logs, self._jax_state = step(self._current_state(), data)
            return logs

        self.train_function = train_function
        return train_function

    def make_test_function(self, force=False):
        if self.test_function is not None and not force:
            return self.test_function
        step = self._maybe_jit(self.test_step, donate=(0,))

        def test_function(data):
            trainable, non_trainable, optimizer_values, metrics_values = self._current_state()
            logs, (trainable, non_trainable, metrics_values) = step(
                (trainable, non_trainable, metrics_values), data)
            self._jax_state = (trainable, non_trainable, optimizer_values, metrics_values)
            return logs

        self.test_function = test_function
        return test_function

    def make_predict_function(self, force=False):
        if self.predict_function is not None and not force:
            return self.predict_function
        step = self._maybe_jit(self.predict_step)

        def predict_function(data):
            trainable, non_trainable, _, _ = self._current_state()
            return step((trainable, non_trainable), data)

        self.predict_function = predict_function
        return predict_function


def _current(scope, variable, old):
    value = scope.get_current_value(variable)
    return old if value is None else value

