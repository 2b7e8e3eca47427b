"""California housing prices: 20,640 samples of 8 attributes ("small": the first 600)."""

import numpy as np

from kc_data.datasets._common import BASE_URL, shuffle_split
from kc_data.utils.file_utils import get_file

FILE_HASH = "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f"


def load_data(version="large", path="california_housing.npz", test_split=0.2, seed=113):
    """`(x_train, y_train), (x_test, y_test)`, shuffled with `seed`; the last `test_split`
    fraction is the test set. `version="small"` keeps the first 600 samples."""
    if version not in ("large", "small"):
        raise ValueError(f"Expected `version` to be 'large' or 'small', received {version!r}.")
    path = get_file(fname=path, origin=BASE_URL + "california_housing.npz", file_hash=FILE_HASH)
    with np.load(path, allow_pickle=True) as f:
        x, y = f["x"], f["y"]
    if version == "small":
        x, y = x[:600], y[:600]
    return shuffle_split(x, y, test_split, seed)
