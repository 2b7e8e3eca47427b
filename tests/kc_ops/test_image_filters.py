"""keras.ops.image filters, patches and scale_and_translate against NumPy loop references."""

import itertools

import kc_ops
import numpy as np
import pytest
from kc_ops import image
from kc_ops.keras_tensor import KerasTensor

RNG = np.random.default_rng(4)


def to_np(x):
    return kc_ops.convert_to_numpy(x)


def correlate_valid(x, kernel):
    """x (N, H, W, C), kernel (kh, kw): per-channel valid correlation by loops."""
    kh, kw = kernel.shape
    out = np.zeros((x.shape[0], x.shape[1] - kh + 1, x.shape[2] - kw + 1, x.shape[3]))
    for i, j in itertools.product(range(out.shape[1]), range(out.shape[2])):
        window = x[:, i:i + kh, j:j + kw, :]
        out[:, i, j, :] = np.einsum("nhwc,hw->nc", window, kernel)
    return out


def gauss(size, sigma):
    x = np.arange(size) - (size - 1) / 2
    g = np.exp(-x**2 / (2 * sigma**2))
    return g / g.sum()


def test_gaussian_blur():
    x = RNG.uniform(size=(2, 6, 7, 2)).astype("float32")
    kernel = np.outer(gauss(3, 1.0), gauss(5, 2.0))
    expected = correlate_valid(np.pad(x, ((0, 0), (1, 1), (2, 2), (0, 0))), kernel)
    out = to_np(image.gaussian_blur(x, kernel_size=(3, 5), sigma=(1.0, 2.0)))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)
    out = to_np(image.gaussian_blur(np.moveaxis(x, -1, 1), (3, 5), (1.0, 2.0),
                                    data_format="channels_first"))
    np.testing.assert_allclose(np.moveaxis(out, 1, -1), expected, rtol=1e-5, atol=1e-6)


def test_sobel_edges():
    x = RNG.uniform(size=(1, 5, 6, 2)).astype("float32")
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)), mode="reflect")
    dy_kernel = np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype="float64")
    expected = np.stack([correlate_valid(padded, dy_kernel),
                         correlate_valid(padded, dy_kernel.T)], axis=-1)
    out = to_np(image.sobel_edges(x))
    assert out.shape == (1, 5, 6, 2, 2)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    out = to_np(image.sobel_edges(np.moveaxis(x, -1, 1), data_format="channels_first"))
    np.testing.assert_allclose(out, np.moveaxis(expected, 3, 1), rtol=1e-5, atol=1e-5)
    assert image.sobel_edges(KerasTensor((None, 5, 6, 2))).shape == (None, 5, 6, 2, 2)


