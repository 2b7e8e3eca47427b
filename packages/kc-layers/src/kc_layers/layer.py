"""`keras.Layer`: the building block of models.

A layer owns variables (created by `add_weight`, usually in `build`), tracks the layers,
variables, seed generators and metrics assigned to its attributes (also inside lists, dicts
and tuples, including items appended later), builds itself on the first call from the input
shapes, and records a graph node when called on KerasTensors. `training` and masks flow from
outer calls to nested ones.
"""

import inspect
import math
import threading
import weakref

import kc_ops
from kc_ops import dtypes, scopes, structure, tree
from kc_ops.backends import layer_base as _backend_layer_base
from kc_ops.keras_tensor import KerasTensor
from kc_ops.operation import Node, Operation, any_symbolic_tensors
from kc_ops.variables import AutocastScope, Variable, get_autocast_scope

from kc_layers import dtype_policies
from kc_layers.input_spec import assert_input_compatibility

_LEGACY_SHAPE_KWARGS = ("input_shape", "batch_input_shape", "batch_size", "input_dim")
# Attributes holding the layer's own bookkeeping: never scanned for tracked objects.
_UNTRACKED = frozenset({
    "_layers", "_trainable_variables", "_non_trainable_variables", "_seed_generators",
    "_tracked_metrics", "_losses", "_loss_ids", "_tracked_containers", "_inbound_nodes",
    "_outbound_nodes", "_build_shapes", "_auto_config", "_call_signature",
    "_call_training_default", "_walk_cache",
})
_NOT_GIVEN = object()
# Weak references to the layers that `add_loss` gave losses since their last clearing: while
# there are none, calls skip the walk that clears them. (A plain set: its truth is checked on
# every call; a reference removes itself when its layer is collected.)
_HOLDING_LOSSES = set()


def _hold_losses(layer):
    _HOLDING_LOSSES.add(weakref.ref(layer, _HOLDING_LOSSES.discard))


class _CallState(threading.local):
    """Per thread: `training` carried from an outer layer call to nested ones, and how deep
    in layer calls we are (the outermost call clears the previous call's losses)."""

    training = None
    depth = 0


_call_context = _CallState()


def _current_training():
    return _call_context.training


def _is_metric(value):
    return hasattr(value, "update_state") and hasattr(value, "result") and hasattr(value, "variables")


def _is_seed_generator(value):
    return isinstance(getattr(value, "state", None), Variable) and hasattr(value, "next")


