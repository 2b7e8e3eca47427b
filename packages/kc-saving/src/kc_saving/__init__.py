"""kc_saving."""
