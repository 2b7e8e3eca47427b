"""Shared argument handling and bias/activation logic of the convolution layers."""

import kc_ops
from kc_ops import config

from kc_layers import activations, constraints, initializers, regularizers
from kc_layers.convolutional.arguments import standardize_padding, standardize_tuple
from kc_layers.input_spec import InputSpec
from kc_layers.layer import Layer

_SERIALIZED_SUFFIXES = ("_initializer", "_regularizer", "_constraint")


def check_positive_int(value, name, owner):
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{owner}: `{name}` must be a positive int, received {value!r}.")
    return value


class ConvCommon(Layer):
    """Arguments every convolution layer shares: rank, kernel geometry, data format, bias,
    activation and activity regularizer. Subclasses create their weights in `build`."""

    rank = None

    def __init__(self, kernel_size, strides, padding, data_format, dilation_rate, activation,
                 use_bias, bias_initializer, bias_regularizer, activity_regularizer,
                 bias_constraint, allow_causal=False, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        owner = type(self).__name__
        n = self.rank
        self.kernel_size = standardize_tuple(kernel_size, n, "kernel_size", owner)
        self.strides = standardize_tuple(strides, n, "strides", owner)
        self.dilation_rate = standardize_tuple(dilation_rate, n, "dilation_rate", owner)
        allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
        self.padding = standardize_padding(padding, owner, allowed)
        self.data_format = config.standardize_data_format(data_format)
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                f"{owner}: `strides` > 1 cannot be combined with `dilation_rate` > 1, received "
                f"strides={self.strides} and dilation_rate={self.dilation_rate}."
            )
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.bias_initializer = initializers.get(bias_initializer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=n + 2)

    # -- shapes --------------------------------------------------------------------------------

    @property
    def channel_axis(self):
        return -1 if self.data_format == "channels_last" else 1

    def input_channels(self, input_shape):
        channels = input_shape[self.channel_axis]
        if channels is None:
            raise ValueError(
                f"{type(self).__name__}: the channel dimension of the inputs must be known, "
                f"received input_shape={tuple(input_shape)}."
            )
        return channels

    def spatial_dims(self, input_shape):
        if self.data_format == "channels_last":
            return list(input_shape[1:-1])
        return list(input_shape[2:])

    def assemble_shape(self, batch, spatial, channels):
        if self.data_format == "channels_last":
            return (batch, *spatial, channels)
        return (batch, channels, *spatial)

    def set_channel_spec(self, channels):
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={self.channel_axis: channels})

    def check_rank(self, input_shape):
        if len(input_shape) != self.rank + 2:
            raise ValueError(
                f"{type(self).__name__} expects inputs of rank {self.rank + 2} (batch, "
                f"{self.rank} spatial dims, channels), received input_shape="
                f"{tuple(input_shape)}."
            )

    # -- weights and output --------------------------------------------------------------------

    def add_bias(self, size):
        if not self.use_bias:
            self.bias = None
            return
        self.bias = self.add_weight(
            name="bias", shape=(size,), initializer=self.bias_initializer,
            regularizer=self.bias_regularizer, constraint=self.bias_constraint,
            trainable=True,
        )

    def finish(self, outputs):
        """Add the bias along the channel axis, then apply the activation."""
        if self.use_bias:
            bias = self.bias
            if self.data_format == "channels_first":
                bias = kc_ops.reshape(bias, (1, -1) + (1,) * self.rank)
            outputs = kc_ops.add(outputs, bias)
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    def serialized(self, attribute):
        """The config value of an activation / initializer / regularizer / constraint."""
        value = getattr(self, attribute)
        if attribute == "activation":
            return activations.serialize(value)
        kind = attribute.rsplit("_", 1)[-1]
        module = {"initializer": initializers, "regularizer": regularizers,
                  "constraint": constraints}[kind]
        return module.serialize(value)

    def config_of(self, *names):
        """The base config followed by `names`, in order, serialized."""
        config_ = super().get_config()
        for name in names:
            if name == "activation" or name.endswith(_SERIALIZED_SUFFIXES):
                config_[name] = self.serialized(name)
            else:
                config_[name] = getattr(self, name)
        return config_
