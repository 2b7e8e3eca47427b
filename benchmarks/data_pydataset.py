"""PyDataset workers overlap a slow `__getitem__`.

    KERAS_BACKEND=numpy .venv/bin/python benchmarks/data_pydataset.py

Each batch sleeps 20 ms (standing in for I/O or decoding). With 1 worker, 20 batches take
about 0.4 s; 2 thread or process workers should take about half.
"""

import time

import kc_data
import numpy as np

DELAY, BATCHES = 0.02, 20


class SlowDataset(kc_data.PyDataset):
    def __len__(self):
        return BATCHES

    def __getitem__(self, index):
        time.sleep(DELAY)
        return np.full((32, 8), index, "float32"), np.zeros(32)


def time_epoch(**kwargs):
    adapter = kc_data.get_data_adapter(SlowDataset(**kwargs))
    start = time.perf_counter()
    count = sum(1 for _ in adapter.get_iterator())
    assert count == BATCHES
    return time.perf_counter() - start


def main():
    rows = [
        ("1 worker (inline)", {}),
        ("2 thread workers", {"workers": 2}),
        ("4 thread workers", {"workers": 4}),
        ("2 process workers", {"workers": 2, "use_multiprocessing": True}),
    ]
    serial = BATCHES * DELAY
    print(f"{BATCHES} batches x {DELAY * 1000:.0f} ms __getitem__ (serial ideal {serial:.2f} s)")
    print(f"{'configuration':<22}{'seconds':>9}{'speed-up':>10}")
    base = None
    for name, kwargs in rows:
        seconds = min(time_epoch(**kwargs) for _ in range(3))
        base = base or seconds
        print(f"{name:<22}{seconds:>9.3f}{base / seconds:>9.2f}x")


if __name__ == "__main__":
    main()
