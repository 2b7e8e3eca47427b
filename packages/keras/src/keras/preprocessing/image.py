"""`keras.preprocessing.image`: re-exports from kc-data."""

from kc_data import array_to_img, img_to_array, load_img, save_img, smart_resize  # noqa: F401
