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


def _check_two_of_three(first, second, total, names, op):
    if [first, second, total].count(None) != 1:
        raise ValueError(
            f"{op}: specify exactly two of {', '.join(names)}; received "
            f"{names[0]}={first}, {names[1]}={second}, {names[2]}={total}."
        )


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
        _check_two_of_three(a, b, total, names, op)
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
        _check_two_of_three(a, b, total, names, op)
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


# ------------------------------------------------------------------------ filters and patches


def _batched(images, op):
    """(images as a tensor with a batch axis, whether a batch axis was added)."""
    shape = _check_images(images, op)
    images = _core.convert_to_tensor(images)
    if len(shape) == 3:
        return B.reshape(images, (1,) + shape), True
    return images, False


def _unbatch(x, added):
    return B.reshape(x, tuple(_shape(x)[1:])) if added else x


def _gaussian_1d(size, sigma):
    x = np.arange(size, dtype="float64") - (size - 1) / 2
    g = np.exp(-(x**2) / (2.0 * float(sigma) ** 2))
    return g / g.sum()


def _pair(value, name, op):
    if isinstance(value, (int, float)):
        return (value, value)
    value = tuple(value)
    if len(value) != 2:
        raise ValueError(f"Invalid `{name}` for {op}: expected a number or a pair, received "
                         f"{value!r}.")
    return value


@symbolic_op
def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    from kc_ops import nn

    op = "ops.image.gaussian_blur"
    data_format = nn_utils.standardize_data_format(data_format, op)
    x, added = _batched(images, op)
    kh, kw = (int(k) for k in _pair(kernel_size, "kernel_size", op))
    sy, sx = _pair(sigma, "sigma", op)
    channels = _shape(x)[-1 if data_format == "channels_last" else 1]
    kernel2d = np.outer(_gaussian_1d(kh, sy), _gaussian_1d(kw, sx))
    kernel = np.repeat(kernel2d[:, :, None, None], channels, axis=2)
    x = B.to_float(x)
    out = nn.depthwise_conv.eager(x, B.constant(kernel, x), 1, "same", data_format)
    return _unbatch(out, added)


_SOBEL_Y = np.array([[-1.0, -2.0, -1.0], [0.0, 0.0, 0.0], [1.0, 2.0, 1.0]])


@symbolic_op
def sobel_edges(images, data_format=None):
    from kc_ops import nn

    op = "ops.image.sobel_edges"
    data_format = nn_utils.standardize_data_format(data_format, op)
    shape = _check_images(images, op, ranks=(4,))
    h_axis, w_axis = _spatial_axes(4, data_format)
    x = B.to_float(_core.convert_to_tensor(images))
    # Reflect-pad one pixel (edge pixel not repeated), then a valid 3x3 correlation.
    reflect = [np.concatenate([[1], np.arange(n), [n - 2]]) for n in (shape[h_axis],
                                                                        shape[w_axis])]
    x = B.resample(x, (h_axis, w_axis), (("gather", reflect[0]), ("gather", reflect[1])))
    channels = shape[3 if data_format == "channels_last" else 1]
    kernel = np.stack([_SOBEL_Y, _SOBEL_Y.T], axis=-1)[:, :, None, :].repeat(channels, axis=2)
    out = nn.depthwise_conv.eager(x, B.constant(kernel, x), 1, "valid", data_format)
    if data_format == "channels_last":
        return B.reshape(out, (-1, shape[1], shape[2], channels, 2))
    out = B.reshape(out, (-1, channels, 2, shape[2], shape[3]))
    return B.transpose(out, (0, 1, 3, 4, 2))


