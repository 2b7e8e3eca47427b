"""kc_data."""
