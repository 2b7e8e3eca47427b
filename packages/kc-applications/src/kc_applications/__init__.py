"""kc_applications."""
