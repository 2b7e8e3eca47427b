"""Conv1DTranspose, Conv2DTranspose and Conv3DTranspose (the gradient of a convolution)."""

import kc_ops

from kc_layers import constraints, initializers, regularizers
from kc_layers.convolutional.arguments import (
    standardize_tuple,
    transpose_output_length,
)
from kc_layers.convolutional.base_conv import ConvCommon, check_positive_int


class BaseConvTranspose(ConvCommon):
    """Kernel of shape `kernel_size + (filters, input_channels)`, named "kernel"."""

    def __init__(self, filters, kernel_size, strides=1, padding="valid", output_padding=None,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(kernel_size, strides, padding, data_format, dilation_rate, activation,
                         use_bias, bias_initializer, bias_regularizer, activity_regularizer,
                         bias_constraint, **kwargs)
        owner = type(self).__name__
        self.filters = check_positive_int(filters, "filters", owner)
        if output_padding is not None:
            output_padding = standardize_tuple(
                output_padding, self.rank, "output_padding", owner, allow_zero=True)
            for p, s in zip(output_padding, self.strides):
                if p >= s:
                    raise ValueError(
                        f"{owner}: each `output_padding` must be smaller than the matching "
                        f"stride, received output_padding={output_padding} and "
                        f"strides={self.strides}."
                    )
        self.output_padding = output_padding
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)

    def build(self, input_shape):
        self.check_rank(input_shape)
        channels = self.input_channels(input_shape)
        self.kernel = self.add_weight(
            name="kernel", shape=self.kernel_size + (self.filters, channels),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint, trainable=True,
        )
        self.add_bias(self.filters)
        self.set_channel_spec(channels)
        self.built = True

    def call(self, inputs):
        outputs = kc_ops.conv_transpose(
            inputs, self.kernel, strides=self.strides, padding=self.padding,
            output_padding=self.output_padding, data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        return self.finish(outputs)

    def compute_output_shape(self, input_shape):
        self.check_rank(input_shape)
        paddings = self.output_padding or (None,) * self.rank
        spatial = [
            transpose_output_length(size, k, s, self.padding, p, d)
            for size, k, s, p, d in zip(self.spatial_dims(input_shape), self.kernel_size,
                                        self.strides, paddings, self.dilation_rate)
        ]
        return self.assemble_shape(input_shape[0], spatial, self.filters)

    def get_config(self):
        return self.config_of(
            "filters", "kernel_size", "strides", "padding", "output_padding", "data_format",
            "dilation_rate", "activation", "use_bias", "kernel_initializer", "bias_initializer",
            "kernel_regularizer", "bias_regularizer", "activity_regularizer",
            "kernel_constraint", "bias_constraint",
        )


class Conv1DTranspose(BaseConvTranspose):
    rank = 1

    def __init__(self, filters, kernel_size, strides=1, padding="valid", output_padding=None,
                 data_format=None, dilation_rate=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(filters, kernel_size, strides, padding, output_padding, data_format,
                         dilation_rate, activation, use_bias, kernel_initializer,
                         bias_initializer, kernel_regularizer, bias_regularizer,
                         activity_regularizer, kernel_constraint, bias_constraint, **kwargs)


class Conv2DTranspose(BaseConvTranspose):
    rank = 2

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 output_padding=None, data_format=None, dilation_rate=(1, 1), activation=None,
                 use_bias=True, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(filters, kernel_size, strides, padding, output_padding, data_format,
                         dilation_rate, activation, use_bias, kernel_initializer,
                         bias_initializer, kernel_regularizer, bias_regularizer,
                         activity_regularizer, kernel_constraint, bias_constraint, **kwargs)


class Conv3DTranspose(BaseConvTranspose):
    rank = 3

    # Keras puts data_format before output_padding here (unlike the 1D and 2D layers).
    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid",
                 data_format=None, output_padding=None, dilation_rate=(1, 1, 1),
                 activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(filters, kernel_size, strides, padding, output_padding, data_format,
                         dilation_rate, activation, use_bias, kernel_initializer,
                         bias_initializer, kernel_regularizer, bias_regularizer,
                         activity_regularizer, kernel_constraint, bias_constraint, **kwargs)
