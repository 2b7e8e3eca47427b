"""Conv1D, Conv2D and Conv3D (grouped convolution with `groups`; causal padding for 1D)."""

import kc_ops

from kc_layers import constraints, initializers, regularizers
from kc_layers.convolutional.arguments import conv_output_length
from kc_layers.convolutional.base_conv import ConvCommon, check_positive_int


class BaseConv(ConvCommon):
    """Kernel of shape `kernel_size + (input_channels // groups, filters)`, named "kernel"."""

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(kernel_size, strides, padding, data_format, dilation_rate, activation,
                         use_bias, bias_initializer, bias_regularizer, activity_regularizer,
                         bias_constraint, allow_causal=self.rank == 1, **kwargs)
        owner = type(self).__name__
        self.filters = check_positive_int(filters, "filters", owner)
        self.groups = check_positive_int(groups, "groups", owner)
        if self.filters % self.groups:
            raise ValueError(
                f"{owner}: `filters` must be divisible by `groups`, received filters="
                f"{filters} and groups={groups}."
            )
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)

    def build(self, input_shape):
        self.check_rank(input_shape)
        channels = self.input_channels(input_shape)
        if channels % self.groups:
            raise ValueError(
                f"{type(self).__name__}: the number of input channels ({channels}) must be "
                f"divisible by `groups` ({self.groups}); input_shape={tuple(input_shape)}."
            )
        self.kernel = self.add_weight(
            name="kernel", shape=self.kernel_size + (channels // self.groups, self.filters),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint, trainable=True,
        )
        self.add_bias(self.filters)
        self.set_channel_spec(channels)
        self.built = True

    def _causal_pad(self, inputs):
        left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
        pads = [[0, 0], [left, 0], [0, 0]]
        if self.data_format == "channels_first":
            pads = [[0, 0], [0, 0], [left, 0]]
        return kc_ops.pad(inputs, pads)

    def call(self, inputs):
        padding = self.padding
        if padding == "causal":
            inputs, padding = self._causal_pad(inputs), "valid"
        outputs = kc_ops.conv(inputs, self.kernel, strides=self.strides, padding=padding,
                              data_format=self.data_format, dilation_rate=self.dilation_rate)
        return self.finish(outputs)

    def compute_output_shape(self, input_shape):
        self.check_rank(input_shape)
        # Causal padding keeps every step, like "same" (the padding is all on the left).
        padding = "same" if self.padding == "causal" else self.padding
        spatial = [
            conv_output_length(size, k, s, padding, d)
            for size, k, s, d in zip(self.spatial_dims(input_shape), self.kernel_size,
                                     self.strides, self.dilation_rate)
        ]
        if any(size is not None and size <= 0 for size in spatial):
            raise ValueError(
                f"{type(self).__name__}: the inputs are too small for the kernel: "
                f"input_shape={tuple(input_shape)}, kernel_size={self.kernel_size}, "
                f"dilation_rate={self.dilation_rate} give output spatial dims {spatial}."
            )
        return self.assemble_shape(input_shape[0], spatial, self.filters)

    def get_config(self):
        return self.config_of(
            "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
            "groups", "activation", "use_bias", "kernel_initializer", "bias_initializer",
            "kernel_regularizer", "bias_regularizer", "activity_regularizer",
            "kernel_constraint", "bias_constraint",
        )


class Conv1D(BaseConv):
    """1D convolution over `(batch, steps, channels)` (or channels first); padding may also be
    "causal": the output at step t sees only inputs up to t."""

    rank = 1

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate,
                         groups, activation, use_bias, kernel_initializer, bias_initializer,
                         kernel_regularizer, bias_regularizer, activity_regularizer,
                         kernel_constraint, bias_constraint, **kwargs)


class Conv2D(BaseConv):
    rank = 2

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1), groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate,
                         groups, activation, use_bias, kernel_initializer, bias_initializer,
                         kernel_regularizer, bias_regularizer, activity_regularizer,
                         kernel_constraint, bias_constraint, **kwargs)


class Conv3D(BaseConv):
    rank = 3

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid",
                 data_format=None, dilation_rate=(1, 1, 1), groups=1, activation=None,
                 use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate,
                         groups, activation, use_bias, kernel_initializer, bias_initializer,
                         kernel_regularizer, bias_regularizer, activity_regularizer,
                         kernel_constraint, bias_constraint, **kwargs)
