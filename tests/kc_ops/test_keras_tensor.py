import numpy as np
import pytest

import kc_ops
from kc_ops.keras_tensor import KerasTensor
from kc_ops.operation import Node, Operation


def test_keras_tensor_attributes():
    x = KerasTensor((None, 3), dtype="int32", name="x")
    assert x.shape == (None, 3) and x.dtype == "int32" and x.ndim == 2
    assert "shape=(None, 3)" in repr(x)


def test_bad_shape_and_dtype_are_clear_errors():
    with pytest.raises(ValueError, match="not an int or None"):
        KerasTensor((None, "a"))
    with pytest.raises(ValueError, match="Invalid dtype"):
        KerasTensor((2,), dtype="nope")


def test_keras_tensor_refuses_numpy_conversion():
    with pytest.raises(TypeError, match="symbolic KerasTensor"):
        np.asarray(KerasTensor((2,)))
    with pytest.raises(TypeError, match="symbolic KerasTensor"):
        kc_ops.convert_to_tensor(KerasTensor((2,)))


def test_cast_and_get_item_specs():
    x = KerasTensor((None, 4, 5))
    assert kc_ops.cast(x, "float16").dtype == "float16"
    assert x[:, 0].shape == (None, 5)
    assert x[..., 1:3].shape == (None, 4, 2)


def test_compute_output_spec_finds_unknown_dims():
    x = KerasTensor((None, 6))

    def fn(a):
        return kc_ops.convert_to_tensor(a)[:, :2]

    out = kc_ops.compute_output_spec(fn, x)
    assert out.shape == (None, 2) and out.dtype == "float32"


class Double(Operation):
    def call(self, x):
        return kc_ops.convert_to_tensor(x) * 2


def test_operation_records_nodes_and_runs_eagerly():
    op = Double()
    x = KerasTensor((None, 3))
    y = op(x)
    assert y.shape == (None, 3)
    operation, node_index, tensor_index = y._keras_history
    assert operation is op and node_index == 0 and tensor_index == 0
    node = op._inbound_nodes[0]
    assert isinstance(node, Node) and node.input_tensors == [x]
    np.testing.assert_allclose(kc_ops.convert_to_numpy(op(np.ones(3, "float32"))), [2.0, 2.0, 2.0])


def test_operation_names_are_unique():
    a, b = Double(), Double()
    assert a.name != b.name and a.name.startswith("double")
