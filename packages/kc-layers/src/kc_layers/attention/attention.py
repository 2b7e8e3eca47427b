"""`Attention` (dot-product / Luong) and `AdditiveAttention` (Bahdanau).

`call(inputs=[query, value(, key)], mask=[query_mask, value_mask])`: scores (B, Tq, Tv) from
query and key, softmax over Tv with masked value positions excluded, output = scores @ value,
zeroed where the query is masked.
"""

import kc_ops
from kc_ops import random as kc_random
from kc_ops.keras_tensor import KerasTensor

from kc_layers.attention import attention_utils as U
from kc_layers.layer import Layer


class Attention(Layer):
    def __init__(self, use_scale=False, score_mode="dot", dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        if score_mode not in ("dot", "concat"):
            raise ValueError(
                f"{type(self).__name__}: `score_mode` must be 'dot' or 'concat'. Received: "
                f"score_mode={score_mode!r}"
            )
        self.use_scale = bool(use_scale)
        self.score_mode = score_mode
        self.dropout = U.check_rate(type(self).__name__, dropout)
        self.seed = seed
        self.seed_generator = kc_random.SeedGenerator(seed) if self.dropout > 0 else None
        self.supports_masking = True
        self.scale = None
        self.concat_score_weight = None

    def _check_inputs(self, inputs, mask=None):
        name = type(self).__name__
        if not isinstance(inputs, (list, tuple)) or len(inputs) not in (2, 3):
            raise ValueError(
                f"{name} expects `inputs` to be a list [query, value] or [query, value, key]. "
                f"Received: {type(inputs).__name__} of length "
                f"{len(inputs) if isinstance(inputs, (list, tuple)) else 'n/a'}."
            )
        if mask is not None and (not isinstance(mask, (list, tuple)) or len(mask) not in (2, 3)):
            raise ValueError(
                f"{name} expects `mask` to be a list [query_mask, value_mask]. Received: {mask!r}"
            )

    def build(self, input_shape):
        self._check_inputs(input_shape)
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones")
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(
                name="concat_score_weight", shape=(), initializer="ones"
            )
        self.built = True

    def _calculate_scores(self, query, key):
        if self.score_mode == "dot":
            scores = kc_ops.matmul(query, kc_ops.swapaxes(key, -1, -2))
            if self.scale is not None:
                scores = kc_ops.multiply(scores, self.scale)
            return scores
        q = kc_ops.expand_dims(query, -2)  # (B, Tq, 1, dim)
        k = kc_ops.expand_dims(key, -3)  # (B, 1, Tv, dim)
        summed = kc_ops.add(q, k)
        if self.scale is not None:
            summed = kc_ops.multiply(summed, self.scale)
        return kc_ops.multiply(self.concat_score_weight, kc_ops.sum(kc_ops.tanh(summed), axis=-1))

    def _apply_scores(self, scores, value, scores_mask, training):
        if scores_mask is not None:
            padding = kc_ops.cast(kc_ops.logical_not(scores_mask), scores.dtype)
            big = 65504.0 if kc_ops.dtype(scores) == "float16" else 1e9
            scores = kc_ops.subtract(scores, kc_ops.multiply(padding, big))
        weights = kc_ops.softmax(scores, axis=-1)
        dropped = weights
        if training and self.dropout > 0:
            dropped = kc_random.dropout(weights, self.dropout, seed=self.seed_generator)
        return kc_ops.matmul(dropped, value), weights

    def call(
        self,
        inputs,
        mask=None,
        training=False,
        return_attention_scores=False,
        use_causal_mask=False,
    ):
        self._check_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        query_mask = mask[0] if mask is not None else None
        value_mask = mask[1] if mask is not None else None
        scores = self._calculate_scores(query, key)
        scores_mask = None
        if value_mask is not None:
            scores_mask = kc_ops.expand_dims(kc_ops.cast(value_mask, "bool"), -2)
        if use_causal_mask:
            shape = kc_ops.shape(scores)
            scores_mask = U.combine_masks(scores_mask, U.causal_mask(shape[-2], shape[-1]))
        result, weights = self._apply_scores(scores, value, scores_mask, training)
        if query_mask is not None:
            q_mask = kc_ops.expand_dims(kc_ops.cast(query_mask, result.dtype), -1)
            result = kc_ops.multiply(result, q_mask)
        if return_attention_scores:
            return result, weights
        return result

    def compute_mask(self, inputs, mask=None):
        if mask is None or not isinstance(mask, (list, tuple)) or mask[0] is None:
            return None
        return (
            kc_ops.convert_to_tensor(mask[0]) if not isinstance(mask[0], KerasTensor) else mask[0]
        )

    def compute_output_shape(self, input_shape):
        query_shape, value_shape = tuple(input_shape[0]), tuple(input_shape[1])
        return query_shape[:-1] + value_shape[-1:]

    def compute_output_spec(
        self, inputs, mask=None, return_attention_scores=False, training=None, use_causal_mask=False
    ):
        self._check_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        output = KerasTensor(
            tuple(query.shape[:-1]) + tuple(value.shape[-1:]), dtype=self.compute_dtype
        )
        if return_attention_scores:
            scores = KerasTensor(
                tuple(query.shape[:-1]) + (key.shape[-2],), dtype=self.compute_dtype
            )
            return output, scores
        return output

    def _set_output_mask(self, args, kwargs, outputs):
        mask = kwargs.get("mask")
        if mask is None and args and isinstance(args[0], (list, tuple)):
            masks = [getattr(x, "_keras_mask", None) for x in args[0]]
            mask = masks if any(m is not None for m in masks) else None
        output_mask = self.compute_mask(args[0] if args else None, mask)
        if output_mask is not None:
            from kc_layers.layer import _set_mask

            target = outputs[0] if isinstance(outputs, (list, tuple)) else outputs
            _set_mask(target, output_mask)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"use_scale": self.use_scale, "score_mode": self.score_mode, "dropout": self.dropout}
        )
        return config


class AdditiveAttention(Attention):
    def __init__(self, use_scale=True, dropout=0.0, **kwargs):
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape):
        self._check_inputs(input_shape)
        dim = tuple(input_shape[0])[-1]
        if self.use_scale:
            if dim is None:
                raise ValueError(
                    f"AdditiveAttention {self.name!r}: the last dim of the query must be known to "
                    f"create `scale`. Received query shape {tuple(input_shape[0])}."
                )
            self.scale = self.add_weight(name="scale", shape=(dim,), initializer="glorot_uniform")
        self.built = True

    def _calculate_scores(self, query, key):
        q = kc_ops.expand_dims(query, -2)  # (B, Tq, 1, dim)
        k = kc_ops.expand_dims(key, -3)  # (B, 1, Tv, dim)
        terms = kc_ops.tanh(kc_ops.add(q, k))
        if self.scale is not None:
            terms = kc_ops.multiply(self.scale, terms)
        return kc_ops.sum(terms, axis=-1)

    def get_config(self):
        config = super().get_config()
        config.pop("score_mode", None)
        return config
