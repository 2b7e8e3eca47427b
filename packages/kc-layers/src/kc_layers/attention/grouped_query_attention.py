"""`GroupedQueryAttention` (exported as `keras.layers.GroupQueryAttention`): attention with
`num_query_heads` query heads sharing `num_key_value_heads` key/value heads.

Key and value heads are repeated to match the query heads; with one key/value head this is
multi-query attention, with as many as query heads it is multi-head attention.
"""

import math

import kc_ops
from kc_ops import random as kc_random
from kc_ops.keras_tensor import KerasTensor

from kc_layers import constraints, initializers, regularizers
from kc_layers.attention import attention_utils as U
from kc_layers.attention.einsum_dense import EinsumDense
from kc_layers.layer import Layer


class GroupedQueryAttention(Layer):
    def __init__(
        self,
        head_dim,
        num_query_heads,
        num_key_value_heads,
        dropout=0.0,
        use_bias=True,
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
        owner = "GroupQueryAttention"
        U.check_positive_int(owner, "head_dim", head_dim)
        U.check_positive_int(owner, "num_query_heads", num_query_heads)
        U.check_positive_int(owner, "num_key_value_heads", num_key_value_heads)
        U.check_positive_int(owner, "sliding_window", sliding_window, allow_none=True)
        if num_query_heads % num_key_value_heads:
            raise ValueError(
                f"{owner}: `num_query_heads` must be a multiple of `num_key_value_heads`. "
                f"Received: num_query_heads={num_query_heads}, "
                f"num_key_value_heads={num_key_value_heads}."
            )
        self.supports_masking = True
        self.head_dim = head_dim
        self.num_query_heads = num_query_heads
        self.num_key_value_heads = num_key_value_heads
        self.num_repeats = num_query_heads // num_key_value_heads
        self.dropout = U.check_rate(owner, dropout)
        self.use_bias = bool(use_bias)
        self.sliding_window = sliding_window
        self._flash_attention = flash_attention
        self.use_gate = bool(use_gate)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.seed = seed
        self.seed_generator = kc_random.SeedGenerator(seed) if self.dropout > 0 else None

    def _dense(self, equation, output_shape, bias_axes, name, activation=None):
        def clone(initializer):
            if hasattr(initializer, "get_config") and hasattr(type(initializer), "from_config"):
                return type(initializer).from_config(initializer.get_config())
            return initializer

        return EinsumDense(
            equation,
            output_shape=output_shape,
            bias_axes=bias_axes if self.use_bias else None,
            activation=activation,
            kernel_initializer=clone(self.kernel_initializer),
            bias_initializer=clone(self.bias_initializer),
            kernel_regularizer=self.kernel_regularizer,
            bias_regularizer=self.bias_regularizer,
            kernel_constraint=self.kernel_constraint,
            bias_constraint=self.bias_constraint,
            dtype=self.dtype_policy,
            name=name,
        )

    def build(self, query_shape, value_shape, key_shape=None):
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        for label, shape in (("query", query_shape), ("value", value_shape), ("key", key_shape)):
            if len(shape) != 3 or shape[-1] is None:
                raise ValueError(
                    f"GroupQueryAttention {self.name!r}: `{label}` must have shape (batch, "
                    f"sequence, features) with known features. Received {shape}."
                )
        self.feature_dim = query_shape[-1]
        self._query_dense = self._dense(
            "bqm,muh->bquh", (None, self.num_query_heads, self.head_dim), "uh", "query"
        )
        self._query_dense.build(query_shape)
        self._key_dense = self._dense(
            "bkm,mvh->bkvh", (None, self.num_key_value_heads, self.head_dim), "vh", "key"
        )
        self._key_dense.build(key_shape)
        self._value_dense = self._dense(
            "bkm,mvh->bkvh", (None, self.num_key_value_heads, self.head_dim), "vh", "value"
        )
        self._value_dense.build(value_shape)
        if self.use_gate:
            self._gate_dense = self._dense(
                "bqm,muh->bquh",
                (None, self.num_query_heads, self.head_dim),
                "uh",
                "gate",
                activation="sigmoid",
            )
            self._gate_dense.build(query_shape)
        self._output_dense = self._dense(
            "bquh,uhm->bqm", (None, self.feature_dim), "m", "attention_output"
        )
        self._output_dense.build(query_shape[:-1] + (self.num_query_heads, self.head_dim))
        self.built = True

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
        auto = None
        if query_mask is not None:
            auto = kc_ops.expand_dims(kc_ops.cast(query_mask, "bool"), -1)
        for m in (value_mask, key_mask):
            if m is not None:
                auto = U.combine_masks(auto, kc_ops.expand_dims(kc_ops.cast(m, "bool"), -2))
        q_len, v_len = kc_ops.shape(query)[1], kc_ops.shape(value)[1]
        if use_causal_mask:
            auto = U.combine_masks(auto, U.causal_mask(q_len, v_len))
        if self.sliding_window is not None:
            auto = U.combine_masks(auto, U.sliding_window_mask(q_len, v_len, self.sliding_window))
        mask = U.combine_masks(auto, attention_mask)

        q = self._query_dense(query)  # (B, Tq, Hq, D)
        k = self._key_dense(key)  # (B, Tk, Hkv, D)
        v = self._value_dense(value)
        if self.num_repeats > 1:
            k = kc_ops.repeat(k, self.num_repeats, axis=2)
            v = kc_ops.repeat(v, self.num_repeats, axis=2)
        q = kc_ops.multiply(q, 1.0 / math.sqrt(float(self.head_dim)))
        scores = kc_ops.einsum("bquh,bkuh->buqk", q, k)
        if mask is not None:
            mask = kc_ops.expand_dims(mask, 1)
        scores = U.masked_softmax(scores, mask, (-1,))
        dropped = scores
        if training and self.dropout > 0:
            dropped = kc_random.dropout(scores, self.dropout, seed=self.seed_generator)
        output = kc_ops.einsum("buqk,bkuh->bquh", dropped, v)
        if self.use_gate:
            output = kc_ops.multiply(output, self._gate_dense(query))
        output = self._output_dense(output)
        if return_attention_scores:
            return output, scores
        return output

    def compute_output_shape(self, query_shape, value_shape, key_shape=None):
        return tuple(query_shape)

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
        output = KerasTensor(tuple(query.shape), dtype=self.compute_dtype)
        if return_attention_scores:
            scores = KerasTensor(
                (query.shape[0], self.num_query_heads, query.shape[1], key.shape[1]),
                dtype=self.compute_dtype,
            )
            return output, scores
        return output

    def compute_mask(self, inputs, previous_mask):
        return previous_mask

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "head_dim": self.head_dim,
                "num_query_heads": self.num_query_heads,
                "num_key_value_heads": self.num_key_value_heads,
                "use_bias": self.use_bias,
                "dropout": self.dropout,
                "sliding_window": self.sliding_window,
                "use_gate": self.use_gate,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer),
                "activity_regularizer": regularizers.serialize(self.activity_regularizer),
                "kernel_constraint": constraints.serialize(self.kernel_constraint),
                "bias_constraint": constraints.serialize(self.bias_constraint),
                "seed": self.seed,
            }
        )
        return config


GroupQueryAttention = GroupedQueryAttention
