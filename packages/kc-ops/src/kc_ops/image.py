"""`keras.ops.image`: resizing, padding and cropping, color spaces, geometric transforms.

Resizing is separable: each spatial axis is resampled with a (out, in) weight matrix computed
here in NumPy from the sizes alone (half-pixel centers; bilinear/bicubic/lanczos kernels are
stretched when `antialias` downsamples; "area" averages the covered input pixels), so every
backend gives the same numbers and gradients flow through a plain matrix product.
"""

import functools

import numpy as np

from kc_ops import dtypes, nn_utils
from kc_ops.backends import core as _core
from kc_ops.backends import image as B
from kc_ops.keras_tensor import KerasTensor
from kc_ops.operation import symbolic_op

RESIZE_INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area")


def _shape(x):
    shape = getattr(x, "shape", None)
    return tuple(shape) if shape is not None else np.shape(x)


def _check_images(images, op, ranks=(3, 4)):
    shape = _shape(images)
    if len(shape) not in ranks:
        raise ValueError(
            f"{op} expects `images` of rank {' or '.join(map(str, ranks))} "
            "((batch,) height, width, channels), received shape " + str(shape) + "."
        )
    return shape


def _spatial_axes(ndim, data_format):
    return (ndim - 3, ndim - 2) if data_format == "channels_last" else (ndim - 2, ndim - 1)


# -------------------------------------------------------------------------------- resize weights


def _triangle(x):
    return np.maximum(0.0, 1.0 - x)


def _keys_cubic(x, a=-0.5):
    return np.where(x <= 1, ((a + 2) * x - (a + 3)) * x * x + 1,
                    np.where(x < 2, ((a * x - 5 * a) * x + 8 * a) * x - 4 * a, 0.0))


def _lanczos(radius):
    def kernel(x):
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.sinc(x) * np.sinc(x / radius)
        return np.where(x < radius, out, 0.0)

    return kernel


_KERNELS = {"bilinear": _triangle, "bicubic": _keys_cubic, "lanczos3": _lanczos(3),
            "lanczos5": _lanczos(5)}


@functools.lru_cache(maxsize=256)
def resize_weights(in_size, out_size, method, antialias):
    """(out_size, in_size) float64 matrix mapping an input axis to the resized axis."""
    scale = out_size / in_size
    if method == "area":
        bounds = np.arange(out_size + 1) * (in_size / out_size)
        lo, hi = bounds[:-1, None], bounds[1:, None]
        pixels = np.arange(in_size)[None, :]
        overlap = np.clip(np.minimum(hi, pixels + 1) - np.maximum(lo, pixels), 0, None)
        return overlap / (in_size / out_size)
    kernel = _KERNELS[method]
    kernel_scale = max(1.0 / scale, 1.0) if antialias else 1.0
    sample = (np.arange(out_size) + 0.5) / scale - 0.5
    distance = np.abs(sample[:, None] - np.arange(in_size)[None, :]) / kernel_scale
    weights = kernel(distance)
    total = weights.sum(axis=1, keepdims=True)
    weights = np.where(np.abs(total) > 1e3 * np.finfo(np.float32).eps,
                       weights / np.where(total != 0, total, 1), 0.0)
    inside = (sample >= -0.5) & (sample <= in_size - 0.5)
    return np.where(inside[:, None], weights, 0.0)


@functools.lru_cache(maxsize=256)
def nearest_indices(in_size, out_size):
    """Input index of each output pixel: the pixel containing its (half-pixel) center."""
    index = np.floor((np.arange(out_size) + 0.5) * (in_size / out_size)).astype("int64")
    return np.minimum(index, in_size - 1)


def _axis_op(in_size, out_size, interpolation, antialias):
    if interpolation == "nearest":
        return "gather", nearest_indices(in_size, out_size)
    return "matrix", resize_weights(in_size, out_size, interpolation, bool(antialias))


