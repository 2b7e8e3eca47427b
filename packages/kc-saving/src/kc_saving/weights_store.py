"""`.weights.h5` files: one HDF5 group per object, its variables as datasets "0", "1", ...

Writing and reading go one variable at a time (no copy of the whole model in memory).
"""

import h5py
import numpy as np


class H5Group:
    """The dict-like store that `save_own_variables` / `load_own_variables` receive."""

    def __init__(self, group, writable):
        self._group = group
        self._writable = writable

    def __setitem__(self, key, value):
        if not self._writable:
            raise ValueError("This weights store is read-only.")
        array = np.asarray(value)
        if array.dtype.name == "bfloat16":
            array = array.astype("float32")  # h5py has no bfloat16
        self._group.create_dataset(str(key), data=array)

    def __getitem__(self, key):
        if str(key) not in self._group:
            raise KeyError(key)
        dataset = self._group[str(key)]
        return dataset[()] if dataset.shape == () else dataset[...]

    def __contains__(self, key):
        return str(key) in self._group

    def __len__(self):
        return len(self._group)

    def keys(self):
        return sorted(self._group.keys(), key=lambda k: (len(k), k))


class H5WeightsFile:
    def __init__(self, path_or_file, mode):
        self.mode = mode
        try:
            self._file = h5py.File(path_or_file, mode)
        except OSError as error:
            name = path_or_file if isinstance(path_or_file, str) else getattr(path_or_file, "name", "the weights file")
            raise ValueError(
                f"Cannot read {name!r} as a Keras weights file (HDF5): {error}. The file may be "
                "truncated or not a .weights.h5 file."
            ) from None

    def make(self, path, name=None):
        group = self._file.require_group(f"{path}/vars" if path else "vars")
        if name is not None:
            group.attrs["name"] = name
        return H5Group(group, writable=True)

    def get(self, path):
        key = f"{path}/vars" if path else "vars"
        if key not in self._file:
            return None
        return H5Group(self._file[key], writable=False)

    def close(self):
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
