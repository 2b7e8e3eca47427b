import importlib.util

import kc_data
import kc_ops
import numpy as np
import pytest
from kc_ops import tree

BACKEND = kc_ops.backend()
HAS_TORCH = importlib.util.find_spec("torch") is not None
HAS_TF = importlib.util.find_spec("tensorflow") is not None
HAS_PANDAS = importlib.util.find_spec("pandas") is not None


def native(batch):
    """Every leaf of `batch` is a tensor of the active backend."""
    return all(v is None or kc_ops.is_tensor(v) for v in tree.flatten(batch))


def to_np(batch):
    return tree.map_structure(lambda v: None if v is None else kc_ops.convert_to_numpy(v), batch)


def test_array_batches_counts_and_partial():
    x = np.arange(10, dtype="float32").reshape(10, 1)
    y = np.arange(10)
    adapter = kc_data.get_data_adapter(x, y, batch_size=4)
    assert adapter.num_batches == 3 and adapter.batch_size == 4
    assert adapter.has_partial_batch and adapter.partial_batch_size == 2
    batches = list(adapter.get_iterator())
    assert len(batches) == 3 and all(native(b) and len(b) == 2 for b in batches)
    np.testing.assert_array_equal(to_np(batches[2])[1], [8, 9])
    np.testing.assert_array_equal(to_np(batches[0])[0][:, 0], [0, 1, 2, 3])


def test_array_exact_batches_and_x_only():
    adapter = kc_data.get_data_adapter(np.zeros((8, 2)), batch_size=4)
    assert not adapter.has_partial_batch and adapter.partial_batch_size is None
    batches = list(adapter.get_numpy_iterator())
    assert len(batches) == 2 and len(batches[0]) == 1
    assert batches[0][0].dtype == np.float32  # float64 NumPy data is cast to floatx


