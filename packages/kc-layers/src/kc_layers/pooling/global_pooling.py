"""GlobalMax/GlobalAveragePooling1D/2D/3D: reduce every spatial dim (optionally keeping them
as size-1 dims)."""

import kc_ops
from kc_ops import config

from kc_layers.input_spec import InputSpec
from kc_layers.layer import Layer


class BaseGlobalPooling(Layer):
    rank = None
    pool_mode = None

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = config.standardize_data_format(data_format)
        self.keepdims = bool(keepdims)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    @property
    def spatial_axes(self):
        start = 2 if self.data_format == "channels_first" else 1
        return tuple(range(start, start + self.rank))

    def call(self, inputs):
        reduce = kc_ops.max if self.pool_mode == "max" else kc_ops.mean
        return reduce(inputs, axis=self.spatial_axes, keepdims=self.keepdims)

    def compute_output_shape(self, input_shape):
        if len(input_shape) != self.rank + 2:
            raise ValueError(
                f"{type(self).__name__} expects inputs of rank {self.rank + 2}, received "
                f"input_shape={tuple(input_shape)}."
            )
        if self.keepdims:
            return tuple(1 if i in self.spatial_axes else d for i, d in enumerate(input_shape))
        return tuple(d for i, d in enumerate(input_shape) if i not in self.spatial_axes)

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format,
                "keepdims": self.keepdims}


class GlobalAveragePooling1D(BaseGlobalPooling):
    """Mean over steps; with a `(batch, steps)` mask, only unmasked steps are averaged."""

    rank, pool_mode = 1, "average"

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(data_format=data_format, keepdims=keepdims, **kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is None:
            return super().call(inputs)
        steps = self.spatial_axes[0]
        channel_axis = 1 if self.data_format == "channels_first" else 2
        weights = kc_ops.expand_dims(kc_ops.cast(mask, kc_ops.dtype(inputs)), channel_axis)
        total = kc_ops.sum(kc_ops.multiply(inputs, weights), axis=steps, keepdims=self.keepdims)
        count = kc_ops.sum(weights, axis=steps, keepdims=self.keepdims)
        return kc_ops.divide(total, count)


class GlobalAveragePooling2D(BaseGlobalPooling):
    rank, pool_mode = 2, "average"

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(data_format=data_format, keepdims=keepdims, **kwargs)


class GlobalAveragePooling3D(BaseGlobalPooling):
    rank, pool_mode = 3, "average"

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(data_format=data_format, keepdims=keepdims, **kwargs)


class GlobalMaxPooling1D(BaseGlobalPooling):
    rank, pool_mode = 1, "max"

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(data_format=data_format, keepdims=keepdims, **kwargs)


class GlobalMaxPooling2D(BaseGlobalPooling):
    rank, pool_mode = 2, "max"

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(data_format=data_format, keepdims=keepdims, **kwargs)


class GlobalMaxPooling3D(BaseGlobalPooling):
    rank, pool_mode = 3, "max"

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(data_format=data_format, keepdims=keepdims, **kwargs)
