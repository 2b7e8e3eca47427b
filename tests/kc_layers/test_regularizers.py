"""keras.regularizers against NumPy, plus (de)serialization."""

import kc_ops
import numpy as np
import pytest
from kc_layers import regularizers

W = np.array([[0.5, -1.0, 2.0], [0.0, 3.0, -0.25], [1.5, 0.5, 0.5], [-2.0, 1.0, 0.0]],
             dtype="float32")


def _value(x):
    return float(kc_ops.convert_to_numpy(x))


def _orthogonal_reference(w, factor, mode):
    m = w if mode == "rows" else w.T
    m = m / np.linalg.norm(m, axis=1, keepdims=True)
    cos = m @ m.T
    n = cos.shape[0]
    pairs = [abs(cos[i, j]) for i in range(n) for j in range(i + 1, n)]
    return factor * float(np.mean(pairs))


def test_penalties_match_numpy():
    x = kc_ops.convert_to_tensor(W)
    w = W.astype("float64")
    np.testing.assert_allclose(_value(regularizers.L1(0.3)(x)), 0.3 * np.abs(w).sum(), rtol=1e-6)
    np.testing.assert_allclose(_value(regularizers.L2(0.2)(x)), 0.2 * (w**2).sum(), rtol=1e-6)
    np.testing.assert_allclose(_value(regularizers.L1L2(l1=0.1, l2=0.4)(x)),
                               0.1 * np.abs(w).sum() + 0.4 * (w**2).sum(), rtol=1e-6)
    assert _value(regularizers.L1L2()(x)) == 0.0


@pytest.mark.parametrize("mode", ["rows", "columns"])
def test_orthogonal_regularizer(mode):
    x = kc_ops.convert_to_tensor(W)
    out = _value(regularizers.OrthogonalRegularizer(factor=0.5, mode=mode)(x))
    np.testing.assert_allclose(out, _orthogonal_reference(W.astype("float64"), 0.5, mode),
                               rtol=1e-5)
    eye = kc_ops.convert_to_tensor(np.eye(3, dtype="float32"))
    assert abs(_value(regularizers.OrthogonalRegularizer(1.0, mode)(eye))) < 1e-6
    with pytest.raises(ValueError, match="2D"):
        regularizers.OrthogonalRegularizer()(kc_ops.convert_to_tensor(np.ones(3, "float32")))


def test_symbolic_input():
    out = regularizers.L1L2(0.1, 0.1)(kc_ops.KerasTensor((4, 3)))
    assert isinstance(out, kc_ops.KerasTensor) and out.shape == ()


def test_validation():
    with pytest.raises(ValueError, match="l1"):
        regularizers.L1(-1.0)
    with pytest.raises(ValueError, match="l2"):
        regularizers.L1L2(l2="x")
    with pytest.raises(ValueError, match="mode"):
        regularizers.OrthogonalRegularizer(mode="diagonal")
    assert regularizers.L1(None).l1 == 0.01


def test_get_serialize_deserialize():
    assert isinstance(regularizers.get("l1"), regularizers.L1)
    assert isinstance(regularizers.get("L2"), regularizers.L2)
    assert isinstance(regularizers.get("l1_l2"), regularizers.L1L2)
    assert isinstance(regularizers.get("orthogonal_regularizer"),
                      regularizers.OrthogonalRegularizer)
    assert regularizers.get(None) is None
    reg = regularizers.L1L2(l1=0.25, l2=0.5)
    assert regularizers.get(reg) is reg
    config = regularizers.serialize(reg)
    assert config == {"module": "keras.regularizers", "class_name": "L1L2",
                      "config": {"l1": 0.25, "l2": 0.5}, "registered_name": None}
    restored = regularizers.deserialize(config)
    assert isinstance(restored, regularizers.L1L2) and restored.get_config() == reg.get_config()
    ortho = regularizers.deserialize(regularizers.serialize(
        regularizers.OrthogonalRegularizer(0.2, "columns")))
    assert ortho.get_config() == {"factor": 0.2, "mode": "columns"}
    with pytest.raises(ValueError, match="Unknown regularizer.*'l3'.*l1_l2"):
        regularizers.get("l3")
    with pytest.raises(ValueError, match="Could not interpret regularizer"):
        regularizers.get(1.5)


def test_aliases_and_base():
    assert regularizers.l1 is regularizers.L1
    assert regularizers.l1_l2 is regularizers.L1L2
    assert regularizers.orthogonal_regularizer is regularizers.OrthogonalRegularizer
    assert regularizers.Regularizer()(W) == 0.0
