"""`ModelCheckpoint`: save the model (or weights) during training, atomically."""

import os
import warnings

from kc_train.callbacks.monitor import is_improvement, read_monitor, resolve_mode
from kc_train.callbacks.save_schedule import SaveSchedule


class ModelCheckpoint(SaveSchedule):
    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False,
                 save_weights_only=False, mode="auto", save_freq="epoch",
                 initial_value_threshold=None):
        super().__init__(save_freq, "ModelCheckpoint")
        self.filepath = os.fspath(filepath)
        self.monitor = monitor
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.mode = resolve_mode(mode, monitor, "ModelCheckpoint")
        self.best = initial_value_threshold
        suffix = ".weights.h5" if save_weights_only else ".keras"
        if save_weights_only and not self.filepath.endswith(".weights.h5"):
            raise ValueError(
                f"With save_weights_only=True the filepath must end in '.weights.h5'. Received: {self.filepath!r}"
            )
        if not save_weights_only and not self.filepath.endswith((".keras", ".h5")):
            raise ValueError(
                f"The filepath must end in '{suffix}' (or '.weights.h5' with save_weights_only=True). "
                f"Received: {self.filepath!r}"
            )

    def _path(self, epoch, batch, logs):
        values = dict(logs or {})
        values["epoch"] = epoch + 1
        if batch is not None:
            values["batch"] = batch + 1
        try:
            return self.filepath.format(**values)
        except KeyError as error:
            raise KeyError(
                f"ModelCheckpoint: the filepath {self.filepath!r} names {error}, which is not in "
                f"the logs. Available: {sorted(values)}"
            ) from None

    def _save(self, epoch, batch, logs):
        path = self._path(epoch, batch, logs)
        if self.save_best_only:
            value = read_monitor(logs, self.monitor, "ModelCheckpoint")
            if value is None:
                warnings.warn(f"ModelCheckpoint: {self.monitor!r} is not in the logs; skipping.", stacklevel=2)
                return
            if not is_improvement(value, self.best, self.mode):
                return
            if self.verbose:
                print(f"\nEpoch {epoch + 1}: {self.monitor} improved from {self.best} to {value:.5f}, saving to {path}")
            self.best = value
        elif self.verbose:
            print(f"\nEpoch {epoch + 1}: saving model to {path}")
        directory = os.path.dirname(path)
        if directory:
            os.makedirs(directory, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(path, overwrite=True)
        else:
            self.model.save(path, overwrite=True)