def _aspect_box(height, width, target_height, target_width, mode):
    """(height, width, top, left) of the crop (mode "crop") or the padded canvas ("pad")."""
    new_h = int(float(width * target_height) / target_width)
    new_w = int(float(height * target_width) / target_height)
    if mode == "crop":
        new_h, new_w = max(min(height, new_h), 1), max(min(width, new_w), 1)
        return new_h, new_w, int((height - new_h) / 2), int((width - new_w) / 2)
    new_h, new_w = max(height, new_h), max(width, new_w)
    return new_h, new_w, int((new_h - height) / 2), int((new_w - width) / 2)


def _standardize_size(size, op="ops.image.resize"):
    try:
        size = tuple(int(s) for s in size)
    except (TypeError, ValueError):
        size = None
    if size is None or len(size) != 2 or min(size) < 1:
        raise ValueError(
            f"Invalid `size` for {op}: expected a tuple of 2 positive ints (height, width)."
        )
    return size


def _resize_spec(images, size, interpolation="bilinear", antialias=False,
                 crop_to_aspect_ratio=False, pad_to_aspect_ratio=False, fill_mode="constant",
                 fill_value=0.0, data_format=None):
    shape = list(_check_images(images, "ops.image.resize"))
    size = _standardize_size(size)
    data_format = nn_utils.standardize_data_format(data_format, "ops.image.resize")
    h_axis, w_axis = _spatial_axes(len(shape), data_format)
    shape[h_axis], shape[w_axis] = size
    return KerasTensor(tuple(shape), dtype=images.dtype)


@symbolic_op(spec=_resize_spec)
def resize(images, size, interpolation="bilinear", antialias=False, crop_to_aspect_ratio=False,
           pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0, data_format=None):
    op = "ops.image.resize"
    shape = _check_images(images, op)
    size = _standardize_size(size)
    data_format = nn_utils.standardize_data_format(data_format, op)
    if interpolation not in RESIZE_INTERPOLATIONS:
        raise ValueError(
            f"Invalid `interpolation` for {op}: expected one of {RESIZE_INTERPOLATIONS}, "
            f"received {interpolation!r}."
        )
    if fill_mode != "constant":
        raise ValueError(
            f"Invalid `fill_mode` for {op}: only 'constant' is supported, received {fill_mode!r}."
        )
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError(
            f"{op}: only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` can be True."
        )
    images = _core.convert_to_tensor(images)
    h_axis, w_axis = _spatial_axes(len(shape), data_format)
    height, width = shape[h_axis], shape[w_axis]
    if height is None or width is None:
        raise ValueError(f"{op} needs known image height and width, received shape {shape}.")
    if crop_to_aspect_ratio:
        h, w, top, left = _aspect_box(height, width, *size, "crop")
        index = [slice(None)] * len(shape)
        index[h_axis], index[w_axis] = slice(top, top + h), slice(left, left + w)
        images = images[tuple(index)]
        height, width = h, w
    elif pad_to_aspect_ratio:
        h, w, top, left = _aspect_box(height, width, *size, "pad")
        pads = [(0, 0)] * len(shape)
        pads[h_axis], pads[w_axis] = (top, h - height - top), (left, w - width - left)
        images = B.pad(images, pads, fill_value)
        height, width = h, w
    if (height, width) == size:
        return images
    return B.resample(images, (h_axis, w_axis),
                      (_axis_op(height, size[0], interpolation, antialias),
                       _axis_op(width, size[1], interpolation, antialias)))


# -------------------------------------------------------------------------- padding and cropping


def _two_of_three(first, second, total, size, names, op):
    if [first, second, total].count(None) != 1:
        raise ValueError(
            f"{op}: specify exactly two of {', '.join(names)}; received "
            f"{names[0]}={first}, {names[1]}={second}, {names[2]}={total}."
        )
    return first, second, total


