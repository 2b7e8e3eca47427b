"""`keras.utils`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
    "clear_session": "kc_ops.session:clear_session",
    "Progbar": "kc_train.progbar:Progbar",
    "get_uid": "kc_ops.naming:get_uid",
    "is_keras_tensor": "kc_ops.keras_tensor:is_keras_tensor",
    "set_random_seed": "kc_ops.random:set_random_seed",
    "standardize_dtype": "kc_ops.dtypes:standardize_dtype",
}

_lazy.install(globals(), _EXPORTS)
