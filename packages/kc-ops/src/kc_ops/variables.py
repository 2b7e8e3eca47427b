"""`keras.Variable`: the framework-independent part of a model's state.

Each backend subclasses `Variable` to keep the value in its natural form (a NumPy array, a
JAX array, a `torch.nn.Parameter`, a `tf.Variable`). Reads and writes go through the active
`StatelessScope` when there is one, and float variables are cast to the compute dtype of the
layer being called (`AutocastScope`).
"""

import numpy as np

from kc_ops import dtypes, naming, scopes, structure

_AGGREGATIONS = ("none", "mean", "sum", "only_first_replica")
_SYNCHRONIZATIONS = ("none", "on_read", "on_write", "auto")


class AutocastScope(scopes._Scope):
    """Inside, float variables read as `dtype` (None: no casting)."""

    _kind = "autocast"
    _changes_values = True

    def __init__(self, dtype):
        self.dtype = None if dtype is None else dtypes.standardize_dtype(dtype)

    def maybe_cast(self, value, variable):
        if self.dtype is not None and variable._autocast and dtypes.is_float_dtype(variable._dtype):
            if variable._dtype != self.dtype:
                from kc_ops.core import cast

                return cast(value, self.dtype)
        return value


def get_autocast_scope():
    return scopes._current("autocast")


class Variable:
    """A mutable tensor with a name, a path, and a trainable flag."""

    __array_ufunc__ = None  # `ndarray + Variable` uses our operators (which autocast)

    def __init__(
        self,
        initializer,
        shape=None,
        dtype=None,
        trainable=True,
        autocast=True,
        aggregation="none",
        synchronization="auto",
        name=None,
        layout=None,
        **kwargs,
    ):
        unknown = set(kwargs) - {"overwrite_with_gradient"}
        if unknown:
            raise TypeError(f"Variable got unexpected keyword arguments: {sorted(unknown)}")
        name = name or naming.auto_name("variable")
        if not isinstance(name, str) or "/" in name:
            raise ValueError(f"A variable name must be a string without '/'. Received: {name!r}")
        if aggregation not in _AGGREGATIONS:
            raise ValueError(f"Invalid aggregation {aggregation!r}. Expected one of {_AGGREGATIONS}.")
        if synchronization not in _SYNCHRONIZATIONS:
            raise ValueError(
                f"Invalid synchronization {synchronization!r}. Expected one of {_SYNCHRONIZATIONS}."
            )
        structure.changed()
        self._name = name
        parent = scopes.current_path()
        self._path = f"{parent}/{name}" if parent else name
        self._trainable = bool(trainable)
        self._autocast = bool(autocast)
        self._aggregation = aggregation
        self._synchronization = synchronization
        self._layout = layout
        self._overwrite_with_gradient = kwargs.get("overwrite_with_gradient", False)
        self._value = None
        self._initializer = None
        self.regularizer = None
        self.constraint = None
        if callable(initializer) and not _is_array_like(initializer):
            if shape is None:
                raise ValueError(
                    f"Variable {self._path!r}: when the initializer is a callable, `shape` "
                    "must be given."
                )
            self._shape = _standardize_shape(shape)
            self._dtype = dtypes.standardize_dtype(dtype)
            self._initializer = initializer
            scope = scopes.get_stateless_scope()
            if scope is not None:
                scope.track_new_variable(self)  # initialized when the scope closes
            else:
                self._initialize_deferred()
        else:
            value = self._convert(initializer, dtype)
            if dtype is None and not dtypes.is_float_dtype(value.dtype):
                dtype = value.dtype  # int/bool values keep their dtype; floats default to floatx
            self._dtype = dtypes.standardize_dtype(dtype)
            value = self._convert(value, self._dtype)
            self._shape = tuple(int(d) for d in value.shape)
            if shape is not None and _standardize_shape(shape) != self._shape:
                raise ValueError(
                    f"Variable {self._path!r}: the initial value has shape {self._shape}, but "
                    f"shape={tuple(shape)} was given."
                )
            self._initialize(value)

    # --- backend hooks -------------------------------------------------------------------
    def _initialize(self, value):
        raise NotImplementedError  # each backend's Variable defines it

    def _direct_assign(self, value):
        raise NotImplementedError  # each backend's Variable defines it

    def _convert(self, value, dtype=None):
        from kc_ops.core import convert_to_tensor

        return convert_to_tensor(value, dtype=dtype)

    # --- state ---------------------------------------------------------------------------
    def _initialize_deferred(self):
        if self._value is None and self._initializer is not None:
            value = self._initializer(self._shape, dtype=self._dtype)
            self._initialize(self._convert(value, self._dtype))
            self._initializer = None

    def _raw_value(self):
        """The value ignoring autocasting: the stateless scope's, else the stored one."""
        scope = scopes.get_stateless_scope()
        if scope is not None:
            value = scope.get_current_value(self)
            if value is not None:
                return value
        if self._value is None:
            if self._initializer is None:
                raise ValueError(f"Variable {self._path!r} has no value.")
            return self._convert(self._initializer(self._shape, dtype=self._dtype), self._dtype)
        return self._value

    @property
    def value(self):
        if self._value is not None and not scopes._value_scopes:
            return self._value  # no scope to consult (the common eager case)
        value = self._raw_value()
        scope = scopes._current("autocast")
        return value if scope is None else scope.maybe_cast(value, self)

    def assign(self, value):
        value = self._convert(value, self._dtype)
        if tuple(value.shape) != self._shape:
            raise ValueError(
                f"Cannot assign a value of shape {tuple(value.shape)} to variable "
                f"{self._path!r} of shape {self._shape}."
            )
        scope = scopes.get_stateless_scope()
        if scope is not None:
            scope.add_update(self, value)
        else:
            self._direct_assign(value)
        return value

    def assign_add(self, value):
        if (type(value) is int and "int" in self._dtype) or (
                type(value) in (int, float) and self._dtype.startswith("float")):
            # A Python number (a count, a step): no tensor to make for it.
            if scopes.get_stateless_scope() is None:
                return self._direct_assign_add(value)
        value = self._convert(value, self._dtype)
        if scopes.get_stateless_scope() is None and tuple(value.shape) in ((), self._shape):
            return self._direct_assign_add(value)
        return self.assign(self._raw_value() + value)

    def _write_version(self):
        """A number that changes whenever the stored value is written, or None where the
        backend cannot tell: lets a caller keep a fact about the value until it changes."""
        return None

    def _assign_add_scaled(self, value, scale):
        """`assign_add(value * scale)` for a Python number `scale` (a backend may fuse it)."""
        return self.assign_add(value * scale)

    def _direct_assign_add(self, value):
        """Add in place where the backend can (torch); else assign the sum."""
        total = self._raw_value() + value
        self._direct_assign(total)
        return total

    def assign_sub(self, value):
        return self.assign(self._raw_value() - self._convert(value, self._dtype))

    def numpy(self):
        from kc_ops.core import convert_to_numpy

        # A copy: torch's CPU tensors share memory with NumPy, and a snapshot of a variable
        # (get_weights, EarlyStopping's best weights) must not change with later updates.
        return np.array(convert_to_numpy(self._raw_value()), copy=True)

    # --- attributes ----------------------------------------------------------------------
    @property
    def name(self):
        return self._name

    @property
    def path(self):
        return self._path

    @property
    def dtype(self):
        scope = scopes._current("autocast")
        if scope is not None and scope.dtype and self._autocast and dtypes.is_float_dtype(self._dtype):
            return scope.dtype
        return self._dtype

    @property
    def shape(self):
        return self._shape

    @property
    def ndim(self):
        return len(self._shape)

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        structure.changed()

    @property
    def autocast(self):
        return self._autocast

    @property
    def aggregation(self):
        return self._aggregation

    @property
    def synchronization(self):
        return self._synchronization

    @property
    def overwrite_with_gradient(self):
        return self._overwrite_with_gradient

    @overwrite_with_gradient.setter
    def overwrite_with_gradient(self, value):
        self._overwrite_with_gradient = bool(value)

    def __repr__(self):
        value = "<uninitialized>" if self._value is None else np.array2string(self.numpy(), threshold=20)
        return f"<Variable path={self._path}, shape={self._shape}, dtype={self._dtype}, value={value}>"

    # --- tensor behaviour ----------------------------------------------------------------
    def __array__(self, dtype=None, copy=None):
        array = np.asarray(self.numpy())
        return array if dtype is None else array.astype(dtype)

    def __bool__(self):
        raise TypeError("A Variable cannot be used as a Python bool.")

    def __len__(self):
        return self._shape[0]

    def __int__(self):
        return int(self.numpy())

    def __float__(self):
        return float(self.numpy())

    def __getitem__(self, index):
        return self.value.__getitem__(index)

    def __iter__(self):
        return iter(self.value)

    __hash__ = object.__hash__


