"""The same small model trains from every data source to the same weights, on every backend
that trains, and they match a NumPy simulation of the same SGD steps."""

import importlib.util

import numpy as np
import pytest

import keras

BACKEND = keras.config.backend()
pytestmark = pytest.mark.skipif(BACKEND == "numpy", reason="training needs autodiff (not the numpy backend)")

N, BATCH, EPOCHS, LR = 64, 16, 2, 0.1
rng = np.random.default_rng(0)
X = rng.standard_normal((N, 3)).astype("float32")
Y = (X @ np.array([[1.0], [-2.0], [0.5]], "float32") + 0.25).astype("float32")


def numpy_sgd_reference():
    kernel, bias = np.full((3, 1), 0.1, "float64"), np.zeros(1, "float64")
    for _ in range(EPOCHS):
        for start in range(0, N, BATCH):
            x, y = X[start:start + BATCH].astype("float64"), Y[start:start + BATCH].astype("float64")
            error = x @ kernel + bias - y
            kernel -= LR * 2 * x.T @ error / len(x)
            bias -= LR * 2 * error.mean(axis=0)
    return kernel, bias


def batches():
    for start in range(0, N, BATCH):
        yield X[start:start + BATCH], Y[start:start + BATCH]


class Batches(keras.utils.PyDataset):
    def __len__(self):
        return N // BATCH

    def __getitem__(self, index):
        return X[index * BATCH:(index + 1) * BATCH], Y[index * BATCH:(index + 1) * BATCH]


def source(kind):
    if kind == "arrays":
        return dict(x=X, y=Y, batch_size=BATCH)
    if kind == "pandas":
        pandas = pytest.importorskip("pandas", reason="pandas is not installed")
        return dict(x=pandas.DataFrame(X), y=pandas.Series(Y[:, 0]), batch_size=BATCH)
    if kind == "generator":
        def endless():
            while True:
                yield from batches()
        return dict(x=endless(), steps_per_epoch=N // BATCH)
    if kind == "pydataset":
        return dict(x=Batches())
    if kind == "tf.data":
        if importlib.util.find_spec("tensorflow") is None:
            pytest.skip("tensorflow is not installed")
        import tensorflow as tf

        return dict(x=tf.data.Dataset.from_tensor_slices((X, Y)).batch(BATCH))
    if kind == "torch":
        if importlib.util.find_spec("torch") is None:
            pytest.skip("torch is not installed")
        import torch

        dataset = torch.utils.data.TensorDataset(torch.as_tensor(X), torch.as_tensor(Y))
        return dict(x=torch.utils.data.DataLoader(dataset, batch_size=BATCH, shuffle=False))
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["arrays", "pandas", "generator", "pydataset", "tf.data", "torch"])
def test_each_source_trains_to_the_numpy_reference(kind):
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1, kernel_initializer=keras.initializers.Constant(0.1))])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=LR), loss="mse")
    history = model.fit(epochs=EPOCHS, shuffle=False, verbose=0, **source(kind))
    kernel, bias = numpy_sgd_reference()
    got_kernel, got_bias = model.get_weights()
    np.testing.assert_allclose(got_kernel, kernel, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(got_bias, bias, rtol=1e-4, atol=1e-5)
    assert len(history.history["loss"]) == EPOCHS
