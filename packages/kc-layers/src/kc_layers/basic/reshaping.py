"""Reshaping layers: Flatten, Reshape, Permute, RepeatVector, Cropping1D/2D/3D,
ZeroPadding1D/2D/3D, UpSampling1D/2D/3D."""

import math

import kc_ops
from kc_ops import config
from kc_layers.input_spec import InputSpec
from kc_layers.layer import Layer


def _tuple_arg(value, n, name):
    if isinstance(value, int):
        return (value,) * n
    value = tuple(value)
    if len(value) != n:
        raise ValueError(f"`{name}` must be an int or a tuple of {n} ints. Received: {value!r}")
    return value


def _pairs(value, n, name):
    """((before, after), ...) for n spatial dims from an int, n ints or n pairs."""
    if isinstance(value, int):
        return ((value, value),) * n
    value = tuple(value)
    if len(value) == 2 and n == 1 and all(isinstance(v, int) for v in value):
        return (value,)
    if len(value) != n:
        raise ValueError(f"`{name}` must be an int, {n} ints or {n} pairs. Received: {value!r}")
    return tuple((v, v) if isinstance(v, int) else tuple(v) for v in value)


class Flatten(Layer):
    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = config.standardize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs):
        shape = kc_ops.shape(inputs)
        if self.data_format == "channels_first" and len(shape) > 2:
            inputs = kc_ops.moveaxis(inputs, 1, -1)
        if len(shape) == 1:
            return kc_ops.expand_dims(inputs, -1)
        rest = shape[1:]
        if all(isinstance(d, int) for d in rest):
            return kc_ops.reshape(inputs, (-1, int(math.prod(rest))))
        return kc_ops.reshape(inputs, (shape[0], -1))

    def compute_output_shape(self, input_shape):
        rest = input_shape[1:]
        if not rest:
            return (input_shape[0], 1)
        size = None if any(d is None for d in rest) else int(math.prod(rest))
        return (input_shape[0], size)

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}


class Reshape(Layer):
    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(target_shape)
        if sum(d == -1 for d in self.target_shape) > 1:
            raise ValueError(f"Reshape: at most one -1 in target_shape. Received: {self.target_shape}")

    def _resolved(self, input_shape):
        rest = input_shape[1:]
        if -1 not in self.target_shape:
            known = math.prod(self.target_shape)
            if all(d is not None for d in rest) and math.prod(rest) != known:
                raise ValueError(
                    f"Reshape cannot turn an input of shape {tuple(input_shape)} into "
                    f"{self.target_shape}: {math.prod(rest)} elements vs {known}."
                )
            return self.target_shape
        if any(d is None for d in rest):
            return tuple(None if d == -1 else d for d in self.target_shape)
        known = math.prod(d for d in self.target_shape if d != -1)
        total = math.prod(rest)
        if total % known:
            raise ValueError(
                f"Reshape cannot turn an input of shape {tuple(input_shape)} into {self.target_shape}."
            )
        return tuple(total // known if d == -1 else d for d in self.target_shape)

    def call(self, inputs):
        shape = kc_ops.shape(inputs)
        target = self._resolved(tuple(shape))
        return kc_ops.reshape(inputs, (shape[0],) + tuple(-1 if d is None else d for d in target))

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + self._resolved(tuple(input_shape))

    def get_config(self):
        return {**super().get_config(), "target_shape": self.target_shape}


class Permute(Layer):
    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError(
                f"Permute: dims must be a permutation of 1..{len(self.dims)}. Received: {self.dims}"
            )
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def call(self, inputs):
        return kc_ops.transpose(inputs, (0,) + self.dims)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def get_config(self):
        return {**super().get_config(), "dims": self.dims}


class RepeatVector(Layer):
    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(n, int) or n < 1:
            raise ValueError(f"RepeatVector: n must be a positive int. Received: {n!r}")
        self.n = n
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs):
        return kc_ops.repeat(kc_ops.expand_dims(inputs, 1), self.n, axis=1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self):
        return {**super().get_config(), "n": self.n}


class _Spatial(Layer):
    """Shared by the cropping, padding and upsampling layers of rank `_rank`."""

    _rank = 1

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = "channels_last" if self._rank == 1 else config.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self._rank + 2)

    def _spatial_axes(self):
        start = 2 if self.data_format == "channels_first" else 1
        return list(range(start, start + self._rank))

    def get_config(self):
        config_ = super().get_config()
        if self._rank > 1:
            config_["data_format"] = self.data_format
        return config_


