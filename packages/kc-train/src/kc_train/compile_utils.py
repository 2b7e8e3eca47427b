"""The losses and metrics given to `compile`, matched to the model's outputs.

Both accept a single item (applied to every output), a list (one per output, in order) or a
dict keyed by output name. Metric strings such as "accuracy" are resolved on the first batch,
when the shapes of targets and predictions are known, the way Keras resolves them.
"""

from kc_ops import core, tree


def _per_output(spec, output_names, count, what):
    """A list with one entry per output."""
    if isinstance(spec, dict):
        if output_names is None:
            if count == 1 and len(spec) == 1:
                return list(spec.values())
            raise ValueError(f"`{what}` is a dict, but the model's outputs have no names.")
        unknown = set(spec) - set(output_names)
        if unknown:
            raise ValueError(
                f"`{what}` names outputs {sorted(unknown)} that the model does not have. "
                f"Its outputs are {output_names}."
            )
        return [spec.get(name) for name in output_names]
    if isinstance(spec, (list, tuple)) and count > 1 and len(spec) == count:
        return list(spec)
    if isinstance(spec, (list, tuple)) and count > 1:
        raise ValueError(
            f"`{what}` is a list of {len(spec)} entries, but the model has {count} outputs."
        )
    return [spec] * count


class CompileLoss:
    def __init__(self, loss, loss_weights=None, output_names=None):
        self._spec = loss
        self._weights_spec = loss_weights
        self.output_names = output_names
        self._losses = None

    def build(self, y_true, y_pred):
        from kc_train import losses

        flat_pred = tree.flatten(y_pred)
        count = len(flat_pred)
        names = self.output_names if self.output_names and len(self.output_names) == count else None
        specs = _per_output(self._spec, names, count, "loss")
        self._losses = [_as_loss(losses, s) if s is not None else None for s in specs]
        weights = _per_output(self._weights_spec, names, count, "loss_weights") if self._weights_spec is not None else [1.0] * count
        self._weights = [1.0 if w is None else float(w) for w in weights]

    def __call__(self, y_true, y_pred, sample_weight=None):
        if self._losses is None:
            self.build(y_true, y_pred)
        if len(self._losses) == 1 and core.is_tensor(y_pred) and core.is_tensor(y_true):
            # One output, one target tensor: nothing to match (the common case, every batch).
            loss_fn, weight = self._losses[0], self._weights[0]
            if loss_fn is not None:
                value = loss_fn(y_true, y_pred, sample_weight=sample_weight)
                return value * weight if weight != 1.0 else value
        flat_pred = tree.flatten(y_pred)
        flat_true = _match_targets(y_true, y_pred, self.output_names)
        flat_sw = _match_targets(sample_weight, y_pred, self.output_names) if sample_weight is not None else [None] * len(flat_pred)
        total = None
        for loss_fn, weight, yt, yp, sw in zip(self._losses, self._weights, flat_true, flat_pred, flat_sw):
            if loss_fn is None or yt is None:
                continue
            value = loss_fn(yt, yp, sample_weight=sw)
            value = value * weight if weight != 1.0 else value
            total = value if total is None else total + value
        if total is None:
            raise ValueError("The compiled loss applies to none of the model's outputs.")
        return total


def _as_loss(losses, spec):
    """A Loss object: strings and plain functions are wrapped so they take sample weights."""
    loss = losses.get(spec)
    if isinstance(loss, losses.Loss):
        return loss
    if not callable(loss):
        raise ValueError(f"Could not interpret the loss {spec!r}.")
    name = spec if isinstance(spec, str) else getattr(loss, "__name__", "loss")
    return losses.LossFunctionWrapper(loss, name=name)


def _match_targets(y_true, y_pred, output_names):
    """Targets as a flat list aligned with the flattened predictions."""
    flat_pred = tree.flatten(y_pred)
    if isinstance(y_true, dict) and isinstance(y_pred, dict):
        return [y_true.get(k) for k in sorted(y_pred)]
    if isinstance(y_true, dict) and output_names:
        return [y_true.get(k) for k in output_names]
    if len(flat_pred) == 1:
        flat = tree.flatten(y_true)
        return [flat[0] if len(flat) == 1 else y_true]
    flat_true = tree.flatten(y_true)
    if len(flat_true) != len(flat_pred):
        raise ValueError(
            f"The model has {len(flat_pred)} outputs but the targets hold {len(flat_true)} arrays."
        )
    return flat_true


