"""Pure-Python argument checks and shape arithmetic shared by `kc_ops.nn`, `kc_ops.image` and
the backends' nn / image modules (no framework imported here)."""

import functools
import math

from kc_ops import config

PADDINGS = ("valid", "same")
DATA_FORMATS = ("channels_last", "channels_first")


def standardize_data_format(data_format, op="ops"):
    if data_format is None:
        return config.image_data_format()
    fmt = str(data_format).lower()
    if fmt not in DATA_FORMATS:
        raise ValueError(
            f"Invalid `data_format` for {op}: expected 'channels_last' or 'channels_first', "
            f"received {data_format!r}."
        )
    return fmt


def standardize_padding(padding, op="ops"):
    value = padding.lower() if isinstance(padding, str) else padding
    if value not in PADDINGS:
        raise ValueError(
            f"Invalid `padding` for {op}: expected 'valid' or 'same', received {padding!r}."
        )
    return value


def standardize_tuple(value, n, name, op="ops", allow_zero=False):
    """An int or a sequence of n ints as a tuple of n positive ints."""
    if isinstance(value, int) and not isinstance(value, bool):
        values = (value,) * n
    else:
        try:
            values = tuple(int(v) for v in value)
        except (TypeError, ValueError):
            raise ValueError(
                f"Invalid `{name}` for {op}: expected an int or a tuple of {n} ints, "
                f"received {value!r}."
            ) from None
        if len(values) != n:
            raise ValueError(
                f"Invalid `{name}` for {op}: expected an int or a tuple of {n} ints, "
                f"received {value!r}."
            )
    low = 0 if allow_zero else 1
    if any(v < low for v in values):
        raise ValueError(
            f"Invalid `{name}` for {op}: every value must be >= {low}, received {value!r}."
        )
    return values


@functools.lru_cache(maxsize=1024)
def same_padding(size, kernel, stride, dilation):
    """(before, after) padding of "same" for one dim, TensorFlow's convention (extra after)."""
    effective = (kernel - 1) * dilation + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


@functools.lru_cache(maxsize=1024)
def explicit_padding(spatial, kernel, strides, dilation, padding):
    """Tuple of (before, after) pairs per spatial dim for "valid" / "same"."""
    if padding == "valid":
        return tuple((0, 0) for _ in spatial)
    return tuple(
        same_padding(s, k, st, d) for s, k, st, d in zip(spatial, kernel, strides, dilation)
    )


def conv_output_length(size, kernel, stride, padding, dilation=1):
    if size is None:
        return None
    effective = (kernel - 1) * dilation + 1
    if padding == "same":
        return -(-size // stride)
    return max((size - effective) // stride + 1, 0)


def ceil_div(a, b):
    return -(-a // b)


def prod(values):
    return math.prod(values)
