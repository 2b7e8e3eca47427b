"""`keras.callbacks`."""

from kc_train.callbacks.backup_and_restore import BackupAndRestore
from kc_train.callbacks.callback import Callback
from kc_train.callbacks.callback_list import CallbackList
from kc_train.callbacks.early_stopping import EarlyStopping
from kc_train.callbacks.ema_and_remote import RemoteMonitor, SwapEMAWeights
from kc_train.callbacks.history import History
from kc_train.callbacks.model_checkpoint import ModelCheckpoint
from kc_train.callbacks.orbax_checkpoint import OrbaxCheckpoint
from kc_train.callbacks.progbar_logger import ProgbarLogger
from kc_train.callbacks.schedules import LearningRateScheduler, ReduceLROnPlateau
from kc_train.callbacks.simple import CSVLogger, LambdaCallback, TerminateOnNaN
from kc_train.callbacks.tensorboard import TensorBoard

__all__ = [
    "BackupAndRestore", "CSVLogger", "Callback", "CallbackList", "EarlyStopping", "History",
    "LambdaCallback", "LearningRateScheduler", "ModelCheckpoint", "OrbaxCheckpoint",
    "ProgbarLogger", "ReduceLROnPlateau", "RemoteMonitor", "SwapEMAWeights", "TensorBoard",
    "TerminateOnNaN",
]
