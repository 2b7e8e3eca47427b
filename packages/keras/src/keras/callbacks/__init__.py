"""`keras.callbacks`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
    "TensorBoard": "kc_train.callbacks:TensorBoard",
    "SwapEMAWeights": "kc_train.callbacks:SwapEMAWeights",
    "RemoteMonitor": "kc_train.callbacks:RemoteMonitor",
    "BackupAndRestore": "kc_train.callbacks:BackupAndRestore",
    "CSVLogger": "kc_train.callbacks:CSVLogger",
    "Callback": "kc_train.callbacks:Callback",
    "CallbackList": "kc_train.callbacks:CallbackList",
    "EarlyStopping": "kc_train.callbacks:EarlyStopping",
    "History": "kc_train.callbacks:History",
    "LambdaCallback": "kc_train.callbacks:LambdaCallback",
    "LearningRateScheduler": "kc_train.callbacks:LearningRateScheduler",
    "ModelCheckpoint": "kc_train.callbacks:ModelCheckpoint",
    "OrbaxCheckpoint": "kc_train.callbacks:OrbaxCheckpoint",
    "ProgbarLogger": "kc_train.callbacks:ProgbarLogger",
    "ReduceLROnPlateau": "kc_train.callbacks:ReduceLROnPlateau",
    "TerminateOnNaN": "kc_train.callbacks:TerminateOnNaN",
}

_lazy.install(globals(), _EXPORTS)
