"""kc-layers: `Layer`, `Input`, `InputSpec`, dtype policies and the built-in layers.

Layer classes are imported lazily by name (`kc_layers.Dense`) so that importing the package
stays cheap; `__all__` lists every public name.
"""

import importlib

_EXPORTS = {
    "Layer": "kc_layers.layer",
    "InputSpec": "kc_layers.input_spec",
    "Input": "kc_layers.input_layer",
    "InputLayer": "kc_layers.input_layer",
    "DTypePolicy": "kc_layers.dtype_policies",
    "FloatDTypePolicy": "kc_layers.dtype_policies",
    "DTypePolicyMap": "kc_layers.dtype_policies",
    "QuantizedDTypePolicy": "kc_layers.dtype_policies",
    "QuantizedFloat8DTypePolicy": "kc_layers.dtype_policies",
    # core layers
    "Dense": "kc_layers.core.dense", "Embedding": "kc_layers.core.embedding",
    "Identity": "kc_layers.core.simple", "Masking": "kc_layers.core.simple", "Lambda": "kc_layers.core.simple",
    # attention
    "EinsumDense": "kc_layers.attention", "MultiHeadAttention": "kc_layers.attention",
    "GroupedQueryAttention": "kc_layers.attention", "GroupQueryAttention": "kc_layers.attention",
    "Attention": "kc_layers.attention", "AdditiveAttention": "kc_layers.attention",
    # convolution, pooling, normalization
    "Conv1D": "kc_layers.convolutional",
    "Conv1DTranspose": "kc_layers.convolutional",
    "Conv2D": "kc_layers.convolutional",
    "Conv2DTranspose": "kc_layers.convolutional",
    "Conv3D": "kc_layers.convolutional",
    "Conv3DTranspose": "kc_layers.convolutional",
    "DepthwiseConv1D": "kc_layers.convolutional",
    "DepthwiseConv2D": "kc_layers.convolutional",
    "SeparableConv1D": "kc_layers.convolutional",
    "SeparableConv2D": "kc_layers.convolutional",
    "AdaptiveAveragePooling1D": "kc_layers.pooling",
    "AdaptiveAveragePooling2D": "kc_layers.pooling",
    "AdaptiveAveragePooling3D": "kc_layers.pooling",
    "AdaptiveMaxPooling1D": "kc_layers.pooling",
    "AdaptiveMaxPooling2D": "kc_layers.pooling",
    "AdaptiveMaxPooling3D": "kc_layers.pooling",
    "AveragePooling1D": "kc_layers.pooling",
    "AveragePooling2D": "kc_layers.pooling",
    "AveragePooling3D": "kc_layers.pooling",
    "GlobalAveragePooling1D": "kc_layers.pooling",
    "GlobalAveragePooling2D": "kc_layers.pooling",
    "GlobalAveragePooling3D": "kc_layers.pooling",
    "GlobalMaxPooling1D": "kc_layers.pooling",
    "GlobalMaxPooling2D": "kc_layers.pooling",
    "GlobalMaxPooling3D": "kc_layers.pooling",
    "MaxPooling1D": "kc_layers.pooling",
    "MaxPooling2D": "kc_layers.pooling",
    "MaxPooling3D": "kc_layers.pooling",
    "BatchNormalization": "kc_layers.normalization",
    "GroupNormalization": "kc_layers.normalization",
    "LayerNormalization": "kc_layers.normalization",
    "RMSNormalization": "kc_layers.normalization",
    "UnitNormalization": "kc_layers.normalization",
    # recurrent layers
    "RNN": "kc_layers.rnn",
    "SimpleRNN": "kc_layers.rnn",
    "SimpleRNNCell": "kc_layers.rnn",
    "LSTM": "kc_layers.rnn",
    "LSTMCell": "kc_layers.rnn",
    "GRU": "kc_layers.rnn",
    "GRUCell": "kc_layers.rnn",
    "Bidirectional": "kc_layers.rnn",
    "StackedRNNCells": "kc_layers.rnn",
    "ConvLSTM1D": "kc_layers.rnn",
    "ConvLSTM2D": "kc_layers.rnn",
    "ConvLSTM3D": "kc_layers.rnn",
    # basic layers
    "Add": "kc_layers.basic.merging", "Subtract": "kc_layers.basic.merging",
    "Multiply": "kc_layers.basic.merging", "Average": "kc_layers.basic.merging",
    "Maximum": "kc_layers.basic.merging", "Minimum": "kc_layers.basic.merging",
    "Concatenate": "kc_layers.basic.merging", "Dot": "kc_layers.basic.merging",
    "add": "kc_layers.basic.merging", "subtract": "kc_layers.basic.merging",
    "multiply": "kc_layers.basic.merging", "average": "kc_layers.basic.merging",
    "maximum": "kc_layers.basic.merging", "minimum": "kc_layers.basic.merging",
    "concatenate": "kc_layers.basic.merging", "dot": "kc_layers.basic.merging",
    "Flatten": "kc_layers.basic.reshaping", "Reshape": "kc_layers.basic.reshaping",
    "Permute": "kc_layers.basic.reshaping", "RepeatVector": "kc_layers.basic.reshaping",
    "Cropping1D": "kc_layers.basic.reshaping", "Cropping2D": "kc_layers.basic.reshaping",
    "Cropping3D": "kc_layers.basic.reshaping", "ZeroPadding1D": "kc_layers.basic.reshaping",
    "ZeroPadding2D": "kc_layers.basic.reshaping", "ZeroPadding3D": "kc_layers.basic.reshaping",
    "UpSampling1D": "kc_layers.basic.reshaping", "UpSampling2D": "kc_layers.basic.reshaping",
    "UpSampling3D": "kc_layers.basic.reshaping",
    "Dropout": "kc_layers.basic.regularization", "SpatialDropout1D": "kc_layers.basic.regularization",
    "SpatialDropout2D": "kc_layers.basic.regularization", "SpatialDropout3D": "kc_layers.basic.regularization",
    "GaussianNoise": "kc_layers.basic.regularization", "GaussianDropout": "kc_layers.basic.regularization",
    "AlphaDropout": "kc_layers.basic.regularization",
    "ActivityRegularization": "kc_layers.basic.regularization",
    "Activation": "kc_layers.basic.activation_layers", "ReLU": "kc_layers.basic.activation_layers",
    "LeakyReLU": "kc_layers.basic.activation_layers", "PReLU": "kc_layers.basic.activation_layers",
    "ELU": "kc_layers.basic.activation_layers", "Softmax": "kc_layers.basic.activation_layers",
    "TimeDistributed": "kc_layers.basic.wrappers", "Wrapper": "kc_layers.basic.wrappers",
    "TorchModuleWrapper": "kc_layers.basic.torch_module_wrapper",
    "JaxLayer": "kc_layers.basic.jax_layer", "FlaxLayer": "kc_layers.basic.jax_layer", "SpectralNormalization": "kc_layers.basic.wrappers",
}