def _binary(op_name, reflected=False):
    def method(self, other):
        from kc_ops import numpy as knp

        fn = getattr(knp, op_name)
        return fn(other, self.value) if reflected else fn(self.value, other)

    method.__name__ = op_name
    return method


def _unary(op_name):
    def method(self):
        from kc_ops import numpy as knp

        return getattr(knp, op_name)(self.value)

    return method


for _dunder, _op in {
    "add": "add", "sub": "subtract", "mul": "multiply", "truediv": "true_divide",
    "floordiv": "floor_divide", "mod": "mod", "pow": "power", "matmul": "matmul",
    "and": "logical_and", "or": "logical_or", "xor": "logical_xor",
}.items():
    setattr(Variable, f"__{_dunder}__", _binary(_op))
    setattr(Variable, f"__r{_dunder}__", _binary(_op, reflected=True))
for _dunder, _op in {"lt": "less", "le": "less_equal", "gt": "greater", "ge": "greater_equal",
                     "eq": "equal", "ne": "not_equal"}.items():
    setattr(Variable, f"__{_dunder}__", _binary(_op))
for _dunder, _op in {"neg": "negative", "abs": "absolute", "invert": "logical_not"}.items():
    setattr(Variable, f"__{_dunder}__", _unary(_op))
Variable.__hash__ = object.__hash__


def _standardize_shape(shape):
    if isinstance(shape, int):
        shape = (shape,)
    try:
        result = tuple(int(d) for d in shape)
    except (TypeError, ValueError):
        raise ValueError(f"A variable shape must be a tuple of ints. Received: {shape!r}") from None
    if any(d < 0 for d in result):
        raise ValueError(f"Negative dimensions are not allowed in a variable shape: {shape!r}")
    return result


def _is_array_like(x):
    return hasattr(x, "shape") and hasattr(x, "dtype")

