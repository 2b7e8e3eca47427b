"""Boston housing prices: 506 samples of 13 attributes, target in k$."""

import numpy as np

from kc_data.datasets._common import BASE_URL, shuffle_split
from kc_data.utils.file_utils import get_file

FILE_HASH = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"


def load_data(path="boston_housing.npz", test_split=0.2, seed=113):
    """`(x_train, y_train), (x_test, y_test)`, shuffled with `seed`; the last `test_split`
    fraction is the test set."""
    path = get_file(fname=path, origin=BASE_URL + "boston_housing.npz", file_hash=FILE_HASH)
    with np.load(path, allow_pickle=True) as f:
        x, y = f["x"], f["y"]
    return shuffle_split(x, y, test_split, seed)
