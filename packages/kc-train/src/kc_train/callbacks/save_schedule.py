"""`SaveSchedule`: the base of callbacks that save at each epoch end or every N batches."""

from kc_train.callbacks.callback import Callback


class SaveSchedule(Callback):
    """Calls `self._save(epoch, batch, logs)` at the end of each epoch (`save_freq="epoch"`,
    batch None) or after every `save_freq` training batches."""

    def __init__(self, save_freq, owner):
        super().__init__()
        if save_freq != "epoch" and not (
            isinstance(save_freq, int) and not isinstance(save_freq, bool) and save_freq > 0
        ):
            raise ValueError(
                f"{owner}: save_freq must be 'epoch' or a positive int. Received: {save_freq!r}"
            )
        self.save_freq = save_freq
        self._epoch = 0
        self._batches_seen = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq != "epoch":
            self._batches_seen += 1
            if self._batches_seen % self.save_freq == 0:
                self._save(self._epoch, batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save(epoch, None, logs)