@symbolic_op
def ssim(image1, image2, max_val=1.0, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03,
         data_format=None):
    from kc_ops import nn

    op = "ops.image.ssim"
    if _shape(image1) != _shape(image2):
        raise ValueError(f"{op}: `image1` and `image2` must have the same shape, received "
                         f"{_shape(image1)} and {_shape(image2)}.")
    data_format = nn_utils.standardize_data_format(data_format, op)
    x, added = _batched(image1, op)
    y, _ = _batched(image2, op)
    x, y = B.to_float(x), B.to_float(y)
    shape = _shape(x)
    channels = shape[-1 if data_format == "channels_last" else 1]
    spatial = shape[1:3] if data_format == "channels_last" else shape[2:4]
    if any(isinstance(d, int) and d < filter_size for d in spatial):
        raise ValueError(f"{op}: the images ({spatial[0]}x{spatial[1]}) must be at least "
                         f"filter_size={filter_size} in height and width.")
    g = _gaussian_1d(int(filter_size), filter_sigma)
    kernel = B.constant(np.repeat(np.outer(g, g)[:, :, None, None], channels, axis=2), x)

    def blur(v):
        return nn.depthwise_conv.eager(v, kernel, 1, "valid", data_format)

    mu_x, mu_y = blur(x), blur(y)
    var_x = blur(x * x) - mu_x * mu_x
    var_y = blur(y * y) - mu_y * mu_y
    cov = blur(x * y) - mu_x * mu_y
    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    ssim_map = ((2 * mu_x * mu_y + c1) * (2 * cov + c2)) / (
        (mu_x * mu_x + mu_y * mu_y + c1) * (var_x + var_y + c2))
    per_image = B.mean(ssim_map, (1, 2, 3))
    return B.reshape(per_image, ()) if added else per_image


def _patch_args(op, images, size, strides, dilation_rate, padding, data_format, n):
    size = nn_utils.standardize_tuple(size, n, "size", op)
    strides = size if strides is None else nn_utils.standardize_tuple(strides, n, "strides", op)
    return (size, strides, nn_utils.standardize_tuple(dilation_rate, n, "dilation_rate", op),
            nn_utils.standardize_padding(padding, op),
            nn_utils.standardize_data_format(data_format, op))


def _extract(images, size, strides, dilation_rate, padding, data_format, n, op):
    from kc_ops import nn

    shape = _shape(images)
    if len(shape) not in (n + 1, n + 2):
        raise ValueError(f"{op} expects inputs of rank {n + 1} or {n + 2}, received shape "
                         f"{shape}.")
    size, strides, dilation, padding, data_format = _patch_args(
        op, images, size, strides, dilation_rate, padding, data_format, n)
    x = _core.convert_to_tensor(images)
    added = len(shape) == n + 1
    if added:
        x = B.reshape(x, (1,) + shape)
    channels = _shape(x)[-1 if data_format == "channels_last" else 1]
    depth = int(np.prod(size)) * channels
    # One-hot kernel: output channel (patch position, channel) copies that input pixel.
    kernel = np.eye(depth).reshape(*size, channels, depth)
    x = B.to_float(x)
    out = nn.conv.eager(x, B.constant(kernel, x), strides, padding, data_format, dilation)
    return _unbatch(out, added)


@symbolic_op
def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid",
                    data_format=None):
    return _extract(images, size, strides, dilation_rate, padding, data_format, 2,
                    "ops.image.extract_patches")


@symbolic_op
def extract_patches_3d(volumes, size, strides=None, dilation_rate=1, padding="valid",
                       data_format=None):
    return _extract(volumes, size, strides, dilation_rate, padding, data_format, 3,
                    "ops.image.extract_patches_3d")


_SCALE_METHODS = {"linear": "bilinear", "bilinear": "bilinear", "trilinear": "bilinear",
                  "triangle": "bilinear", "cubic": "bicubic", "bicubic": "bicubic",
                  "tricubic": "bicubic", "keyscubic": "bicubic", "lanczos3": "lanczos3",
                  "lanczos5": "lanczos5"}


def _scale_translate_weights(in_size, out_size, scale, translation, method, antialias):
    """(out, in) weights sampling input at (i + 0.5 - translation) / scale - 0.5."""
    kernel = _KERNELS[method]
    kernel_scale = max(1.0 / scale, 1.0) if antialias else 1.0
    sample = (np.arange(out_size) + 0.5 - translation) / scale - 0.5
    distance = np.abs(sample[:, None] - np.arange(in_size)[None, :]) / kernel_scale
    weights = kernel(distance)
    total = weights.sum(axis=1, keepdims=True)
    weights = np.where(np.abs(total) > 1e3 * np.finfo(np.float32).eps,
                       weights / np.where(total != 0, total, 1), 0.0)
    inside = (sample >= -0.5) & (sample <= in_size - 0.5)
    return np.where(inside[:, None], weights, 0.0)


