"""Normalization layers: batch, layer, group, RMS and unit normalization."""

from kc_layers.normalization.batch_normalization import BatchNormalization
from kc_layers.normalization.group_normalization import GroupNormalization
from kc_layers.normalization.layer_normalization import (
    LayerNormalization,
    RMSNormalization,
    UnitNormalization,
)

__all__ = [
    "BatchNormalization", "GroupNormalization", "LayerNormalization", "RMSNormalization",
    "UnitNormalization",
]
