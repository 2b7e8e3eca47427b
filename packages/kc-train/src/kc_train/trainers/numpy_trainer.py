"""NumPy trainer: predict and evaluate only (NumPy has no automatic differentiation)."""

from kc_train.trainers.base import TrainerBase, batch_size_of, unpack_data


class Trainer(TrainerBase):
    def _check_trainable_backend(self):
        raise RuntimeError(
            "Training is not supported with the numpy backend, which has no automatic "
            "differentiation: use predict/evaluate here, or set KERAS_BACKEND to jax, torch or "
            "tensorflow to train."
        )

    def test_step(self, data):
        x, y, sample_weight = unpack_data(data)
        y_pred = self(x, training=False)
        loss = self.compute_loss(x, y, y_pred, sample_weight, training=False)
        self._loss_tracker.update_state(loss, sample_weight=batch_size_of(x))
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def predict_step(self, data):
        return self(data[0], training=False)

    def make_train_function(self, force=False):
        self._check_trainable_backend()

    def make_test_function(self, force=False):
        if self.test_function is None or force:
            self.test_function = self.test_step
        return self.test_function

    def make_predict_function(self, force=False):
        if self.predict_function is None or force:
            self.predict_function = self.predict_step
        return self.predict_function

