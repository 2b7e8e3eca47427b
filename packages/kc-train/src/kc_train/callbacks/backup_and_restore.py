"""`BackupAndRestore`: resume an interrupted `fit` from its last backup.

At the end of each epoch (or every `save_freq` batches) the weights, the optimizer state and
the position in training are written atomically to `backup_dir`. When `fit` starts and a
backup exists, it is loaded and training continues after the saved epoch.
"""

import json
import os
import shutil

from kc_train.callbacks.save_schedule import SaveSchedule

_WEIGHTS = "latest.weights.h5"
_METADATA = "training_metadata.json"


class BackupAndRestore(SaveSchedule):
    def __init__(self, backup_dir, save_freq="epoch", double_checkpoint=False, delete_checkpoint=True):
        if not backup_dir:
            raise ValueError("BackupAndRestore: backup_dir must be a non-empty path.")
        super().__init__(save_freq, "BackupAndRestore")
        self.backup_dir = os.fspath(backup_dir)
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._weights_path = os.path.join(self.backup_dir, _WEIGHTS)
        self._metadata_path = os.path.join(self.backup_dir, _METADATA)

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
        self._epoch = metadata["epoch"]
        self.model._initial_epoch = metadata["epoch"]

    def _save(self, epoch, batch, logs):
        """Mid-epoch backups resume that epoch; an epoch-end backup resumes the next one."""
        from kc_saving.atomic import atomic_path

        if batch is None:
            epoch += 1

        os.makedirs(self.backup_dir, exist_ok=True)
        self.model.save_weights(self._weights_path, overwrite=True)
        with atomic_path(self._metadata_path) as temporary:
            with open(temporary, "w") as f:
                json.dump({"epoch": epoch, "batch": batch}, f)

    def on_train_end(self, logs=None):
        if self.delete_checkpoint and os.path.isdir(self.backup_dir):
            shutil.rmtree(self.backup_dir)