@symbolic_op
def scale_and_translate(images, output_shape, scale, translation, spatial_dims, method,
                        antialias=True):
    op = "ops.image.scale_and_translate"
    if method not in _SCALE_METHODS:
        raise ValueError(f"Invalid `method` for {op}: expected one of "
                         f"{sorted(_SCALE_METHODS)}, received {method!r}.")
    shape = _shape(images)
    output_shape = tuple(int(d) for d in output_shape)
    spatial_dims = tuple(int(d) % len(shape) for d in spatial_dims)
    scale = np.asarray(_core.convert_to_numpy(scale) if not isinstance(scale, (list, tuple))
                       else scale, dtype="float64").reshape(-1)
    translation = np.asarray(
        _core.convert_to_numpy(translation) if not isinstance(translation, (list, tuple))
        else translation, dtype="float64").reshape(-1)
    if len(output_shape) != len(shape) or len(scale) != len(spatial_dims) or len(
            translation) != len(spatial_dims):
        raise ValueError(f"{op}: `output_shape` must have the rank of `images` and `scale` / "
                         "`translation` one value per spatial dim.")
    ops = tuple(
        ("matrix", _scale_translate_weights(shape[d], output_shape[d], float(s), float(t),
                                            _SCALE_METHODS[method], bool(antialias)))
        for d, s, t in zip(spatial_dims, scale, translation)
    )
    return B.resample(B.to_float(_core.convert_to_tensor(images)), spatial_dims, ops)


# --------------------------------------------------------------------------- geometric sampling

FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")
_ORDERS = {"nearest": 0, "bilinear": 1}


def _check_fill_mode(fill_mode, op):
    if fill_mode not in FILL_MODES:
        raise ValueError(f"Invalid `fill_mode` for {op}: expected one of {FILL_MODES}, "
                         f"received {fill_mode!r}.")


def _order(interpolation, op):
    if interpolation not in _ORDERS:
        raise ValueError(f"Invalid `interpolation` for {op}: expected 'nearest' or 'bilinear', "
                         f"received {interpolation!r}.")
    return _ORDERS[interpolation]


@symbolic_op
def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0):
    op = "ops.image.map_coordinates"
    if order not in (0, 1):
        raise ValueError(f"Invalid `order` for {op}: expected 0 or 1, received {order!r}.")
    _check_fill_mode(fill_mode, op)
    shape = _shape(inputs)
    coordinates = _core.convert_to_tensor(coordinates)
    if _shape(coordinates)[0] != len(shape):
        raise ValueError(
            f"{op}: `coordinates` must have shape (inputs.ndim, ...) = ({len(shape)}, ...), "
            f"received {_shape(coordinates)}."
        )
    coords = [coordinates[i] for i in range(len(shape))]
    return B.interpolate(inputs, coords, order, fill_mode, fill_value)


def _same_spec(images, *args, **kwargs):
    return KerasTensor(images.shape, dtype=images.dtype)


def _to_channels_last(images, data_format):
    if data_format == "channels_first":
        return B.transpose(images, (0, 2, 3, 1))
    return images


def _from_channels_last(images, data_format):
    if data_format == "channels_first":
        return B.transpose(images, (0, 3, 1, 2))
    return images


def _projective_sample(images, transform, order, fill_mode, fill_value, data_format, op):
    """Output pixel (x, y) samples the input at ((a0 x + a1 y + a2) / k,
    (a3 x + a4 y + a5) / k), k = a6 x + a7 y + 1."""
    x, added = _batched(images, op)
    x = _to_channels_last(x, data_format)
    height, width = _shape(x)[1:3]
    transform = _core.convert_to_tensor(transform)
    if len(_shape(transform)) == 1:
        transform = B.reshape(transform, (1, 8))
    if _shape(transform)[-1] != 8:
        raise ValueError(f"{op}: `transform` must have shape (8,) or (batch, 8), received "
                         f"{_shape(transform)}.")
    ys, xs = np.meshgrid(np.arange(height), np.arange(width), indexing="ij")
    grid_x, grid_y = B.constant(xs[None], x), B.constant(ys[None], x)
    t = B.to_float(transform)
    t = _core.cast(t, dtypes.standardize_dtype(grid_x.dtype))
    a = [B.reshape(t[:, i], (-1, 1, 1)) for i in range(8)]
    k = a[6] * grid_x + a[7] * grid_y + 1
    in_x = (a[0] * grid_x + a[1] * grid_y + a[2]) / k
    in_y = (a[3] * grid_x + a[4] * grid_y + a[5]) / k
    out = B.interpolate(x, [in_y, in_x], order, fill_mode, fill_value, batched=True)
    return _unbatch(_from_channels_last(out, data_format), added)


