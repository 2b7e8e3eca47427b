"""`timeseries_dataset_from_array`: batches of sliding windows over a sequence."""

import numpy as np

from kc_data.adapters import conversion
from kc_data.utils import dataset as dataset_lib


def _positive_int(name, value, allow_zero=False):
    if not isinstance(value, (int, np.integer)) or value < (0 if allow_zero else 1):
        kind = "a non-negative" if allow_zero else "a positive"
        raise ValueError(f"Expected `{name}` to be {kind} int, received {value!r}.")


def timeseries_dataset_from_array(
    data,
    targets,
    sequence_length,
    sequence_stride=1,
    sampling_rate=1,
    batch_size=128,
    shuffle=False,
    seed=None,
    start_index=None,
    end_index=None,
    format="tf",
):
    """Windows `data[s : s + sequence_length * sampling_rate : sampling_rate]` for start
    positions `s = start_index, start_index + sequence_stride, ...` that fit before
    `end_index`; the target of the window starting at `s` is `targets[s]`.

    Returns a tf.data.Dataset on the tensorflow backend (or with `format="tf.data"`),
    otherwise a `BatchDataset` (a PyDataset yielding NumPy batches `x` or `(x, y)`).
    `batch_size=None` yields single windows.
    """
    _positive_int("sequence_length", sequence_length)
    _positive_int("sequence_stride", sequence_stride)
    _positive_int("sampling_rate", sampling_rate)
    data = conversion.to_numpy(data) if not isinstance(data, (list, tuple)) else np.asarray(data)
    start_index = 0 if start_index is None else start_index
    end_index = len(data) if end_index is None else end_index
    _positive_int("start_index", start_index, allow_zero=True)
    if start_index >= len(data):
        raise ValueError(
            f"Expected `start_index` < len(data) = {len(data)}, received {start_index}."
        )
    _positive_int("end_index", end_index)
    if end_index <= start_index or end_index > len(data):
        raise ValueError(
            f"Expected `end_index` in ({start_index}, {len(data)}] (after start_index, within "
            f"the data), received {end_index}."
        )
    if targets is not None:
        targets = (
            conversion.to_numpy(targets)
            if not isinstance(targets, (list, tuple))
            else np.asarray(targets)
        )
        if len(targets) != len(data):
            raise ValueError(
                f"Expected `data` and `targets` to have the same length, received "
                f"len(data)={len(data)} and len(targets)={len(targets)}."
            )
    num_windows = end_index - start_index - (sequence_length - 1) * sampling_rate
    starts = start_index + np.arange(0, max(num_windows, 0), sequence_stride)
    offsets = np.arange(sequence_length) * sampling_rate

    def load(rows):
        first = starts[rows]
        windows = data[first[:, None] + offsets[None, :]]
        return windows if targets is None else (windows, targets[first])

    result = dataset_lib.BatchDataset(
        len(starts), load, batch_size=batch_size, shuffle=shuffle, seed=seed
    )
    return dataset_lib.finish(result, format)
