"""`Optimizer`: the base class. Updates are plain `kc_ops` math and Variable assignments, so the
same code runs eagerly, under `tf.function`, under `torch.no_grad()` and inside `jax.jit` (via
`stateless_apply`)."""

import re
import warnings

import kc_ops as ops
from kc_ops import config, naming, scopes
from kc_ops import core as ops_core
from kc_ops.backends import core as _backend
from kc_ops.backends import optimizer_updates as _kernels
from kc_ops.variables import Variable

from kc_train.optimizers.schedules import LearningRateSchedule
from kc_train.optimizers.schedules import serialize as _serialize_schedule


def _initializer(initializer):
    if callable(initializer):
        return initializer
    if initializer == "zeros":
        return lambda shape, dtype=None: ops.zeros(shape, dtype=dtype)
    if initializer == "ones":
        return lambda shape, dtype=None: ops.ones(shape, dtype=dtype)
    if isinstance(initializer, (int, float)):
        return lambda shape, dtype=None: ops.full(shape, initializer, dtype=dtype)
    raise ValueError(
        "Invalid optimizer variable `initializer`: expected 'zeros', 'ones', a number or a "
        f"callable (shape, dtype), received {initializer!r}."
    )


def concrete_bool(pred):
    """`pred` as a Python bool when it has a value now, None when it is traced."""
    if ops_core.in_tracing_context():
        return None
    try:
        return bool(ops.convert_to_numpy(pred))
    except Exception:  # a symbolic / traced tensor
        return None


def snapshot(variable):
    """The variable's current value as a tensor that later assignments do not change (a TF
    variable's `.value` is the live variable itself)."""
    return ops.copy(variable.value)


def _check_positive(name, value, allow_none=True):
    if value is None and allow_none:
        return None
    if not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"Invalid `{name}`: expected a non-negative float, received {value!r}.")
    return value


