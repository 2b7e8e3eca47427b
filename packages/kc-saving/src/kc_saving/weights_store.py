"""`.weights.h5` files: one HDF5 group per object, its variables as datasets "0", "1", ...

Writing and reading go one variable at a time (no copy of the whole model in memory). Every
non-scalar dataset we write carries an HDF5 Fletcher-32 checksum (a standard filter that real
Keras and h5py read transparently), so a file corrupted on disk fails loudly instead of loading
wrong numbers. Any HDF5 failure while reading becomes a ValueError naming the file.
"""

import h5py
import numpy as np

_MAX_CHUNK_BYTES = 2**31  # HDF5 limits a chunk to 4 GiB; bigger variables get h5py's chunking


class CorruptWeightsError(ValueError):
    """A weights file that cannot be read back: truncated, corrupt, or not HDF5 at all."""


def _corrupt(origin, what, error):
    return CorruptWeightsError(
        f"Cannot read {what} from {origin}: {error}. The file is truncated, corrupt, or not a "
        "Keras weights file."
    )


class H5Group:
    """The dict-like store that `save_own_variables` / `load_own_variables` receive."""

    def __init__(self, group, writable, origin="the weights file"):
        self._group = group
        self._writable = writable
        self._origin = origin

    def __setitem__(self, key, value):
        if not self._writable:
            raise ValueError("This weights store is read-only.")
        array = np.asarray(value)
        if array.dtype.name == "bfloat16":
            array = array.astype("float32")  # h5py has no bfloat16
        if array.dtype.kind == "U":  # h5py stores text as variable-length UTF-8 strings
            self._group.create_dataset(str(key), data=array.astype(object),
                                       dtype=h5py.string_dtype())
            return
        checksum = array.dtype.kind in "biufc" and array.ndim > 0 and array.size > 0
        if checksum and array.nbytes < _MAX_CHUNK_BYTES:
            # One chunk per variable (HDF5 filters need chunks): one checksum, no chunk index.
            self._group.create_dataset(str(key), data=array, chunks=array.shape, fletcher32=True)
        else:
            self._group.create_dataset(str(key), data=array, fletcher32=checksum)

    def __getitem__(self, key):
        if str(key) not in self._group:
            raise KeyError(key)
        try:
            dataset = self._group[str(key)]
            if h5py.check_string_dtype(dataset.dtype) is not None:
                dataset = dataset.asstr()
            return dataset[()] if dataset.shape == () else dataset[...]
        except (OSError, RuntimeError) as error:
            raise _corrupt(self._origin, f"dataset {self._group.name}/{key}", error) from None

    def __contains__(self, key):
        return str(key) in self._group

    def __len__(self):
        return len(self._group)

    def keys(self):
        return sorted(self._group.keys(), key=lambda k: (len(k), k))


class H5WeightsFile:
    def __init__(self, path_or_file, mode, origin=None):
        self.mode = mode
        if origin is None:
            origin = repr(path_or_file) if isinstance(path_or_file, str) else "the weights file"
        self.origin = origin
        try:
            self._file = h5py.File(path_or_file, mode)
        except (OSError, RuntimeError) as error:
            raise _corrupt(origin, "HDF5 data", error) from None

    def make(self, path, name=None):
        group = self._file.require_group(f"{path}/vars" if path else "vars")
        if name is not None:
            group.attrs["name"] = name
        return H5Group(group, writable=True, origin=self.origin)

    def get(self, path):
        key = f"{path}/vars" if path else "vars"
        try:
            if key not in self._file:
                return None
            return H5Group(self._file[key], writable=False, origin=self.origin)
        except (OSError, RuntimeError, KeyError) as error:
            raise _corrupt(self.origin, f"group {key!r}", error) from None

    def close(self):
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
