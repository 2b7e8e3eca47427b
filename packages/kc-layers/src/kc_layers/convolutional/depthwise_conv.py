"""DepthwiseConv1D and DepthwiseConv2D: one filter set per input channel."""

import kc_ops

from kc_layers import constraints, initializers, regularizers
from kc_layers.convolutional.arguments import conv_output_length
from kc_layers.convolutional.base_conv import ConvCommon, check_positive_int


class BaseDepthwiseConv(ConvCommon):
    """Kernel of shape `kernel_size + (input_channels, depth_multiplier)`, named "kernel";
    `input_channels * depth_multiplier` output channels."""

    def __init__(self, kernel_size, strides=1, padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(kernel_size, strides, padding, data_format, dilation_rate, activation,
                         use_bias, bias_initializer, bias_regularizer, activity_regularizer,
                         bias_constraint, **kwargs)
        self.depth_multiplier = check_positive_int(depth_multiplier, "depth_multiplier",
                                                   type(self).__name__)
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)

    def build(self, input_shape):
        self.check_rank(input_shape)
        channels = self.input_channels(input_shape)
        self.kernel = self.add_weight(
            name="kernel", shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint, trainable=True,
        )
        self.add_bias(channels * self.depth_multiplier)
        self.set_channel_spec(channels)
        self.built = True

    def call(self, inputs):
        outputs = kc_ops.depthwise_conv(
            inputs, self.kernel, strides=self.strides, padding=self.padding,
            data_format=self.data_format, dilation_rate=self.dilation_rate,
        )
        return self.finish(outputs)

    def compute_output_shape(self, input_shape):
        self.check_rank(input_shape)
        spatial = [
            conv_output_length(size, k, s, self.padding, d)
            for size, k, s, d in zip(self.spatial_dims(input_shape), self.kernel_size,
                                     self.strides, self.dilation_rate)
        ]
        channels = input_shape[self.channel_axis]
        out_channels = None if channels is None else channels * self.depth_multiplier
        return self.assemble_shape(input_shape[0], spatial, out_channels)

    def get_config(self):
        return self.config_of(
            "kernel_size", "strides", "padding", "depth_multiplier", "data_format",
            "dilation_rate", "activation", "use_bias", "depthwise_initializer",
            "bias_initializer", "depthwise_regularizer", "bias_regularizer",
            "activity_regularizer", "depthwise_constraint", "bias_constraint",
        )


class DepthwiseConv1D(BaseDepthwiseConv):
    rank = 1

    def __init__(self, kernel_size, strides=1, padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(kernel_size, strides, padding, depth_multiplier, data_format,
                         dilation_rate, activation, use_bias, depthwise_initializer,
                         bias_initializer, depthwise_regularizer, bias_regularizer,
                         activity_regularizer, depthwise_constraint, bias_constraint, **kwargs)


class DepthwiseConv2D(BaseDepthwiseConv):
    rank = 2

    def __init__(self, kernel_size, strides=(1, 1), padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=(1, 1), activation=None, use_bias=True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(kernel_size, strides, padding, depth_multiplier, data_format,
                         dilation_rate, activation, use_bias, depthwise_initializer,
                         bias_initializer, depthwise_regularizer, bias_regularizer,
                         activity_regularizer, depthwise_constraint, bias_constraint, **kwargs)