@symbolic_op(spec=_same_spec)
def affine_transform(images, transform, interpolation="bilinear", fill_mode="constant",
                     fill_value=0, data_format=None):
    op = "ops.image.affine_transform"
    _check_fill_mode(fill_mode, op)
    data_format = nn_utils.standardize_data_format(data_format, op)
    return _projective_sample(images, transform, _order(interpolation, op), fill_mode,
                              fill_value, data_format, op)


@symbolic_op(spec=_same_spec)
def perspective_transform(images, start_points, end_points, interpolation="bilinear",
                          fill_value=0, data_format=None):
    op = "ops.image.perspective_transform"
    data_format = nn_utils.standardize_data_format(data_format, op)
    order = _order(interpolation, op)
    start = B.to_float(_core.convert_to_tensor(start_points))
    end = _core.cast(_core.convert_to_tensor(end_points), dtypes.standardize_dtype(start.dtype))
    if len(_shape(start)) == 2:
        start, end = B.reshape(start, (1, 4, 2)), B.reshape(end, (1, 4, 2))
    if _shape(start)[-2:] != (4, 2) or _shape(end)[-2:] != (4, 2):
        raise ValueError(f"{op}: the points must have shape (4, 2) or (batch, 4, 2), received "
                         f"{_shape(start_points)} and {_shape(end_points)}.")
    # Solve for the 8 coefficients mapping each end point (output) to its start point (input).
    xe, ye, xs, ys = end[..., 0], end[..., 1], start[..., 0], start[..., 1]
    zeros = xe * 0
    ones = zeros + 1
    rows_x = B.stack([xe, ye, ones, zeros, zeros, zeros, -xe * xs, -ye * xs], axis=-1)
    rows_y = B.stack([zeros, zeros, zeros, xe, ye, ones, -xe * ys, -ye * ys], axis=-1)
    matrix = B.reshape(B.stack([rows_x, rows_y], axis=2), (-1, 8, 8))
    rhs = B.reshape(B.stack([xs, ys], axis=2), (-1, 8, 1))
    transform = B.reshape(B.solve(matrix, rhs), (-1, 8))
    return _projective_sample(images, transform, order, "constant", fill_value, data_format, op)


@symbolic_op(spec=_same_spec)
def elastic_transform(images, alpha=20.0, sigma=5.0, interpolation="bilinear",
                      fill_mode="reflect", fill_value=0.0, seed=None, data_format=None):
    from kc_ops import random as kc_random

    op = "ops.image.elastic_transform"
    _check_fill_mode(fill_mode, op)
    order = _order(interpolation, op)
    data_format = nn_utils.standardize_data_format(data_format, op)
    x, added = _batched(images, op)
    x = _to_channels_last(x, data_format)
    batch, height, width = _shape(x)[:3]
    if not isinstance(batch, int):
        raise ValueError(f"{op} draws one random field per image: it needs a known batch size, "
                         f"received shape {_shape(images)}.")
    dtype = dtypes.standardize_dtype(B.to_float(x).dtype)
    # Random displacements in [-1, 1], smoothed by a Gaussian and scaled by alpha.
    noise = kc_random.uniform((batch, height, width, 2), -1.0, 1.0, dtype=dtype, seed=seed)
    size = int(6 * sigma) | 1
    field = gaussian_blur.eager(noise, (size, size), (sigma, sigma), "channels_last") * alpha
    ys, xs = np.meshgrid(np.arange(height), np.arange(width), indexing="ij")
    in_y = field[..., 0] + B.constant(ys[None], field)
    in_x = field[..., 1] + B.constant(xs[None], field)
    out = B.interpolate(x, [in_y, in_x], order, fill_mode, fill_value, batched=True)
    return _unbatch(_from_channels_last(out, data_format), added)


__all__ = [
    "affine_transform", "crop_images", "elastic_transform", "map_coordinates",
    "perspective_transform", "extract_patches", "extract_patches_3d", "gaussian_blur", "hsv_to_rgb",
    "pad_images", "resize", "rgb_to_grayscale", "rgb_to_hsv", "scale_and_translate",
    "sobel_edges", "ssim",
]
