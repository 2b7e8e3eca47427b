"""Attention layers: `MultiHeadAttention`, `GroupedQueryAttention` (`GroupQueryAttention`),
`Attention`, `AdditiveAttention`, and the `EinsumDense` projection they use."""

from kc_layers.attention.attention import AdditiveAttention, Attention
from kc_layers.attention.einsum_dense import EinsumDense
from kc_layers.attention.grouped_query_attention import GroupedQueryAttention, GroupQueryAttention
from kc_layers.attention.multi_head_attention import MultiHeadAttention

__all__ = [
    "AdditiveAttention",
    "Attention",
    "EinsumDense",
    "GroupQueryAttention",
    "GroupedQueryAttention",
    "MultiHeadAttention",
]
