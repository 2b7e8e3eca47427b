"""`pad_sequences` (also `keras.preprocessing.sequence.pad_sequences`)."""

import numpy as np


def pad_sequences(
    sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre", value=0.0
):
    """Pad (or truncate) a list of sequences to one length: a `(num_sequences, maxlen, ...)`
    array. `padding` / `truncating` are "pre" (at the start) or "post" (at the end)."""
    for name, option in (("padding", padding), ("truncating", truncating)):
        if option not in ("pre", "post"):
            raise ValueError(f"Expected `{name}` to be 'pre' or 'post', received {option!r}.")
    if not hasattr(sequences, "__len__"):
        raise ValueError(
            f"Expected `sequences` to be a list of sequences, received {type(sequences).__name__}."
        )
    lengths, sample_shape = [], ()
    for i, seq in enumerate(sequences):
        if not hasattr(seq, "__len__"):
            raise ValueError(
                f"Expected every element of `sequences` to be a sequence (list or array), "
                f"received {type(seq).__name__} at index {i}."
            )
        lengths.append(len(seq))
        if len(seq) and not sample_shape:
            sample_shape = np.asarray(seq).shape[1:]
    if maxlen is None:
        maxlen = max(lengths, default=0)
    is_text = np.issubdtype(np.dtype(dtype), np.str_) or np.dtype(dtype) == object
    if isinstance(value, str) and not is_text:
        raise ValueError(
            f"`dtype` {dtype} is not compatible with the string padding value {value!r}; use "
            "dtype=object or a string dtype."
        )
    out = np.full((len(sequences), maxlen) + sample_shape, value, dtype=dtype)
    for i, seq in enumerate(sequences):
        if not len(seq) or maxlen == 0:
            continue
        seq = np.asarray(seq, dtype=dtype)
        trunc = seq[-maxlen:] if truncating == "pre" else seq[:maxlen]
        if trunc.shape[1:] != sample_shape:
            raise ValueError(
                f"Expected every sequence's elements to have shape {sample_shape}; sequence {i} "
                f"has elements of shape {trunc.shape[1:]}."
            )
        if padding == "post":
            out[i, : len(trunc)] = trunc
        else:
            out[i, maxlen - len(trunc) :] = trunc
    return out
