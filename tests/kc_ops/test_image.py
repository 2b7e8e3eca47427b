"""keras.ops.image against hand-computed values and small NumPy references."""

import kc_ops
import numpy as np
import pytest
from kc_ops import image
from kc_ops.keras_tensor import KerasTensor

BACKEND = kc_ops.backend()
RNG = np.random.default_rng(2)


def to_np(x):
    return kc_ops.convert_to_numpy(x)


def grid(h, w):
    """An image whose value is 2 * row + col, shape (h, w, 1)."""
    return (2.0 * np.arange(h)[:, None] + np.arange(w)[None, :]).astype("float32")[..., None]


def test_resize_bilinear_upsample_hand_values():
    out = to_np(image.resize(grid(2, 2), (4, 4)))
    ramp = np.array([0.0, 0.25, 0.75, 1.0])  # half-pixel centers, edges clamp
    np.testing.assert_allclose(out[..., 0], 2 * ramp[:, None] + ramp[None, :], atol=1e-6)


def test_resize_bilinear_downsample_with_and_without_antialias():
    x = np.arange(4.0, dtype="float32").reshape(1, 4, 1, 1)
    out = to_np(image.resize(x, (2, 1), interpolation="bilinear"))
    np.testing.assert_allclose(out.ravel(), [0.5, 2.5], atol=1e-6)
    out = to_np(image.resize(x, (2, 1), antialias=True))
    # Triangle kernel stretched by 2 around 0.5: weights (.75, .75, .25, 0) / 1.75.
    np.testing.assert_allclose(out.ravel(), [1.25 / 1.75, 4.0 / 1.75], atol=1e-6)


def test_resize_nearest_and_area():
    out = to_np(image.resize(grid(2, 3), (4, 2), interpolation="nearest"))
    rows, cols = np.array([0, 0, 1, 1]), np.array([0, 2])
    np.testing.assert_array_equal(out[..., 0], 2 * rows[:, None] + cols[None, :])
    out = to_np(image.resize(grid(4, 4), (2, 2), interpolation="area"))
    np.testing.assert_allclose(out[..., 0], [[1.5, 3.5], [5.5, 7.5]], atol=1e-6)


def _cubic(d, a=-0.5):
    d = abs(d)
    if d <= 1:
        return (a + 2) * d**3 - (a + 3) * d**2 + 1
    if d < 2:
        return a * d**3 - 5 * a * d**2 + 8 * a * d - 4 * a
    return 0.0


def _lanczos3(d):
    return float(np.sinc(d) * np.sinc(d / 3)) if abs(d) < 3 else 0.0


@pytest.mark.parametrize("method,kernel", [("bicubic", _cubic), ("lanczos3", _lanczos3)])
def test_resize_kernels_against_loop_reference(method, kernel):
    x = RNG.normal(size=(5,)).astype("float32")
    out_len = 8
    expected = []
    for i in range(out_len):
        center = (i + 0.5) * 5 / out_len - 0.5
        weights = np.array([kernel(center - j) for j in range(5)])
        expected.append(weights @ x / weights.sum())
    img = x.reshape(5, 1, 1)
    out = to_np(image.resize(img, (out_len, 1), interpolation=method))
    np.testing.assert_allclose(out.ravel(), expected, rtol=1e-5, atol=1e-5)


def test_resize_formats_dtypes_and_batch():
    x = RNG.uniform(size=(2, 4, 6, 3)).astype("float32")
    last = to_np(image.resize(x, (3, 5)))
    first = to_np(image.resize(np.moveaxis(x, -1, 1), (3, 5), data_format="channels_first"))
    np.testing.assert_allclose(np.moveaxis(first, 1, -1), last, rtol=1e-6)
    out = image.resize((x * 255).astype("uint8"), (8, 12), interpolation="nearest")
    assert kc_ops.dtype(out) == "uint8"
    out = image.resize(x.astype("float64"), (8, 12))
    assert kc_ops.dtype(out) == "float64"


def test_resize_crop_and_pad_to_aspect_ratio():
    x = grid(4, 8)
    out = to_np(image.resize(x, (2, 2), crop_to_aspect_ratio=True, interpolation="nearest"))
    # Central 4x4 crop (columns 2..5), then nearest 4 -> 2 picks rows 1, 3 and columns 3, 5.
    np.testing.assert_array_equal(out[..., 0], [[2 + 3, 2 + 5], [6 + 3, 6 + 5]])
    out = to_np(image.resize(x, (8, 8), pad_to_aspect_ratio=True, fill_value=-1.0,
                             interpolation="nearest"))
    # Padded to 8x8 with 2 rows of -1 on top and bottom, then no resize needed.
    assert np.all(out[:2] == -1) and np.all(out[-2:] == -1)
    np.testing.assert_array_equal(out[2:6], x)


