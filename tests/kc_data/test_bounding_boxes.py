import math

import numpy as np
import pytest
from kc_ops import core as kcore
from keras.utils import bounding_boxes as bb

H, W = 100, 200

# Two boxes, written by hand in every format (image height 100, width 200).
TABLE = {
    "xyxy": [[10, 20, 50, 60], [0, 0, 100, 50]],
    "yxyx": [[20, 10, 60, 50], [0, 0, 50, 100]],
    "xywh": [[10, 20, 40, 40], [0, 0, 100, 50]],
    "center_xywh": [[30, 40, 40, 40], [50, 25, 100, 50]],
    "center_yxhw": [[40, 30, 40, 40], [25, 50, 50, 100]],
    "rel_xyxy": [[0.05, 0.2, 0.25, 0.6], [0, 0, 0.5, 0.5]],
    "rel_yxyx": [[0.2, 0.05, 0.6, 0.25], [0, 0, 0.5, 0.5]],
    "rel_xywh": [[0.05, 0.2, 0.2, 0.4], [0, 0, 0.5, 0.5]],
    "rel_center_xywh": [[0.15, 0.4, 0.2, 0.4], [0.25, 0.25, 0.5, 0.5]],
}


def np_(x):
    return kcore.convert_to_numpy(x)


@pytest.mark.parametrize("source", sorted(TABLE))
def test_convert_format_all_pairs(source):
    src = np.array(TABLE[source], "float32")
    for target in TABLE:
        out = bb.convert_format(src, source, target, height=H, width=W)
        np.testing.assert_allclose(np_(out), TABLE[target], rtol=1e-5, atol=1e-5)
        batched = bb.convert_format(src[None], source, target, height=H, width=W)
        assert tuple(batched.shape) == (1, 2, 4)
        np.testing.assert_allclose(np_(batched)[0], TABLE[target], rtol=1e-5, atol=1e-5)


def test_errors():
    boxes = np.array(TABLE["xyxy"], "float32")
    with pytest.raises(ValueError, match="center_xywh"):
        bb.convert_format(boxes, "xyxy", "xyzw")
    with pytest.raises(ValueError, match="height"):
        bb.convert_format(boxes, "xyxy", "rel_xyxy")
    with pytest.raises(ValueError, match="shape"):
        bb.convert_format(np.zeros((3, 5)), "xyxy", "yxyx")


def test_compute_iou():
    b1 = np.array([[0, 0, 10, 10], [20, 20, 30, 30]], "float32")
    b2 = np.array([[5, 5, 15, 15], [0, 0, 10, 10], [100, 100, 110, 110]], "float32")
    # overlap 5x5 = 25, union 100 + 100 - 25 = 175; the second box of b1 overlaps nothing.
    expected = np.array([[25 / 175, 1.0, 0.0], [0.0, 0.0, 0.0]])
    out = bb.compute_iou(b1, b2, "xyxy")
    assert tuple(out.shape) == (2, 3)
    np.testing.assert_allclose(np_(out), expected, atol=1e-6)
    # batched, other format
    yx = b1[:, [1, 0, 3, 2]]
    out = bb.compute_iou(yx[None], b2[None][..., [1, 0, 3, 2]], "yxyx")
    np.testing.assert_allclose(np_(out)[0], expected, atol=1e-6)


def test_compute_iou_masking():
    b1 = np.array([[0, 0, 10, 10], [-1, -1, -1, -1]], "float32")
    b2 = np.array([[0, 0, 10, 10]], "float32")
    out = bb.compute_iou(b1, b2, "xyxy", use_masking=True, mask_val=-1)
    np.testing.assert_allclose(np_(out), [[1.0], [-1.0]], atol=1e-6)


def test_compute_ciou():
    a = np.array([[0, 0, 10, 10]] * 4, "float32")
    b = np.array([[0, 0, 10, 10], [5, 5, 15, 15], [20, 20, 30, 30], [0, 0, 20, 10]], "float32")
    v = 4 / math.pi**2 * (math.atan(2.0) - math.atan(1.0)) ** 2
    expected = [
        1.0,  # identical
        1 / 7 - 50 / 450,  # iou 1/7, centre distance^2 50, enclosing diagonal^2 450
        0.0 - 800 / 1800,  # no overlap: centres 20 apart in x and y, enclosing 30x30
        0.5 - 25 / 500 - v * v / (v - 0.5 + 1),  # different aspect ratio
    ]
    out = bb.compute_ciou(a, b, "xyxy")
    assert tuple(out.shape) == (4,)
    np.testing.assert_allclose(np_(out), expected, atol=1e-5)
    out = bb.compute_ciou(a[None], b[None], "xyxy")
    np.testing.assert_allclose(np_(out)[0], expected, atol=1e-5)


