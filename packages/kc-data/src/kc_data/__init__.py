"""kc-data: data adapters for fit/evaluate/predict, dataset utilities and `keras.datasets`.

`get_data_adapter(x, y, ...)` picks the adapter for a data source: arrays (NumPy, tensors of
any framework, pandas) are sliced into batches; generators, `tf.data` datasets, torch
DataLoaders and `PyDataset`s are iterated batch by batch. Every adapter's `get_iterator()`
yields tuples `(x,)`, `(x, y)` or `(x, y, sample_weight)` of the active backend's tensors.
"""

from kc_data.adapters import (
    ArrayDataAdapter,
    DataAdapter,
    GeneratorDataAdapter,
    PyDatasetAdapter,
    TFDatasetAdapter,
    TorchDataLoaderAdapter,
    get_data_adapter,
)
from kc_data.data_utils import (
    class_weight_to_sample_weight,
    pack_x_y_sample_weight,
    train_validation_split,
    unpack_x_y_sample_weight,
)
from kc_data.py_dataset import PyDataset, Sequence
from kc_data.utils import (
    BatchDataset,
    array_to_img,
    audio_dataset_from_directory,
    get_file,
    image_dataset_from_directory,
    img_to_array,
    load_img,
    normalize,
    pad_sequences,
    save_img,
    smart_resize,
    split_dataset,
    text_dataset_from_directory,
    timeseries_dataset_from_array,
    to_categorical,
)

IterableDataAdapter = GeneratorDataAdapter  # the earlier name

__all__ = [
    "ArrayDataAdapter",
    "DataAdapter",
    "GeneratorDataAdapter",
    "IterableDataAdapter",
    "PyDataset",
    "PyDatasetAdapter",
    "Sequence",
    "TFDatasetAdapter",
    "TorchDataLoaderAdapter",
    "class_weight_to_sample_weight",
    "get_data_adapter",
    "pack_x_y_sample_weight",
    "train_validation_split",
    "unpack_x_y_sample_weight",
    # keras.utils data functions
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
