"""`MultiHeadAttention`: project query/key/value into `num_heads` heads with EinsumDense layers,
take scaled dot-product attention over `attention_axes`, and project back.

Shapes for rank-3 inputs: query (B, T, dim), value/key (B, S, dim); the projected tensors are
(B, T, heads, key_dim); scores are (B, heads, T, S). Higher ranks work the same way with the
attention taken over `attention_axes` and the other inner axes treated like batch axes.
"""

import math
import string

import kc_ops
from kc_ops import random as kc_random
from kc_ops.keras_tensor import KerasTensor

from kc_layers import constraints, initializers, regularizers
from kc_layers.attention import attention_utils as U
from kc_layers.attention.einsum_dense import EinsumDense
from kc_layers.layer import Layer

_LETTERS = string.ascii_lowercase


def _projection_equation(rank, n_out):
    """(input rank, number of output dims) -> (equation, bias_axes) for a dense projection of
    the last axis into `n_out` new axes."""
    inputs = _LETTERS[:rank]
    new = _LETTERS[rank : rank + n_out]
    return f"{inputs},{inputs[-1]}{new}->{inputs[:-1]}{new}", new


def _output_equation(rank, n_out):
    """Projected (rank + 1, heads and head dim last) -> output dims."""
    inputs = _LETTERS[: rank + 1]
    new = _LETTERS[rank + 1 : rank + 1 + n_out]
    return f"{inputs},{inputs[-2:]}{new}->{inputs[:-2]}{new}", new


def _attention_equations(rank, attention_axes):
    """Einsum equations for scores = key . query and output = scores . value, for projected
    tensors of rank `rank` + 1 (batch, inner axes..., heads, head dim)."""
    proj_rank = rank + 1
    query = list(_LETTERS[:proj_rank])
    extra = iter(_LETTERS[proj_rank:])
    key = list(query)
    for axis in attention_axes:
        key[axis] = next(extra)
    heads, dim = proj_rank - 2, proj_rank - 1
    batch_axes = [i for i in range(proj_rank - 2) if i not in attention_axes]
    scores = (
        [query[i] for i in batch_axes]
        + [query[heads]]
        + [query[i] for i in attention_axes]
        + [key[i] for i in attention_axes]
    )
    value = list(key)
    value[dim] = next(extra)
    output = list(query)
    output[dim] = value[dim]
    dot = f"{''.join(key)},{''.join(query)}->{''.join(scores)}"
    combine = f"{''.join(scores)},{''.join(value)}->{''.join(output)}"
    return dot, combine


