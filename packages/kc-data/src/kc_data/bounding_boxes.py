"""`keras.utils.bounding_boxes`: bounding-box format conversion, IoU and geometry helpers.

All functions take batched `(batch, n, 4)` or unbatched `(n, 4)` boxes and work on every
backend through `kc_ops` ops only.
"""

import math

from kc_ops import core as kcore
from kc_ops import numpy as knp

FORMATS = (
    "xyxy",
    "yxyx",
    "xywh",
    "center_xywh",
    "center_yxhw",
    "rel_xyxy",
    "rel_yxyx",
    "rel_xywh",
    "rel_center_xywh",
)

_EPS = 1e-7


def _check_format(fmt, name):
    if not isinstance(fmt, str) or fmt.lower() not in FORMATS:
        raise ValueError(f"Invalid `{name}`: expected one of {list(FORMATS)}, received {fmt!r}.")
    return fmt.lower()


def _hw(height, width, image_shape=None):
    if (height is None or width is None) and image_shape is not None:
        shape = tuple(image_shape)
        if len(shape) == 2:
            height, width = shape
        else:
            height, width = shape[-3], shape[-2]
    return height, width


def _need_hw(fmt, height, width):
    if fmt.startswith("rel_") and (height is None or width is None):
        raise ValueError(
            f"Format {fmt!r} is relative to the image size: expected `height` and `width` "
            f"(or `image_shape`), received height={height!r}, width={width!r}."
        )


def _parts(boxes):
    return [boxes[..., i] for i in range(4)]


def _to_xyxy(boxes, fmt, height, width):
    a, b, c, d = _parts(boxes)
    if fmt in ("xyxy", "rel_xyxy"):
        x1, y1, x2, y2 = a, b, c, d
    elif fmt in ("yxyx", "rel_yxyx"):
        y1, x1, y2, x2 = a, b, c, d
    elif fmt in ("xywh", "rel_xywh"):
        x1, y1, x2, y2 = a, b, a + c, b + d
    elif fmt in ("center_xywh", "rel_center_xywh"):
        x1, y1, x2, y2 = a - c / 2.0, b - d / 2.0, a + c / 2.0, b + d / 2.0
    else:  # center_yxhw
        y1, x1, y2, x2 = a - c / 2.0, b - d / 2.0, a + c / 2.0, b + d / 2.0
    if fmt.startswith("rel_"):
        x1, x2 = x1 * width, x2 * width
        y1, y2 = y1 * height, y2 * height
    return x1, y1, x2, y2


def _from_xyxy(x1, y1, x2, y2, fmt, height, width):
    if fmt.startswith("rel_"):
        x1, x2 = x1 / width, x2 / width
        y1, y2 = y1 / height, y2 / height
    if fmt in ("xyxy", "rel_xyxy"):
        out = [x1, y1, x2, y2]
    elif fmt in ("yxyx", "rel_yxyx"):
        out = [y1, x1, y2, x2]
    elif fmt in ("xywh", "rel_xywh"):
        out = [x1, y1, x2 - x1, y2 - y1]
    elif fmt in ("center_xywh", "rel_center_xywh"):
        out = [(x1 + x2) / 2.0, (y1 + y2) / 2.0, x2 - x1, y2 - y1]
    else:  # center_yxhw
        out = [(y1 + y2) / 2.0, (x1 + x2) / 2.0, y2 - y1, x2 - x1]
    return knp.stack(out, axis=-1)


def _prepare(boxes, dtype="float32"):
    boxes = kcore.convert_to_tensor(boxes)
    boxes = kcore.cast(boxes, dtype)
    if len(boxes.shape) not in (2, 3) or boxes.shape[-1] != 4:
        raise ValueError(
            "Expected `boxes` of shape (n, 4) or (batch, n, 4), "
            f"received shape {tuple(boxes.shape)}."
        )
    return boxes


def convert_format(boxes, source, target, height=None, width=None, dtype="float32"):
    """Converts boxes of shape `(n, 4)` / `(batch, n, 4)` from format `source` to `target`."""
    source = _check_format(source, "source")
    target = _check_format(target, "target")
    if isinstance(boxes, dict):
        out = dict(boxes)
        out["boxes"] = convert_format(boxes["boxes"], source, target, height, width, dtype)
        return out
    _need_hw(source, height, width)
    _need_hw(target, height, width)
    boxes = _prepare(boxes, dtype)
    if source == target:
        return boxes
    x1, y1, x2, y2 = _to_xyxy(boxes, source, height, width)
    return _from_xyxy(x1, y1, x2, y2, target, height, width)


