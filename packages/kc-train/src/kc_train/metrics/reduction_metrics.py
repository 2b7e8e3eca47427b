"""`Sum`, `Mean` and `MeanMetricWrapper` (the mean of a per-sample function)."""

import kc_ops as ops
from kc_ops import dtypes, scopes

from kc_train.losses.reduction import (
    apply_mask,
    get_mask,
    squeeze_or_expand_to_same_rank,
    to_tensor,
)
from kc_train.metrics.metric import Metric


def reduce_to_samplewise_values(values, sample_weight, reduce_fn, dtype):
    """(one value per sample, matching per-sample weights or None)."""
    mask = get_mask(values)
    values = ops.cast(to_tensor(values), dtype)
    if mask is not None:
        sample_weight = apply_mask(sample_weight, mask, dtype, "sum")
    if sample_weight is not None:
        sample_weight = ops.cast(to_tensor(sample_weight), dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        weight_ndim, values_ndim = len(sample_weight.shape), len(values.shape)
        if values_ndim > weight_ndim:
            values = reduce_fn(values, axis=tuple(range(weight_ndim, values_ndim)))
        sample_weight = ops.broadcast_to(sample_weight, ops.shape(values))
        values = values * sample_weight
        if weight_ndim > 1:
            sample_weight = reduce_fn(sample_weight, axis=tuple(range(1, weight_ndim)))
    if len(values.shape) > 1:
        values = reduce_fn(values, axis=tuple(range(1, len(values.shape))))
    return values, sample_weight


def _is_scalar_tensor(x):
    return ops.is_tensor(x) and len(x.shape) == 0 and get_mask(x) is None


class Sum(Metric):
    """The (weighted) sum of the values seen."""

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), "zeros", name="total")

    def update_state(self, values, sample_weight=None):
        values, _ = reduce_to_samplewise_values(values, sample_weight, ops.sum, self.dtype)
        self.total.assign_add(ops.sum(values))

    def result(self):
        return ops.copy(self.total.value)


class Mean(Metric):
    """The (weighted) mean of the values seen: total / count."""

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), "zeros", name="total")
        self.count = self.add_variable((), "zeros", name="count")
        self._count_known_at(non_negative=True)

    def _count_known_at(self, non_negative=False, positive=False):
        """Remember what is known of `count` as of its current write version (where the
        backend tracks writes): `result()` skips the zero guard while count is known > 0.
        `_count_known` is (version count was >= 0 at, version count was > 0 at)."""
        version = self.count._write_version()
        object.__setattr__(self, "_count_known", (
            version if non_negative or positive else None, version if positive else None))

    def reset_state(self):
        super().reset_state()
        self._count_known_at(non_negative=True)

    def update_state(self, values, sample_weight=None):
        if type(sample_weight) in (int, float) and _is_scalar_tensor(values):
            # The trainers' loss tracker (a batch mean weighted by the batch size).
            if dtypes.standardize_dtype(values.dtype) != self._dtype:
                values = ops.cast(values, self._dtype)
            if not scopes.in_stateless_scope():
                version = self.count._write_version()
                was_non_negative = version is not None and version == self._count_known[0]
                self.total._assign_add_scaled(values, sample_weight)  # one kernel on torch
                self.count.assign_add(sample_weight)
                self._count_known_at(positive=was_non_negative and type(sample_weight) is int
                                     and sample_weight > 0)
                return
            return self._accumulate(values * sample_weight, sample_weight)
        self._count_known_at()
        values, sample_weight = reduce_to_samplewise_values(
            values, sample_weight, ops.mean, self.dtype
        )
        if sample_weight is not None:
            count = ops.sum(sample_weight)
        elif len(values.shape) >= 1:
            count = ops.cast(ops.shape(values)[0], self.dtype)
        else:
            count = 1.0
        self._accumulate(ops.sum(values), count)

    def _accumulate(self, total, count):
        """`self.total += total; self.count += count`."""
        if not scopes.in_stateless_scope():
            self.total.assign_add(total)
            self.count.assign_add(count)
            return
        # Traced (a jitted step): one update of both, so that the count's depends on the batch.
        # XLA on CPU runs an update that depends on nothing the step computes as a task of its
        # own, which costs ~30 us of thread hand-off a step (benchmarks/train_step.py).
        both = ops.stack([self.total.value, self.count.value]) + ops.stack(
            [ops.cast(total, self.dtype), ops.cast(count, self.dtype)])
        self.total.assign(both[0])
        self.count.assign(both[1])

    def result(self):
        version = self._count_known[1]
        if version is not None and version == self.count._write_version():
            # count > 0: no zero guard; both are stored tensors of one float dtype.
            return self.total.value / self.count.value
        return ops.divide_no_nan(self.total.value, self.count.value)


class MeanMetricWrapper(Mean):
    """The mean of `fn(y_true, y_pred, **kwargs)` over all samples seen."""

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        if not callable(fn):
            raise TypeError(f"MeanMetricWrapper expects a callable `fn`, received {fn!r}.")
        super().__init__(name=name or getattr(fn, "__name__", None), dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        mask = get_mask(y_pred)
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        if mask is not None:
            sample_weight = apply_mask(sample_weight, mask, self.dtype, "sum")
        return super().update_state(values, sample_weight=sample_weight)

    def get_config(self):
        config = {"name": self.name, "dtype": self._dtype, **self._fn_kwargs}
        if type(self) is MeanMetricWrapper:
            from kc_train.metrics import FUNCTION_TABLE

            config["fn"] = FUNCTION_TABLE.serialize(self._fn)
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if cls is MeanMetricWrapper:
            from kc_train.metrics import FUNCTION_TABLE

            fn = config["fn"]
            config["fn"] = fn if callable(fn) else FUNCTION_TABLE.deserialize(fn)
        return cls(**config)
