import kc_data
import kc_ops
import numpy as np
import pytest


def test_to_categorical_numpy():
    out = kc_data.to_categorical([0, 2, 1])
    np.testing.assert_array_equal(out, [[1, 0, 0], [0, 0, 1], [0, 1, 0]])
    assert out.dtype == np.float32
    out = kc_data.to_categorical(np.array([[1], [0]]), num_classes=4)
    assert out.shape == (2, 4) and out[0, 1] == 1
    assert kc_data.to_categorical(np.zeros((2, 3), "int64"), 2).shape == (2, 3, 2)
    with pytest.raises(ValueError, match=r"\[0, 2\)"):
        kc_data.to_categorical([0, 5], num_classes=2)


def test_to_categorical_tensor_and_symbolic():
    out = kc_data.to_categorical(kc_ops.convert_to_tensor(np.array([1, 0])), num_classes=3)
    assert kc_ops.is_tensor(out)
    np.testing.assert_array_equal(kc_ops.convert_to_numpy(out), [[0, 1, 0], [1, 0, 0]])
    symbolic = kc_data.to_categorical(kc_ops.KerasTensor((None, 1), dtype="int32"), num_classes=5)
    assert tuple(symbolic.shape) == (None, 5)


def test_normalize():
    x = np.array([[3.0, 4.0], [0.0, 0.0]])
    np.testing.assert_allclose(kc_data.normalize(x), [[0.6, 0.8], [0, 0]])
    np.testing.assert_allclose(kc_data.normalize(x, order=1), [[3 / 7, 4 / 7], [0, 0]])
    np.testing.assert_allclose(
        kc_data.normalize(np.array([[1.0], [1.0]]), axis=0), [[0.5**0.5]] * 2
    )
    out = kc_data.normalize(kc_ops.convert_to_tensor(x.astype("float32")))
    np.testing.assert_allclose(kc_ops.convert_to_numpy(out), [[0.6, 0.8], [0, 0]], rtol=1e-6)
    with pytest.raises(ValueError, match="order"):
        kc_data.normalize(x, order=0)


def test_pad_sequences():
    seqs = [[1, 2, 3], [4], []]
    np.testing.assert_array_equal(kc_data.pad_sequences(seqs), [[1, 2, 3], [0, 0, 4], [0, 0, 0]])
    np.testing.assert_array_equal(
        kc_data.pad_sequences(seqs, maxlen=2, padding="post", truncating="post", value=-1),
        [[1, 2], [4, -1], [-1, -1]],
    )
    np.testing.assert_array_equal(kc_data.pad_sequences([[1, 2, 3]], maxlen=2), [[2, 3]])
    assert kc_data.pad_sequences([[1.5]], dtype="float32", maxlen=2).tolist() == [[0.0, 1.5]]
    out = kc_data.pad_sequences([["a"], ["b", "c"]], dtype=object, value="")
    assert out.tolist() == [["", "a"], ["b", "c"]]
    with pytest.raises(ValueError, match="padding"):
        kc_data.pad_sequences(seqs, padding="middle")
    with pytest.raises(ValueError, match="index 1"):
        kc_data.pad_sequences([[1], 5])


def test_timeseries_windows_and_targets():
    data = np.arange(10)
    ds = kc_data.timeseries_dataset_from_array(
        data, np.arange(10) * 10, sequence_length=3, sequence_stride=2, batch_size=2, format="numpy"
    )
    batches = list(ds)
    assert len(ds) == 2 and len(batches) == 2
    x, y = batches[0]
    np.testing.assert_array_equal(x, [[0, 1, 2], [2, 3, 4]])
    np.testing.assert_array_equal(y, [0, 20])
    np.testing.assert_array_equal(batches[1][0], [[4, 5, 6], [6, 7, 8]])
    ds = kc_data.timeseries_dataset_from_array(
        data,
        None,
        sequence_length=2,
        sampling_rate=3,
        start_index=1,
        end_index=9,
        batch_size=None,
        format="numpy",
    )
    windows = [w.tolist() for w in ds]
    assert windows == [[1, 4], [2, 5], [3, 6], [4, 7], [5, 8]]


def test_timeseries_shuffle_and_errors():
    ds = kc_data.timeseries_dataset_from_array(
        np.arange(20), np.arange(20), 4, shuffle=True, seed=1, batch_size=100, format="numpy"
    )
    x, y = ds[0]
    np.testing.assert_array_equal(x[:, 0], y)
    assert sorted(y.tolist()) == list(range(17)) and y.tolist() != list(range(17))
    with pytest.raises(ValueError, match="sequence_length"):
        kc_data.timeseries_dataset_from_array(np.arange(5), None, 0)
    with pytest.raises(ValueError, match="same length"):
        kc_data.timeseries_dataset_from_array(np.arange(5), np.arange(4), 2)


@pytest.mark.skipif(
    kc_ops.backend() != "tensorflow", reason="tf.data is the default only on tensorflow"
)
def test_timeseries_returns_tf_data_on_tensorflow():
    import tensorflow as tf

    ds = kc_data.timeseries_dataset_from_array(np.arange(6), None, 2, batch_size=4)
    assert isinstance(ds, tf.data.Dataset) and int(ds.cardinality()) == 2
    assert [b.numpy().tolist() for b in ds][1] == [[4, 5]]


def test_split_dataset():
    x, y = np.arange(10), np.arange(10) * 2
    left, right = kc_data.split_dataset((x, y), left_size=0.8, preferred_backend="numpy")
    np.testing.assert_array_equal(left[0], np.arange(8))
    np.testing.assert_array_equal(right[1], [16, 18])
    left, right = kc_data.split_dataset(
        x, right_size=3, shuffle=True, seed=0, preferred_backend="numpy"
    )
    assert len(left) == 7 and len(right) == 3
    assert sorted(np.concatenate([left, right]).tolist()) == list(range(10))
    with pytest.raises(ValueError, match="exceeds"):
        kc_data.split_dataset(x, left_size=8, right_size=5)
    with pytest.raises(ValueError, match="None for both"):
        kc_data.split_dataset(x)


@pytest.mark.skipif(
    kc_ops.backend() != "tensorflow", reason="tf.data output is the tensorflow default"
)
def test_split_dataset_tf_data():
    import tensorflow as tf

    ds = tf.data.Dataset.from_tensor_slices((np.arange(4), np.arange(4)))
    left, right = kc_data.split_dataset(ds, left_size=0.5)
    assert isinstance(left, tf.data.Dataset)
    assert [int(a) for a, _ in right] == [2, 3]


def test_batch_dataset_feeds_the_adapter():
    ds = kc_data.timeseries_dataset_from_array(
        np.arange(8.0), np.arange(8), 2, batch_size=3, format="numpy"
    )
    batches = list(kc_data.get_data_adapter(ds).get_iterator())
    assert len(batches) == 3 and kc_ops.is_tensor(batches[0][0])


def test_normalize_symbolic():
    out = kc_data.normalize(kc_ops.KerasTensor((None, 3)))
    assert tuple(out.shape) == (None, 3)
