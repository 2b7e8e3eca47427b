"""`ProgbarLogger`: the progress bar of fit/evaluate/predict."""

from kc_train.callbacks.callback import Callback
from kc_train.progbar import Progbar


class ProgbarLogger(Callback):
    def __init__(self):
        super().__init__()
        self.progbar = None
        self.epochs = 1
        self.verbose = 1
        self.target = None
        self._seen = 0

    def set_params(self, params):
        super().set_params(params)
        self.verbose = params.get("verbose", 1)
        self.epochs = params.get("epochs", 1)
        self.target = params.get("steps")

    def _reset(self):
        self.progbar = Progbar(target=self.target, verbose=self.verbose, unit_name="step")
        self._seen = 0

    def on_train_begin(self, logs=None):
        self._training = True

    def on_train_end(self, logs=None):
        self._training = False

    def on_epoch_begin(self, epoch, logs=None):
        self._reset()
        if self.verbose and self.epochs > 1:
            self.progbar.write(f"Epoch {epoch + 1}/{self.epochs}")

    def on_train_batch_end(self, batch, logs=None):
        self._seen = batch + 1
        self.progbar.update(self._seen, list((logs or {}).items()), finalize=False)

    def on_test_begin(self, logs=None):
        if not getattr(self, "_training", False):
            self._reset()

    def on_test_batch_end(self, batch, logs=None):
        if not getattr(self, "_training", False):
            self._seen = batch + 1
            self.progbar.update(self._seen, list((logs or {}).items()), finalize=False)

    def on_test_end(self, logs=None):
        if not getattr(self, "_training", False):
            self.progbar.update(self._seen, list((logs or {}).items()), finalize=True)

    def on_predict_begin(self, logs=None):
        self._reset()

    def on_predict_batch_end(self, batch, logs=None):
        self._seen = batch + 1
        self.progbar.update(self._seen, finalize=False)

    def on_predict_end(self, logs=None):
        self.progbar.update(self._seen, finalize=True)

    def on_epoch_end(self, epoch, logs=None):
        self.progbar.update(self._seen, list((logs or {}).items()), finalize=True)
