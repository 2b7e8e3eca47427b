"""kc_layers."""
