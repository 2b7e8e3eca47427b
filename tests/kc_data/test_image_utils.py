import importlib.util

import kc_data
import numpy as np
import pytest

HAS_PIL = importlib.util.find_spec("PIL") is not None


def test_img_to_array_layouts():
    pixels = np.arange(12, dtype="uint8").reshape(2, 2, 3)
    out = kc_data.img_to_array(pixels)
    assert out.dtype == np.float32 and out.shape == (2, 2, 3)
    assert kc_data.img_to_array(pixels, data_format="channels_first").shape == (3, 2, 2)
    assert kc_data.img_to_array(np.zeros((2, 2)), dtype="float64").shape == (2, 2, 1)
    with pytest.raises(ValueError, match="rank 2 or 3"):
        kc_data.img_to_array(np.zeros((1, 2, 2, 3)))


def test_smart_resize_crops_to_aspect_ratio():
    image = np.zeros((4, 8, 1), "float32")
    image[:, 2:6] = 1.0  # the centered 4x4 square survives the crop
    out = kc_data.smart_resize(image, (2, 2), interpolation="nearest")
    assert isinstance(out, np.ndarray) and out.shape == (2, 2, 1)
    np.testing.assert_allclose(out, np.ones((2, 2, 1)))


@pytest.mark.skipif(not HAS_PIL, reason="Pillow is not installed")
def test_save_and_load_roundtrip(tmp_path):
    pixels = np.zeros((4, 6, 3), "float32")
    pixels[:, :3, 0] = 255
    path = tmp_path / "x.png"
    kc_data.save_img(path, pixels, scale=False)
    img = kc_data.load_img(path)
    assert img.size == (6, 4)
    back = kc_data.img_to_array(img)
    np.testing.assert_allclose(back, pixels)
    small = kc_data.img_to_array(kc_data.load_img(path, color_mode="grayscale", target_size=(2, 3)))
    assert small.shape == (2, 3, 1)
    assert kc_data.array_to_img(pixels / 255.0).getpixel((0, 0)) == (255, 0, 0)


@pytest.mark.skipif(HAS_PIL, reason="checks the error raised when Pillow is missing")
def test_pil_functions_need_pillow(tmp_path):
    with pytest.raises(ImportError, match="pip install pillow"):
        kc_data.array_to_img(np.zeros((2, 2, 3)))
    with pytest.raises(ImportError, match="pip install pillow"):
        kc_data.save_img(tmp_path / "a.png", np.zeros((2, 2, 3)))


def test_bad_color_mode_is_rejected_before_anything():
    if not HAS_PIL:
        pytest.skip("load_img checks Pillow first")
    with pytest.raises(ValueError, match="color_mode"):
        kc_data.load_img("x.png", color_mode="cmyk")
