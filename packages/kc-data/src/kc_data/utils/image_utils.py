"""Image files <-> arrays: `load_img`, `img_to_array`, `array_to_img`, `save_img`,
`smart_resize`. The PIL-based ones need Pillow (`pip install pillow`)."""

import numpy as np
from kc_ops import config

_PIL_INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "hamming", "box", "lanczos")


def require_pil():
    try:
        from PIL import Image
    except ImportError:
        raise ImportError(
            "Loading and saving images needs Pillow, which is not installed. Install it with "
            "`pip install pillow`."
        ) from None
    return Image


def _data_format(data_format):
    return config.standardize_data_format(data_format)


def img_to_array(img, data_format=None, dtype=None):
    """A PIL image as a float (default `floatx`) array of shape (H, W, C) or (C, H, W)."""
    data_format = _data_format(data_format)
    x = np.asarray(img, dtype=dtype or config.floatx())
    if x.ndim == 2:
        x = x[:, :, None]
    elif x.ndim != 3:
        raise ValueError(f"Expected an image of rank 2 or 3, received an array of shape {x.shape}.")
    return x.transpose(2, 0, 1) if data_format == "channels_first" else x


def array_to_img(x, data_format=None, scale=True, dtype=None):
    """A 3D array (1, 3 or 4 channels) as a PIL image; `scale` maps its range to [0, 255]."""
    Image = require_pil()
    data_format = _data_format(data_format)
    x = np.asarray(x, dtype=dtype or config.floatx())
    if x.ndim != 3:
        raise ValueError(f"Expected an image array of rank 3, received shape {x.shape}.")
    if data_format == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        peak = np.max(x)
        if peak != 0:
            x = x / peak
        x = x * 255
    channels = x.shape[2]
    modes = {1: "L", 3: "RGB", 4: "RGBA"}
    if channels not in modes:
        raise ValueError(f"Expected 1, 3 or 4 channels, received {channels} (shape {x.shape}).")
    pixels = x.astype("uint8")
    return Image.fromarray(pixels[:, :, 0] if channels == 1 else pixels, modes[channels])


def save_img(path, x, data_format=None, file_format=None, scale=True, **kwargs):
    """Save an image array to `path` (format from `file_format` or the file extension)."""
    img = array_to_img(x, data_format=data_format, scale=scale)
    if img.mode == "RGBA" and (
        file_format == "jpeg" or str(path).lower().endswith((".jpg", ".jpeg"))
    ):
        img = img.convert("RGB")  # JPEG has no alpha channel
    img.save(path, format=file_format, **kwargs)


def load_img(
    path, color_mode="rgb", target_size=None, interpolation="nearest", keep_aspect_ratio=False
):
    """Load an image file as a PIL image, converted to `color_mode` ("grayscale", "rgb",
    "rgba") and resized to `target_size=(height, width)` when given."""
    Image = require_pil()
    modes = {"grayscale": "L", "rgb": "RGB", "rgba": "RGBA"}
    if color_mode not in modes:
        raise ValueError(
            f"Expected `color_mode` to be one of {list(modes)}, received {color_mode!r}."
        )
    if interpolation not in _PIL_INTERPOLATIONS:
        raise ValueError(
            f"Expected `interpolation` to be one of {_PIL_INTERPOLATIONS}, "
            f"received {interpolation!r}."
        )
    if hasattr(path, "read"):
        img = Image.open(path)
    else:
        with open(path, "rb") as f:
            img = Image.open(f)
            img.load()
    if img.mode != modes[color_mode]:
        img = img.convert(modes[color_mode])
    if target_size is not None:
        width, height = target_size[1], target_size[0]
        if img.size != (width, height):
            if keep_aspect_ratio:  # center-crop to the target's aspect ratio first
                w, h = img.size
                crop_w, crop_h = min(w, int(h * width / height)), min(h, int(w * height / width))
                left, top = (w - crop_w) // 2, (h - crop_h) // 2
                img = img.crop((left, top, left + crop_w, top + crop_h))
            method = getattr(Image, "Resampling", Image)
            img = img.resize((width, height), getattr(method, interpolation.upper()))
    return img


def smart_resize(x, size, interpolation="bilinear", data_format="channels_last", **kwargs):
    """Resize image(s) to `size=(height, width)` without distortion: the largest centered
    crop with the target aspect ratio is taken, then resized."""
    import kc_ops

    if len(size) != 2:
        raise ValueError(f"Expected `size` to be (height, width), received {size!r}.")
    is_numpy = isinstance(x, np.ndarray)
    out = kc_ops.image.resize(
        x, size, interpolation=interpolation, crop_to_aspect_ratio=True, data_format=data_format
    )
    return kc_ops.convert_to_numpy(out) if is_numpy else out
