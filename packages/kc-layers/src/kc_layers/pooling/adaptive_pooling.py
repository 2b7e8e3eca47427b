"""AdaptiveAverage/AdaptiveMaxPooling1D/2D/3D: pool to a fixed output size."""

import kc_ops
from kc_ops import config

from kc_layers.convolutional.arguments import standardize_tuple
from kc_layers.input_spec import InputSpec
from kc_layers.layer import Layer


class BaseAdaptivePooling(Layer):
    rank = None
    pool_mode = None

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.output_size = standardize_tuple(output_size, self.rank, "output_size",
                                                      type(self).__name__)
        self.data_format = config.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def call(self, inputs):
        pool = kc_ops.adaptive_max_pool if self.pool_mode == "max" else (
            kc_ops.adaptive_average_pool)
        return pool(inputs, self.output_size, data_format=self.data_format)

    def compute_output_shape(self, input_shape):
        if len(input_shape) != self.rank + 2:
            raise ValueError(
                f"{type(self).__name__} expects inputs of rank {self.rank + 2}, received "
                f"input_shape={tuple(input_shape)}."
            )
        if self.data_format == "channels_first":
            return (input_shape[0], input_shape[1], *self.output_size)
        return (input_shape[0], *self.output_size, input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "output_size": self.output_size,
                "data_format": self.data_format}


def _adaptive(name, rank, mode):
    def __init__(self, output_size, data_format=None, **kwargs):
        BaseAdaptivePooling.__init__(self, output_size, data_format=data_format, **kwargs)

    return type(name, (BaseAdaptivePooling,), {
        "rank": rank, "pool_mode": mode, "__init__": __init__, "__module__": __name__,
        "__doc__": f"Adaptive {mode} pooling over {rank} spatial dim(s) to `output_size`.",
    })


AdaptiveAveragePooling1D = _adaptive("AdaptiveAveragePooling1D", 1, "average")
AdaptiveAveragePooling2D = _adaptive("AdaptiveAveragePooling2D", 2, "average")
AdaptiveAveragePooling3D = _adaptive("AdaptiveAveragePooling3D", 3, "average")
AdaptiveMaxPooling1D = _adaptive("AdaptiveMaxPooling1D", 1, "max")
AdaptiveMaxPooling2D = _adaptive("AdaptiveMaxPooling2D", 2, "max")
AdaptiveMaxPooling3D = _adaptive("AdaptiveMaxPooling3D", 3, "max")