def _xyxy(boxes, fmt, height=None, width=None, name="bounding_box_format"):
    fmt = _check_format(fmt, name)
    _need_hw(fmt, height, width)
    return _to_xyxy(_prepare(boxes), fmt, height, width), fmt


def clip_to_image_size(bounding_boxes, height=None, width=None, bounding_box_format="xyxy"):
    """Clips `bounding_boxes["boxes"]` to the image; labels of empty boxes become -1."""
    fmt = _check_format(bounding_box_format, "bounding_box_format")
    if not isinstance(bounding_boxes, dict) or "boxes" not in bounding_boxes:
        raise ValueError(
            "Expected `bounding_boxes` to be a dict with keys 'boxes' and 'labels', "
            f"received {type(bounding_boxes).__name__}."
        )
    boxes = _prepare(bounding_boxes["boxes"])
    if fmt.startswith("rel_"):
        hmax, wmax = 1.0, 1.0
        x1, y1, x2, y2 = _to_xyxy(boxes, fmt, 1.0, 1.0)
    else:
        if height is None or width is None:
            raise ValueError(
                "clip_to_image_size expected `height` and `width` for format "
                f"{fmt!r}, received height={height!r}, width={width!r}."
            )
        hmax, wmax = height, width
        x1, y1, x2, y2 = _to_xyxy(boxes, fmt, height, width)
    x1 = knp.clip(x1, 0.0, wmax)
    x2 = knp.clip(x2, 0.0, wmax)
    y1 = knp.clip(y1, 0.0, hmax)
    y2 = knp.clip(y2, 0.0, hmax)
    if fmt.startswith("rel_"):
        new_boxes = _from_xyxy(x1, y1, x2, y2, fmt, 1.0, 1.0)
    else:
        new_boxes = _from_xyxy(x1, y1, x2, y2, fmt, height, width)
    out = dict(bounding_boxes)
    out["boxes"] = new_boxes
    if "labels" in bounding_boxes and bounding_boxes["labels"] is not None:
        labels = kcore.convert_to_tensor(bounding_boxes["labels"])
        area = (x2 - x1) * (y2 - y1)
        minus_one = kcore.cast(knp.full_like(labels, -1), labels.dtype)
        out["labels"] = knp.where(area > 0, labels, minus_one)
    return out


def _area(x1, y1, x2, y2):
    return knp.maximum(x2 - x1, 0.0) * knp.maximum(y2 - y1, 0.0)


def compute_iou(
    boxes1, boxes2, bounding_box_format, use_masking=False, mask_val=-1, image_shape=None
):
    """Pairwise IoU: boxes `(..., N, 4)` and `(..., M, 4)` give `(..., N, M)`."""
    fmt = _check_format(bounding_box_format, "bounding_box_format")
    height, width = _hw(None, None, image_shape)
    _need_hw(fmt, height, width)
    b1 = _prepare(boxes1)
    b2 = _prepare(boxes2)
    ax1, ay1, ax2, ay2 = [knp.expand_dims(t, -1) for t in _to_xyxy(b1, fmt, height, width)]
    bx1, by1, bx2, by2 = [knp.expand_dims(t, -2) for t in _to_xyxy(b2, fmt, height, width)]
    inter = _area(
        knp.maximum(ax1, bx1), knp.maximum(ay1, by1), knp.minimum(ax2, bx2), knp.minimum(ay2, by2)
    )
    union = _area(ax1, ay1, ax2, ay2) + _area(bx1, by1, bx2, by2) - inter
    iou = knp.clip(inter / knp.maximum(union, _EPS), 0.0, 1.0)
    if use_masking:
        m1 = knp.expand_dims(knp.all(knp.less(b1, 0.0), axis=-1), -1)
        m2 = knp.expand_dims(knp.all(knp.less(b2, 0.0), axis=-1), -2)
        masked = knp.logical_or(m1, m2)
        iou = knp.where(masked, knp.full_like(iou, float(mask_val)), iou)
    return iou