@pytest.mark.parametrize("shuffle", [True, "batch"])
def test_shuffle_keeps_alignment(shuffle):
    x = {"a": np.arange(20, dtype="float32"), "b": [np.arange(20) * 10]}
    y = np.arange(20) + 100
    adapter = kc_data.get_data_adapter(
        x, y, sample_weight=np.arange(20) * 2.0, batch_size=6, shuffle=shuffle
    )
    seen = []
    for bx, by, bw in (to_np(b) for b in adapter.get_iterator()):
        np.testing.assert_array_equal(bx["b"][0], bx["a"] * 10)
        np.testing.assert_array_equal(by, bx["a"] + 100)
        np.testing.assert_allclose(bw, bx["a"] * 2)
        seen.append(bx["a"])
    order = np.concatenate(seen)
    assert sorted(order.tolist()) == list(range(20)) and order.tolist() != list(range(20))
    if shuffle == "batch":  # chunks of 6 stay together; the partial chunk stays last
        assert sorted(seen[-1].tolist()) == [18, 19]
        assert all(len(set(s // 6)) == 1 for s in seen)


def test_nested_structures_preserved():
    x = {"img": np.ones((5, 2, 2)), "meta": (np.zeros((5, 3)), np.arange(5))}
    y = [np.arange(5), np.ones((5, 1))]
    batch = next(kc_data.get_data_adapter(x, y, batch_size=2).get_iterator())
    assert set(batch[0]) == {"img", "meta"} and isinstance(batch[0]["meta"], tuple)
    assert isinstance(batch[1], list) and tuple(batch[1][1].shape) == (2, 1)
    assert native(batch)
    # As many leaves as top-level parts, yet nested: the dict must stay a dict.
    batch = next(kc_data.get_data_adapter({"img": np.ones((5, 2))}, np.arange(5), batch_size=2)
                 .get_iterator())
    assert isinstance(batch[0], dict) and tuple(batch[0]["img"].shape) == (2, 2)


def test_batch_size_none_is_one_batch_and_steps_split():
    adapter = kc_data.get_data_adapter(np.zeros((7, 1)), np.zeros(7))
    assert adapter.num_batches == 1 and len(list(adapter.get_iterator())) == 1
    adapter = kc_data.get_data_adapter(np.zeros((7, 1)), steps_per_epoch=2)
    assert adapter.batch_size == 4 and adapter.num_batches == 2


def test_steps_per_epoch_continues_across_epochs():
    adapter = kc_data.get_data_adapter(np.arange(10), batch_size=2, steps_per_epoch=2)
    first = [b[0].tolist() for b in adapter.get_numpy_iterator()]
    second = [b[0].tolist() for b in adapter.get_numpy_iterator()]
    assert first == [[0, 1], [2, 3]] and second == [[4, 5], [6, 7]]
    with pytest.warns(UserWarning, match="ran out"):
        third = [b[0].tolist() for b in adapter.get_numpy_iterator()]
    fourth = [b[0].tolist() for b in adapter.get_numpy_iterator()]
    assert third == [[8, 9]] and fourth == [[0, 1], [2, 3]]


def test_mismatched_lengths_error_names_sizes():
    with pytest.raises(ValueError, match=r"x sizes: 10.*y sizes: 8"):
        kc_data.get_data_adapter(np.zeros((10, 2)), np.zeros(8))


def test_bad_inputs():
    with pytest.raises(TypeError, match="Unrecognized data type"):
        kc_data.get_data_adapter("not data")
    with pytest.raises(ValueError, match="None"):
        kc_data.get_data_adapter(None)
    with pytest.raises(TypeError, match="KerasTensor"):
        kc_data.get_data_adapter(kc_ops.KerasTensor((None, 3)))
    with pytest.raises(ValueError, match="batch_size"):
        kc_data.get_data_adapter(np.zeros(4), batch_size=0)
    with pytest.raises(ValueError, match="shuffle"):
        kc_data.get_data_adapter(np.zeros(4), shuffle="yes")


def test_backend_tensors_as_input():
    x = kc_ops.convert_to_tensor(np.arange(6, dtype="float32").reshape(3, 2))
    batches = list(kc_data.get_data_adapter(x, batch_size=2).get_iterator())
    assert len(batches) == 2 and native(batches[0])
    np.testing.assert_array_equal(to_np(batches[1])[0], [[4, 5]])


def test_class_weight_becomes_sample_weight():
    y = np.array([0, 1, 1, 2])
    adapter = kc_data.get_data_adapter(
        np.zeros((4, 1)), y, batch_size=4, class_weight={0: 1.0, 1: 2.0, 2: 0.5}
    )
    ((_, _, weights),) = adapter.get_numpy_iterator()
    np.testing.assert_allclose(weights, [1.0, 2.0, 2.0, 0.5])
    one_hot = np.eye(3)[y]
    np.testing.assert_allclose(
        kc_data.class_weight_to_sample_weight(one_hot, {0: 3, 1: 1, 2: 1}), [3, 1, 1, 1]
    )
    with pytest.raises(ValueError, match=r"no weight for the classes \[2\]"):
        kc_data.class_weight_to_sample_weight(y, {0: 1.0, 1: 1.0})


def test_train_validation_split_takes_the_last_fraction():
    x, y = np.arange(10), np.arange(10) * 2
    (tx, ty), (vx, vy) = kc_data.train_validation_split((x, y), validation_split=0.3)
    np.testing.assert_array_equal(tx, np.arange(7))
    np.testing.assert_array_equal(vy, [14, 16, 18])
    (tx, none), _ = kc_data.train_validation_split((x, None), 0.5)
    assert none is None and len(tx) == 5
    with pytest.raises(ValueError, match="validation_split"):
        kc_data.train_validation_split((x,), 1.5)
    with pytest.raises(ValueError, match="at least one"):
        kc_data.train_validation_split((np.arange(1),), 0.5)


def test_pack_unpack():
    assert kc_data.unpack_x_y_sample_weight((1, 2)) == (1, 2, None)
    assert kc_data.unpack_x_y_sample_weight([1, 2, 3]) == (1, 2, 3)
    assert kc_data.unpack_x_y_sample_weight(5) == (5, None, None)
    assert kc_data.pack_x_y_sample_weight(1, 2) == (1, 2)
    assert kc_data.pack_x_y_sample_weight((1, 2)) == ((1, 2),)
    assert kc_data.pack_x_y_sample_weight(1) == 1
    with pytest.raises(ValueError, match="4 elements"):
        kc_data.unpack_x_y_sample_weight((1, 2, 3, 4))


def test_generator_adapter():
    def gen():
        for i in range(3):
            yield {"a": np.full((2, 1), i, "float32")}, np.array([i, i])

    adapter = kc_data.get_data_adapter(gen())
    assert adapter.num_batches is None
    batches = list(adapter.get_iterator())
    assert len(batches) == 3 and native(batches[0])
    np.testing.assert_array_equal(to_np(batches[2])[1], [2, 2])


def test_infinite_generator_with_steps():
    def forever():
        i = 0
        while True:
            yield np.array([i]), np.array([i])
            i += 1

    adapter = kc_data.get_data_adapter(forever(), steps_per_epoch=3)
    assert adapter.num_batches == 3
    assert [b[0][0] for b in adapter.get_numpy_iterator()] == [0, 1, 2]
    assert [b[0][0] for b in adapter.get_numpy_iterator()] == [3, 4, 5]


def test_generator_inconsistent_structure_error():
    def gen():
        yield np.zeros(2), np.zeros(2)
        yield np.zeros(2)

    adapter = kc_data.get_data_adapter(gen())
    with pytest.raises(ValueError, match="different structures"):
        list(adapter.get_numpy_iterator())


def test_generator_rejects_y_and_empty():
    with pytest.raises(ValueError, match="`y` to be None"):
        kc_data.get_data_adapter(iter([np.zeros(1)]), np.zeros(1))
    with pytest.raises(ValueError, match="empty"):
        kc_data.get_data_adapter(iter([]))


@pytest.mark.skipif(not HAS_PANDAS, reason="pandas is not installed")
def test_pandas_dataframe_and_object_column_error():
    import pandas as pd

    frame = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [4.0, 5.0, 6.0]})
    batch = next(kc_data.get_data_adapter(frame, pd.Series([0, 1, 0]), batch_size=2).get_iterator())
    np.testing.assert_allclose(to_np(batch)[0], [[1, 4], [2, 5]])
    bad = pd.DataFrame({"a": [1.0], "name": ["x"]})
    with pytest.raises(ValueError, match="name"):
        kc_data.get_data_adapter(bad)


@pytest.mark.skipif(not HAS_TORCH, reason="torch is not installed")
@pytest.mark.skipif(
    BACKEND == "tensorflow", reason="torch and TF in one process is slow; covered on other backends"
)
def test_torch_dataloader_and_dataset():
    import torch
    from torch.utils.data import DataLoader, TensorDataset

    data = TensorDataset(torch.arange(10.0).reshape(10, 1), torch.arange(10))
    adapter = kc_data.get_data_adapter(DataLoader(data, batch_size=4))
    assert adapter.num_batches == 3 and adapter.partial_batch_size == 2
    batches = list(adapter.get_iterator())
    assert len(batches) == 3 and all(native(b) and len(b) == 2 for b in batches)
    np.testing.assert_array_equal(to_np(batches[2])[1], [8, 9])
    adapter = kc_data.get_data_adapter(data, batch_size=5, shuffle=True)
    for bx, by in adapter.get_numpy_iterator():
        np.testing.assert_array_equal(bx[:, 0], by)
    loader = kc_data.get_data_adapter(np.arange(6), batch_size=4).get_torch_dataloader()
    assert [b[0].tolist() for b in loader] == [[0, 1, 2, 3], [4, 5]]


@pytest.mark.skipif(not HAS_TF, reason="tensorflow is not installed")
@pytest.mark.skipif(BACKEND == "jax", reason="kept to one non-tf backend (torch/numpy) for speed")
def test_tf_data_dataset():
    import tensorflow as tf

    ds = tf.data.Dataset.from_tensor_slices(({"a": np.arange(5.0)}, np.arange(5))).batch(2)
    adapter = kc_data.get_data_adapter(ds)
    assert adapter.num_batches == 3
    batches = list(adapter.get_iterator())
    assert len(batches) == 3 and native(batches[0])
    np.testing.assert_array_equal(to_np(batches[2])[1], [4])
    assert adapter.get_tf_dataset() is ds
    out = list(kc_data.get_data_adapter(np.arange(5), batch_size=2).get_tf_dataset())
    assert [b[0].numpy().tolist() for b in out] == [[0, 1], [2, 3], [4]]


@pytest.mark.skipif(BACKEND != "tensorflow", reason="ragged tensors exist only on tensorflow")
def test_tf_ragged_passes_through():
    import tensorflow as tf

    ragged = tf.ragged.constant([[1, 2], [3], [4, 5, 6]])
    ds = tf.data.Dataset.from_tensor_slices((ragged, np.arange(3))).batch(3)
    ((bx, by),) = list(kc_data.get_data_adapter(ds).get_iterator())
    assert isinstance(bx, tf.RaggedTensor) and bx.shape[0] == 3


def test_jax_iterator_when_available():
    if importlib.util.find_spec("jax") is None or BACKEND in ("torch", "tensorflow"):
        pytest.skip("jax not installed, or skipped to avoid loading a second framework")
    import jax

    batch = next(kc_data.get_data_adapter(np.arange(4), batch_size=2).get_jax_iterator())
    assert isinstance(batch[0], jax.Array)


class _ArrayLike:
    """An object exposing `__array__` and `shape`, like an h5py dataset."""

    def __init__(self, values):
        self._values = np.asarray(values)
        self.shape = self._values.shape

    def __array__(self, dtype=None, copy=None):
        return self._values if dtype is None else self._values.astype(dtype)


def test_array_like_objects_are_arrays():
    batches = list(kc_data.get_data_adapter(_ArrayLike(np.arange(5)), batch_size=3).get_iterator())
    assert len(batches) == 2 and native(batches[0])
    np.testing.assert_array_equal(to_np(batches[1])[0], [3, 4])


def test_pydataset_and_generator_to_tf_dataset():
    if not HAS_TF or BACKEND != "tensorflow":
        pytest.skip("building tf.data from other sources is checked on the tensorflow backend")

    def gen():
        for i in range(3):
            yield np.full((2, 2), i, "float32"), np.array([i, i])

    ds = kc_data.get_data_adapter(gen()).get_tf_dataset()
    assert [int(y.numpy()[0]) for _, y in ds] == [0, 1, 2]


@pytest.mark.skipif(
    BACKEND != "torch", reason="checks the torch DataLoader view on the torch backend"
)
def test_array_adapter_torch_dataloader_view():
    import torch

    loader = kc_data.get_data_adapter(
        np.arange(5.0), np.arange(5), batch_size=2
    ).get_torch_dataloader()
    batches = list(loader)
    assert len(batches) == 3 and isinstance(batches[0][0], torch.Tensor)
    assert batches[2][1].tolist() == [4]


def test_shuffle_redraws_each_epoch():
    adapter = kc_data.get_data_adapter(np.arange(50), batch_size=50, shuffle=True)
    first = next(adapter.get_numpy_iterator())[0].tolist()
    second = next(adapter.get_numpy_iterator())[0].tolist()
    assert sorted(first) == sorted(second) == list(range(50)) and first != second


def test_class_weight_on_a_generator():
    def gen():
        for _ in range(2):
            yield np.zeros((2, 1)), np.array([0, 1])

    adapter = kc_data.get_data_adapter(gen(), class_weight={0: 2.0, 1: 3.0})
    weights = [b[2].tolist() for b in adapter.get_numpy_iterator()]
    assert weights == [[2.0, 3.0], [2.0, 3.0]]
