"""keras.activations against NumPy formulas, on concrete and symbolic inputs."""

import math

import kc_ops
import numpy as np
import pytest
from kc_layers import activations

X = np.array([[-3.0, -1.5, -0.5, -0.1, 0.0], [0.2, 0.5, 1.0, 2.5, 7.0]], dtype="float32")


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _softplus(x):
    return np.log1p(np.exp(x))


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _sparsemax(x):
    out = np.zeros_like(x)
    for i, row in enumerate(x):
        z = np.sort(row)[::-1]
        cumsum = np.cumsum(z)
        k = np.arange(1, len(z) + 1)
        support = k[1 + k * z > cumsum].max()
        tau = (cumsum[support - 1] - 1) / support
        out[i] = np.maximum(row - tau, 0)
    return out


_erf = np.vectorize(math.erf)
SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805

# name -> (kwargs, numpy reference)
CASES = {
    "relu": ({}, lambda x: np.maximum(x, 0)),
    "leaky_relu": ({}, lambda x: np.where(x > 0, x, 0.2 * x)),
    "relu6": ({}, lambda x: np.clip(x, 0, 6)),
    "elu": ({"alpha": 0.7}, lambda x: np.where(x > 0, x, 0.7 * (np.exp(x) - 1))),
    "selu": ({}, lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * (np.exp(x) - 1))),
    "softplus": ({}, _softplus),
    "softsign": ({}, lambda x: x / (1 + np.abs(x))),
    "silu": ({}, lambda x: x * _sigmoid(x)),
    "swish": ({}, lambda x: x * _sigmoid(x)),
    "gelu": ({}, lambda x: 0.5 * x * (1 + _erf(x / np.sqrt(2)))),
    "tanh": ({}, np.tanh),
    "sigmoid": ({}, _sigmoid),
    "exponential": ({}, np.exp),
    "hard_sigmoid": ({}, lambda x: np.clip(x / 6 + 0.5, 0, 1)),
    "hard_silu": ({}, lambda x: x * np.clip(x / 6 + 0.5, 0, 1)),
    "hard_swish": ({}, lambda x: x * np.clip(x / 6 + 0.5, 0, 1)),
    "linear": ({}, lambda x: x),
    "mish": ({}, lambda x: x * np.tanh(_softplus(x))),
    "log_softmax": ({}, lambda x: np.log(_softmax(x))),
    "softmax": ({}, _softmax),
    "celu": ({"alpha": 2.0}, lambda x: np.maximum(x, 0) + np.minimum(0, 2 * (np.exp(x / 2) - 1))),
    "hard_tanh": ({}, lambda x: np.clip(x, -1, 1)),
    "hard_shrink": ({"threshold": 0.5}, lambda x: np.where(np.abs(x) > 0.5, x, 0)),
    "soft_shrink": ({"threshold": 0.5},
                    lambda x: np.where(x > 0.5, x - 0.5, np.where(x < -0.5, x + 0.5, 0))),
    "tanh_shrink": ({}, lambda x: x - np.tanh(x)),
    "threshold": ({"threshold": 0.4, "default_value": -9.0}, lambda x: np.where(x > 0.4, x, -9.0)),
    "squareplus": ({"b": 4}, lambda x: (x + np.sqrt(x * x + 4)) / 2),
    "sparse_plus": ({}, lambda x: np.where(x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4))),
    "sparsemax": ({}, _sparsemax),
    "log_sigmoid": ({}, lambda x: -_softplus(-x)),
    "sparse_sigmoid": ({}, lambda x: np.clip(0.5 * (x + 1), 0, 1)),
}

@pytest.mark.parametrize("name", sorted(CASES))
def test_activation_matches_numpy(name):
    kwargs, reference = CASES[name]
    fn = getattr(activations, name)
    out = kc_ops.convert_to_numpy(fn(kc_ops.convert_to_tensor(X), **kwargs))
    np.testing.assert_allclose(out, reference(X.astype("float64")), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", sorted(CASES))
def test_activation_symbolic(name):
    kwargs, _ = CASES[name]
    out = getattr(activations, name)(kc_ops.KerasTensor((None, 6), dtype="float32"), **kwargs)
    assert isinstance(out, kc_ops.KerasTensor)
    assert out.shape == (None, 6)
    assert out.dtype == "float32"


def test_glu():
    x = np.arange(-4, 4, dtype="float32").reshape(2, 4) / 2
    a, b = x[:, :2], x[:, 2:]
    out = kc_ops.convert_to_numpy(activations.glu(kc_ops.convert_to_tensor(x)))
    np.testing.assert_allclose(out, a * _sigmoid(b), rtol=1e-6)
    assert activations.glu(kc_ops.KerasTensor((3, 8))).shape == (3, 4)


def test_gelu_approximate():
    x = X.astype("float64")
    ref = 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))
    out = kc_ops.convert_to_numpy(activations.gelu(kc_ops.convert_to_tensor(X), approximate=True))
    np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-5)


def test_softmax_axis():
    out = kc_ops.convert_to_numpy(activations.softmax(kc_ops.convert_to_tensor(X), axis=0))
    np.testing.assert_allclose(out, _softmax(X.astype("float64"), axis=0), rtol=1e-5)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"negative_slope": 0.1},
        {"max_value": 2.0},
        {"threshold": 0.5},
        {"negative_slope": 0.1, "max_value": 2.0, "threshold": 0.5},
        {"max_value": 6.0},
    ],
)
def test_relu_options(kwargs):
    slope = kwargs.get("negative_slope", 0.0)
    top = kwargs.get("max_value", np.inf)
    t = kwargs.get("threshold", 0.0)
    x = X.astype("float64")
    ref = np.where(x >= top, top, np.where(x > t, x, slope * (x - t)))
    out = kc_ops.convert_to_numpy(activations.relu(kc_ops.convert_to_tensor(X), **kwargs))
    np.testing.assert_allclose(out, ref, rtol=1e-6, atol=1e-6)


def test_get_names_and_callables():
    assert activations.get("relu") is activations.relu
    assert activations.get("swish") is activations.silu
    assert activations.get("hard_swish") is activations.hard_silu
    assert activations.get(None) is activations.linear

    def custom(x):
        return x

    assert activations.get(custom) is custom


def test_get_unknown_name_lists_choices():
    with pytest.raises(ValueError, match="Unknown activation.*'nope'.*relu"):
        activations.get("nope")
    with pytest.raises(ValueError, match="Could not interpret activation"):
        activations.get(3)


def test_serialize_round_trip():
    for name in ("relu", "softmax", "gelu", "linear", "mish"):
        fn = getattr(activations, name)
        assert activations.serialize(fn) == name
        assert activations.deserialize(activations.serialize(fn)) is fn
    assert activations.serialize(activations.swish) == "silu"
    config = {"module": "keras.activations", "class_name": "function", "config": "tanh",
              "registered_name": None}
    assert activations.deserialize(config) is activations.tanh


def test_custom_function_round_trip():
    def my_act(x):
        return x * 2

    config = activations.serialize(my_act)
    assert config["class_name"] == "function"
    assert activations.deserialize(config, custom_objects={"my_act": my_act}) is my_act
    with pytest.raises(ValueError, match="my_act"):
        activations.deserialize(config)


def test_registered_custom_activation():
    from kc_saving import object_registration as registration

    @registration.register_keras_serializable(package="kc_tests")
    def doubled(x):
        return x * 2

    config = activations.serialize(doubled)
    assert config["registered_name"] == "kc_tests>doubled"
    assert activations.get(config) is doubled