def test_resize_errors_and_symbolic():
    with pytest.raises(ValueError, match="interpolation"):
        image.resize(grid(2, 2), (4, 4), interpolation="cubic")
    with pytest.raises(ValueError, match="size"):
        image.resize(grid(2, 2), (4,))
    with pytest.raises(ValueError, match="rank"):
        image.resize(np.zeros((4, 4)), (2, 2))
    out = image.resize(KerasTensor((None, 8, 8, 3)), (28, 28))
    assert out.shape == (None, 28, 28, 3)
    out = image.resize(KerasTensor((None, 3, 8, 8)), (5, 6), data_format="channels_first")
    assert out.shape == (None, 3, 5, 6)


def test_pad_and_crop_images():
    x = grid(3, 4)
    out = to_np(image.pad_images(x, top_padding=1, left_padding=2, target_height=5,
                                 target_width=7))
    assert out.shape == (5, 7, 1)
    np.testing.assert_array_equal(out[1:4, 2:6], x)
    assert out.sum() == x.sum()
    out = to_np(image.crop_images(x, top_cropping=1, left_cropping=1, target_height=2,
                                  target_width=2))
    np.testing.assert_array_equal(out, x[1:3, 1:3])
    out = to_np(image.crop_images(x[None], bottom_cropping=1, right_cropping=1, target_height=2,
                                  target_width=3))
    np.testing.assert_array_equal(out[0], x[:2, :3])
    with pytest.raises(ValueError, match="exactly two"):
        image.pad_images(x, top_padding=1, bottom_padding=1, target_height=5, left_padding=0,
                         right_padding=0)


def test_color_spaces():
    rgb = np.array([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.5, 0.25, 0.0], [0.2, 0.2, 0.2]]],
                   dtype="float32")
    hsv = to_np(image.rgb_to_hsv(rgb))
    expected = [[[0, 1, 1], [1 / 3, 1, 1], [1 / 12, 1, 0.5], [0, 0, 0.2]]]
    np.testing.assert_allclose(hsv, expected, atol=1e-6)
    np.testing.assert_allclose(to_np(image.hsv_to_rgb(hsv)), rgb, atol=1e-6)
    gray = to_np(image.rgb_to_grayscale(rgb))
    np.testing.assert_allclose(gray[..., 0], rgb @ np.array([0.2989, 0.5870, 0.1140]),
                               rtol=1e-6)
    first = to_np(image.rgb_to_grayscale(np.moveaxis(rgb[None], -1, 1),
                                         data_format="channels_first"))
    assert first.shape == (1, 1, 1, 4)
    with pytest.raises(ValueError, match="float"):
        image.rgb_to_hsv(np.zeros((2, 2, 3), dtype="int32"))


@pytest.mark.skipif(BACKEND == "numpy", reason="the numpy backend has no autodiff")
@pytest.mark.parametrize("name", ["resize", "resize_antialias", "affine"])
def test_image_gradients_match_finite_differences(name):
    transform = np.array([0.9, 0.1, 0.3, -0.1, 1.1, 0.2, 0.0, 0.0])
    fns = {
        "resize": lambda v: image.resize(v, (5, 3), interpolation="bicubic"),
        "resize_antialias": lambda v: image.resize(v, (2, 2), antialias=True),
        "affine": lambda v: image.affine_transform(v, transform),
    }
    fn = fns[name]
    x = RNG.normal(size=(1, 4, 4, 1))
    w = RNG.normal(size=to_np(fn(x)).shape)
    if BACKEND == "jax":
        import jax

        grad = np.asarray(jax.grad(lambda v: (fn(v) * w).sum())(x))
    elif BACKEND == "torch":
        import torch

        t = torch.tensor(x, requires_grad=True)
        (fn(t) * torch.tensor(w)).sum().backward()
        grad = t.grad.numpy()
    else:
        import tensorflow as tf

        t = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(t)
            loss = tf.reduce_sum(fn(t) * w)
        grad = tape.gradient(loss, t).numpy()
    # Directional derivatives along random directions (central differences, float64).
    for d in np.random.default_rng(6).normal(size=(2,) + x.shape):
        plus = np.sum(to_np(fn(x + 1e-6 * d)) * w)
        minus = np.sum(to_np(fn(x - 1e-6 * d)) * w)
        np.testing.assert_allclose(np.sum(grad * d), (plus - minus) / 2e-6, rtol=1e-5,
                                   atol=1e-6)
