import threading
import time

import kc_data
import kc_ops
import numpy as np
import pytest
from kc_ops import tree


class Squares(kc_data.PyDataset):
    def __init__(self, n=6, delay=0.0, fail_at=None, **kwargs):
        super().__init__(**kwargs)
        self.n, self.delay, self.fail_at = n, delay, fail_at
        self.epochs_ended = 0

    def __len__(self):
        return self.n

    def __getitem__(self, index):
        if index == self.fail_at:
            raise KeyError(f"broken batch {index}")
        time.sleep(self.delay)
        x = np.full((2, 1), index, "float32")
        return x, x[:, 0] ** 2

    def on_epoch_end(self):
        self.epochs_ended += 1


def _first_x(batches):
    return [int(kc_ops.convert_to_numpy(b[0])[0, 0]) for b in batches]


def test_sequential_pydataset_batches_and_hooks():
    ds = Squares()
    adapter = kc_data.get_data_adapter(ds)
    assert adapter.num_batches == 6 and ds.workers == 1 and ds.max_queue_size == 10
    batches = list(adapter.get_iterator())
    assert _first_x(batches) == list(range(6))
    assert all(kc_ops.is_tensor(v) for v in tree.flatten(batches[0]))
    np.testing.assert_allclose(kc_ops.convert_to_numpy(batches[3][1]), [9, 9])
    adapter.on_epoch_end()
    assert ds.epochs_ended == 1


def test_pydataset_shuffle_reorders_batches():
    adapter = kc_data.get_data_adapter(Squares(n=8), shuffle=True)
    order = _first_x(adapter.get_numpy_iterator())
    assert sorted(order) == list(range(8))


def test_thread_workers_run_in_parallel_and_stop():
    ds = Squares(n=6, delay=0.05, workers=2, max_queue_size=4)
    before = threading.active_count()
    start = time.perf_counter()
    assert _first_x(kc_data.get_data_adapter(ds).get_numpy_iterator()) == list(range(6))
    elapsed = time.perf_counter() - start
    assert elapsed < 6 * 0.05 * 0.9, f"2 workers took {elapsed:.3f}s, no overlap"
    assert threading.active_count() == before


def test_early_stop_shuts_down_threads():
    ds = Squares(n=50, delay=0.01, workers=2)
    before = threading.active_count()
    iterator = kc_data.get_data_adapter(ds).get_numpy_iterator()
    next(iterator)
    iterator.close()
    assert threading.active_count() == before


def test_thread_worker_error_propagates():
    ds = Squares(n=6, fail_at=2, workers=2)
    before = threading.active_count()
    iterator = kc_data.get_data_adapter(ds).get_numpy_iterator()
    with pytest.raises(KeyError, match="broken batch 2") as info:
        list(iterator)
    assert any(entry.name == "__getitem__" for entry in info.traceback)
    assert threading.active_count() == before  # the workers stopped


def test_multiprocessing_workers():
    ds = Squares(n=5, workers=2, use_multiprocessing=True)
    assert _first_x(kc_data.get_data_adapter(ds).get_numpy_iterator()) == list(range(5))


def test_multiprocessing_error_and_early_stop():
    ds = Squares(n=6, fail_at=3, workers=2, use_multiprocessing=True)
    with pytest.raises(KeyError, match="broken batch 3") as info:
        list(kc_data.get_data_adapter(ds).get_numpy_iterator())
    assert "__getitem__" in str(info.value.__cause__)  # the worker's own traceback
    iterator = kc_data.get_data_adapter(
        Squares(n=40, workers=2, use_multiprocessing=True)
    ).get_numpy_iterator()
    next(iterator)
    iterator.close()  # must return (pool shut down), not hang


def test_infinite_pydataset_with_steps():
    class Forever(kc_data.PyDataset):
        def __getitem__(self, index):
            return np.array([index])

    adapter = kc_data.get_data_adapter(Forever(), steps_per_epoch=3)
    assert adapter.num_batches == 3
    assert [int(b[0][0]) for b in adapter.get_numpy_iterator()] == [0, 1, 2]
    assert [int(b[0][0]) for b in adapter.get_numpy_iterator()] == [3, 4, 5]
    adapter.close()


def test_sequence_alias_and_bad_args():
    assert kc_data.Sequence is kc_data.PyDataset
    with pytest.raises(ValueError, match="workers"):
        Squares(workers=0)
    with pytest.raises(ValueError, match="`y` to be None"):
        kc_data.get_data_adapter(Squares(), np.zeros(3))


def test_pydataset_without_super_init_uses_defaults():
    class NoInit(kc_data.PyDataset):
        def __init__(self):
            pass

        def __len__(self):
            return 1

        def __getitem__(self, index):
            return np.zeros(1)

    assert NoInit().workers == 1 and list(NoInit())[0].shape == (1,)
