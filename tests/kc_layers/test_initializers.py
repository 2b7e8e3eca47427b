"""keras.initializers: statistics, seeds, fans, Orthogonal/Identity/STFT, (de)serialization."""

import math

import kc_ops
import numpy as np
import pytest
from kc_layers import initializers
from kc_ops import random as krandom

SHAPE = (200, 200)


def _np(x):
    return np.asarray(kc_ops.convert_to_numpy(x), dtype="float64")


def test_random_normal_statistics():
    values = _np(initializers.RandomNormal(mean=0.5, stddev=0.2, seed=1)(SHAPE))
    assert abs(values.mean() - 0.5) < 0.01
    assert abs(values.std() - 0.2) < 0.01


def test_truncated_normal_statistics_and_bounds():
    values = _np(initializers.TruncatedNormal(mean=-1.0, stddev=0.3, seed=2)(SHAPE))
    assert abs(values.mean() + 1.0) < 0.01
    assert abs(values.std() - 0.3 * 0.8796256610342398) < 0.01
    assert values.min() >= -1.0 - 0.6 - 1e-6 and values.max() <= -1.0 + 0.6 + 1e-6


def test_random_uniform_statistics_and_bounds():
    values = _np(initializers.RandomUniform(minval=-0.5, maxval=1.5, seed=3)(SHAPE))
    assert values.min() >= -0.5 and values.max() < 1.5
    assert abs(values.mean() - 0.5) < 0.02
    assert abs(values.std() - 2.0 / math.sqrt(12)) < 0.02


@pytest.mark.parametrize(
    "name, stddev",
    [
        ("glorot_normal", math.sqrt(2.0 / 400)),
        ("glorot_uniform", math.sqrt(2.0 / 400)),
        ("he_normal", math.sqrt(2.0 / 200)),
        ("he_uniform", math.sqrt(2.0 / 200)),
        ("lecun_normal", math.sqrt(1.0 / 200)),
        ("lecun_uniform", math.sqrt(1.0 / 200)),
    ],
)
def test_variance_scaling_presets(name, stddev):
    values = _np(initializers.get({"class_name": name, "config": {"seed": 4}})(SHAPE))
    assert abs(values.mean()) < 0.05 * stddev * 10
    assert abs(values.std() - stddev) / stddev < 0.03
    if "uniform" in name:
        assert np.abs(values).max() <= math.sqrt(3) * stddev + 1e-7
    else:
        assert np.abs(values).max() <= 2 * stddev / 0.8796256610342398 + 1e-7


@pytest.mark.parametrize(
    "mode, distribution, shape, n",
    [
        ("fan_in", "untruncated_normal", (3, 3, 20, 40), 9 * 20),
        ("fan_out", "uniform", (3, 3, 20, 40), 9 * 40),
        ("fan_avg", "truncated_normal", (3, 3, 20, 40), 9 * 30),
        ("fan_in", "uniform", (60, 50), 60),
        ("fan_out", "uniform", (60, 50), 50),
    ],
)
def test_variance_scaling_fans(mode, distribution, shape, n):
    init = initializers.VarianceScaling(scale=3.0, mode=mode, distribution=distribution, seed=5)
    values = _np(init(shape))
    assert values.shape == shape
    expected = math.sqrt(3.0 / n)
    assert abs(values.std() - expected) / expected < 0.05


def test_variance_scaling_axes():
    init = initializers.VarianceScaling(mode="fan_in", distribution="uniform", seed=6,
                                        input_axes=(0, 1), output_axes=2)
    values = _np(init((10, 20, 30)))
    expected = math.sqrt(1.0 / 200)
    assert abs(values.std() - expected) / expected < 0.05
    with pytest.raises(ValueError, match="input_axes"):
        initializers.VarianceScaling(input_axes=5)((2, 3))