def test_ssim():
    x = RNG.uniform(size=(2, 12, 13, 1)).astype("float32")
    y = np.clip(x + RNG.normal(scale=0.1, size=x.shape), 0, 1).astype("float32")
    np.testing.assert_allclose(to_np(image.ssim(x, x)), [1.0, 1.0], rtol=1e-5)
    k = np.outer(gauss(11, 1.5), gauss(11, 1.5))
    xd, yd = x.astype("float64"), y.astype("float64")
    mx, my = correlate_valid(xd, k), correlate_valid(yd, k)
    vx = correlate_valid(xd * xd, k) - mx**2
    vy = correlate_valid(yd * yd, k) - my**2
    cxy = correlate_valid(xd * yd, k) - mx * my
    c1, c2 = 0.01**2, 0.03**2
    ssim_map = (2 * mx * my + c1) * (2 * cxy + c2) / ((mx**2 + my**2 + c1) * (vx + vy + c2))
    np.testing.assert_allclose(to_np(image.ssim(x, y)), ssim_map.mean(axis=(1, 2, 3)),
                               rtol=1e-4)
    np.testing.assert_allclose(to_np(image.ssim(x[0], y[0])), ssim_map[0].mean(), rtol=1e-4)


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_extract_patches(padding):
    x = RNG.normal(size=(2, 5, 6, 3)).astype("float32")
    out = to_np(image.extract_patches(x, (2, 3), strides=(2, 2), padding=padding))
    pad = ((0, 0), (0, 1), (0, 1), (0, 0)) if padding == "same" else ((0, 0),) * 4
    xp = np.pad(x, pad)
    oh, ow = ((5 + 1) // 2, (6 + 1) // 2) if padding == "same" else (2, 2)
    assert out.shape == (2, oh, ow, 18)
    for i, j in itertools.product(range(oh), range(ow)):
        patch = xp[:, 2 * i:2 * i + 2, 2 * j:2 * j + 3, :].reshape(2, -1)
        np.testing.assert_allclose(out[:, i, j], patch, rtol=1e-6)
    out3 = to_np(image.extract_patches_3d(x[..., None][:, :4, :4, :2], 2))
    assert out3.shape == (2, 2, 2, 1, 8)
    np.testing.assert_allclose(out3[0, 1, 0, 0], x[0, 2:4, 0:2, 0:2].ravel(), rtol=1e-6)


def test_scale_and_translate():
    x = RNG.normal(size=(1, 4, 5, 1)).astype("float32")
    out = to_np(image.scale_and_translate(x, (1, 8, 10, 1), (2.0, 2.0), (0.0, 0.0), (1, 2),
                                          "bilinear", antialias=False))
    np.testing.assert_allclose(out, to_np(image.resize(x, (8, 10))), rtol=1e-5, atol=1e-6)
    # Scale 1, translation 1: output pixel i samples input pixel i - 1 (zero outside).
    out = to_np(image.scale_and_translate(x, (1, 4, 5, 1), (1.0, 1.0), (1.0, 0.0), (1, 2),
                                          "linear"))
    np.testing.assert_allclose(out[0, 1:], x[0, :3], rtol=1e-6)
    np.testing.assert_allclose(out[0, 0], 0.0)
    with pytest.raises(ValueError, match="method"):
        image.scale_and_translate(x, (1, 4, 5, 1), (1.0, 1.0), (0.0, 0.0), (1, 2), "nearest2")


@pytest.mark.parametrize("mode,expected", [("constant", [0, 0, 0]), ("nearest", [1, 3, 3]),
                                           ("wrap", [3, 1, 2]), ("mirror", [2, 2, 1]),
                                           ("reflect", [1, 3, 2])])
def test_map_coordinates_fill_modes(mode, expected):
    x = np.array([1.0, 2.0, 3.0], dtype="float32")
    out = to_np(image.map_coordinates(x, np.array([[-1.0, 3.0, 4.0]]), 0, fill_mode=mode))
    np.testing.assert_allclose(out, expected)


def test_map_coordinates_linear():
    x = np.arange(12.0, dtype="float32").reshape(3, 4)
    coords = np.array([[0.5, 1.0, 2.0], [0.5, 2.25, 3.5]])
    out = to_np(image.map_coordinates(x, coords, 1))
    # 2-D: x[r, c] = 4 r + c is linear inside; (2, 3.5) has one corner outside -> fill 0.
    np.testing.assert_allclose(out, [2.5, 6.25, 0.5 * 11], rtol=1e-6)
    with pytest.raises(ValueError, match="order"):
        image.map_coordinates(x, coords, 3)
    with pytest.raises(ValueError, match="fill_mode"):
        image.map_coordinates(x, coords, 1, fill_mode="edge")


def bilinear_reference(img, in_y, in_x, fill=0.0):
    h, w, c = img.shape
    out = np.zeros(in_y.shape + (c,))
    for idx in np.ndindex(*in_y.shape):
        y, x = in_y[idx], in_x[idx]
        y0, x0 = int(np.floor(y)), int(np.floor(x))
        for yy, xx in itertools.product((y0, y0 + 1), (x0, x0 + 1)):
            wgt = (1 - abs(y - yy)) * (1 - abs(x - xx))
            val = img[yy, xx] if 0 <= yy < h and 0 <= xx < w else fill
            out[idx] += wgt * val
    return out


def test_affine_transform():
    x = RNG.uniform(size=(2, 5, 6, 2)).astype("float32")
    identity = np.array([1, 0, 0, 0, 1, 0, 0, 0], dtype="float32")
    np.testing.assert_allclose(to_np(image.affine_transform(x, identity)), x, rtol=1e-6)
    shift = np.array([1, 0, -1, 0, 1, 0, 0, 0], dtype="float32")  # output x reads input x - 1
    out = to_np(image.affine_transform(x, shift, fill_value=-1.0))
    np.testing.assert_allclose(out[:, :, 1:], x[:, :, :-1], rtol=1e-6)
    np.testing.assert_allclose(out[:, :, 0], -1.0)
    transform = np.array([[0.9, 0.2, 0.3, -0.1, 1.1, 0.2, 0.01, 0.02],
                          [1.0, 0.0, 0.5, 0.0, 1.0, 0.5, 0.0, 0.0]], dtype="float32")
    out = to_np(image.affine_transform(x, transform))
    ys, xs = np.meshgrid(np.arange(5.0), np.arange(6.0), indexing="ij")
    for b in range(2):
        a = transform[b].astype("float64")
        k = a[6] * xs + a[7] * ys + 1
        expected = bilinear_reference(x[b], (a[3] * xs + a[4] * ys + a[5]) / k,
                                      (a[0] * xs + a[1] * ys + a[2]) / k)
        np.testing.assert_allclose(out[b], expected, rtol=1e-4, atol=1e-5)
    first = to_np(image.affine_transform(np.moveaxis(x, -1, 1), transform,
                                         data_format="channels_first"))
    np.testing.assert_allclose(np.moveaxis(first, 1, -1), out, rtol=1e-5, atol=1e-6)
    assert image.affine_transform(KerasTensor((None, 5, 6, 2)), transform).shape == (
        None, 5, 6, 2)


def test_perspective_transform():
    x = RNG.uniform(size=(1, 5, 6, 1)).astype("float32")
    corners = np.array([[[0, 0], [5, 0], [0, 4], [5, 4]]], dtype="float32")
    np.testing.assert_allclose(to_np(image.perspective_transform(x, corners, corners)), x,
                               rtol=1e-5, atol=1e-5)
    # Start points one pixel right of the end points: output x reads input x + 1.
    out = to_np(image.perspective_transform(x, corners + [1, 0], corners))
    np.testing.assert_allclose(out[:, :, :-1], x[:, :, 1:], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(out[:, :, -1], 0.0, atol=1e-6)


def test_elastic_transform():
    x = RNG.uniform(size=(2, 8, 8, 1)).astype("float32")
    np.testing.assert_allclose(to_np(image.elastic_transform(x, alpha=0.0, seed=1)), x,
                               rtol=1e-6)
    out = to_np(image.elastic_transform(x, alpha=3.0, sigma=1.0, seed=1))
    assert out.shape == x.shape
    assert not np.allclose(out, x)
    assert out.min() >= x.min() - 1e-6 and out.max() <= x.max() + 1e-6


def test_symbolic_shapes():
    x = KerasTensor((None, 8, 9, 3))
    assert image.gaussian_blur(x).shape == (None, 8, 9, 3)
    assert image.extract_patches(x, 2).shape == (None, 4, 4, 12)
    assert image.extract_patches(x, 3, strides=1, padding="same").shape == (None, 8, 9, 27)
    assert image.ssim(KerasTensor((None, 12, 12, 1)), KerasTensor((None, 12, 12, 1))).shape == (
        None,)
    with pytest.raises(ValueError, match="filter_size"):
        image.ssim(x, x)
    assert image.rgb_to_hsv(x).shape == (None, 8, 9, 3)
    assert image.rgb_to_grayscale(x).shape == (None, 8, 9, 1)
    assert image.pad_images(x, 1, 2, 3, 4).shape == (None, 12, 15, 3)
    assert image.crop_images(x, 1, 2, 3, 4).shape == (None, 4, 3, 3)
    assert image.perspective_transform(x, np.zeros((4, 2)), np.zeros((4, 2))).shape == (
        None, 8, 9, 3)
    assert image.elastic_transform(x).shape == (None, 8, 9, 3)
    assert image.map_coordinates(KerasTensor((5, 6)), KerasTensor((2, 3, 4)), 1).shape == (
        3, 4)
