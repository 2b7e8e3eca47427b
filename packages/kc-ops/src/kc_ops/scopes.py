"""Context scopes that layers and trainers rely on.

- `StatelessScope`: variables read their values from a mapping and record assignments in it
  instead of changing (used for stateless calls and jitted JAX steps).
- `SymbolicScope`: we are computing output specs, not values.
- `name_scope`: the prefix of variable paths ("dense/kernel").
"""

import threading



class _Stacks(threading.local):
    """One stack of active scopes per kind, per thread (read on every op: kept cheap)."""

    def __init__(self):
        self.stateless, self.symbolic, self.name, self.autocast = [], [], [], []


_local = _Stacks()


def _stack(kind):
    return getattr(_local, kind)


def _current(kind):
    stack = getattr(_local, kind)
    return stack[-1] if stack else None


# How many scopes that change what a variable reads (stateless, autocast, torch's meta
# placeholders) are active, in any thread: at zero, `Variable.value` is the stored value.
_value_scopes = 0
_value_scopes_lock = threading.Lock()


def value_scopes_active():
    return _value_scopes != 0


def count_value_scope(delta):
    global _value_scopes
    with _value_scopes_lock:
        _value_scopes += delta


class _Scope:
    _kind = None
    _changes_values = False

    def __enter__(self):
        _stack(self._kind).append(self)
        if self._changes_values:
            count_value_scope(1)
        return self

    def __exit__(self, *exc):
        _stack(self._kind).pop()
        if self._changes_values:
            count_value_scope(-1)
        return False


class StatelessScope(_Scope):
    """Substitute variable values and collect assignments instead of applying them.

    `state_mapping` is a list of `(variable, value)` pairs. Inside the scope, reading a mapped
    variable gives its value and `assign` records the new value; `get_current_value` reads
    it back. With `collect_losses=True`, losses added by layers are collected in `losses`.
    """

    _kind = "stateless"
    _changes_values = True

    def __init__(self, state_mapping=None, collect_losses=False, initialize_variables=True):
        from kc_ops.core import convert_to_tensor
        from kc_ops.variables import Variable

        self.collect_losses = collect_losses
        self.initialize_variables = initialize_variables
        self.losses = []
        self.state_mapping = {}
        for variable, value in state_mapping or ():
            if not isinstance(variable, Variable):
                raise ValueError(
                    "StatelessScope's state_mapping must hold (Variable, value) pairs. "
                    f"Received a key of type {type(variable).__name__}."
                )
            value = convert_to_tensor(value, dtype=variable.dtype)
            if tuple(value.shape) != variable.shape:
                raise ValueError(
                    f"Invalid value for variable {variable.path!r}: expected shape "
                    f"{variable.shape}, received {tuple(value.shape)}."
                )
            self.state_mapping[id(variable)] = value
        self._new_variables = []

    def add_loss(self, loss):
        self.losses.append(loss)

    def add_update(self, variable, value):
        self.state_mapping[id(variable)] = value

    def get_current_value(self, variable):
        return self.state_mapping.get(id(variable))

    def track_new_variable(self, variable):
        self._new_variables.append(variable)

    def __exit__(self, *exc):
        super().__exit__(*exc)
        if self.initialize_variables:
            for variable in self._new_variables:
                variable._initialize_deferred()
        return False


def get_stateless_scope():
    stack = _local.stateless  # read on every variable write: no helper call
    return stack[-1] if stack else None


def in_stateless_scope():
    return bool(_local.stateless)


class SymbolicScope(_Scope):
    """Marks code that runs only to compute output shapes and dtypes."""

    _kind = "symbolic"


def in_symbolic_scope():
    return _current("symbolic") is not None


class name_scope(_Scope):
    """Prefix the paths of variables created inside with `name` ("block1/dense/kernel")."""

    _kind = "name"

    def __init__(self, name, caller=None, deduplicate=True, override_parent=None, **kwargs):
        if not isinstance(name, str) or "/" in name:
            raise ValueError(f"name_scope expects a string without '/'. Received: {name!r}")
        self.name = name
        self.caller = caller
        self.deduplicate = deduplicate
        self.override_parent = override_parent
        self._pushed = False

    def __enter__(self):
        self._pushed = push_name_scope(self)
        return self

    def __exit__(self, *exc):
        if self._pushed:
            self._pushed = False
            pop_name_scope()
        return False


def push_name_scope(scope):
    """Make `scope` the innermost name scope; False where it is not pushed (a layer calling
    itself again does not nest "dense/dense"). Layer calls use this and `pop_name_scope`
    directly: they run for every layer of every batch."""
    stack = _local.name
    if scope.deduplicate and stack and stack[-1].name == scope.name:
        return False
    stack.append(scope)
    return True


def pop_name_scope():
    _local.name.pop()


def current_path():
    """The "/"-joined names of the active name scopes."""
    parts = []
    for scope in _stack("name"):
        if scope.override_parent is not None:
            parts = [scope.override_parent] if scope.override_parent else []
        parts.append(scope.name)
    return "/".join(parts)
