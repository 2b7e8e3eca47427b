"""`to_categorical` and `normalize`."""

import numpy as np

from kc_data.adapters import conversion


def _is_tensor_input(x):
    from kc_ops.keras_tensor import KerasTensor

    return isinstance(x, KerasTensor) or (
        not isinstance(x, (np.ndarray, list, tuple, int, np.integer))
        and conversion.is_array_leaf(x)
    )


def to_categorical(x, num_classes=None):
    """One-hot encode integer class labels: shape `x.shape + (num_classes,)` (a trailing
    dimension of size 1 is dropped first). NumPy in, float32 NumPy out; tensors in (also
    symbolic KerasTensors, which need `num_classes`), tensors out."""
    if _is_tensor_input(x):
        import kc_ops

        if num_classes is None:
            if isinstance(x, kc_ops.KerasTensor):
                raise ValueError(
                    "Expected `num_classes` for a symbolic input to to_categorical, received None."
                )
            num_classes = int(kc_ops.convert_to_numpy(kc_ops.max(x))) + 1
        if len(x.shape) > 1 and x.shape[-1] == 1:
            x = kc_ops.squeeze(x, axis=-1)
        return kc_ops.one_hot(kc_ops.cast(x, "int32"), num_classes)
    labels = np.asarray(x)
    if labels.dtype.kind not in "iub" and not (
        labels.dtype.kind == "f" and np.all(labels == np.round(labels))
    ):
        raise ValueError(
            f"Expected integer class labels in to_categorical, received dtype {labels.dtype}."
        )
    labels = labels.astype("int64")
    shape = labels.shape
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    labels = labels.reshape(-1)
    if num_classes is None:
        num_classes = int(labels.max()) + 1 if labels.size else 0
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(
            f"Expected labels in [0, {num_classes}) for num_classes={num_classes}, received values "
            f"from {labels.min()} to {labels.max()}."
        )
    categorical = np.zeros((labels.size, num_classes), dtype="float32")
    categorical[np.arange(labels.size), labels] = 1.0
    return categorical.reshape(shape + (num_classes,))


def normalize(x, axis=-1, order=2):
    """Divide `x` by its `order`-norm along `axis` (zero norms are left as 1)."""
    if not isinstance(order, int) or order < 1:
        raise ValueError(
            f"Expected `order` to be a positive int (1 for L1, 2 for L2), received {order!r}."
        )
    if _is_tensor_input(x):
        import kc_ops

        norm = kc_ops.sum(kc_ops.abs(x) ** order, axis=axis, keepdims=True) ** (1.0 / order)
        return x / kc_ops.where(norm == 0, kc_ops.ones_like(norm), norm)
    x = np.asarray(x)
    norm = np.atleast_1d(np.linalg.norm(x, order, axis))
    norm[norm == 0] = 1
    return x / np.expand_dims(norm, axis)
