"""NumPy-only helpers shared by the backends' math, linalg and core_ops modules.

Nothing here imports a framework: these compute dtypes, window functions, index tables and
einops-style plans that every backend then applies with its own tensors.
"""

import ml_dtypes
import numpy as np

from kc_ops import dtypes


def float_dtypes(dtype):
    """(output dtype, compute dtype) of a float-valued op on an input of `dtype`.

    Ints and bools become floatx; half precision is computed in float32 (linalg and fft
    kernels often lack it) and cast back.
    """
    out = dtypes.result_type(dtype, float)
    compute = "float32" if out in ("float16", "bfloat16") else out
    return out, compute


def complex_dtype(float_dtype):
    return "complex128" if float_dtype == "float64" else "complex64"


# ---------------------------------------------------------------------------------------
# Signal windows and frames (stft / istft)
# ---------------------------------------------------------------------------------------


def window_array(window, sequence_length, fft_length):
    """The analysis window padded to `fft_length`, as a float64 NumPy array, or None."""
    if window is None:
        return None
    if isinstance(window, str):
        n = np.arange(sequence_length)
        if window == "hann":
            win = 0.5 - 0.5 * np.cos(2 * np.pi * n / sequence_length)
        elif window == "hamming":
            win = 0.54 - 0.46 * np.cos(2 * np.pi * n / sequence_length)
        else:
            raise ValueError(
                f"Invalid `window`: expected 'hann', 'hamming', None or a 1-D tensor of length "
                f"sequence_length={sequence_length}. Received: {window!r}"
            )
    else:
        win = np.asarray(window, dtype="float64")
        if win.shape != (sequence_length,):
            raise ValueError(
                f"The `window` tensor must have shape ({sequence_length},) (sequence_length). "
                f"Received shape: {win.shape}"
            )
    left = (fft_length - sequence_length) // 2
    return np.pad(win, (left, fft_length - sequence_length - left))