_ALIASES = {
    "Convolution1D": "Conv1D",
    "Convolution2D": "Conv2D",
    "Convolution3D": "Conv3D",
    "Convolution1DTranspose": "Conv1DTranspose",
    "Convolution2DTranspose": "Conv2DTranspose",
    "Convolution3DTranspose": "Conv3DTranspose",
    "SeparableConvolution1D": "SeparableConv1D",
    "SeparableConvolution2D": "SeparableConv2D",
    "MaxPool1D": "MaxPooling1D",
    "MaxPool2D": "MaxPooling2D",
    "MaxPool3D": "MaxPooling3D",
    "AvgPool1D": "AveragePooling1D",
    "AvgPool2D": "AveragePooling2D",
    "AvgPool3D": "AveragePooling3D",
    "GlobalAvgPool1D": "GlobalAveragePooling1D",
    "GlobalAvgPool2D": "GlobalAveragePooling2D",
    "GlobalAvgPool3D": "GlobalAveragePooling3D",
    "GlobalMaxPool1D": "GlobalMaxPooling1D",
    "GlobalMaxPool2D": "GlobalMaxPooling2D",
    "GlobalMaxPool3D": "GlobalMaxPooling3D",
}

__all__ = sorted(set(_EXPORTS) | set(_ALIASES))


def __getattr__(name):
    if name in _ALIASES:
        value = __getattr__(_ALIASES[name])
        globals()[name] = value
        return value
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kc_layers' has no attribute {name!r}")
