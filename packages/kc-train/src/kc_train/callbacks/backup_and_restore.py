"""`BackupAndRestore`: resume an interrupted `fit` from its last backup.

At the end of each epoch (or every `save_freq` batches) the weights, the optimizer state and
the position in training are written atomically to `backup_dir`. When `fit` starts and a
backup exists, it is loaded and training continues after the saved epoch.
"""

import json
import os
import shutil

from kc_train.callbacks.callback import Callback

_WEIGHTS = "latest.weights.h5"
_METADATA = "training_metadata.json"


class BackupAndRestore(Callback):
    def __init__(self, backup_dir, save_freq="epoch", double_checkpoint=False, delete_checkpoint=True):
        super().__init__()
        if not backup_dir:
            raise ValueError("BackupAndRestore: backup_dir must be a non-empty path.")
        if save_freq != "epoch" and not (isinstance(save_freq, int) and save_freq > 0):
            raise ValueError(f"BackupAndRestore: save_freq must be 'epoch' or a positive int. Received: {save_freq!r}")
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = save_freq
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._weights_path = os.path.join(self.backup_dir, _WEIGHTS)
        self._metadata_path = os.path.join(self.backup_dir, _METADATA)
        self._current_epoch = 0
        self._batches_seen = 0

    def on_train_begin(self, logs=None):
        if not os.path.exists(self._metadata_path):
            return
        with open(self._metadata_path) as f:
            metadata = json.load(f)
        if not self.model.built:
            raise ValueError(
                "BackupAndRestore found a backup but the model is not built yet; build it (call "
                "it on data or give it an Input) before fit so the weights can be restored."
            )
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None and not getattr(optimizer, "built", True):
            optimizer.build(self.model.trainable_variables)
        self.model.load_weights(self._weights_path)
        self._current_epoch = metadata["epoch"]
        self.model._initial_epoch = metadata["epoch"]

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq != "epoch":
            self._batches_seen += 1
            if self._batches_seen % self.save_freq == 0:
                self._backup(epoch=self._current_epoch, batch=batch)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._backup(epoch=epoch + 1, batch=None)

    def _backup(self, epoch, batch):
        from kc_saving.atomic import atomic_path

        os.makedirs(self.backup_dir, exist_ok=True)
        self.model.save_weights(self._weights_path, overwrite=True)
        with atomic_path(self._metadata_path) as temporary:
            with open(temporary, "w") as f:
                json.dump({"epoch": epoch, "batch": batch}, f)

    def on_train_end(self, logs=None):
        if self.delete_checkpoint and os.path.isdir(self.backup_dir):
            shutil.rmtree(self.backup_dir)
