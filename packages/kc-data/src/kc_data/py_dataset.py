"""`PyDataset` (`keras.utils.PyDataset`, alias `Sequence`): a dataset defined by
`__getitem__(index) -> batch` and `__len__()`, read in parallel by threads or processes.
"""

import collections
import concurrent.futures
import itertools
import multiprocessing
import sys


class PyDataset:
    """Subclass it and define `__getitem__(index)` (returning a batch: x, (x, y) or
    (x, y, sample_weight)) and `__len__()` (the number of batches). Leave `__len__` out, or
    let `num_batches` return None, for an infinite dataset.

    Args:
        workers: how many threads (or processes) call `__getitem__` concurrently.
        use_multiprocessing: use processes instead of threads (the dataset is copied into
            each worker process once, and batches are pickled back).
        max_queue_size: how many batches may be prepared ahead of the consumer.
    """

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        for name, value in (("workers", workers), ("max_queue_size", max_queue_size)):
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"Expected `{name}` to be a positive int, received {value!r}.")
        self._workers = workers
        self._use_multiprocessing = bool(use_multiprocessing)
        self._max_queue_size = max_queue_size

    # Subclasses that forget `super().__init__()` still get the defaults.
    @property
    def workers(self):
        return getattr(self, "_workers", 1)

    @workers.setter
    def workers(self, value):
        self._workers = value

    @property
    def use_multiprocessing(self):
        return getattr(self, "_use_multiprocessing", False)

    @use_multiprocessing.setter
    def use_multiprocessing(self, value):
        self._use_multiprocessing = value

    @property
    def max_queue_size(self):
        return getattr(self, "_max_queue_size", 10)

    @max_queue_size.setter
    def max_queue_size(self, value):
        self._max_queue_size = value

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must define `__getitem__(index)`.")

    @property
    def num_batches(self):
        """`len(self)` when defined, else None (an infinite dataset)."""
        if hasattr(type(self), "__len__"):
            return len(self)
        return None

    def on_epoch_begin(self):
        """Called at the start of every epoch."""

    def on_epoch_end(self):
        """Called at the end of every epoch (e.g. to reshuffle the data)."""

    def __iter__(self):
        """Iterate over one pass of the batches, in order, with this dataset's workers."""
        indices = range(self.num_batches) if self.num_batches is not None else itertools.count()
        return iterate_batches(self, indices)


Sequence = PyDataset


# -- parallel reading --------------------------------------------------------------------

_worker_dataset = None


def _init_worker(dataset):
    global _worker_dataset
    _worker_dataset = dataset


def _get_in_worker(index):
    return _worker_dataset[index]


def _process_context():
    # fork copies the dataset without pickling (classes defined anywhere work); elsewhere spawn.
    method = (
        "fork"
        if "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
        else "spawn"
    )
    return multiprocessing.get_context(method)


def iterate_batches(dataset, indices):
    """Yield `dataset[i]` for `i` in `indices`, in order.

    With one worker and no multiprocessing this runs inline; otherwise up to
    `max_queue_size` batches are prepared ahead by a thread or process pool. An exception
    raised by `__getitem__` is re-raised here (for processes with the worker's traceback as
    its cause); the pool is shut down when iteration ends, fails or is abandoned early.
    """
    workers, processes = dataset.workers, dataset.use_multiprocessing
    if workers <= 1 and not processes:
        for index in indices:
            yield dataset[index]
        return
    if processes:
        pool = concurrent.futures.ProcessPoolExecutor(
            workers, mp_context=_process_context(), initializer=_init_worker, initargs=(dataset,)
        )
        fetch = _get_in_worker
    else:
        pool = concurrent.futures.ThreadPoolExecutor(workers, thread_name_prefix="kc_pydataset")
        fetch = dataset.__getitem__
    ahead = max(dataset.max_queue_size, workers)
    pending = collections.deque()
    indices = iter(indices)
    try:
        for index in itertools.islice(indices, ahead):
            pending.append(pool.submit(fetch, index))
        while pending:
            batch = pending.popleft().result()
            for index in itertools.islice(indices, 1):
                pending.append(pool.submit(fetch, index))
            yield batch
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
