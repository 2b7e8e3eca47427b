"""Argument checks and output-length arithmetic shared by the convolution and pooling layers."""


def standardize_tuple(value, n, name, owner, allow_zero=False):
    """An int or a sequence of `n` ints, as a tuple of `n` ints (> 0, or >= 0 if allowed)."""
    error = ValueError(
        f"{owner}: `{name}` must be an int or a tuple of {n} ints"
        f"{' >= 0' if allow_zero else ' > 0'}, received {value!r}."
    )
    if isinstance(value, int) and not isinstance(value, bool):
        values = (value,) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            raise error from None
        if len(values) != n or any(isinstance(v, bool) or not isinstance(v, int)
                                   for v in values):
            raise error
    if any(v < (0 if allow_zero else 1) for v in values):
        raise error
    return values


def standardize_padding(padding, owner, allowed=("valid", "same")):
    value = padding.lower() if isinstance(padding, str) else padding
    if value not in allowed:
        raise ValueError(f"{owner}: `padding` must be one of {allowed}, received {padding!r}.")
    return value


def conv_output_length(size, kernel, stride, padding, dilation=1):
    """Output length of a convolution / pooling window sweep; None stays None."""
    if size is None:
        return None
    if padding == "same":
        return -(-size // stride)
    effective = (kernel - 1) * dilation + 1
    return max((size - effective) // stride + 1, 0)


def transpose_output_length(size, kernel, stride, padding, output_padding, dilation):
    """Output length of a transposed convolution, as Keras defines it."""
    if size is None:
        return None
    k_eff = (kernel - 1) * dilation + 1
    if output_padding is None:
        return size * stride + (max(k_eff - stride, 0) if padding == "valid" else 0)
    pad = k_eff // 2 if padding == "same" else 0
    return (size - 1) * stride + k_eff - 2 * pad + output_padding
