"""`TensorBoard`: write epoch (and optionally batch) scalars for TensorBoard.

Scalars go to `log_dir/train` and `log_dir/validation` as event files TensorBoard reads
(`epoch_loss`, `epoch_accuracy`, ... as in Keras); histograms, images and profiling are not
written.
"""

import os

from kc_train.callbacks.callback import Callback
from kc_train.callbacks.event_file import EventFileWriter


class TensorBoard(Callback):
    def __init__(self, log_dir="logs", histogram_freq=0, write_graph=True, write_images=False,
                 write_steps_per_second=False, update_freq="epoch", profile_batch=0,
                 embeddings_freq=0, embeddings_metadata=None):
        super().__init__()
        self.log_dir = os.fspath(log_dir)
        self.update_freq = 1 if update_freq == "batch" else update_freq
        if self.update_freq != "epoch" and not (isinstance(self.update_freq, int) and self.update_freq > 0):
            raise ValueError(f"TensorBoard: update_freq must be 'epoch', 'batch' or a positive int. Received: {update_freq!r}")
        self.write_steps_per_second = write_steps_per_second
        self._writers = {}
        self._global_step = 0

    def _writer(self, name):
        if name not in self._writers:
            self._writers[name] = EventFileWriter(os.path.join(self.log_dir, name))
        return self._writers[name]

    def on_train_batch_end(self, batch, logs=None):
        self._global_step += 1
        if self.update_freq != "epoch" and self._global_step % self.update_freq == 0:
            writer = self._writer("train")
            for key, value in (logs or {}).items():
                writer.scalar(f"batch_{key}", value, self._global_step)

    def on_epoch_end(self, epoch, logs=None):
        for key, value in (logs or {}).items():
            if key.startswith("val_"):
                self._writer("validation").scalar(f"epoch_{key[4:]}", value, epoch)
            else:
                self._writer("train").scalar(f"epoch_{key}", value, epoch)
        for writer in self._writers.values():
            writer.flush()

    def on_train_end(self, logs=None):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}
