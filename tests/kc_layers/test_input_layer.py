"""`keras.Input`, `InputLayer` and `InputSpec`."""

import kc_ops
import keras
import numpy as np
import pytest
from kc_layers import Input, InputLayer, InputSpec
from kc_ops.keras_tensor import KerasTensor


def test_input_returns_a_keras_tensor_from_an_input_layer():
    x = Input((3, 4), batch_size=2, name="features")
    assert isinstance(x, KerasTensor)
    assert x.shape == (2, 3, 4) and x.dtype == "float32" and x.name == "features"
    layer = x._keras_history.operation
    assert isinstance(layer, InputLayer) and layer.name == "features"
    assert layer.batch_shape == (2, 3, 4) and layer.output is x
    assert layer._inbound_nodes[0].is_input


def test_input_options():
    assert Input(batch_shape=(None, 5), dtype="int32").dtype == "int32"
    assert Input(shape=7).shape == (None, 7)
    assert Input((2,), dtype="float16").dtype == "float16"
    optional = Input((2,), optional=True)
    assert optional._keras_history.operation.optional is True
    source = KerasTensor((None, 3), dtype="float64")
    wrapped = Input(tensor=source)
    assert wrapped is source and wrapped.dtype == "float64"
    assert wrapped._keras_history.operation.batch_shape == (None, 3)


def test_input_errors():
    with pytest.raises(ValueError, match="not both"):
        Input(shape=(2,), batch_shape=(None, 2))
    with pytest.raises(ValueError, match="shape"):
        Input()
    with pytest.raises(ValueError, match="KerasTensor"):
        Input(tensor=np.ones((2, 3)))
    with pytest.raises(ValueError, match="non-negative ints"):
        Input(shape=(2, "a"))
    with pytest.raises(ValueError, match="batch_size"):
        Input((2,), batch_size=0)


def test_input_layer_config_round_trip():
    layer = InputLayer(shape=(3,), name="inp", dtype="int32")
    config = layer.get_config()
    assert config == {"batch_shape": [None, 3], "dtype": "int32", "sparse": False,
                      "ragged": False, "name": "inp", "optional": False}
    clone = InputLayer.from_config(config)
    assert clone.batch_shape == (None, 3) and clone.output.dtype == "int32"
    legacy = InputLayer(batch_input_shape=(None, 4))
    assert legacy.batch_shape == (None, 4)


def test_input_layer_has_no_weights():
    layer = InputLayer(shape=(2,))
    assert layer.weights == [] and layer.count_params() == 0


def test_input_spec_config_and_checks():
    spec = InputSpec(dtype="float32", shape=(None, 3), axes={-1: 3}, name="x")
    assert spec.ndim == 2
    config = spec.get_config()
    clone = InputSpec.from_config(config)
    assert clone.shape == (None, 3) and clone.axes == {-1: 3} and clone.dtype == "float32"
    assert "ndim=2" in repr(spec)
    with pytest.raises(ValueError, match="out of range"):
        InputSpec(ndim=2, axes={3: 4})

    class Checked(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.input_spec = spec

        def call(self, x):
            return x

    with pytest.raises(ValueError, match="expected dtype=float32"):
        Checked()(Input((3,), dtype="int32"))
    with pytest.raises(ValueError, match="expected axis -1 of the input shape to have value 3"):
        Checked()(Input((4,)))
    spec.axes = {}
    with pytest.raises(ValueError, match=r"expected shape=\(None, 3\), found shape=\(None, 4\)"):
        Checked()(Input((4,)))
    assert Checked()(np.ones((2, 3), "float32")).shape == (2, 3)


def test_input_spec_for_several_inputs_and_optional():
    class Two(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.input_spec = [InputSpec(ndim=2), InputSpec(ndim=2, optional=True)]

        def call(self, inputs):
            return inputs[0]

    layer = Two()
    with pytest.raises(ValueError, match="expects 2 input"):
        layer([np.ones((1, 2), "float32")] * 3)
    out = layer([np.ones((1, 2), "float32"), None])
    assert tuple(kc_ops.shape(out)) == (1, 2)
    with pytest.raises(ValueError, match="Input 1 of layer"):
        layer([np.ones((1, 2), "float32"), np.ones((2,), "float32")])


def test_allow_last_axis_squeeze():
    spec = InputSpec(ndim=2, allow_last_axis_squeeze=True)

    class Squeezable(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.input_spec = spec

        def call(self, x):
            return x

    assert Squeezable()(Input((3, 1))).shape == (None, 3, 1)