def istft_window(window, sequence_length, sequence_stride, fft_length):
    """The synthesis window: the analysis window divided by the overlapping sum of its
    squares, so that overlap-add inverts `stft` exactly. None without a window."""
    win = window_array(window, sequence_length, fft_length)
    if win is None:
        return None
    overlaps = -(-fft_length // sequence_stride)
    squares = np.pad(win**2, (0, overlaps * sequence_stride - fft_length))
    denom = squares.reshape(overlaps, sequence_stride).sum(axis=0)
    denom = np.tile(denom, overlaps)[:fft_length]
    return win / denom


def frame_indices(length, sequence_length, sequence_stride):
    """Index table [num_frames, sequence_length] into an axis of size `length`."""
    num = 1 + (length - sequence_length) // sequence_stride
    if num < 1:
        raise ValueError(
            f"The last axis (size {length}) is shorter than sequence_length={sequence_length}."
        )
    return (np.arange(num)[:, None] * sequence_stride + np.arange(sequence_length)[None, :])


def check_sequence_args(sequence_length, sequence_stride, fft_length=None):
    for name, value in (("sequence_length", sequence_length),
                        ("sequence_stride", sequence_stride)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
            raise ValueError(f"`{name}` must be a positive int. Received: {value!r}")
    if fft_length is not None:
        if not isinstance(fft_length, (int, np.integer)) or fft_length < sequence_length:
            raise ValueError(
                f"`fft_length` must be an int >= sequence_length ({sequence_length}). "
                f"Received: {fft_length!r}"
            )


# ---------------------------------------------------------------------------------------
# saturate_cast
# ---------------------------------------------------------------------------------------


def _info(dtype):
    native = np.dtype(ml_dtypes.bfloat16) if dtype == "bfloat16" else np.dtype(dtype)
    if dtype.startswith("float") or dtype == "bfloat16":
        info = ml_dtypes.finfo(native)
        return float(info.min), float(info.max)
    info = np.iinfo(native)
    return int(info.min), int(info.max)


def saturate_bounds(in_dtype, out_dtype):
    """Clip bounds (lo, hi), valid in `in_dtype`, that keep a cast to `out_dtype` in range;
    None when no clipping is needed."""
    if out_dtype == "bool" or in_dtype == "bool" or "complex" in in_dtype + out_dtype:
        return None
    lo, hi = _info(out_dtype)
    in_lo, in_hi = _info(in_dtype)
    if in_lo >= lo and in_hi <= hi:
        return None
    lo, hi = max(lo, in_lo), min(hi, in_hi)
    in_float = in_dtype.startswith("float") or in_dtype == "bfloat16"
    if in_float and isinstance(hi, int):
        # The largest value of the float type not above `hi` (and likewise for `lo`).
        native = np.dtype(ml_dtypes.bfloat16) if in_dtype == "bfloat16" else np.dtype(in_dtype)
        h = np.array(hi, dtype=native)
        if int(h.astype("float64")) > hi:
            h = np.nextafter(h.astype("float64"), -np.inf).astype(native)
            while int(float(h)) > hi:
                h = np.nextafter(h, np.array(-np.inf, dtype=native))
        lo_native = np.array(lo, dtype=native)
        return float(lo_native), float(h)
    return lo, hi


# ---------------------------------------------------------------------------------------
# rearrange (einops notation)
# ---------------------------------------------------------------------------------------


def _parse_side(text, pattern):
    """A list of groups; a group is a list of axis names. '...' becomes the group ['...']."""
    groups, current = [], None
    tokens = text.replace("(", " ( ").replace(")", " ) ").split()
    for tok in tokens:
        if tok == "(":
            if current is not None:
                raise ValueError(f"Nested parentheses are not allowed in pattern {pattern!r}.")
            current = []
        elif tok == ")":
            if current is None:
                raise ValueError(f"Unbalanced ')' in pattern {pattern!r}.")
            groups.append(current)
            current = None
        elif tok == "...":
            if current is not None:
                raise ValueError(f"'...' cannot be inside parentheses in pattern {pattern!r}.")
            groups.append(["..."])
        elif tok.isidentifier():
            if current is None:
                groups.append([tok])
            else:
                current.append(tok)
        else:
            raise ValueError(
                f"Invalid axis name {tok!r} in rearrange pattern {pattern!r}: expected "
                "identifiers, parentheses or '...'."
            )
    if current is not None:
        raise ValueError(f"Unbalanced '(' in pattern {pattern!r}.")
    return groups


def _names(groups):
    return [name for group in groups for name in group]


def parse_rearrange(pattern):
    if not isinstance(pattern, str) or pattern.count("->") != 1:
        raise ValueError(
            f"Invalid rearrange pattern: expected a string 'left -> right'. Received: {pattern!r}"
        )
    left_text, right_text = pattern.split("->")
    left, right = _parse_side(left_text, pattern), _parse_side(right_text, pattern)
    for side in (left, right):
        names = _names(side)
        if len(set(names)) != len(names):
            raise ValueError(f"An axis name is repeated in rearrange pattern {pattern!r}.")
    if set(_names(left)) != set(_names(right)):
        raise ValueError(
            f"The two sides of rearrange pattern {pattern!r} must name the same axes. "
            f"Left: {sorted(set(_names(left)))}, right: {sorted(set(_names(right)))}."
        )
    return left, right


def _product(values):
    result = 1
    for v in values:
        result = None if result is None or v is None else result * v
    return result


def rearrange_plan(shape, pattern, axes_lengths):
    """(shape after splitting, permutation, final shape) for `pattern` on `shape`.

    Dims may be ints, None (unknown, for symbolic shapes) or scalar tensors (TF graphs).
    """
    left, right = parse_rearrange(pattern)
    ellipsis_ndim = len(shape) - (len(left) - (1 if ["..."] in left else 0))
    if ["..."] in left:
        if ellipsis_ndim < 0:
            raise ValueError(
                f"rearrange pattern {pattern!r} needs at least {len(left) - 1} dims; "
                f"received a tensor of rank {len(shape)}."
            )
        i = left.index(["..."])
        left = left[:i] + [[f"...{k}"] for k in range(ellipsis_ndim)] + left[i + 1:]
        j = right.index(["..."])
        right = right[:j] + [[f"...{k}"] for k in range(ellipsis_ndim)] + right[j + 1:]
    elif len(left) != len(shape):
        raise ValueError(
            f"rearrange pattern {pattern!r} describes {len(left)} dims; received a tensor of "
            f"rank {len(shape)} (shape {tuple(shape)})."
        )
    unknown = set(axes_lengths) - set(_names(left))
    if unknown:
        raise ValueError(f"axes_lengths names axes not in the pattern: {sorted(unknown)}.")
    lengths = {}
    for group, dim in zip(left, shape):
        known = [axes_lengths.get(n) for n in group]
        missing = [n for n, v in zip(group, known) if v is None]
        if len(missing) > 1:
            raise ValueError(
                f"Cannot infer the lengths of {missing} in rearrange pattern {pattern!r}: pass "
                "all but one of them as keyword arguments."
            )
        given = _product([v for v in known if v is not None])
        for n, v in zip(group, known):
            lengths[n] = v
        if missing:
            lengths[missing[0]] = None if dim is None else dim // given
        elif isinstance(dim, int) and dim != given:
            raise ValueError(
                f"Axis group {group} has length {given} in rearrange pattern {pattern!r}, "
                f"but the tensor dim is {dim}."
            )
        if missing and isinstance(dim, int) and dim % given:
            raise ValueError(
                f"The dim {dim} cannot be split into groups of {given} for rearrange pattern "
                f"{pattern!r}."
            )
    order = _names(left)
    split_shape = [lengths[n] for n in order]
    permutation = [order.index(n) for n in _names(right)]
    final_shape = [_product([lengths[n] for n in group]) for group in right]
    return split_shape, permutation, final_shape


def rearrange_output_shape(shape, pattern, axes_lengths):
    return tuple(rearrange_plan(tuple(shape), pattern, axes_lengths)[2])


def check_axis(axis, ndim, op_name):
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise ValueError(f"Invalid `axis` for ops.{op_name}: expected an int. Received: {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(
            f"Invalid `axis` for ops.{op_name}: {axis} is out of range for a tensor of rank "
            f"{ndim}."
        )
    return int(axis) % ndim if ndim else 0


def default_rcond(shape, dtype):
    """numpy's default cutoff for small singular values: max(M, N) * eps."""
    eps = float(np.finfo(np.dtype(dtype)).eps) if dtype in ("float32", "float64") else 1.2e-7
    return max(shape[-2], shape[-1]) * eps

