"""`Metric`: a stateful value accumulated over batches in non-trainable Variables."""

import kc_ops as ops
from kc_ops import config, dtypes, naming, scopes
from kc_ops.backends import core as _backend


def _make_initializer(initializer):
    """A `(shape, dtype) -> value` callable from a name, a constant or a callable."""
    if callable(initializer):
        return initializer
    if initializer in (None, "zeros"):
        return lambda shape, dtype=None: ops.zeros(shape, dtype=dtype)
    if initializer == "ones":
        return lambda shape, dtype=None: ops.ones(shape, dtype=dtype)
    if isinstance(initializer, (int, float)):
        return lambda shape, dtype=None: ops.full(shape, initializer, dtype=dtype)
    raise ValueError(
        "Invalid metric variable `initializer`: expected 'zeros', 'ones', a number or a "
        f"callable (shape, dtype), received {initializer!r}."
    )


class Metric:
    """Base class: subclasses create state with `add_variable` and implement `update_state`
    and `result`; `reset_state` sets every variable back to zeros by default."""

    def __init__(self, dtype=None, name=None):
        self.name = name or naming.auto_name(type(self).__name__)
        self._dtype_arg = dtype
        self._dtype = dtypes.standardize_dtype(dtype) if dtype is not None else config.floatx()
        self._own_variables = []
        self._sub_metrics = []

    def __setattr__(self, name, value):
        if isinstance(value, Metric) and name != "_sub_metrics" and hasattr(self, "_sub_metrics"):
            self._sub_metrics.append(value)
        super().__setattr__(name, value)

    @property
    def dtype(self):
        return self._dtype

    # --- state ---------------------------------------------------------------------------
    def add_variable(self, shape, initializer, dtype=None, aggregation="sum", name=None):
        with scopes.name_scope(self.name.replace("/", ">"), caller=self):
            variable = _backend.Variable(
                initializer=_make_initializer(initializer),
                shape=tuple(shape),
                dtype=dtype or self._dtype,
                trainable=False,
                aggregation=aggregation,
                name=name,
            )
        self._own_variables.append(variable)
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None, name=None):
        return self.add_variable(shape, initializer=initializer, dtype=dtype, name=name)

    @property
    def variables(self):
        result = list(self._own_variables)
        for metric in self._sub_metrics:
            result.extend(metric.variables)
        return result

    def reset_state(self):
        for variable in self._own_variables:
            variable.assign(ops.zeros(variable.shape, dtype=variable.dtype))
        for metric in self._sub_metrics:
            metric.reset_state()

    # --- computation ---------------------------------------------------------------------
    def update_state(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must implement `update_state`.")

    def result(self):
        raise NotImplementedError(f"{type(self).__name__} must implement `result`.")

    def __call__(self, *args, **kwargs):
        self.update_state(*args, **kwargs)
        return self.result()

    # --- stateless API (for jitted steps) ------------------------------------------------
    def _check_values(self, metric_variables):
        variables = self.variables
        if len(metric_variables) != len(variables):
            raise ValueError(
                f"Metric {self.name!r} has {len(variables)} variables; received "
                f"{len(metric_variables)} metric_variables."
            )
        return variables

    def stateless_update_state(self, metric_variables, *args, **kwargs):
        variables = self._check_values(metric_variables)
        with scopes.StatelessScope(state_mapping=list(zip(variables, metric_variables))) as scope:
            self.update_state(*args, **kwargs)
        return _read_back(scope, variables, metric_variables)

    def stateless_result(self, metric_variables):
        variables = self._check_values(metric_variables)
        with scopes.StatelessScope(state_mapping=list(zip(variables, metric_variables))):
            return self.result()

    def stateless_reset_state(self):
        variables = self.variables
        with scopes.StatelessScope() as scope:
            self.reset_state()
        return _read_back(scope, variables, [v.value for v in variables])

    # --- config --------------------------------------------------------------------------
    def get_config(self):
        return {"name": self.name, "dtype": self._dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"


def _read_back(scope, variables, old_values):
    values = []
    for variable, old in zip(variables, old_values):
        value = scope.get_current_value(variable)
        values.append(old if value is None else value)
    return values
