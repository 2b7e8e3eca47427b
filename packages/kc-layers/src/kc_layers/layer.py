"""`keras.Layer`: the building block of models.

A layer owns variables (created by `add_weight`, usually in `build`), tracks the layers,
seed generators and metrics assigned to its attributes (also inside lists, dicts and tuples),
builds itself on the first call from the input shapes, and records a graph node when called
on KerasTensors. `training` and masks flow from outer calls to nested ones.
"""

import inspect
import threading

import kc_ops
from kc_ops import dtypes, scopes, tree
from kc_ops.keras_tensor import KerasTensor
from kc_ops.operation import Node, Operation, any_symbolic_tensors
from kc_ops.random import SeedGenerator
from kc_ops.variables import AutocastScope, Variable
from kc_layers import dtype_policies
from kc_layers.input_spec import assert_input_compatibility

_call_context = threading.local()
_LEGACY_SHAPE_KWARGS = ("input_shape", "batch_input_shape", "batch_size", "input_dim")


def _current_training():
    return getattr(_call_context, "training", None)


class _CallContext:
    """Carries `training` from an outer layer call to nested ones."""

    def __init__(self, training):
        self.training = training

    def __enter__(self):
        self.previous = getattr(_call_context, "training", None)
        self.depth = getattr(_call_context, "depth", 0)
        if self.training is not None or self.depth == 0:
            _call_context.training = self.training
        _call_context.depth = self.depth + 1
        return self

    def __exit__(self, *exc):
        _call_context.training = self.previous
        _call_context.depth = self.depth
        return False


def _is_metric(value):
    return hasattr(value, "update_state") and hasattr(value, "result") and hasattr(value, "variables")