def compute_ciou(boxes1, boxes2, bounding_box_format, image_shape=None):
    """Element-wise Complete IoU of matching boxes `(..., 4)`; returns `(...)`."""
    fmt = _check_format(bounding_box_format, "bounding_box_format")
    height, width = _hw(None, None, image_shape)
    _need_hw(fmt, height, width)
    ax1, ay1, ax2, ay2 = _to_xyxy(_prepare(boxes1), fmt, height, width)
    bx1, by1, bx2, by2 = _to_xyxy(_prepare(boxes2), fmt, height, width)
    inter = _area(
        knp.maximum(ax1, bx1), knp.maximum(ay1, by1), knp.minimum(ax2, bx2), knp.minimum(ay2, by2)
    )
    w1, h1 = ax2 - ax1, ay2 - ay1
    w2, h2 = bx2 - bx1, by2 - by1
    union = w1 * h1 + w2 * h2 - inter
    iou = inter / (union + _EPS)
    cw = knp.maximum(ax2, bx2) - knp.minimum(ax1, bx1)
    ch = knp.maximum(ay2, by2) - knp.minimum(ay1, by1)
    c2 = cw * cw + ch * ch + _EPS
    rho2 = ((bx1 + bx2 - ax1 - ax2) ** 2 + (by1 + by2 - ay1 - ay2) ** 2) / 4.0
    v = (4.0 / math.pi**2) * (knp.arctan(w2 / (h2 + _EPS)) - knp.arctan(w1 / (h1 + _EPS))) ** 2
    alpha = v / (v - iou + (1.0 + _EPS))
    return iou - (rho2 / c2 + v * alpha)


def _encoding_parts(boxes, src_fmt, enc_fmt, height, width):
    enc = _check_format(enc_fmt, "encoding_format")
    if enc not in ("center_yxhw", "center_xywh"):
        raise ValueError(
            "Expected the encoding format to be 'center_yxhw' or 'center_xywh', "
            f"received {enc_fmt!r}."
        )
    return _parts(convert_format(boxes, src_fmt, enc, height=height, width=width)), enc


def _variance(variance):
    if variance is None:
        return None
    v = [float(t) for t in (variance if hasattr(variance, "__len__") else [variance] * 4)]
    if len(v) != 4:
        raise ValueError(f"Expected `variance` of length 4, received {variance!r}.")
    return v


def encode_box_to_deltas(
    anchors,
    boxes,
    anchor_format,
    box_format,
    encoding_format="center_yxhw",
    variance=None,
    image_shape=None,
):
    """Encodes `boxes` relative to `anchors` (`[dy, dx, log dh, log dw]` for center_yxhw)."""
    height, width = _hw(None, None, image_shape)
    (a0, a1, a2, a3), enc = _encoding_parts(anchors, anchor_format, encoding_format, height, width)
    (b0, b1, b2, b3), _ = _encoding_parts(boxes, box_format, encoding_format, height, width)
    deltas = knp.stack(
        [(b0 - a0) / a2, (b1 - a1) / a3, knp.log(b2 / a2), knp.log(b3 / a3)], axis=-1
    )
    v = _variance(variance)
    if v is not None:
        deltas = deltas / kcore.convert_to_tensor(v, "float32")
    return deltas


def decode_deltas_to_boxes(
    anchors,
    boxes_delta,
    anchor_format,
    box_format,
    encoded_format="center_yxhw",
    variance=None,
    image_shape=None,
):
    """Inverse of `encode_box_to_deltas`; returns boxes in `box_format`."""
    if isinstance(anchors, dict) and isinstance(boxes_delta, dict):
        return {
            k: decode_deltas_to_boxes(
                anchors[k],
                boxes_delta[k],
                anchor_format,
                box_format,
                encoded_format,
                variance,
                image_shape,
            )
            for k in anchors
        }
    height, width = _hw(None, None, image_shape)
    (a0, a1, a2, a3), enc = _encoding_parts(anchors, anchor_format, encoded_format, height, width)
    deltas = _prepare(boxes_delta)
    v = _variance(variance)
    if v is not None:
        deltas = deltas * kcore.convert_to_tensor(v, "float32")
    d0, d1, d2, d3 = _parts(deltas)
    boxes = knp.stack([d0 * a2 + a0, d1 * a3 + a1, knp.exp(d2) * a2, knp.exp(d3) * a3], axis=-1)
    return convert_format(boxes, enc, box_format, height=height, width=width)