class MultiHeadAttention(Layer):
    def __init__(
        self,
        num_heads,
        key_dim,
        value_dim=None,
        dropout=0.0,
        use_bias=True,
        output_shape=None,
        attention_axes=None,
        sliding_window=None,
        flash_attention=None,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        use_gate=False,
        seed=None,
        **kwargs,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        owner = "MultiHeadAttention"
        U.check_positive_int(owner, "num_heads", num_heads)
        U.check_positive_int(owner, "key_dim", key_dim)
        U.check_positive_int(owner, "value_dim", value_dim, allow_none=True)
        U.check_positive_int(owner, "sliding_window", sliding_window, allow_none=True)
        self.supports_masking = True
        self._num_heads = num_heads
        self._key_dim = key_dim
        self._value_dim = value_dim if value_dim is not None else key_dim
        self._dropout = U.check_rate(owner, dropout)
        self._use_bias = bool(use_bias)
        self._output_shape_arg = output_shape
        if output_shape is not None:
            if isinstance(output_shape, int):
                output_shape = (output_shape,)
            output_shape = tuple(output_shape)
            if not output_shape or not all(isinstance(d, int) and d > 0 for d in output_shape):
                raise ValueError(
                    f"{owner}: `output_shape` must be a positive int or a tuple of them. "
                    f"Received: output_shape={output_shape!r}"
                )
        self._output_shape = output_shape
        if isinstance(attention_axes, int):
            attention_axes = (attention_axes,)
        elif attention_axes is not None:
            if not isinstance(attention_axes, (list, tuple)) or not all(
                isinstance(a, int) for a in attention_axes
            ):
                raise ValueError(
                    f"{owner}: `attention_axes` must be None, an int or a tuple of ints. "
                    f"Received: attention_axes={attention_axes!r}"
                )
            attention_axes = tuple(attention_axes)
        self._attention_axes = attention_axes
        self._sliding_window = sliding_window
        self._flash_attention = flash_attention
        self._use_gate = bool(use_gate)
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        self.seed = seed
        self.seed_generator = kc_random.SeedGenerator(seed) if self._dropout > 0 else None

    # --- read-only views -------------------------------------------------------------------
    num_heads = property(lambda self: self._num_heads)
    key_dim = property(lambda self: self._key_dim)
    value_dim = property(lambda self: self._value_dim)
    dropout = property(lambda self: self._dropout)
    use_bias = property(lambda self: self._use_bias)
    attention_axes = property(lambda self: self._attention_axes)
    query_dense = property(lambda self: self._query_dense)
    key_dense = property(lambda self: self._key_dense)
    value_dense = property(lambda self: self._value_dense)
    output_dense = property(lambda self: self._output_dense)

    def _dense(self, equation, output_shape, bias_axes, name, activation=None):
        return EinsumDense(
            equation,
            output_shape=output_shape,
            bias_axes=bias_axes if self._use_bias else None,
            activation=activation,
            kernel_initializer=self._clone(self._kernel_initializer),
            bias_initializer=self._clone(self._bias_initializer),
            kernel_regularizer=self._kernel_regularizer,
            bias_regularizer=self._bias_regularizer,
            kernel_constraint=self._kernel_constraint,
            bias_constraint=self._bias_constraint,
            dtype=self.dtype_policy,
            name=name,
        )

    @staticmethod
    def _clone(initializer):
        # Each sublayer gets its own initializer so seeded initializers give different kernels.
        if hasattr(initializer, "get_config") and hasattr(type(initializer), "from_config"):
            return type(initializer).from_config(initializer.get_config())
        return initializer

    def build(self, query_shape, value_shape, key_shape=None):
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        rank = len(query_shape)
        if rank < 3:
            raise ValueError(
                f"MultiHeadAttention {self.name!r}: query must have rank >= 3 (batch, sequence..., "
                f"features). Received query shape {query_shape}."
            )
        if len(value_shape) != rank or len(key_shape) != rank:
            raise ValueError(
                f"MultiHeadAttention {self.name!r}: query, value and key must have the same rank. "
                f"Received shapes {query_shape}, {value_shape}, {key_shape}."
            )
        for label, shape in (("query", query_shape), ("value", value_shape), ("key", key_shape)):
            if shape[-1] is None:
                raise ValueError(
                    f"MultiHeadAttention {self.name!r}: the last dim of `{label}` must be known. "
                    f"Received shape {shape}."
                )
        if self._attention_axes is None:
            self._attention_axes = tuple(range(1, rank - 1))
        axes = tuple(a % rank for a in self._attention_axes)
        if any(a == 0 or a == rank - 1 for a in axes):
            raise ValueError(
                f"MultiHeadAttention {self.name!r}: `attention_axes` must not include the batch "
                f"axis or the feature axis. Received {self._attention_axes} for inputs of rank "
                f"{rank}."
            )
        self._axes = axes

        equation, bias = _projection_equation(rank, 2)
        inner = (None,) * (rank - 2)
        self._query_dense = self._dense(
            equation, inner + (self._num_heads, self._key_dim), bias, "query"
        )
        self._query_dense.build(query_shape)
        self._key_dense = self._dense(
            equation, inner + (self._num_heads, self._key_dim), bias, "key"
        )
        self._key_dense.build(key_shape)
        self._value_dense = self._dense(
            equation, inner + (self._num_heads, self._value_dim), bias, "value"
        )
        self._value_dense.build(value_shape)
        if self._use_gate:
            self._gate_dense = self._dense(
                equation,
                inner + (self._num_heads, self._value_dim),
                bias,
                "gate",
                activation="sigmoid",
            )
            self._gate_dense.build(query_shape)
        out_dims = self._output_shape or (query_shape[-1],)
        equation, bias = _output_equation(rank, len(out_dims))
        self._output_dense = self._dense(
            equation, inner + tuple(out_dims), bias, "attention_output"
        )
        self._output_dense.build(query_shape[:-1] + (self._num_heads, self._value_dim))
        self._dot_equation, self._combine_equation = _attention_equations(rank, axes)
        self.built = True

    # --- masks ----------------------------------------------------------------------------
    def _attention_mask(
        self, query, value, query_mask, value_mask, key_mask, attention_mask, use_causal_mask
    ):
        auto = None
        if query_mask is not None:
            auto = kc_ops.expand_dims(kc_ops.cast(query_mask, "bool"), -1)  # (B, T, 1)
        for mask in (value_mask, key_mask):
            if mask is not None:
                mask = kc_ops.expand_dims(kc_ops.cast(mask, "bool"), -2)  # (B, 1, S)
                auto = U.combine_masks(auto, mask)
        q_len, v_len = kc_ops.shape(query)[1], kc_ops.shape(value)[1]
        if use_causal_mask:
            auto = U.combine_masks(auto, U.causal_mask(q_len, v_len))
        if self._sliding_window is not None:
            auto = U.combine_masks(auto, U.sliding_window_mask(q_len, v_len, self._sliding_window))
        return U.combine_masks(auto, attention_mask)

    # --- the computation ---------------------------------------------------------------------
    def _attend(self, query, key, value, mask, training):
        query = kc_ops.multiply(query, 1.0 / math.sqrt(float(self._key_dim)))
        scores = kc_ops.einsum(self._dot_equation, key, query)
        n = len(self._axes)
        if mask is not None:
            # mask: (batch, [inner], q..., k...) -> insert the heads axis
            for _ in range(len(scores.shape) - len(mask.shape)):
                mask = kc_ops.expand_dims(mask, -2 * n - 1)
        axes = tuple(range(-n, 0))
        scores = U.masked_softmax(scores, mask, axes)
        dropped = scores
        if training and self._dropout > 0:
            dropped = kc_random.dropout(scores, self._dropout, seed=self.seed_generator)
        output = kc_ops.einsum(self._combine_equation, dropped, value)
        return output, scores

    def call(
        self,
        query,
        value,
        key=None,
        query_mask=None,
        value_mask=None,
        key_mask=None,
        attention_mask=None,
        return_attention_scores=False,
        training=None,
        use_causal_mask=False,
    ):
        if key is None:
            key = value
        if query_mask is None:
            query_mask = getattr(query, "_keras_mask", None)
        if value_mask is None:
            value_mask = getattr(value, "_keras_mask", None)
        if key_mask is None and key is not value:
            key_mask = getattr(key, "_keras_mask", None)
        mask = self._attention_mask(
            query, value, query_mask, value_mask, key_mask, attention_mask, use_causal_mask
        )
        q = self._query_dense(query)
        k = self._key_dense(key)
        v = self._value_dense(value)
        output, scores = self._attend(q, k, v, mask, training)
        if self._use_gate:
            output = kc_ops.multiply(output, self._gate_dense(query))
        output = self._output_dense(output)
        if return_attention_scores:
            return output, scores
        return output

    def compute_output_shape(self, query_shape, value_shape, key_shape=None):
        query_shape = tuple(query_shape)
        out_dims = self._output_shape or (query_shape[-1],)
        return query_shape[:-1] + tuple(out_dims)

    def compute_output_spec(
        self,
        query,
        value,
        key=None,
        query_mask=None,
        value_mask=None,
        key_mask=None,
        attention_mask=None,
        return_attention_scores=False,
        training=None,
        use_causal_mask=False,
    ):
        key = value if key is None else key
        output = KerasTensor(
            self.compute_output_shape(query.shape, value.shape), dtype=self.compute_dtype
        )
        if not return_attention_scores:
            return output
        rank = len(query.shape)
        axes = getattr(self, "_axes", None) or tuple(range(1, rank - 1))
        batch = [query.shape[i] for i in range(rank - 1) if i not in axes]
        scores_shape = (
            tuple(batch)
            + (self._num_heads,)
            + tuple(query.shape[a] for a in axes)
            + tuple(key.shape[a] for a in axes)
        )
        return output, KerasTensor(scores_shape, dtype=self.compute_dtype)

    def compute_mask(self, inputs, previous_mask):
        return previous_mask

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "num_heads": self._num_heads,
                "key_dim": self._key_dim,
                "value_dim": self._value_dim,
                "dropout": self._dropout,
                "use_bias": self._use_bias,
                "use_gate": self._use_gate,
                "output_shape": self._output_shape_arg,
                "attention_axes": None
                if self._attention_axes is None
                else list(self._attention_axes),
                "sliding_window": self._sliding_window,
                "kernel_initializer": initializers.serialize(self._kernel_initializer),
                "bias_initializer": initializers.serialize(self._bias_initializer),
                "kernel_regularizer": regularizers.serialize(self._kernel_regularizer),
                "bias_regularizer": regularizers.serialize(self._bias_regularizer),
                "activity_regularizer": regularizers.serialize(self.activity_regularizer),
                "kernel_constraint": constraints.serialize(self._kernel_constraint),
                "bias_constraint": constraints.serialize(self._bias_constraint),
                "seed": self.seed,
            }
        )
        return config