class Optimizer:
    """Subclasses create their slots in `build(var_list)` and implement
    `update_step(gradient, variable, learning_rate)`."""

    def __init__(
        self,
        learning_rate,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        **kwargs,
    ):
        if kwargs.pop("decay", None) is not None:
            raise ValueError(
                "Argument `decay` is no longer supported: use a learning-rate "
                "schedule from `keras.optimizers.schedules` instead."
            )
        if kwargs:
            raise TypeError(
                f"{type(self).__name__} got unexpected keyword arguments: {sorted(kwargs)}"
            )
        self.name = name or naming.auto_name(type(self).__name__)
        self.weight_decay = _check_positive("weight_decay", weight_decay)
        self.clipnorm = _check_positive("clipnorm", clipnorm)
        self.clipvalue = _check_positive("clipvalue", clipvalue)
        self.global_clipnorm = _check_positive("global_clipnorm", global_clipnorm)
        if sum(x is not None for x in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise ValueError(
                "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. Received: "
                f"clipnorm={clipnorm}, clipvalue={clipvalue}, global_clipnorm={global_clipnorm}."
            )
        self.use_ema = bool(use_ema)
        if use_ema and not 0.0 <= ema_momentum <= 1.0:
            raise ValueError(f"`ema_momentum` must be in [0, 1]. Received: {ema_momentum!r}")
        if ema_overwrite_frequency is not None and (
            not isinstance(ema_overwrite_frequency, int) or ema_overwrite_frequency < 1
        ):
            raise ValueError(
                "`ema_overwrite_frequency` must be a positive int or None. "
                f"Received: {ema_overwrite_frequency!r}"
            )
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        if gradient_accumulation_steps is not None and (
            not isinstance(gradient_accumulation_steps, int) or gradient_accumulation_steps < 2
        ):
            raise ValueError(
                "`gradient_accumulation_steps` must be an int >= 2. Received: "
                f"{gradient_accumulation_steps!r}"
            )
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self.built = False
        self._variables = []
        self._trainable_variables = []
        self._var_index = {}
        self._exclude_ids = set()
        self._exclude_pattern = None
        self._decay_cache = {}
        with scopes.name_scope(self.name, caller=self):
            self._iterations = _backend.Variable(
                0,
                shape=(),
                dtype="int64",
                trainable=False,
                name="iteration",
                aggregation="only_first_replica",
            )
        self._variables.append(self._iterations)
        self._learning_rate = self._make_learning_rate(learning_rate)

    def _make_learning_rate(self, learning_rate):
        if isinstance(learning_rate, LearningRateSchedule) or callable(learning_rate):
            return learning_rate
        if isinstance(learning_rate, Variable):
            value = learning_rate
        else:
            try:
                value = float(learning_rate)
            except (TypeError, ValueError):
                raise ValueError(
                    "Invalid `learning_rate`: expected a float, a LearningRateSchedule or a "
                    f"callable, received {learning_rate!r}."
                ) from None
        with scopes.name_scope(self.name, caller=self):
            variable = _backend.Variable(
                value,
                shape=(),
                dtype=config.floatx(),
                trainable=False,
                name="learning_rate",
                aggregation="only_first_replica",
            )
        self._variables.append(variable)
        return variable

    # --- variables -----------------------------------------------------------------------
    def add_variable(
        self, shape, initializer="zeros", dtype=None, aggregation="none", layout=None, name=None
    ):
        with scopes.name_scope(self.name, caller=self):
            variable = _backend.Variable(
                initializer=_initializer(initializer),
                shape=tuple(shape),
                dtype=dtype or config.floatx(),
                trainable=False,
                aggregation=aggregation,
                layout=layout,
                name=name,
            )
        self._variables.append(variable)
        return variable

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        path = getattr(reference_variable, "path", None) or str(reference_variable.name)
        full_name = path.replace("/", "_").replace(":", "_") + "_" + (name or "var")
        dtype = getattr(reference_variable, "_dtype", None) or reference_variable.dtype
        return self.add_variable(
            reference_variable.shape, initializer=initializer, dtype=dtype, name=full_name
        )

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        """One slot per variable for each name (interleaved per variable, as Keras orders
        them in checkpoints); None for variables overwritten with their gradient."""
        names = [name] if isinstance(name, str) else list(name)
        inits = (
            list(initializer)
            if isinstance(initializer, (list, tuple))
            else [initializer] * len(names)
        )
        slots = tuple([] for _ in names)
        for variable in trainable_variables:
            for i, (slot_name, init) in enumerate(zip(names, inits)):
                if getattr(variable, "overwrite_with_gradient", False):
                    slots[i].append(None)
                else:
                    slots[i].append(self.add_variable_from_reference(variable, slot_name, init))
        return slots[0] if isinstance(name, str) else slots

    def build(self, var_list):
        var_list = list(var_list)
        if self.use_ema:
            self._model_variables_moving_average = self.add_optimizer_variables(var_list, "average")
        if self.gradient_accumulation_steps:
            self._accumulated_gradients = self.add_optimizer_variables(
                var_list, "gradient_accumulator"
            )
        self._trainable_variables = var_list
        self._var_index = {id(v): i for i, v in enumerate(var_list)}
        self.built = True

    @property
    def variables(self):
        return list(self._variables)

    @property
    def iterations(self):
        return self._iterations

    def _get_variable_index(self, variable):
        try:
            return self._var_index[id(variable)]
        except KeyError:
            raise ValueError(
                f"Variable {getattr(variable, 'path', variable)!r} was not part of the variables "
                f"this optimizer was built with ({len(self._trainable_variables)} variables)."
            ) from None

    # --- learning rate -------------------------------------------------------------------
    @property
    def learning_rate(self):
        lr = self._learning_rate
        if isinstance(lr, LearningRateSchedule):
            return lr(self._iterations)
        if callable(lr) and not isinstance(lr, Variable):
            return lr()
        return lr

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        if isinstance(learning_rate, LearningRateSchedule) or (
            callable(learning_rate) and not isinstance(learning_rate, Variable)
        ):
            self._learning_rate = learning_rate
            return
        if not isinstance(self._learning_rate, Variable):
            raise TypeError(
                "This optimizer was created with a LearningRateSchedule or a callable as its "
                "`learning_rate`, so its learning rate cannot be set to a value. Create it with "
                "a float `learning_rate` to make it settable."
            )
        self._learning_rate.assign(learning_rate)

    def _learning_rate_value(self):
        lr = self.learning_rate
        return lr.value if isinstance(lr, Variable) else lr

    # --- applying gradients --------------------------------------------------------------
    def apply_gradients(self, grads_and_vars):
        grads, variables = zip(*grads_and_vars)
        self.apply(list(grads), list(variables))
        return self._iterations

    def apply(self, grads, trainable_variables=None):
        grads = [g if g is None or ops.is_tensor(g) else ops.convert_to_tensor(g) for g in grads]
        if not grads:
            return
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    "`apply(grads)` without `trainable_variables` needs a built "
                    "optimizer: call `optimizer.build(variables)` first."
                )
            trainable_variables = self._trainable_variables
        else:
            trainable_variables = list(trainable_variables)
            if not self.built:
                self.build(trainable_variables)
        if len(grads) != len(trainable_variables):
            raise ValueError(
                f"Received {len(grads)} gradients for {len(trainable_variables)} "
                "trainable variables."
            )
        with scopes.name_scope(self.name, caller=self):
            grads, trainable_variables = self._filter_empty_gradients(grads, trainable_variables)
            grads, trainable_variables = self._overwrite_with_gradients(grads, trainable_variables)
            if grads:
                if self.loss_scale_factor is not None:
                    grads = [g / self.loss_scale_factor for g in grads]
                self._backend_apply_gradients(grads, trainable_variables)
                for variable in trainable_variables:
                    if variable.constraint is not None:
                        variable.assign(variable.constraint(variable))
        self._iterations.assign_add(1)

    def _filter_empty_gradients(self, grads, variables):
        if all(g is not None for g in grads):
            return grads, variables
        kept = [(g, v) for g, v in zip(grads, variables) if g is not None]
        if not kept:
            raise ValueError("No gradients provided for any variable.")
        missing = [v.path for g, v in zip(grads, variables) if g is None]
        warnings.warn(f"Gradients do not exist for variables {missing} when minimizing the loss.")
        return [g for g, _ in kept], [v for _, v in kept]

    def _overwrite_with_gradients(self, grads, variables):
        if not any(getattr(v, "overwrite_with_gradient", False) for v in variables):
            return grads, variables
        kept_g, kept_v = [], []
        for g, v in zip(grads, variables):
            if v.overwrite_with_gradient:
                v.assign(g)
            else:
                kept_g.append(g)
                kept_v.append(v)
        return kept_g, kept_v

    def _backend_apply_gradients(self, grads, variables):
        if self.gradient_accumulation_steps:
            steps = self.gradient_accumulation_steps
            accumulators = [
                self._accumulated_gradients[self._get_variable_index(v)] for v in variables
            ]
            is_update = ops.equal((self._iterations.value + 1) % steps, 0)

            def update():
                averaged = [(g + a.value) / steps for g, a in zip(grads, accumulators)]
                self._clip_decay_update(averaged, variables)

            self._conditional(is_update, update, list(variables) + self.variables)
            for g, a in zip(grads, accumulators):
                a.assign(ops.where(is_update, ops.zeros_like(a.value), a.value + g))
        else:
            self._clip_decay_update(grads, variables)
        if self.use_ema:
            self._update_moving_averages(self._trainable_variables)
            if self.ema_overwrite_frequency:
                overwrite = ops.equal(
                    (self._iterations.value + 1) % self.ema_overwrite_frequency, 0
                )
                self._conditional(
                    overwrite,
                    lambda: self._overwrite_model_variables_with_average_value(
                        self._trainable_variables
                    ),
                    list(self._trainable_variables),
                )

    def _clip_decay_update(self, grads, variables):
        grads = self._clip_gradients(grads)
        learning_rate = self._learning_rate_value()
        self._apply_weight_decay(variables, learning_rate)
        self._backend_update_step(grads, variables, learning_rate)

    def _conditional(self, pred, update_fn, touched):
        """Run `update_fn` (which assigns variables) only where `pred` is true: a Python branch
        when `pred` has a value, else compute the update and select per variable."""
        value = concrete_bool(pred)
        if value is not None:
            if value:
                update_fn()
            return
        old = [snapshot(v) for v in touched]
        update_fn()
        for variable, previous in zip(touched, old):
            variable.assign(ops.where(pred, variable.value, previous))

    def _backend_update_step(self, grads, variables, learning_rate):
        parallel = self._parallel_update_for(grads, variables)
        if parallel is not None:
            parallel(grads, variables, learning_rate)
            return
        if type(self).update_step is not Optimizer.update_step:  # a user subclass
            for g, v in zip(grads, variables):
                self.update_step(g, v, learning_rate)
            return
        context = self._step_context(learning_rate)
        for g, v in zip(grads, variables):
            if ops.dtype(g) != v._dtype:
                g = ops.cast(g, v._dtype)
            self._update_variable(g, v, context)

    def _parallel_update_for(self, grads=(), variables=()):
        """The optimizer's all-variables-at-once update (`_parallel_update`, on backends with
        multi-tensor kernels: torch), or None where the per-variable rule must run: inside a
        StatelessScope (updates are recorded there, not done in place), under torch.compile
        (the kernels read the step count as a Python number), for classes that do not define
        one themselves (a subclass may change the rule), or for mixed dtypes."""
        if (_kernels is None or "_parallel_update" not in type(self).__dict__
                or scopes.get_stateless_scope() is not None or ops_core.in_tracing_context()):
            return None
        if any(g.dtype != v._value.dtype for g, v in zip(grads, variables)):
            return None
        return self._parallel_update

    def _stored(self, slots, variables):
        """The stored tensors of each variable's slot (what `.value` returns outside scopes)."""
        return [slots[self._get_variable_index(v)]._value for v in variables]

    def update_step(self, gradient, variable, learning_rate):
        """Update `variable` from `gradient`: built-in optimizers implement `_step_context`
        (per-step scalars, computed once) and `_update_variable`."""
        gradient = ops.cast(gradient, variable._dtype)
        self._update_variable(gradient, variable, self._step_context(learning_rate))

    def _step_context(self, learning_rate):
        return learning_rate

    def _update_variable(self, gradient, variable, context):
        raise NotImplementedError(
            f"{type(self).__name__} must implement "
            "`update_step(gradient, variable, learning_rate)`."
        )

    # --- clipping, weight decay, EMA -----------------------------------------------------
    def _clip_gradients(self, grads):
        if self.clipnorm:
            return [self._clip_by_norm(g) for g in grads]
        if self.global_clipnorm:
            return clip_by_global_norm(grads, self.global_clipnorm)
        if self.clipvalue:
            return [ops.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    def _clip_by_norm(self, values):
        square_sum = ops.sum(ops.square(values), keepdims=True)
        positive = square_sum > 0
        norm = ops.where(positive, ops.sqrt(ops.where(positive, square_sum, 1.0)), square_sum)
        return values * self.clipnorm / ops.maximum(norm, self.clipnorm)

    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        if self.built:
            raise ValueError(
                "`exclude_from_weight_decay()` can only be configured before the "
                "optimizer is built."
            )
        self._exclude_ids = {id(v) for v in var_list or ()}
        self._exclude_pattern = re.compile("|".join(set(var_names))) if var_names else None
        self._decay_cache = {}

    def _use_weight_decay(self, variable):
        key = id(variable)
        if key not in self._decay_cache:
            excluded = key in self._exclude_ids or (
                self._exclude_pattern is not None
                and self._exclude_pattern.search(variable.name) is not None
            )
            self._decay_cache[key] = not excluded
        return self._decay_cache[key]

    def _apply_weight_decay(self, variables, learning_rate):
        if not self.weight_decay:
            return
        if self._parallel_update_for() is not None:
            factor = 1.0 - self.weight_decay * float(learning_rate)
            _kernels.scale([v._value for v in variables if self._use_weight_decay(v)], factor)
            return
        for variable in variables:
            if self._use_weight_decay(variable):
                lr = ops.cast(learning_rate, variable._dtype)
                variable.assign(variable.value - variable.value * (self.weight_decay * lr))

    def _update_moving_averages(self, variables):
        not_first = ops.cast(ops.not_equal(self._iterations.value, 0), config.floatx())
        momentum = not_first * self.ema_momentum
        for variable, average in zip(variables, self._model_variables_moving_average):
            if average is not None:
                m = ops.cast(momentum, variable._dtype)
                average.assign(m * average.value + (1.0 - m) * variable.value)

    def _overwrite_model_variables_with_average_value(self, variables):
        for variable, average in zip(variables, self._model_variables_moving_average):
            if average is not None:
                variable.assign(average.value)

    def finalize_variable_values(self, var_list):
        """At the end of training, copy the moving averages into the model (with `use_ema`)."""
        if self.use_ema:
            self._overwrite_model_variables_with_average_value(var_list)

    # --- stateless API -------------------------------------------------------------------
    def stateless_apply(self, optimizer_variables, grads, trainable_variables):
        if not self.built:
            raise ValueError(
                f"To call `stateless_apply`, {type(self).__name__} must be built (its variables "
                "created): call `optimizer.build(trainable_variables)` first."
            )
        variables = self.variables
        if len(optimizer_variables) != len(variables):
            raise ValueError(
                f"Expected {len(variables)} optimizer variable values, received "
                f"{len(optimizer_variables)}."
            )
        if len(trainable_variables) != len(self._trainable_variables):
            raise ValueError(
                f"Expected {len(self._trainable_variables)} trainable variable "
                f"values, received {len(trainable_variables)}."
            )
        mapping = list(zip(self._trainable_variables, trainable_variables))
        mapping += list(zip(variables, optimizer_variables))
        with scopes.StatelessScope(state_mapping=mapping) as scope:
            self.apply(grads)
        new_trainable = [
            _read(scope, v, old) for v, old in zip(self._trainable_variables, trainable_variables)
        ]
        new_optimizer = [_read(scope, v, old) for v, old in zip(variables, optimizer_variables)]
        return new_trainable, new_optimizer

    def scale_loss(self, loss):
        """`loss` times `loss_scale_factor` (gradients are divided by it in `apply`)."""
        if self.loss_scale_factor is not None:
            return loss * self.loss_scale_factor
        return loss

    # --- saving --------------------------------------------------------------------------
    def assign(self, variable, value):
        variable.assign(value)

    def assign_add(self, variable, value):
        variable.assign_add(value)

    def assign_sub(self, variable, value):
        variable.assign_sub(value)

    def set_weights(self, weights):
        variables = self.variables
        if len(weights) != len(variables):
            raise ValueError(
                f"Optimizer {self.name!r} has {len(variables)} variables; "
                f"set_weights received {len(weights)} values."
            )
        for variable, value in zip(variables, weights):
            variable.assign(value)

    def save_own_variables(self, store):
        for i, variable in enumerate(self.variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store):
        variables = self.variables
        if len(store.keys()) != len(variables):
            # A model saved before it trained has an unbuilt optimizer (iterations and learning
            # rate only): like Keras, keep the fresh state and say so.
            import warnings

            warnings.warn(
                f"Skipping variable loading for optimizer {self.name!r}: it has "
                f"{len(variables)} variables, the saved state has {len(store.keys())}.",
                stacklevel=2,
            )
            return
        for i, variable in enumerate(variables):
            variable.assign(store[str(i)])

    def get_config(self):
        lr = self._learning_rate
        if isinstance(lr, LearningRateSchedule):
            lr = _serialize_schedule(lr)
        elif isinstance(lr, Variable):
            lr = float(lr.numpy())
        return {
            "name": self.name,
            "learning_rate": lr,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        lr = config.get("learning_rate")
        if isinstance(lr, dict):
            from kc_train.optimizers.schedules import deserialize

            config["learning_rate"] = deserialize(lr, custom_objects=custom_objects)
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"


def _read(scope, variable, old):
    value = scope.get_current_value(variable)
    return old if value is None else value


def clip_by_global_norm(values, clip_norm):
    """Scale all gradients by clip_norm / max(global_norm, clip_norm); NaN if the norm is not
    finite."""
    norm = ops.sqrt(sum(ops.sum(ops.square(ops.cast(v, "float32"))) for v in values))
    scale = clip_norm * ops.minimum(1.0 / norm, 1.0 / clip_norm)
    scale = scale + (norm - norm)
    return [v * ops.cast(scale, ops.dtype(v)) for v in values]
