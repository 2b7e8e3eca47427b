"""`Loss`: the base class of losses, and `LossFunctionWrapper` for losses defined by a function."""

from kc_ops import config, dtypes, naming, tree

from kc_train.losses.reduction import (
    get_mask,
    reduce_weighted_values,
    standardize_reduction,
    to_tensor,
)


class Loss:
    """A callable `loss(y_true, y_pred, sample_weight=None)` returning the reduced loss.

    Subclasses implement `call(y_true, y_pred)` returning per-sample losses; `__call__` applies
    the mask of `y_pred` (when it has one), the sample weights and the reduction.
    """

    _labels_in_loss_dtype = True  # False where y_true holds class indices

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        self.name = name or naming.auto_name(type(self).__name__)
        self.reduction = standardize_reduction(reduction)
        self._dtype_arg = dtype
        self._dtype = _dtype_name(dtype) or config.floatx()

    @property
    def dtype(self):
        return self._dtype

    def __call__(self, y_true, y_pred, sample_weight=None):
        in_mask = get_mask(y_pred)
        if sample_weight is None and in_mask is None and self.reduction == "sum_over_batch_size":
            loss = self._batch_mean(y_true, y_pred)
            if loss is not None:
                return loss
        y_pred = _to_tensors(y_pred, self._dtype)
        y_true = _to_tensors(y_true, self._dtype if self._labels_in_loss_dtype else None)
        losses, out_mask = self._call_with_mask(y_true, y_pred)
        mask = _combine_masks(in_mask, out_mask)
        return reduce_weighted_values(
            losses,
            sample_weight=sample_weight,
            mask=mask,
            reduction=self.reduction,
            dtype=self._dtype,
        )

    def _batch_mean(self, y_true, y_pred):
        """The default reduction of unweighted, unmasked losses computed in one step where a
        subclass has a fused op for it; None: take the general path."""
        return None

    def _call_with_mask(self, y_true, y_pred):
        losses = self.call(y_true, y_pred)
        return losses, get_mask(losses)

    def call(self, y_true, y_pred):
        raise NotImplementedError(f"{type(self).__name__} must implement `call(y_true, y_pred)`.")

    def get_config(self):
        config_ = {"name": self.name, "reduction": self.reduction}
        if self._dtype_arg is not None:
            config_["dtype"] = self._dtype_arg
        return config_

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"


def _dtype_name(dtype):
    if dtype is None:
        return None
    if isinstance(dtype, dict):  # a serialized dtype policy
        dtype = dtype.get("config", {}).get("name", dtype)
    name = getattr(dtype, "compute_dtype", None) or dtype  # a DTypePolicy
    if isinstance(name, str) and name.startswith("mixed_"):
        name = name.split("_", 1)[1]
    return dtypes.standardize_dtype(name)


def _to_tensors(x, dtype):
    if isinstance(x, (list, tuple, dict)):
        return tree.map_structure(lambda v: to_tensor(v, dtype), x)
    return to_tensor(x, dtype)


def _combine_masks(a, b):
    if a is None:
        return b
    if b is None:
        return a
    import kc_ops as ops

    return ops.logical_and(a, b)


class LossFunctionWrapper(Loss):
    """A `Loss` computing `fn(y_true, y_pred, **kwargs)` per sample."""

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        if not callable(fn):
            raise TypeError(f"LossFunctionWrapper expects a callable `fn`, received {fn!r}.")
        super().__init__(
            name=name or getattr(fn, "__name__", None), reduction=reduction, dtype=dtype
        )
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        config_ = super().get_config()
        config_.update(self._fn_kwargs)
        if type(self) is LossFunctionWrapper:
            from kc_train.losses import serialize

            config_["fn"] = serialize(self.fn)
        return config_

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if cls is LossFunctionWrapper:
            from kc_train.losses import get

            config["fn"] = get(config["fn"])
        return cls(**config)

    def __repr__(self):
        return (
            f"<{type(self).__name__} name={self.name} fn={getattr(self.fn, '__name__', self.fn)}>"
        )
