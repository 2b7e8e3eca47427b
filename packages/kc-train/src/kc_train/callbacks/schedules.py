"""Callbacks that change the optimizer's learning rate: LearningRateScheduler and
ReduceLROnPlateau."""

import warnings

import numpy as np

from kc_train.callbacks.callback import Callback
from kc_train.callbacks.monitor import is_improvement, read_monitor, resolve_mode


def _get_lr(model):
    return float(np.asarray(model.optimizer.learning_rate))


def _set_lr(model, value):
    model.optimizer.learning_rate = float(value)


class LearningRateScheduler(Callback):
    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        try:
            lr = self.schedule(epoch, _get_lr(self.model))
        except TypeError:  # schedule(epoch) with one argument
            lr = self.schedule(epoch)
        lr = float(np.asarray(lr))
        if not np.isfinite(lr):
            raise ValueError(f"LearningRateScheduler: the schedule returned {lr} at epoch {epoch}.")
        _set_lr(self.model, lr)
        if self.verbose:
            print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {lr}.")

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = _get_lr(self.model)


class ReduceLROnPlateau(Callback):
    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto",
                 min_delta=1e-4, cooldown=0, min_lr=0.0, **kwargs):
        super().__init__()
        if factor >= 1.0:
            raise ValueError(f"ReduceLROnPlateau: factor must be < 1. Received: {factor}")
        self.monitor = monitor
        self.factor = factor
        self.patience = patience
        self.verbose = verbose
        self.mode = resolve_mode(mode, monitor, "ReduceLROnPlateau")
        self.min_delta = min_delta
        self.cooldown = cooldown
        self.min_lr = min_lr
        self.wait = 0
        self.cooldown_counter = 0
        self.best = None

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.cooldown_counter = 0
        self.best = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        logs["learning_rate"] = _get_lr(self.model)
        value = read_monitor(logs, self.monitor, "ReduceLROnPlateau")
        if value is None:
            warnings.warn(f"ReduceLROnPlateau: {self.monitor!r} is not in the logs.", stacklevel=2)
            return
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if is_improvement(value, self.best, self.mode, self.min_delta):
            self.best = value
            self.wait = 0
            return
        if self.cooldown_counter > 0:
            return
        self.wait += 1
        if self.wait >= self.patience:
            old = _get_lr(self.model)
            if old > self.min_lr:
                new = max(old * self.factor, self.min_lr)
                _set_lr(self.model, new)
                if self.verbose:
                    print(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new}.")
                self.cooldown_counter = self.cooldown
                self.wait = 0
