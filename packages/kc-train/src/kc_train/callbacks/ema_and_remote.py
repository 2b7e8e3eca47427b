"""`SwapEMAWeights` (evaluate with the optimizer's moving averages) and `RemoteMonitor`
(POST the epoch logs as JSON to a server)."""

import json
import urllib.parse
import urllib.request
import warnings

import numpy as np

from kc_train.callbacks.callback import Callback


class SwapEMAWeights(Callback):
    """Swap the model's trainable weights with the optimizer's EMA copies around evaluation
    (and at the end of each epoch when `swap_on_epoch=True`); needs `use_ema=True`."""

    def __init__(self, swap_on_epoch=False):
        super().__init__()
        self.swap_on_epoch = swap_on_epoch
        self._swapped = False

    def _swap(self):
        optimizer = self.model.optimizer
        averages = getattr(optimizer, "_model_variables_moving_average", None)
        if not getattr(optimizer, "use_ema", False) or not averages:
            raise ValueError("SwapEMAWeights requires an optimizer built with use_ema=True.")
        for variable, average in zip(self.model.trainable_variables, averages):
            current = variable.numpy()
            variable.assign(average.numpy())
            average.assign(current)
        self._swapped = not self._swapped

    def on_test_begin(self, logs=None):
        if not self._swapped:
            self._swap()

    def on_test_end(self, logs=None):
        if self._swapped:
            self._swap()

    def on_epoch_end(self, epoch, logs=None):
        if self.swap_on_epoch and not self._swapped:
            self._swap()

    def on_epoch_begin(self, epoch, logs=None):
        if self.swap_on_epoch and self._swapped:
            self._swap()

    def on_train_end(self, logs=None):
        if self._swapped:
            self._swap()


class RemoteMonitor(Callback):
    def __init__(self, root="http://localhost:9000", path="/publish/epoch/end/", field="data",
                 headers=None, send_as_json=False):
        super().__init__()
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers or {}
        self.send_as_json = send_as_json

    def on_epoch_end(self, epoch, logs=None):
        payload = {"epoch": epoch}
        for key, value in (logs or {}).items():
            payload[key] = float(value) if np.ndim(value) == 0 else np.asarray(value).tolist()
        if self.send_as_json:
            body = json.dumps(payload).encode()
            headers = {"Content-Type": "application/json", **self.headers}
        else:
            body = urllib.parse.urlencode({self.field: json.dumps(payload)}).encode()
            headers = dict(self.headers)
        request = urllib.request.Request(self.root + self.path, data=body, headers=headers, method="POST")
        try:
            urllib.request.urlopen(request, timeout=10).close()
        except OSError as error:
            warnings.warn(f"RemoteMonitor could not reach {self.root}: {error}", stacklevel=2)
