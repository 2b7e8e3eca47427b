"""`keras.preprocessing`: re-exports from kc-data."""

from keras import _lazy

_EXPORTS = {
    "image_dataset_from_directory": "kc_data:image_dataset_from_directory",
    "text_dataset_from_directory": "kc_data:text_dataset_from_directory",
    "timeseries_dataset_from_array": "kc_data:timeseries_dataset_from_array",
}
_SUBMODULES = ("image", "sequence")

_lazy.install(globals(), _EXPORTS, _SUBMODULES)
