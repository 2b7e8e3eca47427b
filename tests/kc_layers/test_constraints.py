"""keras.constraints against NumPy, plus (de)serialization."""

import kc_ops
import numpy as np
import pytest
from kc_layers import constraints

W = np.array([[0.5, -1.0, 2.0], [0.0, 3.0, -0.25], [1.5, 0.5, 0.5], [-2.0, 1.0, 0.0]],
             dtype="float32")
EPS = 1e-7


def _apply(constraint):
    return kc_ops.convert_to_numpy(constraint(kc_ops.convert_to_tensor(W)))


def _norms(w, axis):
    return np.sqrt((w**2).sum(axis=axis, keepdims=True))


@pytest.mark.parametrize("axis", [0, 1])
def test_max_norm(axis):
    w = W.astype("float64")
    n = _norms(w, axis)
    expected = w * np.clip(n, 0, 2.0) / (n + EPS)
    np.testing.assert_allclose(_apply(constraints.MaxNorm(2.0, axis=axis)), expected, rtol=1e-5)


def test_min_max_norm():
    w = W.astype("float64")
    n = _norms(w, 0)
    desired = 0.5 * np.clip(n, 1.0, 2.5) + 0.5 * n
    np.testing.assert_allclose(
        _apply(constraints.MinMaxNorm(min_value=1.0, max_value=2.5, rate=0.5, axis=0)),
        w * desired / (n + EPS), rtol=1e-5)


@pytest.mark.parametrize("axis", [0, 1, [0, 1]])
def test_unit_norm(axis):
    w = W.astype("float64")
    ax = tuple(axis) if isinstance(axis, list) else axis
    np.testing.assert_allclose(_apply(constraints.UnitNorm(axis=axis)), w / (_norms(w, ax) + EPS),
                               rtol=1e-5)


def test_non_neg_and_base():
    np.testing.assert_array_equal(_apply(constraints.NonNeg()), np.maximum(W, 0))
    np.testing.assert_array_equal(_apply(constraints.Constraint()), W)


def test_symbolic_input():
    for c in (constraints.MaxNorm(), constraints.UnitNorm(1), constraints.NonNeg(),
              constraints.MinMaxNorm()):
        out = c(kc_ops.KerasTensor((4, 3)))
        assert isinstance(out, kc_ops.KerasTensor) and out.shape == (4, 3)


def test_get_serialize_deserialize():
    assert isinstance(constraints.get("max_norm"), constraints.MaxNorm)
    assert isinstance(constraints.get("NonNeg"), constraints.NonNeg)
    assert isinstance(constraints.get("unit_norm"), constraints.UnitNorm)
    assert isinstance(constraints.get("min_max_norm"), constraints.MinMaxNorm)
    assert constraints.get(None) is None
    c = constraints.MinMaxNorm(0.5, 3.0, 0.7, axis=1)
    assert constraints.get(c) is c
    config = constraints.serialize(c)
    assert config == {"module": "keras.constraints", "class_name": "MinMaxNorm",
                      "config": {"min_value": 0.5, "max_value": 3.0, "rate": 0.7, "axis": 1},
                      "registered_name": None}
    restored = constraints.deserialize(config)
    assert isinstance(restored, constraints.MinMaxNorm)
    assert restored.get_config() == c.get_config()
    with pytest.raises(ValueError, match="Unknown constraint.*'positive'.*non_neg"):
        constraints.get("positive")
    with pytest.raises(ValueError, match="Could not interpret constraint"):
        constraints.get(3)


def test_aliases():
    assert constraints.max_norm is constraints.MaxNorm
    assert constraints.min_max_norm is constraints.MinMaxNorm
    assert constraints.non_neg is constraints.NonNeg
    assert constraints.unit_norm is constraints.UnitNorm