def test_int_seed_values_are_fixed_across_backends():
    # np.random.default_rng(42).standard_normal(4) and default_rng(7).uniform(0, 1, 4)
    normal = [0.3047170798, -1.0399841062, 0.7504511958, 0.9405647164]
    uniform = [0.6250954666, 0.897213801, 0.7756856902, 0.22520719]
    out = _np(initializers.RandomNormal(mean=1.0, stddev=2.0, seed=42)((4,)))
    np.testing.assert_allclose(out, 1.0 + 2.0 * np.array(normal), rtol=1e-6)
    out = _np(initializers.RandomUniform(minval=-1.0, maxval=3.0, seed=7)((4,)))
    np.testing.assert_allclose(out, -1.0 + 4.0 * np.array(uniform), rtol=1e-6)


def test_seeded_and_unseeded_repeat_across_calls():
    for seed in (11, None):
        init = initializers.GlorotUniform(seed=seed)
        np.testing.assert_array_equal(_np(init((5, 4))), _np(init((5, 4))))
    a = _np(initializers.GlorotUniform(seed=11)((5, 4)))
    b = _np(initializers.GlorotUniform(seed=11)((5, 4)))
    np.testing.assert_array_equal(a, b)
    c = _np(initializers.GlorotUniform()((5, 4)))
    d = _np(initializers.GlorotUniform()((5, 4)))
    assert not np.array_equal(c, d)


def test_seed_generator_gives_new_values_each_call():
    init = initializers.RandomNormal(stddev=1.0, seed=krandom.SeedGenerator(3))
    a, b = _np(init((50,))), _np(init((50,)))
    assert not np.array_equal(a, b)
    assert abs(a.std() - 1.0) < 0.4


def test_bad_seed_and_dtype():
    with pytest.raises(ValueError, match="seed"):
        initializers.RandomNormal(seed="abc")
    with pytest.raises(ValueError, match="floating"):
        initializers.RandomNormal()((2,), dtype="int32")


def test_dtype_defaults_to_floatx_and_is_respected():
    assert kc_ops.dtype(initializers.GlorotUniform(seed=1)((2, 2))) == "float32"
    assert kc_ops.dtype(initializers.HeNormal(seed=1)((2, 2), dtype="float16")) == "float16"
    assert kc_ops.dtype(initializers.Zeros()((2,), dtype="int32")) == "int32"


@pytest.mark.parametrize("shape", [(3, 5), (5, 3), (4, 4), (2, 3, 4)])
def test_orthogonal(shape):
    values = _np(initializers.Orthogonal(gain=2.0, seed=8)(shape))
    assert values.shape == shape
    flat = values.reshape(-1, shape[-1]) / 2.0
    if flat.shape[0] < flat.shape[1]:
        np.testing.assert_allclose(flat @ flat.T, np.eye(flat.shape[0]), atol=1e-5)
    else:
        np.testing.assert_allclose(flat.T @ flat, np.eye(flat.shape[1]), atol=1e-5)
    with pytest.raises(ValueError, match="rank >= 2"):
        initializers.Orthogonal()((4,))


def test_identity_constant_zeros_ones():
    np.testing.assert_array_equal(_np(initializers.Identity(gain=3.0)((2, 3))),
                                  3.0 * np.eye(2, 3))
    with pytest.raises(ValueError, match="2D"):
        initializers.Identity()((2, 2, 2))
    np.testing.assert_array_equal(_np(initializers.Constant(0.25)((2, 2))), np.full((2, 2), 0.25))
    np.testing.assert_array_equal(_np(initializers.Zeros()((3,))), np.zeros(3))
    np.testing.assert_array_equal(_np(initializers.Ones()((3,))), np.ones(3))


@pytest.mark.parametrize("side", ["real", "imag"])
@pytest.mark.parametrize("scaling", ["density", "spectrum", None])
def test_stft_kernel_computes_the_windowed_dft(side, scaling):
    from scipy.signal import get_window

    frame, n_fft = 8, 8
    bins = n_fft // 2 + 1
    kernel = _np(initializers.STFT(side=side, window="hann", scaling=scaling)((frame, 1, bins)))
    x = np.random.default_rng(0).standard_normal(frame)
    window = get_window("hann", frame, fftbins=False)
    spectrum = np.fft.rfft(x * window)
    norm = {"density": np.sqrt(np.sum(window**2)), "spectrum": np.sum(window), None: 1.0}[scaling]
    expected = (spectrum.real if side == "real" else spectrum.imag) / norm
    np.testing.assert_allclose(x @ kernel[:, 0, :], expected, atol=1e-5)