@symbolic_op
def pad_images(images, top_padding=None, left_padding=None, bottom_padding=None,
               right_padding=None, target_height=None, target_width=None, data_format=None):
    op = "ops.image.pad_images"
    shape = _check_images(images, op)
    data_format = nn_utils.standardize_data_format(data_format, op)
    h_axis, w_axis = _spatial_axes(len(shape), data_format)
    pads = [(0, 0)] * len(shape)
    for axis, (a, b, total, names) in (
        (h_axis, (top_padding, bottom_padding, target_height,
                  ("top_padding", "bottom_padding", "target_height"))),
        (w_axis, (left_padding, right_padding, target_width,
                  ("left_padding", "right_padding", "target_width"))),
    ):
        _two_of_three(a, b, total, shape[axis], names, op)
        if a is None:
            a = total - b - shape[axis]
        if b is None:
            b = total - a - shape[axis]
        if a < 0 or b < 0:
            raise ValueError(
                f"{op}: the padding must be >= 0, computed {names[0]}={a}, {names[1]}={b} for "
                f"an image of size {shape[axis]} (target {total})."
            )
        pads[axis] = (int(a), int(b))
    return B.pad(_core.convert_to_tensor(images), pads, 0)


@symbolic_op
def crop_images(images, top_cropping=None, left_cropping=None, bottom_cropping=None,
                right_cropping=None, target_height=None, target_width=None, data_format=None):
    op = "ops.image.crop_images"
    shape = _check_images(images, op)
    data_format = nn_utils.standardize_data_format(data_format, op)
    h_axis, w_axis = _spatial_axes(len(shape), data_format)
    index = [slice(None)] * len(shape)
    for axis, (a, b, total, names) in (
        (h_axis, (top_cropping, bottom_cropping, target_height,
                  ("top_cropping", "bottom_cropping", "target_height"))),
        (w_axis, (left_cropping, right_cropping, target_width,
                  ("left_cropping", "right_cropping", "target_width"))),
    ):
        _two_of_three(a, b, total, shape[axis], names, op)
        if a is None:
            a = shape[axis] - b - total
        if total is None:
            total = shape[axis] - a - b
        if a < 0 or total <= 0 or a + total > shape[axis]:
            raise ValueError(
                f"{op}: the crop does not fit: {names[0]}={a}, {names[2]}={total} for an image "
                f"of size {shape[axis]}."
            )
        index[axis] = slice(int(a), int(a + total))
    return _core.convert_to_tensor(images)[tuple(index)]


# ---------------------------------------------------------------------------------- color spaces


def _channel_axis(images, op, data_format, channels=3):
    shape = _check_images(images, op)
    data_format = nn_utils.standardize_data_format(data_format, op)
    axis = len(shape) - 1 if data_format == "channels_last" else len(shape) - 3
    if channels is not None and shape[axis] is not None and shape[axis] != channels:
        raise ValueError(
            f"{op} expects {channels} channels on axis {axis}, received shape {shape}."
        )
    return axis


@symbolic_op
def rgb_to_grayscale(images, data_format=None):
    axis = _channel_axis(images, "ops.image.rgb_to_grayscale", data_format)
    return B.rgb_to_grayscale(images, axis)


def _check_float(images, op):
    dtype = dtypes.standardize_dtype(getattr(images, "dtype", "float32"))
    if not dtypes.is_float_dtype(dtype):
        raise ValueError(f"{op} expects float images, received dtype {dtype!r}.")


@symbolic_op
def rgb_to_hsv(images, data_format=None):
    axis = _channel_axis(images, "ops.image.rgb_to_hsv", data_format)
    _check_float(images, "ops.image.rgb_to_hsv")
    return B.rgb_to_hsv(images, axis)


@symbolic_op
def hsv_to_rgb(images, data_format=None):
    axis = _channel_axis(images, "ops.image.hsv_to_rgb", data_format)
    _check_float(images, "ops.image.hsv_to_rgb")
    return B.hsv_to_rgb(images, axis)


__all__ = [
    "crop_images", "hsv_to_rgb", "pad_images", "resize", "rgb_to_grayscale", "rgb_to_hsv",
]
