"""The data functions of `keras.utils` (and `keras.preprocessing`)."""

from kc_data.utils.dataset import BatchDataset
from kc_data.utils.dataset_split import split_dataset
from kc_data.utils.directory_datasets import (
    audio_dataset_from_directory,
    image_dataset_from_directory,
    text_dataset_from_directory,
)
from kc_data.utils.file_utils import get_file
from kc_data.utils.image_utils import array_to_img, img_to_array, load_img, save_img, smart_resize
from kc_data.utils.numerical_utils import normalize, to_categorical
from kc_data.utils.sequence_utils import pad_sequences
from kc_data.utils.timeseries import timeseries_dataset_from_array

__all__ = [
    "BatchDataset",
    "array_to_img",
    "audio_dataset_from_directory",
    "get_file",
    "image_dataset_from_directory",
    "img_to_array",
    "load_img",
    "normalize",
    "pad_sequences",
    "save_img",
    "smart_resize",
    "split_dataset",
    "text_dataset_from_directory",
    "timeseries_dataset_from_array",
    "to_categorical",
]