class CompileMetrics:
    """The metrics of every output, updated together; its result is a dict of logs."""

    def __init__(self, metrics, weighted_metrics=None, output_names=None):
        self.name = "compile_metrics"
        self._metrics_spec = metrics
        self._weighted_spec = weighted_metrics
        self.output_names = output_names
        self._built = False
        self._metrics = []  # (metric, output_index, weighted)

    @property
    def variables(self):
        return [v for metric, _, _ in self._metrics for v in metric.variables]

    @property
    def metrics(self):
        return [m for m, _, _ in self._metrics]

    def build(self, y_true, y_pred):
        flat_pred = tree.flatten(y_pred)
        flat_true = _match_targets(y_true, y_pred, self.output_names)
        count = len(flat_pred)
        names = self.output_names if self.output_names and len(self.output_names) == count else None
        for spec, weighted in ((self._metrics_spec, False), (self._weighted_spec, True)):
            if not spec:
                continue
            per_output = _per_output_metrics(spec, names, count)
            for index, items in enumerate(per_output):
                for item in items or []:
                    metric = resolve_metric(item, flat_true[index], flat_pred[index])
                    if names and count > 1:
                        metric.name = f"{names[index]}_{metric.name}"
                    self._metrics.append((metric, index, weighted))
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        if not self._built:
            self.build(y_true, y_pred)
        flat_pred = tree.flatten(y_pred)
        flat_true = _match_targets(y_true, y_pred, self.output_names)
        flat_sw = _match_targets(sample_weight, y_pred, self.output_names) if sample_weight is not None else None
        for metric, index, weighted in self._metrics:
            if flat_true[index] is None:
                continue
            sw = flat_sw[index] if (weighted and flat_sw is not None) else None
            metric.update_state(flat_true[index], flat_pred[index], sample_weight=sw)

    def result(self):
        return {metric.name: metric.result() for metric, _, _ in self._metrics}

    def reset_state(self):
        for metric, _, _ in self._metrics:
            metric.reset_state()

    # The stateless API, so custom JAX train steps can treat it like any other metric.
    def stateless_update_state(self, metric_variables, y_true, y_pred, sample_weight=None):
        from kc_ops import scopes

        with scopes.StatelessScope(state_mapping=list(zip(self.variables, metric_variables))) as scope:
            self.update_state(y_true, y_pred, sample_weight)
        return [_current(scope, v, old) for v, old in zip(self.variables, metric_variables)]

    def stateless_result(self, metric_variables):
        from kc_ops import scopes

        with scopes.StatelessScope(state_mapping=list(zip(self.variables, metric_variables))):
            return self.result()

    def stateless_reset_state(self):
        from kc_ops import scopes

        with scopes.StatelessScope() as scope:
            self.reset_state()
        return [_current(scope, v, v.value) for v in self.variables]


def _current(scope, variable, old):
    value = scope.get_current_value(variable)
    return old if value is None else value


def _per_output_metrics(spec, names, count):
    if isinstance(spec, dict):
        lists = _per_output(spec, names, count, "metrics")
        return [v if isinstance(v, (list, tuple)) else ([v] if v is not None else []) for v in lists]
    if isinstance(spec, (list, tuple)) and count > 1 and all(isinstance(s, (list, tuple)) or s is None for s in spec):
        return [list(s or []) for s in _per_output(list(spec), names, count, "metrics")]
    items = list(spec) if isinstance(spec, (list, tuple)) else [spec]
    return [items] * count



_ACCURACY_NAMES = ("accuracy", "acc")
_CROSSENTROPY_NAMES = ("crossentropy", "ce")


def resolve_metric(item, y_true, y_pred):
    """A metric object for `item`; "accuracy"/"crossentropy" pick the variant that fits the
    shapes of the targets and predictions (binary, sparse or categorical), as Keras does."""
    from kc_train import metrics as metrics_module

    if isinstance(item, str) and item in _ACCURACY_NAMES + _CROSSENTROPY_NAMES:
        kind = _target_kind(y_true, y_pred)
        family = "accuracy" if item in _ACCURACY_NAMES else "crossentropy"
        classes = {
            ("binary", "accuracy"): "BinaryAccuracy", ("sparse", "accuracy"): "SparseCategoricalAccuracy",
            ("categorical", "accuracy"): "CategoricalAccuracy",
            ("binary", "crossentropy"): "BinaryCrossentropy",
            ("sparse", "crossentropy"): "SparseCategoricalCrossentropy",
            ("categorical", "crossentropy"): "CategoricalCrossentropy",
        }
        return getattr(metrics_module, classes[(kind, family)])(name=item)
    metric = metrics_module.get(item)
    if not hasattr(metric, "update_state"):  # a plain function: wrap it
        name = item if isinstance(item, str) else getattr(metric, "__name__", "metric")
        metric = metrics_module.MeanMetricWrapper(metric, name=name)
    elif isinstance(item, str):
        metric.name = item  # logs use the identifier the user wrote ("mae", not "mean_absolute_error")
    return metric


def _target_kind(y_true, y_pred):
    pred_shape = tuple(core.shape(y_pred))
    true_shape = tuple(core.shape(y_true))
    if pred_shape[-1:] == (1,) or len(pred_shape) == 1:
        return "binary"
    if len(true_shape) < len(pred_shape) or true_shape[-1:] == (1,):
        return "sparse"
    return "categorical"