def crop(boxes, top, left, height, width, bounding_box_format="xyxy"):
    """Shifts boxes into a crop at (`top`, `left`) of size (`height`, `width`) and clips them."""
    fmt = _check_format(bounding_box_format, "bounding_box_format")
    if fmt.startswith("rel_"):
        raise ValueError(f"crop expected an absolute `bounding_box_format`, received {fmt!r}.")
    (x1, y1, x2, y2), _ = _xyxy(boxes, fmt)
    x1, x2 = x1 - left, x2 - left
    y1, y2 = y1 - top, y2 - top
    if width is not None:
        x1, x2 = knp.clip(x1, 0.0, width), knp.clip(x2, 0.0, width)
    if height is not None:
        y1, y2 = knp.clip(y1, 0.0, height), knp.clip(y2, 0.0, height)
    return _from_xyxy(x1, y1, x2, y2, fmt, None, None)


def pad(boxes, top, left, height=None, width=None, bounding_box_format="xyxy"):
    """Shifts boxes by the padding added above (`top`) and left of (`left`) the image."""
    fmt = _check_format(bounding_box_format, "bounding_box_format")
    if fmt.startswith("rel_"):
        raise ValueError(f"pad expected an absolute `bounding_box_format`, received {fmt!r}.")
    (x1, y1, x2, y2), _ = _xyxy(boxes, fmt)
    return _from_xyxy(x1 + left, y1 + top, x2 + left, y2 + top, fmt, None, None)


def affine_transform(
    boxes,
    angle,
    translate_x,
    translate_y,
    scale,
    shear_x,
    shear_y,
    height,
    width,
    center_x=None,
    center_y=None,
    bounding_box_format="xyxy",
):
    """Applies rotation (degrees, counter-clockwise on screen), translation (fractions of the
    image size), scaling and shear (degrees) about (`center_x`, `center_y`) (fractions, default
    0.5) to the box corners; returns the enclosing axis-aligned boxes, clipped to the image."""
    fmt = _check_format(bounding_box_format, "bounding_box_format")
    _need_hw(fmt, height, width)
    (x1, y1, x2, y2), _ = _xyxy(boxes, fmt, height, width)

    def param(v, default=None):
        # Scalars, or one value per batch element (shape (batch,)) for batched boxes.
        v = kcore.cast(kcore.convert_to_tensor(default if v is None else v), "float32")
        if len(v.shape) == 1 and len(x1.shape) == 2:
            v = knp.expand_dims(v, -1)
        return v

    cx = param(center_x, 0.5) * width
    cy = param(center_y, 0.5) * height
    a = param(angle) * (math.pi / 180.0)
    ca, sa = knp.cos(a), knp.sin(a)
    tx = knp.tan(param(shear_x) * (math.pi / 180.0))
    ty = knp.tan(param(shear_y) * (math.pi / 180.0))
    s = param(scale)
    translate_x, translate_y = param(translate_x), param(translate_y)
    xs, ys = [], []
    for px, py in ((x1, y1), (x2, y1), (x1, y2), (x2, y2)):
        dx, dy = px - cx, py - cy
        dx, dy = dx + tx * dy, dy + ty * dx  # shear
        rx = ca * dx + sa * dy
        ry = -sa * dx + ca * dy
        xs.append(cx + s * rx + translate_x * width)
        ys.append(cy + s * ry + translate_y * height)
    xs = knp.stack(xs, axis=-1)
    ys = knp.stack(ys, axis=-1)
    nx1 = knp.clip(knp.min(xs, axis=-1), 0.0, width)
    nx2 = knp.clip(knp.max(xs, axis=-1), 0.0, width)
    ny1 = knp.clip(knp.min(ys, axis=-1), 0.0, height)
    ny2 = knp.clip(knp.max(ys, axis=-1), 0.0, height)
    return _from_xyxy(nx1, ny1, nx2, ny2, fmt, height, width)
