"""Merging layers (Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot) and
their functional forms (`keras.layers.add(inputs)` ...)."""

import kc_ops
from kc_layers.layer import Layer


class _Merge(Layer):
    """Element-wise merge of a list of tensors with broadcastable shapes."""

    _min_inputs = 2

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def _check_inputs(self, shapes):
        if not isinstance(shapes, (list, tuple)) or not shapes or not isinstance(shapes[0], (list, tuple)):
            raise ValueError(
                f"A {type(self).__name__} layer expects a list of at least {self._min_inputs} "
                f"inputs. Received input shape: {shapes}"
            )
        if len(shapes) < self._min_inputs:
            raise ValueError(
                f"A {type(self).__name__} layer expects at least {self._min_inputs} inputs. "
                f"Received {len(shapes)}."
            )
        return _broadcast_shapes(shapes, type(self).__name__)

    def build(self, input_shape):
        self._check_inputs(input_shape)
        self.built = True

    def call(self, inputs):
        self._check_inputs([tuple(kc_ops.shape(x)) for x in inputs])
        result = inputs[0]
        for x in inputs[1:]:
            result = self._combine(result, x)
        return self._finish(result, len(inputs))

    def _finish(self, result, count):
        return result

    def compute_output_shape(self, input_shape):
        return self._check_inputs(input_shape)

    def compute_mask(self, inputs, mask=None):
        if mask is None or all(m is None for m in mask):
            return None
        masks = [kc_ops.expand_dims(m, 0) for m in mask if m is not None]
        return kc_ops.all(kc_ops.concatenate(masks, axis=0), axis=0)


def _broadcast_shapes(shapes, layer_name):
    rank = max(len(s) for s in shapes)
    result = []
    for dims in zip(*[(1,) * (rank - len(s)) + tuple(s) for s in shapes]):
        known = {d for d in dims if d not in (None, 1)}
        if len(known) > 1:
            raise ValueError(
                f"Inputs of a {layer_name} layer must have compatible shapes. Received shapes "
                f"{[tuple(s) for s in shapes]}."
            )
        if known:
            result.append(known.pop())
        elif None in dims:
            result.append(None)
        else:
            result.append(1)
    return tuple(result)


class Add(_Merge):
    def _combine(self, a, b):
        return kc_ops.add(a, b)


class Subtract(_Merge):
    def _check_inputs(self, shapes):
        if isinstance(shapes, (list, tuple)) and len(shapes) != 2:
            raise ValueError(f"A Subtract layer expects exactly 2 inputs. Received {len(shapes)}.")
        return super()._check_inputs(shapes)

    def _combine(self, a, b):
        return kc_ops.subtract(a, b)


class Multiply(_Merge):
    def _combine(self, a, b):
        return kc_ops.multiply(a, b)


class Average(_Merge):
    def _combine(self, a, b):
        return kc_ops.add(a, b)

    def _finish(self, result, count):
        return kc_ops.divide(result, count)


class Maximum(_Merge):
    def _combine(self, a, b):
        return kc_ops.maximum(a, b)


class Minimum(_Merge):
    def _combine(self, a, b):
        return kc_ops.minimum(a, b)


