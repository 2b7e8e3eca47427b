"""Max and average pooling over 1, 2 or 3 spatial dims."""

import kc_ops
from kc_ops import config

from kc_layers.convolutional.arguments import (
    conv_output_length,
    standardize_padding,
    standardize_tuple,
)
from kc_layers.input_spec import InputSpec
from kc_layers.layer import Layer


class BasePooling(Layer):
    """`pool_mode` is "max" or "average"; strides default to the pool size."""

    rank = None
    pool_mode = None

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, name=None,
                 **kwargs):
        super().__init__(name=name, **kwargs)
        owner = type(self).__name__
        self.pool_size = standardize_tuple(pool_size, self.rank, "pool_size", owner)
        strides = self.pool_size if strides is None else strides
        self.strides = standardize_tuple(strides, self.rank, "strides", owner)
        self.padding = standardize_padding(padding, owner)
        self.data_format = config.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def call(self, inputs):
        pool = kc_ops.max_pool if self.pool_mode == "max" else kc_ops.average_pool
        return pool(inputs, pool_size=self.pool_size, strides=self.strides,
                    padding=self.padding, data_format=self.data_format)

    def compute_output_shape(self, input_shape):
        if len(input_shape) != self.rank + 2:
            raise ValueError(
                f"{type(self).__name__} expects inputs of rank {self.rank + 2}, received "
                f"input_shape={tuple(input_shape)}."
            )
        first = self.data_format == "channels_first"
        spatial = input_shape[2:] if first else input_shape[1:-1]
        out = [conv_output_length(size, k, s, self.padding)
               for size, k, s in zip(spatial, self.pool_size, self.strides)]
        if first:
            return (input_shape[0], input_shape[1], *out)
        return (input_shape[0], *out, input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "pool_size": self.pool_size, "padding": self.padding,
                "strides": self.strides, "data_format": self.data_format}
