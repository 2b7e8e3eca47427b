"""`OrbaxCheckpoint`: save the model's state with Orbax during training, one step per save.

The step number is the epoch index (`save_freq="epoch"`) or the global batch count (an integer
`save_freq`; it starts from the optimizer's `iterations`, so a resumed model keeps counting).
Restore with `keras.saving.load_model(directory)` or `model.load_weights(directory)`.
"""

import os
import warnings

from kc_train.callbacks.monitor import is_improvement, read_monitor, resolve_mode
from kc_train.callbacks.save_schedule import SaveSchedule


class OrbaxCheckpoint(SaveSchedule):
    def __init__(self, directory, monitor="val_loss", verbose=0, save_best_only=False, mode="auto",
                 save_freq="epoch", initial_value_threshold=None, max_to_keep=1,
                 save_on_background=True, save_weights_only=False):
        super().__init__(save_freq, "OrbaxCheckpoint")
        from kc_saving import orbax_io

        orbax_io.import_orbax()  # fail now, with the install hint, if orbax is missing
        self.directory = os.path.abspath(os.fspath(directory))
        self.monitor = monitor
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.mode = resolve_mode(mode, monitor, "OrbaxCheckpoint")
        if max_to_keep is not None and not (isinstance(max_to_keep, int) and max_to_keep > 0):
            raise ValueError(
                "OrbaxCheckpoint: max_to_keep must be a positive int or None. "
                f"Received: {max_to_keep!r}"
            )
        self.max_to_keep = max_to_keep
        self.best = initial_value_threshold
        self.save_on_background = save_on_background
        self.save_weights_only = save_weights_only
        self._manager = None

    # --- hosts -----------------------------------------------------------------------------
    def is_multihost_enabled(self):
        from kc_ops import config

        if config.backend() != "jax":
            return False
        import jax

        return jax.process_count() > 1

    def is_primary_host(self):
        if not self.is_multihost_enabled():
            return True
        import jax

        return jax.process_index() == 0

    # --- the orbax manager -------------------------------------------------------------------
    def _get_manager(self):
        if self._manager is None:
            from kc_saving import orbax_io

            ocp = orbax_io.import_orbax()
            options = ocp.CheckpointManagerOptions(
                max_to_keep=self.max_to_keep, create=True,
                enable_async_checkpointing=bool(self.save_on_background),
            )
            self._manager = ocp.CheckpointManager(
                self.directory, options=options, item_names=orbax_io.ITEM_NAMES
            )
        return self._manager

    def wait_until_finished(self):
        """Block until every background save has been written."""
        if self._manager is not None:
            self._manager.wait_until_finished()

    # --- hooks -----------------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        self._get_manager()
        iterations = getattr(getattr(self.model, "optimizer", None), "iterations", None)
        self._batches_seen = int(iterations.numpy()) if iterations is not None else 0

    def on_train_end(self, logs=None):
        if self._manager is not None:
            self._manager.close()  # waits for pending saves, then releases orbax's threads
            self._manager = None

    def _save(self, epoch, batch, logs):
        from kc_saving import orbax_io

        step = epoch if batch is None else self._batches_seen  # the global batch count

        manager = self._get_manager()
        latest = manager.latest_step()
        if latest is not None and step <= latest:
            warnings.warn(
                f"OrbaxCheckpoint: step {step} is not after the latest checkpoint ({latest}) in "
                f"{self.directory!r}; skipping. When resuming, pass initial_epoch to fit().",
                stacklevel=2,
            )
            return
        if self.save_best_only:
            value = read_monitor(logs, self.monitor, "OrbaxCheckpoint")
            if value is None:
                warnings.warn(
                    f"OrbaxCheckpoint: {self.monitor!r} is not in the logs; skipping.", stacklevel=2
                )
                return
            if not is_improvement(value, self.best, self.mode):
                return
            if self.verbose and self.is_primary_host():
                print(f"\nEpoch {self._epoch + 1}: {self.monitor} improved from {self.best} to "
                      f"{value:.5f}, saving checkpoint {step} to {self.directory}")
            self.best = value
        elif self.verbose and self.is_primary_host():
            print(f"\nEpoch {self._epoch + 1}: saving checkpoint {step} to {self.directory}")
        args = orbax_io.checkpoint_args(self.model, self.save_weights_only)
        manager.save(step, args=args, force=True)
