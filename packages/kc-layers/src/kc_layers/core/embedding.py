"""`Embedding`: integer indices to dense vectors; `mask_zero` masks index 0."""

import kc_ops

from kc_layers import constraints, initializers, regularizers
from kc_layers.core.lora import LoRAMixin
from kc_layers.layer import Layer


class Embedding(LoRAMixin, Layer):
    _lora_base_attr = "_embeddings"
    _lora_names = ("lora_embeddings_a", "lora_embeddings_b")
    _lora_constraint_attr = "embeddings_constraint"

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False,
                 weights=None, lora_rank=None, lora_alpha=None, quantization_config=None, **kwargs):
        kwargs.pop("input_length", None)  # Keras 2 argument, no longer used
        super().__init__(**kwargs)
        for name, value in (("input_dim", input_dim), ("output_dim", output_dim)):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"Embedding: `{name}` must be a positive int. Received: {value!r}")
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = mask_zero
        self.supports_masking = mask_zero
        self._init_lora(lora_rank, lora_alpha)
        self.quantization_config = quantization_config
        self.autocast = False  # indices are not cast to the compute dtype
        self._initial_weights = weights

    def build(self, input_shape=None):
        self._embeddings = self.add_weight(
            name="embeddings", shape=(self.input_dim, self.output_dim),
            initializer=self.embeddings_initializer, regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint)
        self.built = True
        if self.lora_rank:
            self.enable_lora(self.lora_rank, self.lora_alpha)
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    @property
    def embeddings(self):
        if not self.built:
            raise AttributeError(f"Embedding {self.name!r} has no embeddings until it is built.")
        return self._lora_effective()

    def call(self, inputs):
        if kc_ops.dtype(inputs) not in ("int32", "int64"):
            inputs = kc_ops.cast(inputs, "int32")
        outputs = kc_ops.take(self.embeddings, inputs, axis=0)
        return kc_ops.cast(outputs, self.compute_dtype)

    def compute_mask(self, inputs, previous_mask=None):
        if not self.mask_zero:
            return None
        return kc_ops.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)

    def get_config(self):
        config = super().get_config()
        config.update({
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
            "embeddings_regularizer": regularizers.serialize(self.embeddings_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "embeddings_constraint": constraints.serialize(self.embeddings_constraint),
            "mask_zero": self.mask_zero,
            "quantization_config": self.quantization_config,
        })
        if self.lora_rank:
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        return config
