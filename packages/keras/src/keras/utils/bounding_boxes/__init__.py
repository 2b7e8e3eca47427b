"""`keras.utils.bounding_boxes`: re-exports from kc-data."""

from kc_data.bounding_boxes import (  # noqa: F401
    affine_transform,
    clip_to_image_size,
    compute_ciou,
    compute_iou,
    convert_format,
    crop,
    decode_deltas_to_boxes,
    encode_box_to_deltas,
    pad,
)