class Concatenate(_Merge):
    _min_inputs = 1

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def _check_inputs(self, shapes):
        if not isinstance(shapes, (list, tuple)) or not shapes or not isinstance(shapes[0], (list, tuple)):
            raise ValueError(f"A Concatenate layer expects a list of inputs. Received: {shapes}")
        rank = len(shapes[0])
        if any(len(s) != rank for s in shapes):
            raise ValueError(
                f"A Concatenate layer requires inputs of the same rank. Received shapes {list(shapes)}."
            )
        axis = self.axis % rank
        result = list(shapes[0])
        for shape in shapes[1:]:
            for i, (a, b) in enumerate(zip(result, shape)):
                if i == axis:
                    result[i] = None if a is None or b is None else a + b
                elif a is not None and b is not None and a != b:
                    raise ValueError(
                        "A Concatenate layer requires inputs with matching shapes except for the "
                        f"concatenation axis {self.axis}. Received shapes {list(shapes)}."
                    )
                elif a is None:
                    result[i] = b
        return tuple(result)

    def call(self, inputs):
        return kc_ops.concatenate(list(inputs), axis=self.axis)

    def compute_mask(self, inputs, mask=None):
        if mask is None or all(m is None for m in mask):
            return None
        masks = []
        for x, m in zip(inputs, mask):
            if m is None:
                m = kc_ops.ones(kc_ops.shape(x)[: len(kc_ops.shape(x)) - 1] or (), dtype="bool")
            masks.append(m)
        axis = self.axis if self.axis < 0 else self.axis
        if axis in (-1, len(kc_ops.shape(inputs[0])) - 1):
            return kc_ops.all(kc_ops.stack(masks, axis=-1), axis=-1)
        return kc_ops.concatenate(masks, axis=axis)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}


class Dot(_Merge):
    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        self.axes = tuple(axes) if isinstance(axes, (list, tuple)) else (axes, axes)
        self.normalize = normalize

    def _check_inputs(self, shapes):
        if not isinstance(shapes, (list, tuple)) or len(shapes) != 2:
            raise ValueError(f"A Dot layer expects exactly 2 inputs. Received: {shapes}")
        a, b = shapes
        axis_a, axis_b = self.axes[0] % len(a), self.axes[1] % len(b)
        if a[axis_a] is not None and b[axis_b] is not None and a[axis_a] != b[axis_b]:
            raise ValueError(
                f"A Dot layer needs dimension {a[axis_a]} of the first input (axis {self.axes[0]}) "
                f"to equal dimension {b[axis_b]} of the second (axis {self.axes[1]}). Received "
                f"shapes {tuple(a)} and {tuple(b)}."
            )
        rest_a = [d for i, d in enumerate(a) if i not in (0, axis_a)]
        rest_b = [d for i, d in enumerate(b) if i not in (0, axis_b)]
        out = (a[0],) + tuple(rest_a) + tuple(rest_b)
        return out if len(out) > 1 else out + (1,)

    def call(self, inputs):
        a, b = inputs
        self._check_inputs([tuple(kc_ops.shape(a)), tuple(kc_ops.shape(b))])
        rank_a, rank_b = len(kc_ops.shape(a)), len(kc_ops.shape(b))
        axis_a, axis_b = self.axes[0] % rank_a, self.axes[1] % rank_b
        if self.normalize:
            a = kc_ops.normalize(a, axis=axis_a)
            b = kc_ops.normalize(b, axis=axis_b)
        letters = iter("bcdefghijklmnopqrstuvwxyz")
        subs_a = ["a"] + [next(letters) for _ in range(rank_a - 1)]
        subs_b = ["a"] + [next(letters) for _ in range(rank_b - 1)]
        subs_b[axis_b] = subs_a[axis_a]
        out = [c for i, c in enumerate(subs_a) if i != axis_a]
        out += [c for i, c in enumerate(subs_b) if i not in (0, axis_b)]
        result = kc_ops.einsum(f"{''.join(subs_a)},{''.join(subs_b)}->{''.join(out)}", a, b)
        return kc_ops.expand_dims(result, -1) if len(out) == 1 else result

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self):
        return {**super().get_config(), "axes": self.axes, "normalize": self.normalize}


def _functional(layer_class):
    def merge(inputs, **kwargs):
        return layer_class(**kwargs)(inputs)

    merge.__name__ = layer_class.__name__.lower()
    return merge


add = _functional(Add)
subtract = _functional(Subtract)
multiply = _functional(Multiply)
average = _functional(Average)
maximum = _functional(Maximum)
minimum = _functional(Minimum)


def concatenate(inputs, axis=-1, **kwargs):
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs, axes=-1, **kwargs):
    return Dot(axes=axes, **kwargs)(inputs)