class Layer(_backend_layer_base.LayerBase, Operation):
    def __new__(cls, *args, **kwargs):
        instance = super().__new__(cls)
        object.__setattr__(instance, "_auto_config", _auto_config(cls, args, kwargs))
        return instance

    def __init__(self, *, activity_regularizer=None, trainable=True, dtype=None, autocast=True,
                 name=None, **kwargs):
        shape_kwargs = {k: kwargs.pop(k) for k in _LEGACY_SHAPE_KWARGS if k in kwargs}
        if kwargs:
            raise ValueError(
                f"Unrecognized keyword arguments passed to {type(self).__name__}: {kwargs}"
            )
        self._init_tracking()
        self._losses = []
        self._loss_ids = set()
        super().__init__(name=name)
        self._trainable = bool(trainable)
        policy = dtype_policies.get(dtype)
        if isinstance(policy, dtype_policies.DTypePolicyMap):
            policy = policy[self.name]  # this layer's entry (or the map's default)
        self._dtype_policy = policy
        self.autocast = autocast
        self.built = False
        self.input_spec = None
        self.supports_masking = False
        self._build_shapes = None
        self._call_signature = inspect.signature(self.call)
        self._call_has_training = "training" in self._call_signature.parameters
        self._call_has_mask = "mask" in self._call_signature.parameters
        default = (self._call_signature.parameters["training"].default
                   if self._call_has_training else None)
        self._call_training_default = None if default is inspect.Parameter.empty else default
        self._activity_regularizer = None
        if activity_regularizer is not None:
            from kc_layers import regularizers

            self._activity_regularizer = regularizers.get(activity_regularizer)
        self._build_input_shape_from_kwargs(shape_kwargs)

    def _build_input_shape_from_kwargs(self, shape_kwargs):
        """Keras 2's `input_shape` / `batch_input_shape` / `input_dim` (+ `batch_size`)."""
        batch_size = shape_kwargs.get("batch_size")
        if batch_size is not None and (not isinstance(batch_size, int) or batch_size <= 0):
            raise ValueError(f"`batch_size` must be a positive int. Received: {batch_size!r}")
        if "batch_input_shape" in shape_kwargs:
            shape = _check_shape_kwarg("batch_input_shape", shape_kwargs["batch_input_shape"])
            self._batch_input_shape = shape
        elif "input_shape" in shape_kwargs:
            shape = _check_shape_kwarg("input_shape", shape_kwargs["input_shape"])
            self._batch_input_shape = (batch_size,) + shape
        elif "input_dim" in shape_kwargs:
            dim = shape_kwargs["input_dim"]
            if not isinstance(dim, int) or isinstance(dim, bool) or dim <= 0:
                raise ValueError(f"`input_dim` must be a positive int. Received: {dim!r}")
            self._batch_input_shape = (batch_size, dim)

    # --- attribute tracking --------------------------------------------------------------
    def _init_tracking(self):
        """Create the tracking lists once (also when a subclass assigns attributes before
        calling `super().__init__()`)."""
        if "_tracked_containers" in self.__dict__:
            return
        for attribute in ("_layers", "_trainable_variables", "_non_trainable_variables",
                          "_seed_generators", "_tracked_metrics"):
            object.__setattr__(self, attribute, [])
        object.__setattr__(self, "_tracked_containers", {})  # attribute name -> list/dict
        structure.changed()

    def __setattr__(self, name, value):
        if name not in _UNTRACKED:
            if "_tracked_containers" not in self.__dict__:
                self._init_tracking()
            # Remember mutable containers by attribute: items appended to them later are
            # picked up on the next access to the weights or sublayers.
            if isinstance(value, (list, dict)):
                self._tracked_containers[name] = value
            elif name in self._tracked_containers:
                del self._tracked_containers[name]
            self._track(value)
        object.__setattr__(self, name, value)

    def _track(self, value):
        if isinstance(value, Layer):
            if value is not self and not any(value is layer for layer in self._layers):
                self._layers.append(value)
                structure.changed()
        elif isinstance(value, Variable):
            own = self._trainable_variables + self._non_trainable_variables
            if not any(value is v for v in own):
                target = self._trainable_variables if value.trainable else self._non_trainable_variables
                target.append(value)
                structure.changed()
                if not getattr(self, "_trainable", True) and value.trainable:
                    value.trainable = False  # created after the layer was frozen
        elif _is_seed_generator(value):
            if not any(value is g for g in self._seed_generators):
                self._seed_generators.append(value)
                structure.changed()
        elif _is_metric(value):
            if not any(value is m for m in self._tracked_metrics):
                self._tracked_metrics.append(value)
                structure.changed()
        elif isinstance(value, (list, tuple, dict)):
            for item in (value.values() if isinstance(value, dict) else value):
                self._track(item)

    def _refresh_tracking(self):
        for container in list(getattr(self, "_tracked_containers", {}).values()):
            self._track(container)

    def _cached_walk(self, key, walk):
        """`walk()`'s list, recomputed only when the tracked structure changed (structure.py)."""
        return list(self._cached(key, walk))

    def _cached(self, key, walk):
        """The cached list itself: for readers that do not change it."""
        version = structure.version()
        cache = self.__dict__.get("_walk_cache")
        if cache is None or cache[0] != version:
            cache = (version, {})
            object.__setattr__(self, "_walk_cache", cache)
        found = cache[1].get(key)
        if found is None:
            found = cache[1][key] = walk()
        return found

    def __delattr__(self, name):
        value = getattr(self, name, None)
        object.__delattr__(self, name)
        if isinstance(value, Layer):
            self._layers = [layer for layer in self._layers if layer is not value]
        elif isinstance(value, Variable):
            self._trainable_variables = [v for v in self._trainable_variables if v is not value]
            self._non_trainable_variables = [v for v in self._non_trainable_variables if v is not value]
        getattr(self, "_tracked_containers", {}).pop(name, None)
        structure.changed()

    # --- dtype -----------------------------------------------------------------------------
    @property
    def dtype_policy(self):
        return self._dtype_policy

    @dtype_policy.setter
    def dtype_policy(self, value):
        self._dtype_policy = dtype_policies.get(value)

    @property
    def dtype(self):
        return self._dtype_policy.variable_dtype

    @property
    def compute_dtype(self):
        return self._dtype_policy.compute_dtype

    @property
    def variable_dtype(self):
        return self._dtype_policy.variable_dtype

    @property
    def input_dtype(self):
        return self._dtype_policy.compute_dtype

    @property
    def quantization_mode(self):
        return self._dtype_policy.quantization_mode

    # --- weights ---------------------------------------------------------------------------
    def add_weight(self, *args, shape=None, initializer=None, dtype=None, trainable=True,
                   autocast=True, regularizer=None, constraint=None, aggregation="none",
                   overwrite_with_gradient=False, name=None):
        """Create a variable owned by this layer (path "<layer name>/<name>")."""
        if args:
            legacy = _legacy_add_weight_args(args)
            shape = legacy.get("shape", shape)
            initializer = legacy.get("initializer", initializer)
            dtype = legacy.get("dtype", dtype)
            name = legacy.get("name", name)
            if "trainable" in legacy:
                trainable = legacy["trainable"]
            regularizer = legacy.get("regularizer", regularizer)
            constraint = legacy.get("constraint", constraint)
        shape = () if shape is None else shape
        dtype = dtypes.standardize_dtype(dtype or self.variable_dtype)
        if initializer is None:
            initializer = "glorot_uniform" if dtypes.is_float_dtype(dtype) else "zeros"
        if not (hasattr(initializer, "shape") and hasattr(initializer, "dtype")):
            initializer = _resolve("initializers", initializer)  # arrays are initial values
        with scopes.name_scope(self.name, caller=self):
            variable = kc_ops.Variable(
                initializer=initializer, shape=shape, dtype=dtype, trainable=trainable,
                autocast=autocast, aggregation=aggregation, name=name,
                overwrite_with_gradient=overwrite_with_gradient,
            )
        variable.regularizer = _resolve("regularizers", regularizer)
        variable.constraint = _resolve("constraints", constraint)
        self._track(variable)
        return variable

    def add_variable(self, shape, initializer, dtype=None, trainable=True, autocast=True,
                     regularizer=None, constraint=None, name=None):
        return self.add_weight(shape=shape, initializer=initializer, dtype=dtype,
                               trainable=trainable, autocast=autocast, regularizer=regularizer,
                               constraint=constraint, name=name)

    def add_metric(self, *args, **kwargs):
        raise NotImplementedError(
            "Layer.add_metric() is not part of Keras 3. Pass metrics to Model.compile(), or "
            "create metric objects in __init__()/build() and call metric.update_state() in call()."
        )

    def _own_weights(self):
        return self._trainable_variables + self._non_trainable_variables

    def _own_variables_for_saving(self):
        return self._own_weights()

    @property
    def weights(self):
        return self._cached_walk("weights", self._walk_weights)

    def _walk_weights(self):
        self._refresh_tracking()
        return _unique(self._own_weights() + [w for layer in self._layers for w in layer.weights])

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        return self._cached_walk("trainable_weights", lambda: [v for v in self.weights if v.trainable])

    @property
    def non_trainable_weights(self):
        if not self.trainable:
            return self.weights
        return [v for v in self.weights if not v.trainable]

    @property
    def variables(self):
        """Weights plus seed generator states (metric variables are in metrics_variables)."""
        return self._cached_walk("variables", self._walk_variables)

    def _walk_variables(self):
        self._refresh_tracking()
        own = self._own_weights() + [g.state for g in self._seed_generators]
        return _unique(own + [v for layer in self._layers for v in layer.variables])

    @property
    def trainable_variables(self):
        return self.trainable_weights

    @property
    def non_trainable_variables(self):
        trainable_ids = {id(v) for v in self.trainable_weights}
        return [v for v in self.variables if id(v) not in trainable_ids]

    @property
    def metrics(self):
        return self._cached_walk("metrics", self._walk_metrics)

    def _walk_metrics(self):
        self._refresh_tracking()
        found = list(self._tracked_metrics)
        for layer in self._layers:
            found.extend(layer.metrics)
        return _unique(found)

    @property
    def metrics_variables(self):
        return _unique([v for metric in self.metrics for v in metric.variables])

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        value = bool(value)
        self._trainable = value
        structure.changed()
        for variable in self._trainable_variables:
            variable.trainable = value
        self._refresh_tracking()
        for layer in self._layers:
            layer.trainable = value

    def count_params(self):
        if not self.built:
            raise ValueError(
                f"Layer {self.name!r} is not built yet, so its parameters cannot be counted. "
                "Call it on data or call build() first."
            )
        return int(sum(math.prod(w.shape) for w in self.weights))

    def get_weights(self):
        return [w.numpy() for w in self.weights]

    def set_weights(self, weights):
        own = self.weights
        if len(weights) != len(own):
            raise ValueError(
                f"Layer {self.name!r} expects {len(own)} weight arrays, but received "
                f"{len(weights)}. Expected shapes: {[w.shape for w in own]}"
            )
        for variable, value in zip(own, weights):
            shape = tuple(getattr(value, "shape", ()))
            if shape != variable.shape:
                raise ValueError(
                    f"Layer {self.name!r}: weight {variable.path!r} has shape {variable.shape}, "
                    f"but the provided array has shape {shape}."
                )
        for variable, value in zip(own, weights):
            variable.assign(value)

    def save_own_variables(self, store):
        for index, variable in enumerate(self._own_variables_for_saving()):
            store[str(index)] = variable.numpy()

    def load_own_variables(self, store):
        own = self._own_variables_for_saving()
        if len(store) != len(own):
            raise ValueError(
                f"Layer {self.name!r} expects {len(own)} variables, but the saved state has "
                f"{len(store)}."
            )
        for index, variable in enumerate(own):
            value = store[str(index)]
            if tuple(getattr(value, "shape", ())) != variable.shape:
                raise ValueError(
                    f"Layer {self.name!r}: variable {index} has shape {variable.shape}, the "
                    f"saved one {tuple(value.shape)}."
                )
        for index, variable in enumerate(own):
            variable.assign(store[str(index)])

    def _flatten_layers(self, include_self=True, recursive=True):
        return self._cached_walk(("layers", include_self, recursive),
                                 lambda: self._walk_layers(include_self, recursive))

    def _walk_layers(self, include_self, recursive):
        self._refresh_tracking()
        result = [self] if include_self else []
        for layer in self._layers:
            result.append(layer)
            if recursive:
                result.extend(layer._flatten_layers(include_self=False, recursive=True))
        return _unique(result)

    # --- losses ----------------------------------------------------------------------------
    def add_loss(self, loss):
        """Add a scalar loss (or a list) to this call's losses."""
        scope = scopes.get_stateless_scope()
        for value in tree.flatten(loss):
            if scope is not None:
                # Traced values must not outlive the scope: they live in it, not in the layer.
                scope.add_loss(value)
                self._loss_ids.add(id(value))
            else:
                self._losses.append(value)
            _hold_losses(self)

    def _own_losses(self):
        scope = scopes.get_stateless_scope()
        if scope is not None:
            return [loss for loss in scope.losses if id(loss) in self._loss_ids]
        return list(self._losses)

    @property
    def losses(self):
        """Losses added during the latest call, then the weight regularization losses."""
        result = []
        traced = scopes.get_stateless_scope() is not None
        for layer in self._flatten_layers(include_self=True) if _HOLDING_LOSSES else ():
            if traced or layer._losses:
                result.extend(layer._own_losses())
        regularized = self._cached(
            "regularized", lambda: [v for v in self.trainable_weights if v.regularizer is not None])
        for variable in regularized:
            result.append(variable.regularizer(variable.value))
        return result

    def _clear_losses(self):
        if not _HOLDING_LOSSES:
            return  # no layer anywhere holds losses (the common case): nothing to walk
        for layer in self._flatten_layers(include_self=True):
            if layer._losses:
                layer._losses = []
            if layer._loss_ids:
                layer._loss_ids = set()
            _HOLDING_LOSSES.discard(weakref.ref(layer))

    # --- building ----------------------------------------------------------------------------
    def build(self, input_shape=None):
        self.built = True

    def _maybe_build(self, args, kwargs):
        if self.built:
            return
        positional, named = self._shapes_for(self.build, args, kwargs)
        self._build_shapes = named if named else (positional[0] if positional else None)
        with scopes.name_scope(self.name, caller=self):
            self.build(*positional, **named)
        self.built = True

    def _shapes_for(self, fn, args, kwargs):
        """The shape arguments for `build` / `compute_output_shape`: one parameter gets the
        first argument's shape; several `<arg>_shape` parameters get those arguments' shapes."""
        parameters = [p for p in inspect.signature(fn).parameters.values()
                      if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        first = args[0] if args else next(iter(kwargs.values()), None)
        if len(parameters) <= 1:
            if not parameters and not any(
                p.kind == p.VAR_POSITIONAL for p in inspect.signature(fn).parameters.values()
            ):
                return [], {}
            return [_shapes_of(first)], {}
        bound = _bind_call_arguments(self._call_signature, args, kwargs)
        named = {}
        for parameter in parameters:
            argument = parameter.name[: -len("_shape")] if parameter.name.endswith("_shape") else None
            if argument in bound and bound[argument] is not None:
                named[parameter.name] = _shapes_of(bound[argument])
            elif parameter.name == "input_shape" and first is not None:
                named[parameter.name] = _shapes_of(first)
            elif parameter.default is inspect.Parameter.empty:
                raise ValueError(
                    f"{type(self).__name__}.{fn.__name__}() takes several arguments, so each must "
                    f"be named `<call argument>_shape`; {parameter.name!r} matches no argument "
                    f"of call() ({list(self._call_signature.parameters)})."
                )
        return [], named

    def get_build_config(self):
        if self._build_shapes is None:
            return None
        if isinstance(self._build_shapes, dict):
            return {"shapes_dict": self._build_shapes}
        return {"input_shape": self._build_shapes}

    def build_from_config(self, config):
        if not config:
            return
        with scopes.name_scope(self.name, caller=self):
            if "input_shape" in config:
                self._build_shapes = _to_shape(config["input_shape"])
                self.build(self._build_shapes)
            elif "shapes_dict" in config:
                shapes = {k: _to_shape(v) for k, v in config["shapes_dict"].items()}
                self._build_shapes = shapes
                self.build(**shapes)
        self.built = True

    # --- calling -----------------------------------------------------------------------------
    def __call__(self, *args, **kwargs):
        if (len(args) == 1 and self.built and kc_ops.is_tensor(args[0])
                and (not kwargs or (len(kwargs) == 1 and "training" in kwargs))):
            outputs = self._tensor_call(args[0], kwargs.get("training"))
            if outputs is not _NOT_GIVEN:
                return outputs
        if not args and kwargs:
            first = next(iter(self._call_signature.parameters), None)
            if first in kwargs:  # `layer(inputs=x)`: the first call argument by name
                args = (kwargs.pop(first),)
        args = self._convert_args(args)
        if any_symbolic_tensors(args, kwargs):
            return self._symbolic_layer_call(args, kwargs)
        training = self._resolve_training(kwargs)
        if self._call_has_training:
            kwargs["training"] = training
        else:
            kwargs.pop("training", None)
        if self._call_has_mask and kwargs.get("mask") is None and args:
            mask = _mask_of(args[0])
            if mask is not None:
                kwargs["mask"] = mask
        self._maybe_build(args, kwargs)
        if args:
            assert_input_compatibility(self.input_spec, args[0], self.name)
        if _call_context.depth == 0:
            self._clear_losses()
        outputs = self._call_in_scopes(training, args, kwargs)
        if self._activity_regularizer is not None:
            for output in tree.flatten(outputs):
                self.add_loss(self._activity_regularizer(output))
        self._set_output_mask(args, kwargs, outputs)
        return outputs

    def _tensor_call(self, x, training):
        """`layer(x)` on one backend tensor, for a built layer with no mask in or out and no
        activity regularizer: what the general path does, in fewer steps (this runs for every
        layer of every batch). Returns _NOT_GIVEN where the general path must run."""
        if self._activity_regularizer is not None or getattr(x, "_keras_mask", None) is not None:
            return _NOT_GIVEN
        # Checks and dtype decisions depend on these alone: made once, kept for the next call.
        key = (self.input_spec, self._dtype_policy, x.shape, x.dtype)
        seen = self.__dict__.get("_fast_input")
        if seen is None or seen[0] != key:
            seen = self._check_fast_input(key, x)
        _, cast_to, autocast, _ = seen
        if cast_to is _NOT_GIVEN:
            return _NOT_GIVEN
        if cast_to is not None:
            x = kc_ops.cast(x, cast_to)
        if training is None:
            training = _call_context.training
            if training is None:
                training = self._call_training_default
        if _HOLDING_LOSSES and _call_context.depth == 0:
            self._clear_losses()
        return self._call_in_scopes(
            training, (x,), {"training": training} if self._call_has_training else {}, autocast)

    def _replay_call(self, x, training):
        """`self(x, training=training)` for a layer that a model replays inside its own call
        (whose scopes are active): `call()` itself where this layer's own scopes could change
        nothing: an input like one that passed `_tensor_call`'s checks before, nothing to cast,
        no autocast or stateless scope, no mask, no activity regularizer, the standard
        `__call__`. (Built layers create no state in `call`, so no name scope is needed.)"""
        seen = self.__dict__.get("_fast_input")
        if (seen is not None and seen[3] and _call_context.depth and not scopes._value_scopes
                and self._activity_regularizer is None
                and seen[0] == (self.input_spec, self._dtype_policy, x.shape, x.dtype)
                and getattr(x, "_keras_mask", None) is None):
            if not self._call_has_training:
                return self.call(x)
            if training is None:
                training = _call_context.training
                if training is None:
                    training = self._call_training_default
            return self.call(x, training=training)
        return self(x) if training is None else self(x, training=training)

    def _check_fast_input(self, key, x):
        """Check `x` against the input spec and decide the dtypes: `(key, dtype to cast x to
        or None, autocast dtype, whether `_replay_call` may call `call()` directly)`;
        `(key, _NOT_GIVEN, None, False)` where only the general path can run this layer."""
        if _overrides_cached(type(self), "compute_mask"):
            seen = (key, _NOT_GIVEN, None, False)
        else:
            assert_input_compatibility(self.input_spec, x, self.name)
            dtype = dtypes.standardize_dtype(x.dtype)
            cast_to = None
            if self.autocast and dtype != self.compute_dtype and dtypes.is_float_dtype(dtype):
                cast_to = self.compute_dtype
            autocast = self._autocast_dtype()
            direct = (cast_to is None and autocast is None
                      and not _overrides_cached(type(self), "__call__"))
            seen = (key, cast_to, autocast, direct)
        object.__setattr__(self, "_fast_input", seen)
        return seen

    def _call_in_scopes(self, training, args, kwargs, autocast=_NOT_GIVEN):
        """`call()` with `training` passed on to nested layers, inside the layer's name scope
        and autocast scope (written out: this runs for every layer call)."""
        if autocast is _NOT_GIVEN:
            autocast = self._autocast_dtype()
        state = _call_context
        previous, depth = state.training, state.depth
        if training is not None or depth == 0:
            state.training = training
        state.depth = depth + 1
        scope = self.__dict__.get("_name_scope")
        if scope is None or scope.name is not self.name:
            scope = self._new_name_scope()
        pushed = scopes.push_name_scope(scope)
        try:
            outer = get_autocast_scope() if scopes.value_scopes_active() else None
            if autocast is None and outer is None:
                return self.call(*args, **kwargs)  # nothing to cast or to mask: no scope
            with AutocastScope(autocast):
                return self.call(*args, **kwargs)
        finally:
            if pushed:
                scopes.pop_name_scope()
            state.training, state.depth = previous, depth

    def _new_name_scope(self):
        """The name scope of this layer's calls, kept for the next call."""
        scope = scopes.name_scope(self.name, caller=self)
        object.__setattr__(self, "_name_scope", scope)
        return scope

    def _autocast_dtype(self):
        """The dtype float variables read as inside call() (None: as stored)."""
        if self.autocast and self.compute_dtype != self.variable_dtype:
            return self.compute_dtype
        return None

    def _resolve_training(self, kwargs):
        """Explicit argument, else the enclosing call's value, else call()'s default."""
        if not self._call_has_training:
            return kwargs.get("training", _current_training())
        training = kwargs.get("training")
        if training is None:
            training = _current_training()
        if training is None:
            training = self._call_training_default
        return training

    def _convert_args(self, args):
        if len(args) == 1:
            x = args[0]
            if type(x) is KerasTensor or x is None:
                return args
            return (self._convert_input(x),)
        return tuple(self._convert_input(x) for x in args)

    def _convert_input(self, x):
        """Arrays to backend tensors; floating tensors cast to the compute dtype."""
        def convert(value):
            if value is None or isinstance(value, (KerasTensor, Variable, bool, int, float, str)):
                return value
            if not kc_ops.is_tensor(value):
                if not hasattr(value, "__array__"):
                    return value
                value = kc_ops.convert_to_tensor(value)
            if self.autocast:
                dtype = kc_ops.dtype(value)
                if dtype != self.compute_dtype and dtypes.is_float_dtype(dtype):
                    mask = getattr(value, "_keras_mask", None)
                    value = kc_ops.cast(value, self.compute_dtype)
                    if mask is not None:
                        _set_mask(value, mask)
            return value

        if isinstance(x, (list, tuple, dict)):
            return tree.map_structure(convert, x)
        return convert(x)

    def _symbolic_layer_call(self, args, kwargs):
        self._maybe_build(args, kwargs)
        if args:
            assert_input_compatibility(self.input_spec, args[0], self.name)
        # The spec sees inputs cast to the compute dtype and the incoming symbolic mask; the
        # recorded node keeps the original arguments (a Functional model carries masks beside
        # the values when it replays the graph, and the eager call casts again).
        spec_args = tuple(self._cast_symbolic(x) for x in args)
        spec_kwargs = dict(kwargs)
        if not self._call_has_training:
            spec_kwargs.pop("training", None)
        if self._call_has_mask and kwargs.get("mask") is None and args:
            mask = _mask_of(args[0])
            if mask is not None:
                spec_kwargs["mask"] = mask
        with scopes.name_scope(self.name, caller=self), AutocastScope(self._autocast_dtype()):
            outputs = self.compute_output_spec(*spec_args, **spec_kwargs)
        Node(self, call_args=args, call_kwargs=kwargs, outputs=outputs)
        self._set_output_mask(args, spec_kwargs, outputs)
        return outputs

    def _cast_symbolic(self, x):
        def cast(value):
            if (isinstance(value, KerasTensor) and self.autocast
                    and dtypes.is_float_dtype(value.dtype) and value.dtype != self.compute_dtype):
                return KerasTensor(value.shape, dtype=self.compute_dtype, sparse=value.sparse,
                                   ragged=value.ragged, name=value.name)
            return value

        if isinstance(x, (list, tuple, dict)):
            return tree.map_structure(cast, x)
        return cast(x)

    def _set_output_mask(self, args, kwargs, outputs):
        if not args:
            return
        if not self.supports_masking and not _overrides(type(self), "compute_mask"):
            return
        previous = kwargs.get("mask") if self._call_has_mask else _mask_of(args[0])
        mask = self.compute_mask(args[0], previous)
        if mask is not None:
            for output in tree.flatten(outputs):
                _set_mask(output, mask)

    def call(self, *args, **kwargs):
        raise NotImplementedError(
            f"Layer {type(self).__name__} does not define call(): subclasses of keras.Layer "
            "must implement call()."
        )

    def symbolic_call(self, *args, **kwargs):
        return self._symbolic_layer_call(args, kwargs)

    def rematerialized_call(self, layer_call, *args, **kwargs):
        return layer_call(*args, **kwargs)

    def quantize(self, mode=None, type_check=True, config=None):
        raise NotImplementedError(
            f"Layer {type(self).__name__} does not support quantization (mode={mode!r})."
        )

    def quantized_build(self, input_shape, mode):
        raise NotImplementedError(
            f"Layer {type(self).__name__} does not support quantization (mode={mode!r})."
        )

    def compute_mask(self, inputs, previous_mask):
        return previous_mask if self.supports_masking else None

    def compute_output_shape(self, *args, **kwargs):
        """By default: run call() symbolically on placeholders of the given shapes."""
        def placeholders(value):
            try:
                return _map_shapes(lambda s: KerasTensor(s, dtype=self.compute_dtype), value)
            except ValueError:
                return value  # not a shape: passed through as is

        args = tuple(placeholders(a) for a in args)
        kwargs = {k: placeholders(v) for k, v in kwargs.items()}
        self._maybe_build(args, kwargs)
        with scopes.name_scope(self.name, caller=self), AutocastScope(self._autocast_dtype()):
            spec = self.compute_output_spec(*args, **kwargs)
        return tree.map_structure(lambda t: t.shape, spec)

    def compute_output_spec(self, *args, **kwargs):
        if not _overrides(type(self), "compute_output_shape"):
            return kc_ops.compute_output_spec(self.call, *args, **kwargs)
        positional, named = self._shapes_for(self.compute_output_shape, args, kwargs)
        output_shape = self.compute_output_shape(*positional, **named)
        dtype = self.compute_dtype
        if _is_shape(output_shape):
            return KerasTensor(output_shape, dtype=dtype)
        return _map_shapes(lambda s: KerasTensor(s, dtype=dtype), output_shape)

    def stateless_call(self, trainable_variables, non_trainable_variables, *args,
                       return_losses=False, **kwargs):
        """Call with the given variable values; return the outputs and the new values of the
        non-trainable variables (plus the losses with `return_losses=True`). The layer's own
        variables are left untouched."""
        if not self.built:
            raise ValueError(
                f"stateless_call needs {type(self).__name__} {self.name!r} to be built (its "
                "variables must exist). Call it on data or call build() first."
            )
        trainable = self.trainable_variables
        non_trainable = self.non_trainable_variables
        if len(trainable_variables) != len(trainable) or len(non_trainable_variables) != len(non_trainable):
            raise ValueError(
                f"stateless_call of {self.name!r} expects {len(trainable)} trainable and "
                f"{len(non_trainable)} non-trainable values; received "
                f"{len(trainable_variables)} and {len(non_trainable_variables)}."
            )
        mapping = list(zip(trainable, trainable_variables)) + list(zip(non_trainable, non_trainable_variables))
        with scopes.StatelessScope(state_mapping=mapping, collect_losses=return_losses) as scope:
            outputs = self(*args, **kwargs)
            losses = self.losses if return_losses else None
        new_non_trainable = [scope.get_current_value(v) for v in non_trainable]
        if return_losses:
            return outputs, new_non_trainable, losses
        return outputs, new_non_trainable

    # --- serialization -----------------------------------------------------------------------
    def get_config(self):
        from kc_saving.serialization import serialize_keras_object

        config = {"name": self.name, "trainable": self.trainable,
                  "dtype": serialize_keras_object(self.dtype_policy)}
        if self._activity_regularizer is not None:
            config["activity_regularizer"] = serialize_keras_object(self._activity_regularizer)
        if type(self).get_config is not Layer.get_config:
            return config  # the subclass adds its own arguments
        if self._auto_config is None:
            raise NotImplementedError(
                f"{type(self).__name__} takes arguments in __init__() that cannot be recorded "
                "automatically (not plain Python values), so it must override get_config()."
            )
        return {**config, **self._auto_config}

    @classmethod
    def from_config(cls, config):
        try:
            return cls(**config)
        except TypeError as error:
            raise TypeError(
                f"Cannot create {cls.__name__} from config {config}: {error}"
            ) from error

    @property
    def activity_regularizer(self):
        return self._activity_regularizer

    @activity_regularizer.setter
    def activity_regularizer(self, value):
        self._activity_regularizer = _resolve("regularizers", value)

    @property
    def path(self):
        return self.name

    def __repr__(self):
        name, built = getattr(self, "name", None), getattr(self, "built", False)
        return f"<{type(self).__name__} name={name}, built={built}>"


# --- helpers ---------------------------------------------------------------------------------

_PLAIN = (bool, int, float, str, type(None))
_BASE_INIT_ARGS = ("activity_regularizer", "trainable", "dtype", "autocast", "name")


def _auto_config(cls, args, kwargs):
    """The constructor arguments of a layer, when all are plain values (None otherwise)."""
    init = cls.__init__
    if init is Layer.__init__:
        return {}
    try:
        bound = inspect.signature(init).bind(None, *args, **kwargs)
    except (TypeError, ValueError):
        return None
    config = {}
    for index, (key, value) in enumerate(bound.arguments.items()):
        if index == 0:
            continue  # self
        parameter = bound.signature.parameters[key]
        if parameter.kind == parameter.VAR_KEYWORD:
            config.update({k: v for k, v in value.items() if k not in _BASE_INIT_ARGS})
        elif parameter.kind == parameter.VAR_POSITIONAL:
            if value:
                return None
        elif key not in _BASE_INIT_ARGS:
            config[key] = value
    return config if all(_is_plain(v) for v in config.values()) else None


def _is_plain(value):
    if isinstance(value, _PLAIN):
        return True
    if isinstance(value, (list, tuple)):
        return all(_is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    return False


def _legacy_add_weight_args(args):
    """Positional add_weight arguments: Keras 2's (name, shape, dtype, initializer,
    regularizer, trainable, constraint) when the first is a name, else Keras 3's order."""
    if isinstance(args[0], str):
        order = ("name", "shape", "dtype", "initializer", "regularizer", "trainable", "constraint")
    else:
        order = ("shape", "initializer", "dtype", "trainable", "autocast", "regularizer", "constraint")
    if len(args) > len(order):
        raise TypeError(f"add_weight takes at most {len(order)} positional arguments; received {len(args)}.")
    return dict(zip(order, args))


def _resolve(kind, identifier):
    """initializers/regularizers/constraints `get`, imported lazily; callables pass through."""
    if identifier is None:
        return None
    import importlib

    try:
        module = importlib.import_module(f"kc_layers.{kind}")
    except ImportError:
        if callable(identifier):
            return identifier
        raise
    return module.get(identifier)


def _bind_call_arguments(signature, args, kwargs):
    try:
        return dict(signature.bind_partial(*args, **kwargs).arguments)
    except TypeError:
        names = list(signature.parameters)
        bound = dict(zip(names, args))
        bound.update(kwargs)
        return bound


def _check_shape_kwarg(name, shape):
    if not isinstance(shape, (list, tuple)) or not all(
        d is None or (isinstance(d, int) and not isinstance(d, bool) and d >= 0) for d in shape
    ):
        raise ValueError(
            f"`{name}` must be a tuple of non-negative ints or None. Received: {shape!r}"
        )
    return tuple(shape)


def _unique(items):
    seen, result = set(), []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            result.append(item)
    return result


_OVERRIDES = {}


def _overrides_cached(cls, method):
    """`_overrides(cls, method)`, remembered (asked on every layer call)."""
    found = _OVERRIDES.get((cls, method))
    if found is None:
        found = _OVERRIDES[(cls, method)] = _overrides(cls, method)
    return found


def _overrides(cls, method):
    return getattr(cls, method) is not getattr(Layer, method)


def _is_shape(value):
    return isinstance(value, (list, tuple)) and all(
        d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in value
    )


def _map_shapes(fn, structure):
    if _is_shape(structure):
        return fn(tuple(structure))
    if isinstance(structure, dict):
        return {k: _map_shapes(fn, v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(_map_shapes(fn, v) for v in structure)
    raise ValueError(f"compute_output_shape must return shapes (tuples of ints/None); received {structure!r}.")


def _shapes_of(x):
    """The shape (tuple of ints/None) of a tensor, or the same structure of shapes."""
    if hasattr(x, "shape") and not isinstance(x, (list, tuple, dict)):
        return tuple(None if d is None else int(d) for d in x.shape)
    if isinstance(x, dict):
        return {k: _shapes_of(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)) and x and not _is_shape(x):
        return [_shapes_of(v) for v in x]
    return x


def _to_shape(value):
    if _is_shape(value):
        return tuple(value)
    if isinstance(value, (list, tuple)):
        return [_to_shape(v) for v in value]
    return value


def _mask_of(x):
    return getattr(x, "_keras_mask", None)


def _set_mask(tensor, mask):
    try:
        tensor._keras_mask = mask
    except AttributeError:
        pass  # jax arrays and TF eager tensors do not take attributes: masks flow symbolically
