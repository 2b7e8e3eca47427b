"""The `keras.losses` classes: each wraps its loss function with fixed keyword arguments."""

from kc_train.losses import hinge as _h
from kc_train.losses import probabilistic as _p
from kc_train.losses import regression as _r
from kc_train.losses import segmentation as _s
from kc_train.losses.loss import LossFunctionWrapper

_DEFAULT = "sum_over_batch_size"


def _simple(class_name, fn, default_name):
    """A wrapper class taking only (reduction, name, dtype)."""

    def __init__(self, reduction=_DEFAULT, name=default_name, dtype=None):
        LossFunctionWrapper.__init__(self, fn, reduction=reduction, name=name, dtype=dtype)

    def get_config(self):
        return {"name": self.name, "reduction": self.reduction, "dtype": self._dtype_arg}

    cls = type(class_name, (LossFunctionWrapper,), {"__init__": __init__, "get_config": get_config})
    cls.__doc__ = f"Loss class computing `{fn.__name__}` per sample."
    cls.__module__ = __name__
    return cls


MeanSquaredError = _simple("MeanSquaredError", _r.mean_squared_error, "mean_squared_error")
MeanAbsoluteError = _simple("MeanAbsoluteError", _r.mean_absolute_error, "mean_absolute_error")
MeanAbsolutePercentageError = _simple(
    "MeanAbsolutePercentageError",
    _r.mean_absolute_percentage_error,
    "mean_absolute_percentage_error",
)
MeanSquaredLogarithmicError = _simple(
    "MeanSquaredLogarithmicError",
    _r.mean_squared_logarithmic_error,
    "mean_squared_logarithmic_error",
)
LogCosh = _simple("LogCosh", _r.log_cosh, "log_cosh")
Hinge = _simple("Hinge", _h.hinge, "hinge")
SquaredHinge = _simple("SquaredHinge", _h.squared_hinge, "squared_hinge")
CategoricalHinge = _simple("CategoricalHinge", _h.categorical_hinge, "categorical_hinge")
KLDivergence = _simple("KLDivergence", _p.kl_divergence, "kl_divergence")
Poisson = _simple("Poisson", _p.poisson, "poisson")
CTC = _simple("CTC", _p.ctc, "ctc")


class _KwargsConfig(LossFunctionWrapper):
    """get_config = name, reduction, dtype and the function's keyword arguments."""

    def get_config(self):
        return {
            "name": self.name,
            "reduction": self.reduction,
            "dtype": self._dtype_arg,
            **self._fn_kwargs,
        }


class CosineSimilarity(_KwargsConfig):
    def __init__(self, axis=-1, reduction=_DEFAULT, name="cosine_similarity", dtype=None):
        super().__init__(
            _r.cosine_similarity, reduction=reduction, name=name, dtype=dtype, axis=axis
        )


class Huber(_KwargsConfig):
    def __init__(self, delta=1.0, reduction=_DEFAULT, name="huber_loss", dtype=None):
        super().__init__(_r.huber, reduction=reduction, name=name, dtype=dtype, delta=delta)


class BinaryCrossentropy(_KwargsConfig):
    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction=_DEFAULT,
        name="binary_crossentropy",
        dtype=None,
    ):
        super().__init__(
            _p.binary_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis


class BinaryFocalCrossentropy(_KwargsConfig):
    def __init__(
        self,
        apply_class_balancing=False,
        alpha=0.25,
        gamma=2.0,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction=_DEFAULT,
        name="binary_focal_crossentropy",
        dtype=None,
    ):
        super().__init__(
            _p.binary_focal_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            apply_class_balancing=apply_class_balancing,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.alpha, self.gamma = alpha, gamma


class CategoricalCrossentropy(_KwargsConfig):
    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction=_DEFAULT,
        name="categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            _p.categorical_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis


class CategoricalFocalCrossentropy(_KwargsConfig):
    def __init__(
        self,
        alpha=0.25,
        gamma=2.0,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction=_DEFAULT,
        name="categorical_focal_crossentropy",
        dtype=None,
    ):
        super().__init__(
            _p.categorical_focal_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.alpha, self.gamma = alpha, gamma


class SparseCategoricalCrossentropy(_KwargsConfig):
    _labels_in_loss_dtype = False

    def __init__(
        self,
        from_logits=False,
        ignore_class=None,
        reduction=_DEFAULT,
        axis=-1,
        name="sparse_categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            _p.sparse_categorical_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )
        self.from_logits = from_logits
        self.ignore_class = ignore_class

    def _call_with_mask(self, y_true, y_pred):
        # The mask of ignored entries cannot ride on JAX arrays: pass it along explicitly.
        return _p._sparse_ce(y_true, y_pred, **self._fn_kwargs)

    def _batch_mean(self, y_true, y_pred):
        if self.ignore_class is None:
            axis = self._fn_kwargs["axis"]
            return _p.sparse_ce_batch_mean(y_true, y_pred, self.from_logits, axis, self.dtype)
        return None


class CategoricalGeneralizedCrossEntropy(_KwargsConfig):
    def __init__(
        self, q=0.5, reduction=_DEFAULT, name="categorical_generalized_cross_entropy", dtype=None
    ):
        if not 0.0 < float(q) <= 1.0:
            raise ValueError(f"`q` must be in the interval (0, 1]. Received: q={q}")
        super().__init__(
            _p.categorical_generalized_cross_entropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            q=q,
        )
        self.q = q


class Dice(_KwargsConfig):
    def __init__(self, reduction=_DEFAULT, name="dice", axis=None, dtype=None):
        super().__init__(_s.dice, reduction=reduction, name=name, dtype=dtype, axis=axis)
        self.axis = axis


class Tversky(_KwargsConfig):
    def __init__(
        self, alpha=0.5, beta=0.5, reduction=_DEFAULT, name="tversky", axis=None, dtype=None
    ):
        super().__init__(
            _s.tversky,
            reduction=reduction,
            name=name,
            dtype=dtype,
            alpha=alpha,
            beta=beta,
            axis=axis,
        )
        self.alpha, self.beta, self.axis = alpha, beta, axis


class Circle(_KwargsConfig):
    def __init__(
        self,
        gamma=80.0,
        margin=0.4,
        remove_diagonal=True,
        reduction=_DEFAULT,
        name="circle",
        dtype=None,
    ):
        super().__init__(
            _s.circle,
            reduction=reduction,
            name=name,
            dtype=dtype,
            gamma=gamma,
            margin=margin,
            remove_diagonal=remove_diagonal,
        )
        self.gamma, self.margin, self.remove_diagonal = gamma, margin, remove_diagonal

    def _call_with_mask(self, y_true, y_pred):
        losses = self.call(y_true, y_pred)
        return losses, losses > 0
