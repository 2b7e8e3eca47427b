"""`CallbackList`: dispatches each hook to a list of callbacks.

Batch logs arrive as backend tensors; they are converted to Python floats once per hook call,
and only when some callback actually overrides a batch hook (so a plain `fit` pays nothing).
"""

import numpy as np
from kc_ops import core

from kc_train.callbacks.callback import Callback
from kc_train.callbacks.history import History
from kc_train.callbacks.progbar_logger import ProgbarLogger

_BATCH_HOOKS = ("on_train_batch_begin", "on_train_batch_end", "on_test_batch_begin",
                "on_test_batch_end", "on_predict_batch_begin", "on_predict_batch_end",
                "on_batch_begin", "on_batch_end")


def _overrides(callback, hook):
    if hook in vars(callback):  # set on the instance (LambdaCallback)
        return True
    method = getattr(type(callback), hook, None)
    return method is not None and method is not getattr(Callback, hook)


def _python_logs(logs):
    if not logs:
        return {}
    result = {}
    for key, value in logs.items():
        if key == "outputs":
            result[key] = value
            continue
        array = core.convert_to_numpy(value)
        result[key] = float(array) if np.ndim(array) == 0 else array
    return result


class CallbackList(Callback):
    def __init__(self, callbacks=None, add_history=False, add_progbar=False, model=None, **params):
        super().__init__()
        self.callbacks = list(callbacks or [])
        for callback in self.callbacks:
            if not isinstance(callback, Callback):
                raise TypeError(
                    f"callbacks must be keras.callbacks.Callback instances. Received: {callback!r}"
                )
        if add_progbar and not any(isinstance(c, ProgbarLogger) for c in self.callbacks):
            self.callbacks.append(ProgbarLogger())
        if add_history:
            history = next((c for c in self.callbacks if isinstance(c, History)), None)
            if history is None:
                history = History()
                self.callbacks.append(history)
            if model is not None:
                model.history = history
        # Progress bar and history run after user callbacks so they see final logs.
        self.callbacks.sort(key=lambda c: isinstance(c, (ProgbarLogger, History)))
        self._hooked = {hook: [c for c in self.callbacks if _overrides(c, hook) or isinstance(c, ProgbarLogger)]
                        for hook in _BATCH_HOOKS}
        # Batch hooks of user callbacks may read the model's variables: sync them first (the
        # JAX trainer keeps the state outside the Variables during an epoch).
        self._needs_sync = {hook: any(not isinstance(c, (ProgbarLogger, History)) for c in targets)
                            for hook, targets in self._hooked.items()}
        if model is not None:
            self.set_model(model)
        self.set_params(params)

    def append(self, callback):
        self.callbacks.append(callback)

    def set_params(self, params):
        super().set_params(params)
        for callback in self.callbacks:
            callback.set_params(params)

    def set_model(self, model):
        super().set_model(model)
        for callback in self.callbacks:
            callback.set_model(model)

    def _call_batch(self, hook, batch, logs):
        targets = self._hooked[hook]
        if not targets:
            return
        if self._needs_sync[hook] and self.model is not None and hasattr(self.model, "_sync_variables"):
            self.model._sync_variables()
        logs = _python_logs(logs)
        for callback in targets:
            getattr(callback, hook)(batch, logs)

    def _call(self, hook, *args):
        for callback in self.callbacks:
            getattr(callback, hook)(*args)

    def on_train_batch_begin(self, batch, logs=None):
        self._call_batch("on_train_batch_begin", batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self._call_batch("on_train_batch_end", batch, logs)

    def on_test_batch_begin(self, batch, logs=None):
        self._call_batch("on_test_batch_begin", batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        self._call_batch("on_test_batch_end", batch, logs)

    def on_predict_batch_begin(self, batch, logs=None):
        self._call_batch("on_predict_batch_begin", batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._call_batch("on_predict_batch_end", batch, logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._call("on_epoch_begin", epoch, _python_logs(logs))

    def on_epoch_end(self, epoch, logs=None):
        self._call("on_epoch_end", epoch, _python_logs(logs))

    def on_train_begin(self, logs=None):
        self._call("on_train_begin", _python_logs(logs))

    def on_train_end(self, logs=None):
        self._call("on_train_end", _python_logs(logs))

    def on_test_begin(self, logs=None):
        self._call("on_test_begin", _python_logs(logs))

    def on_test_end(self, logs=None):
        self._call("on_test_end", _python_logs(logs))

    def on_predict_begin(self, logs=None):
        self._call("on_predict_begin", _python_logs(logs))

    def on_predict_end(self, logs=None):
        self._call("on_predict_end", _python_logs(logs))