class Layer(Operation):
    def __new__(cls, *args, **kwargs):
        instance = super().__new__(cls)
        # Tracking state must exist before a subclass's __init__ assigns any attribute.
        object.__setattr__(instance, "_tracking_ready", False)
        return instance

    def __init__(self, *, activity_regularizer=None, trainable=True, dtype=None, autocast=True,
                 name=None, **kwargs):
        shape_kwargs = {k: kwargs.pop(k) for k in _LEGACY_SHAPE_KWARGS if k in kwargs}
        if kwargs:
            raise ValueError(
                f"Unrecognized keyword arguments passed to {type(self).__name__}: {kwargs}"
            )
        self._layers = []
        self._trainable_variables = []
        self._non_trainable_variables = []
        self._seed_generators = []
        self._tracked_metrics = []
        self._losses = []
        self._tracking_ready = True
        super().__init__(name=name)
        self._trainable = bool(trainable)
        self._dtype_policy = dtype_policies.get(dtype)
        self.autocast = autocast
        self.built = False
        self.input_spec = None
        self.supports_masking = False
        self._build_shapes = None
        self._call_signature = inspect.signature(self.call)
        self._call_has_training = "training" in self._call_signature.parameters
        self._call_has_mask = "mask" in self._call_signature.parameters
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
    def __setattr__(self, name, value):
        if getattr(self, "_tracking_ready", False) and not name.startswith("_tracking"):
            self._track(value)
        object.__setattr__(self, name, value)

    def _track(self, value):
        if isinstance(value, Layer):
            if not any(value is layer for layer in self._layers) and value is not self:
                self._layers.append(value)
        elif isinstance(value, Variable):
            own = self._trainable_variables + self._non_trainable_variables
            if not any(value is v for v in own):
                (self._trainable_variables if value.trainable else self._non_trainable_variables).append(value)
        elif isinstance(value, SeedGenerator):
            if not any(value is g for g in self._seed_generators):
                self._seed_generators.append(value)
        elif _is_metric(value) and not isinstance(value, Layer):
            if not any(value is m for m in self._tracked_metrics):
                self._tracked_metrics.append(value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                self._track(item)
        elif isinstance(value, dict):
            for item in value.values():
                self._track(item)

    def __delattr__(self, name):
        value = getattr(self, name, None)
        object.__delattr__(self, name)
        if isinstance(value, Layer):
            self._layers = [l for l in self._layers if l is not value]
        elif isinstance(value, Variable):
            self._trainable_variables = [v for v in self._trainable_variables if v is not value]
            self._non_trainable_variables = [v for v in self._non_trainable_variables if v is not value]

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

    # --- weights ---------------------------------------------------------------------------
    def add_weight(self, shape=None, initializer=None, dtype=None, trainable=True, autocast=True,
                   regularizer=None, constraint=None, aggregation="none",
                   overwrite_with_gradient=False, name=None):
        from kc_layers import constraints, initializers, regularizers

        shape = () if shape is None else shape
        dtype = dtypes.standardize_dtype(dtype or self.variable_dtype)
        if initializer is None:
            initializer = "glorot_uniform" if dtypes.is_float_dtype(dtype) else "zeros"
        initializer = initializers.get(initializer)
        with scopes.name_scope(self.name, caller=self):
            variable = kc_ops.Variable(
                initializer=initializer, shape=shape, dtype=dtype, trainable=trainable,
                autocast=autocast, aggregation=aggregation, name=name,
                overwrite_with_gradient=overwrite_with_gradient,
            )
        variable.regularizer = regularizers.get(regularizer)
        variable.constraint = constraints.get(constraint)
        self._track(variable)
        return variable

    def _own_weights(self):
        return self._trainable_variables + self._non_trainable_variables

    def _own_variables_for_saving(self):
        return self._own_weights()

    @property
    def weights(self):
        return _unique(self._own_weights() + [w for l in self._layers for w in l.weights])

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        own = [v for v in self._trainable_variables if v.trainable]
        return _unique(own + [w for l in self._layers for w in l.trainable_weights])

    @property
    def non_trainable_weights(self):
        if not self.trainable:
            return self.weights
        trainable_ids = {id(v) for v in self.trainable_weights}
        return [w for w in self.weights if id(w) not in trainable_ids]

    @property
    def variables(self):
        own = self._own_weights() + [g.state for g in self._seed_generators]
        own += [v for m in self._tracked_metrics for v in m.variables]
        return _unique(own + [v for l in self._layers for v in l.variables])

    @property
    def trainable_variables(self):
        return self.trainable_weights

    @property
    def non_trainable_variables(self):
        trainable_ids = {id(v) for v in self.trainable_weights}
        return [v for v in self.variables if id(v) not in trainable_ids]

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        value = bool(value)
        self._trainable = value
        for variable in self._trainable_variables:
            variable.trainable = value
        for layer in self._layers:
            layer.trainable = value

    def count_params(self):
        if not self.built:
            raise ValueError(
                f"Layer {self.name!r} is not built yet, so its parameters cannot be counted. "
                "Call it on data or call build() first."
            )
        import math

        return sum(math.prod(w.shape) for w in self.weights)

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
            variable.assign(value)

    def _flatten_layers(self, include_self=True, recursive=True):
        result = [self] if include_self else []
        for layer in self._layers:
            result.append(layer)
            if recursive:
                result.extend(layer._flatten_layers(include_self=False, recursive=True))
        return _unique(result)

    # --- losses ----------------------------------------------------------------------------
    def add_loss(self, loss):
        scope = scopes.get_stateless_scope()
        if scope is not None and scope.collect_losses:
            scope.add_loss(loss)
        self._losses.append(loss)

    @property
    def losses(self):
        result = list(self._losses)
        for variable in self._own_weights():
            if variable.regularizer is not None:
                result.append(variable.regularizer(variable.value))
        for layer in self._layers:
            result.extend(layer.losses)
        return result

    def _clear_losses(self):
        self._losses = []
        for layer in self._layers:
            layer._clear_losses()

    # --- building ----------------------------------------------------------------------------
    def build(self, input_shape=None):
        self.built = True

    def _maybe_build(self, args, kwargs):
        if self.built:
            return
        build_params = inspect.signature(self.build).parameters
        names = [n for n in build_params if n != "self"]
        call_names = list(self._call_signature.parameters)
        bound = {}
        for i, value in enumerate(args):
            if i < len(call_names):
                bound[call_names[i]] = value
        bound.update(kwargs)
        shapes = {}
        if len(names) == 1 or not names:
            first = args[0] if args else next(iter(kwargs.values()), None)
            shape = _shapes_of(first)
            shapes = {names[0]: shape} if names else {}
            self._build_shapes = shape
        else:
            for name in names:
                argument = name[: -len("_shape")] if name.endswith("_shape") else name
                if argument in bound and bound[argument] is not None:
                    shapes[name] = _shapes_of(bound[argument])
            self._build_shapes = shapes
        with scopes.name_scope(self.name, caller=self):
            self.build(**shapes) if len(names) != 1 else self.build(*shapes.values())
        self.built = True

    def get_build_config(self):
        if self._build_shapes is None:
            return None
        if isinstance(self._build_shapes, dict):
            return {"shapes_dict": self._build_shapes}
        return {"input_shape": self._build_shapes}

    def build_from_config(self, config):
        if not config:
            return
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
        if args and not any_symbolic_tensors(args[:1]):
            args = (self._convert_input(args[0]),) + args[1:]
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
        if getattr(_call_context, "depth", 0) == 0:
            self._clear_losses()
        else:
            self._losses = []
        with _CallContext(training), scopes.name_scope(self.name, caller=self), \
                AutocastScope(self._autocast_dtype()):
            outputs = self.call(*args, **kwargs)
        if self._activity_regularizer is not None:
            for output in tree.flatten(outputs):
                self.add_loss(self._activity_regularizer(output))
        self._set_output_mask(args, kwargs, outputs)
        return outputs

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
            default = self._call_signature.parameters["training"].default
            training = None if default is inspect.Parameter.empty else default
        return training

    def _convert_input(self, x):
        """Turn NumPy/Python inputs into backend tensors; cast floats to the compute dtype."""
        def convert(value):
            if value is None or isinstance(value, (KerasTensor, Variable)):
                return value
            if not kc_ops.is_tensor(value):
                if not hasattr(value, "shape") and not isinstance(value, (list, tuple, int, float)):
                    return value
                value = kc_ops.convert_to_tensor(value)
            if self.autocast and dtypes.is_float_dtype(kc_ops.dtype(value)) and kc_ops.dtype(value) != self.compute_dtype:
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
        spec_args = (self._cast_symbolic(args[0]),) + args[1:] if args else args
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
        previous = kwargs.get("mask") if self._call_has_mask else _mask_of(args[0])
        if not self.supports_masking and not _overrides(type(self), "compute_mask"):
            return
        mask = self.compute_mask(args[0], previous)
        if mask is not None:
            for output in tree.flatten(outputs):
                _set_mask(output, mask)

    def call(self, *args, **kwargs):
        raise NotImplementedError(
            f"Layer {type(self).__name__} does not define call(): subclasses of keras.Layer "
            "must implement call()."
        )

    def compute_mask(self, inputs, previous_mask):
        return previous_mask if self.supports_masking else None

    def compute_output_shape(self, *args, **kwargs):
        raise NotImplementedError(
            f"Layer {type(self).__name__} does not define compute_output_shape()."
        )

    def compute_output_spec(self, *args, **kwargs):
        if _overrides(type(self), "compute_output_shape"):
            shapes = tree.map_structure(
                lambda x: x.shape if isinstance(x, KerasTensor) else x, args[0] if args else None)
            output_shape = self.compute_output_shape(shapes)
            dtype = self.compute_dtype
            if isinstance(output_shape, tuple) and all(d is None or isinstance(d, int) for d in output_shape):
                return KerasTensor(output_shape, dtype=dtype)
            return tree.map_shape_structure(lambda s: KerasTensor(s, dtype=dtype), output_shape)
        return kc_ops.compute_output_spec(self.call, *args, **kwargs)

    def stateless_call(self, trainable_variables, non_trainable_variables, *args,
                       return_losses=False, **kwargs):
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
            losses = list(self.losses) if return_losses else None
        new_non_trainable = []
        for variable, old in zip(non_trainable, non_trainable_variables):
            value = scope.get_current_value(variable)
            new_non_trainable.append(old if value is None else value)
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
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    @property
    def activity_regularizer(self):
        return self._activity_regularizer

    @activity_regularizer.setter
    def activity_regularizer(self, value):
        from kc_layers import regularizers

        self._activity_regularizer = regularizers.get(value)

    @property
    def path(self):
        return self.name

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


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


def _overrides(cls, method):
    return getattr(cls, method) is not getattr(Layer, method)


def _shapes_of(x):
    """The shape (tuple of ints/None) of a tensor, or the same structure of shapes."""
    if hasattr(x, "shape"):
        return tuple(None if d is None else int(d) for d in x.shape)
    if isinstance(x, dict):
        return {k: _shapes_of(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)) and x and not all(isinstance(d, int) or d is None for d in x):
        return [_shapes_of(v) for v in x]
    return x


def _to_shape(value):
    if isinstance(value, (list, tuple)) and all(d is None or isinstance(d, int) for d in value):
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