def test_stft_periodic_and_no_window():
    from scipy.signal import get_window

    kernel = _np(initializers.STFT(window="hamming", periodic=True, scaling=None)((6, 1, 4)))
    x = np.arange(6.0)
    expected = np.fft.rfft(x * get_window("hamming", 6, fftbins=True)).real
    np.testing.assert_allclose(x @ kernel[:, 0, :], expected, atol=1e-5)
    plain = _np(initializers.STFT(window=None)((6, 1, 4)))
    np.testing.assert_allclose(x @ plain[:, 0, :], np.fft.rfft(x).real, atol=1e-5)


def test_get_serialize_deserialize():
    assert isinstance(initializers.get("glorot_uniform"), initializers.GlorotUniform)
    assert isinstance(initializers.get("HeNormal"), initializers.HeNormal)
    assert isinstance(initializers.get(initializers.Ones), initializers.Ones)
    assert initializers.get(None) is None
    init = initializers.RandomUniform(-1.0, 2.0, seed=3)
    assert initializers.get(init) is init
    for original in (init, initializers.VarianceScaling(2.0, "fan_out", "uniform", seed=9),
                     initializers.Constant(3.0), initializers.Orthogonal(0.5, seed=1),
                     initializers.STFT("imag", "hamming", None, True)):
        config = initializers.serialize(original)
        restored = initializers.deserialize(config)
        assert type(restored) is type(original)
        assert restored.get_config() == original.get_config()
        clone = original.clone()
        assert type(clone) is type(original) and clone.get_config() == original.get_config()
    a, b = init((3,)), initializers.deserialize(initializers.serialize(init))((3,))
    np.testing.assert_array_equal(_np(a), _np(b))


def test_keras_config_format():
    # As written by real Keras 3.15 in a saved model's config.
    expected = {"module": "keras.initializers", "class_name": "GlorotUniform",
                "config": {"seed": None, "input_axes": None, "output_axes": None},
                "registered_name": None}
    assert initializers.serialize(initializers.GlorotUniform()) == expected
    assert isinstance(initializers.deserialize(expected), initializers.GlorotUniform)
    zeros = {"module": "keras.initializers", "class_name": "Zeros", "config": {},
             "registered_name": None}
    assert initializers.serialize(initializers.Zeros()) == zeros


def test_unknown_and_custom():
    with pytest.raises(ValueError, match="Unknown initializer.*'nope'.*glorot_uniform"):
        initializers.get("nope")
    with pytest.raises(ValueError, match="Could not interpret initializer"):
        initializers.get(42)

    class Twos(initializers.Initializer):
        def __call__(self, shape, dtype=None):
            return kc_ops.multiply(2.0, initializers.Ones()(shape, dtype))

    restored = initializers.deserialize(initializers.serialize(Twos()),
                                        custom_objects={"Twos": Twos})
    np.testing.assert_array_equal(_np(restored((2,))), [2.0, 2.0])


def test_aliases_are_the_classes():
    assert initializers.glorot_uniform is initializers.GlorotUniform
    assert initializers.OrthogonalInitializer is initializers.Orthogonal
    assert initializers.IdentityInitializer is initializers.Identity
    assert initializers.STFTInitializer is initializers.STFT


def test_registered_custom_initializer():
    from kc_saving import object_registration as registration

    @registration.register_keras_serializable(package="kc_tests")
    class Threes(initializers.Initializer):
        def __call__(self, shape, dtype=None):
            return initializers.Constant(3.0)(shape, dtype)

    config = initializers.serialize(Threes())
    assert config["registered_name"] == "kc_tests>Threes"
    restored = initializers.get(config)
    assert isinstance(restored, Threes)
    np.testing.assert_array_equal(_np(restored((2,))), [3.0, 3.0])
