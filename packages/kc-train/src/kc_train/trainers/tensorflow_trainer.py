"""TensorFlow trainer: steps wrapped in `tf.function` (XLA with `jit_compile=True`), gradients
from `tf.GradientTape`. `train_step(data)` returns logs."""

import tensorflow as tf

from kc_train.trainers.base import TrainerBase, unpack_data


class Trainer(TrainerBase):
    def _resolve_jit_compile(self, jit_compile):
        return jit_compile is True  # "auto": plain tf.function, as XLA start-up is slow on CPU

    def train_step(self, data):
        x, y, sample_weight = unpack_data(data)
        trainable = self.trainable_variables
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x, y, y_pred, sample_weight, training=True)
        grads = tape.gradient(loss, trainable)
        self.optimizer.apply(grads, trainable)
        self._loss_tracker.update_state(loss, sample_weight=tf.shape(tf.nest.flatten(x)[0])[0])
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def test_step(self, data):
        x, y, sample_weight = unpack_data(data)
        y_pred = self(x, training=False)
        loss = self.compute_loss(x, y, y_pred, sample_weight, training=False)
        self._loss_tracker.update_state(loss, sample_weight=tf.shape(tf.nest.flatten(x)[0])[0])
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def predict_step(self, data):
        return self(data[0], training=False)

    def _wrap(self, fn):
        if self.run_eagerly:
            return fn
        return tf.function(fn, jit_compile=bool(self.jit_compile), reduce_retracing=True, autograph=False)

    def make_train_function(self, force=False):
        if self.train_function is None or force:
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