def test_encode_decode():
    anchors = np.array([[10, 20, 4, 8]], "float32")
    boxes = np.array([[12, 16, 8, 2]], "float32")
    d = bb.encode_box_to_deltas(anchors, boxes, "center_yxhw", "center_yxhw")
    np.testing.assert_allclose(np_(d), [[0.5, -0.5, math.log(2), math.log(0.25)]], rtol=1e-5)
    var = [0.1, 0.1, 0.2, 0.2]
    d = bb.encode_box_to_deltas(anchors, boxes, "center_yxhw", "center_yxhw", variance=var)
    np.testing.assert_allclose(
        np_(d), [[5.0, -5.0, math.log(2) / 0.2, math.log(0.25) / 0.2]], rtol=1e-5
    )
    back = bb.decode_deltas_to_boxes(anchors, d, "center_yxhw", "center_yxhw", variance=var)
    np.testing.assert_allclose(np_(back), boxes, rtol=1e-5)

    # round trip through xyxy, batched
    a = np.array([[[0, 0, 10, 10], [5, 5, 25, 15]]], "float32")
    b = np.array([[[1, 2, 9, 12], [0, 4, 30, 20]]], "float32")
    d = bb.encode_box_to_deltas(a, b, "xyxy", "xyxy")
    back = bb.decode_deltas_to_boxes(a, d, "xyxy", "xyxy")
    np.testing.assert_allclose(np_(back), b, rtol=1e-5, atol=1e-4)


def test_crop_pad():
    boxes = np.array([[10, 20, 50, 60]], "float32")
    out = bb.crop(boxes, top=30, left=5, height=20, width=100)
    np.testing.assert_allclose(np_(out), [[5, 0, 45, 20]])
    out = bb.pad(boxes[None], top=3, left=4)
    np.testing.assert_allclose(np_(out), [[[14, 23, 54, 63]]])
    out = bb.pad(np.array([[10, 20, 40, 40]], "float32"), 3, 4, bounding_box_format="xywh")
    np.testing.assert_allclose(np_(out), [[14, 23, 40, 40]])


def test_clip_to_image_size():
    boxes = np.array([[-5, 10, 50, 120], [150, 0, 250, 10], [210, 10, 220, 20]], "float32")
    labels = np.array([1, 2, 3], "int32")
    out = bb.clip_to_image_size({"boxes": boxes, "labels": labels}, height=H, width=W)
    np.testing.assert_allclose(
        np_(out["boxes"]), [[0, 10, 50, 100], [150, 0, 200, 10], [200, 10, 200, 20]]
    )
    np.testing.assert_array_equal(np_(out["labels"]), [1, 2, -1])
    rel = np.array([[[-0.1, 0.2, 0.5, 1.5]]], "float32")
    out = bb.clip_to_image_size(
        {"boxes": rel, "labels": np.array([[7]])}, bounding_box_format="rel_xyxy"
    )
    np.testing.assert_allclose(np_(out["boxes"]), [[[0, 0.2, 0.5, 1.0]]], atol=1e-6)
    np.testing.assert_array_equal(np_(out["labels"]), [[7]])


def test_affine_transform():
    boxes = np.array([[10, 20, 50, 60]], "float32")
    out = bb.affine_transform(boxes, 0.0, 0.1, 0.2, 1.0, 0.0, 0.0, H, W)
    np.testing.assert_allclose(np_(out), [[30, 40, 70, 80]], atol=1e-4)
    # 90 degrees counter-clockwise about the centre of a 100x100 image: upper-left box
    # moves to the lower left.
    sq = np.array([[[10, 20, 30, 40]]], "float32")
    out = bb.affine_transform(sq, 90.0, 0.0, 0.0, 1.0, 0.0, 0.0, 100, 100)
    np.testing.assert_allclose(np_(out), [[[20, 70, 40, 90]]], atol=1e-4)
    # scale 2 about the centre, format xywh
    out = bb.affine_transform(
        np.array([[40, 40, 20, 20]], "float32"),
        0.0,
        0.0,
        0.0,
        2.0,
        0.0,
        0.0,
        100,
        100,
        bounding_box_format="xywh",
    )
    np.testing.assert_allclose(np_(out), [[30, 30, 40, 40]], atol=1e-4)


def test_affine_transform_per_batch_params():
    boxes = np.array([[[10, 20, 30, 40]], [[10, 20, 30, 40]]], "float32")
    zeros = np.zeros((2,), "float32")
    out = bb.affine_transform(
        boxes,
        np.array([0.0, 90.0], "float32"),
        np.array([0.1, 0.0], "float32"),
        zeros,
        np.ones((2,), "float32"),
        zeros,
        zeros,
        100,
        100,
    )
    np.testing.assert_allclose(np_(out), [[[20, 20, 40, 40]], [[20, 70, 40, 90]]], atol=1e-4)


def test_keras_namespace():
    import keras

    assert keras.utils.bounding_boxes.convert_format is bb.convert_format