class _Cropping(_Spatial):
    def __init__(self, cropping, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.cropping = _pairs(cropping, self._rank, "cropping")

    def call(self, inputs):
        shape = kc_ops.shape(inputs)
        index = [slice(None)] * len(shape)
        for axis, (before, after) in zip(self._spatial_axes(), self.cropping):
            index[axis] = slice(before, shape[axis] - after if after else None)
        return inputs[tuple(index)]

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, (before, after) in zip(self._spatial_axes(), self.cropping):
            if shape[axis] is not None:
                shape[axis] -= before + after
                if shape[axis] <= 0:
                    raise ValueError(
                        f"{type(self).__name__}: cropping {self.cropping} removes every element of "
                        f"an input of shape {tuple(input_shape)}."
                    )
        return tuple(shape)

    def get_config(self):
        cropping = self.cropping[0] if self._rank == 1 else self.cropping
        return {**super().get_config(), "cropping": cropping}


class Cropping1D(_Cropping):
    _rank = 1

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(cropping, **kwargs)


class Cropping2D(_Cropping):
    _rank = 2

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)


class Cropping3D(_Cropping):
    _rank = 3

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)


class _ZeroPadding(_Spatial):
    def __init__(self, padding, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.padding = _pairs(padding, self._rank, "padding")

    def call(self, inputs):
        widths = [(0, 0)] * len(kc_ops.shape(inputs))
        for axis, pair in zip(self._spatial_axes(), self.padding):
            widths[axis] = pair
        return kc_ops.pad(inputs, widths)

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, (before, after) in zip(self._spatial_axes(), self.padding):
            if shape[axis] is not None:
                shape[axis] += before + after
        return tuple(shape)

    def get_config(self):
        padding = self.padding[0] if self._rank == 1 else self.padding
        return {**super().get_config(), "padding": padding}


class ZeroPadding1D(_ZeroPadding):
    _rank = 1

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)


class ZeroPadding2D(_ZeroPadding):
    _rank = 2

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)


class ZeroPadding3D(_ZeroPadding):
    _rank = 3

    def __init__(self, padding=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)


class UpSampling1D(_Spatial):
    _rank = 1

    def __init__(self, size=2, **kwargs):
        super().__init__(**kwargs)
        self.size = int(size)

    def call(self, inputs):
        return kc_ops.repeat(inputs, self.size, axis=1)

    def compute_output_shape(self, input_shape):
        length = None if input_shape[1] is None else input_shape[1] * self.size
        return (input_shape[0], length, input_shape[2])

    def get_config(self):
        return {**super().get_config(), "size": self.size}


class _UpSamplingND(_Spatial):
    def __init__(self, size, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.size = _tuple_arg(size, self._rank, "size")

    def call(self, inputs):
        for axis, factor in zip(self._spatial_axes(), self.size):
            inputs = kc_ops.repeat(inputs, factor, axis=axis)
        return inputs

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, factor in zip(self._spatial_axes(), self.size):
            if shape[axis] is not None:
                shape[axis] *= factor
        return tuple(shape)

    def get_config(self):
        return {**super().get_config(), "size": self.size}


class UpSampling2D(_UpSamplingND):
    _rank = 2

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(size, data_format, **kwargs)
        if interpolation not in ("nearest", "bilinear", "bicubic", "lanczos3", "lanczos5"):
            raise ValueError(
                f"UpSampling2D: unknown interpolation {interpolation!r}; expected 'nearest', "
                "'bilinear', 'bicubic', 'lanczos3' or 'lanczos5'."
            )
        self.interpolation = interpolation

    def call(self, inputs):
        if self.interpolation == "nearest":
            return super().call(inputs)
        shape = kc_ops.shape(inputs)
        h_axis, w_axis = self._spatial_axes()
        size = (shape[h_axis] * self.size[0], shape[w_axis] * self.size[1])
        return kc_ops.image.resize(inputs, size, interpolation=self.interpolation,
                                   data_format=self.data_format)

    def get_config(self):
        return {**super().get_config(), "interpolation": self.interpolation}


class UpSampling3D(_UpSamplingND):
    _rank = 3

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(size, data_format, **kwargs)
