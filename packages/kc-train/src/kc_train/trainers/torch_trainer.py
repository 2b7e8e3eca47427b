"""PyTorch trainer: eager steps (zero_grad, forward, backward, optimizer) with optional
`torch.compile` under `jit_compile=True`. `train_step(data)` returns logs."""

import torch

from kc_train.trainers.base import TrainerBase, batch_size_of, unpack_data


class Trainer(TrainerBase):
    def _resolve_jit_compile(self, jit_compile):
        return jit_compile is True  # "auto" stays eager: torch.compile start-up is costly

    def train_step(self, data):
        x, y, sample_weight = unpack_data(data)
        trainable = self.trainable_variables
        for variable in trainable:
            variable._value.grad = None  # the stored Parameter (`.value` adds scope checks)
        y_pred = self(x, training=True)
        loss = self.compute_loss(x, y, y_pred, sample_weight, training=True)
        loss.backward()
        grads = [variable._value.grad for variable in trainable]
        with torch.no_grad():
            self.optimizer.apply(grads, trainable)
            self._loss_tracker.update_state(loss.detach(), sample_weight=batch_size_of(x))
            return self.compute_metrics(x, y, y_pred.detach() if torch.is_tensor(y_pred) else y_pred, sample_weight)

    def test_step(self, data):
        x, y, sample_weight = unpack_data(data)
        with torch.no_grad():
            y_pred = self(x, training=False)
            loss = self.compute_loss(x, y, y_pred, sample_weight, training=False)
            self._loss_tracker.update_state(loss, sample_weight=batch_size_of(x))
            return self.compute_metrics(x, y, y_pred, sample_weight)

    def predict_step(self, data):
        with torch.no_grad():
            return self(data[0], training=False)

    def _wrap(self, fn):
        if self.jit_compile and not self.run_eagerly:
            return torch.compile(fn)
        return fn

    def make_train_function(self, force=False):
        if self.train_function is not None and not force:
            return self.train_function
        self.optimizer.build(self.trainable_variables)
        self.train_function = self._wrap(self.train_step)
        return self.train_function

    def make_test_function(self, force=False):
        if self.test_function is None or force:
            self.test_function = self._wrap(self.test_step)
        return self.test_function

    def make_predict_function(self, force=False):
        if self.predict_function is None or force:
            self.predict_function = self._wrap(self.predict_step)
        return self.predict_function

