"""Adapter for `torch.utils.data.DataLoader` and `Dataset`, and a DataLoader view of any
adapter. torch is imported only here, when the user passed torch objects or asked for one.
"""

import sys

from kc_data.adapters.base import DataAdapter, standardize_batch


def _torch_data():
    return sys.modules["torch"].utils.data if "torch" in sys.modules else None


def is_torch_dataloader(x):
    data = _torch_data()
    return data is not None and isinstance(x, data.DataLoader)


def is_torch_dataset(x):
    data = _torch_data()
    return data is not None and isinstance(x, data.Dataset)


class TorchDataLoaderAdapter(DataAdapter):
    """Iterates a DataLoader (or a Dataset, batched with `batch_size`, default 32)."""

    def __init__(self, loader, batch_size=None, steps_per_epoch=None, shuffle=False):
        super().__init__(steps_per_epoch)
        data = _torch_data()
        if isinstance(loader, data.DataLoader):
            self.loader = loader
        else:
            iterable = isinstance(loader, data.IterableDataset)
            self.loader = data.DataLoader(
                loader, batch_size=batch_size or 32, shuffle=bool(shuffle) and not iterable
            )
        self.batch_size = self.loader.batch_size
        try:
            self._length = len(self.loader)
        except TypeError:  # an IterableDataset without __len__
            self._length = None
        try:
            size = len(self.loader.dataset)
        except TypeError:
            size = None
        if size is not None and self.batch_size and not getattr(self.loader, "drop_last", False):
            self.partial_batch_size = size % self.batch_size or None
            self.has_partial_batch = self.partial_batch_size is not None

    @property
    def num_batches(self):
        if self.steps_per_epoch is not None:
            return self.steps_per_epoch
        return self._length

    def _one_pass(self):
        for batch in self.loader:
            yield standardize_batch(batch)

    def get_torch_dataloader(self):
        return self.loader if self.steps_per_epoch is None else dataloader_from_adapter(self)


def dataloader_from_adapter(adapter):
    """A DataLoader (batch_size=None, so no re-batching) over the adapter's torch batches."""
    import torch.utils.data

    class _Batches(torch.utils.data.IterableDataset):
        def __iter__(self):
            return adapter.get_torch_iterator()

    return torch.utils.data.DataLoader(_Batches(), batch_size=None)
