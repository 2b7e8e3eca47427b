"""kc_train."""
