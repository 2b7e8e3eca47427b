"""`Operation` and `Node`: the symbolic graph.

Calling an operation on KerasTensors records a `Node` (the operation, its call arguments and
its outputs) and returns new KerasTensors whose `_keras_history` points back at that node.
A Functional model replays these nodes in order.

Every `keras.ops` function is defined once with the `@symbolic_op` decorator: on concrete
tensors it runs directly; on KerasTensors it becomes a `FunctionOperation` whose output spec
comes from running the backend function on placeholders (`backend.compute_output_spec`).
"""

import functools

from kc_ops import naming, tree
from kc_ops.keras_tensor import KerasHistory, KerasTensor


class Node:
    """One call of `operation`: the arguments it received and the outputs it produced."""

    def __init__(self, operation, call_args=(), call_kwargs=None, outputs=None):
        self.operation = operation
        self.arguments = (tuple(call_args), dict(call_kwargs or {}))
        self.input_tensors = [x for x in tree.flatten(self.arguments) if isinstance(x, KerasTensor)]
        self.outputs = outputs
        self.output_tensors = [x for x in tree.flatten(outputs) if isinstance(x, KerasTensor)]
        operation._inbound_nodes.append(self)
        for x in self.input_tensors:
            if x._keras_history is not None:
                x._keras_history.operation._outbound_nodes.append(self)
        node_index = len(operation._inbound_nodes) - 1
        for i, t in enumerate(self.output_tensors):
            t._keras_history = KerasHistory(operation, node_index, i)

    @property
    def is_input(self):
        return not self.input_tensors

    @property
    def parent_nodes(self):
        parents = []
        for x in self.input_tensors:
            history = x._keras_history
            if history is not None:
                node = history.operation._inbound_nodes[history.node_index]
                if node not in parents:
                    parents.append(node)
        return parents

    def __repr__(self):
        return f"<Node operation={self.operation.name}, inputs={len(self.input_tensors)}>"


class Operation:
    """A computation that can run on tensors and be recorded in a symbolic graph."""

    def __init__(self, name=None):
        if name is None:
            name = naming.auto_name(self.__class__.__name__)
        if not isinstance(name, str) or "/" in name:
            raise ValueError(f"An operation name must be a string without '/'. Received: {name!r}")
        self.name = name
        self._inbound_nodes = []
        self._outbound_nodes = []

    def __call__(self, *args, **kwargs):
        if any_symbolic_tensors(args, kwargs):
            return self.symbolic_call(*args, **kwargs)
        return self.call(*args, **kwargs)

    def symbolic_call(self, *args, **kwargs):
        outputs = self.compute_output_spec(*args, **kwargs)
        Node(self, call_args=args, call_kwargs=kwargs, outputs=outputs)
        return outputs

    def call(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must implement call().")

    def compute_output_spec(self, *args, **kwargs):
        from kc_ops.core import compute_output_spec

        return compute_output_spec(self.call, *args, **kwargs)

    def quantized_call(self, *args, **kwargs):
        return self.call(*args, **kwargs)

    def rematerialized_call(self, fn, *args, **kwargs):
        return fn(*args, **kwargs)

    def get_config(self):
        return {"name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def _single_node_tensors(self, attr):
        if not self._inbound_nodes:
            raise AttributeError(f"Operation {self.name!r} has never been called and has no {attr}.")
        if len(self._inbound_nodes) > 1:
            raise AttributeError(
                f"Operation {self.name!r} was called {len(self._inbound_nodes)} times; its {attr} "
                "is ambiguous. Use the tensors of each call instead."
            )
        node = self._inbound_nodes[0]
        return node.input_tensors if attr == "input" else node.outputs

    @property
    def input(self):
        tensors = self._single_node_tensors("input")
        return tensors[0] if len(tensors) == 1 else tensors

    @property
    def output(self):
        return self._single_node_tensors("output")

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"


class FunctionOperation(Operation):
    """The operation behind a `keras.ops` function called on KerasTensors."""

    def __init__(self, fn, spec_fn=None, name=None):
        super().__init__(name=name or naming.uniquify(fn.__name__))
        self.fn = fn
        self.spec_fn = spec_fn

    def call(self, *args, **kwargs):
        return self.fn(*args, **kwargs)

    def compute_output_spec(self, *args, **kwargs):
        if self.spec_fn is not None:
            return self.spec_fn(*args, **kwargs)
        return super().compute_output_spec(*args, **kwargs)

    def get_config(self):
        return {"name": self.name, "function": f"{self.fn.__module__}.{self.fn.__qualname__}"}


def _has_symbolic(values):
    for x in values:
        if isinstance(x, KerasTensor):
            return True
        if type(x) in (list, tuple) and x and _has_symbolic(x):
            return True
        if type(x) is dict and x and _has_symbolic(x.values()):
            return True
    return False


def any_symbolic_tensors(args=(), kwargs=None):
    return _has_symbolic(args) or bool(kwargs) and _has_symbolic(kwargs.values())


# Argument types that are never symbolic: checking them by type first keeps the per-call
# overhead of every op small (the common case is plain tensors and Python numbers).
_PLAIN_TYPES = {int, float, bool, str, type(None)}


def register_plain_type(cls):
    """Backends register their native tensor types here."""
    _PLAIN_TYPES.add(cls)


_VARIABLE_TYPES = set()


def register_variable_type(cls):
    """Backends register their Variable class: ops read a variable's value directly."""
    _VARIABLE_TYPES.add(cls)


def symbolic_op(fn=None, *, spec=None, eager=None):
    """Make `fn` (written with backend calls) accept KerasTensors as well.

    `spec`, optional, computes the output KerasTensor(s) directly from the arguments; without
    it the spec is derived by running `fn` on placeholders. `eager`, optional, is the backend
    function that `fn` merely forwards to, called directly on plain positional arguments to
    save a call on hot paths.
    """

    def decorate(fn):
        direct = eager or fn
        plain, variables = _PLAIN_TYPES, _VARIABLE_TYPES
        fast = getattr(eager, "fast", None)

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            if not kwargs:
                if len(args) == 2:  # the most common shape of a call, checked without a loop
                    a, b = args
                    if type(a) in plain and type(b) in plain:
                        return direct(a, b)
                    if type(a) in variables or type(b) in variables:  # e.g. a layer's weight
                        a = a.value if type(a) in variables else a
                        b = b.value if type(b) in variables else b
                        if type(a) in plain and type(b) in plain:
                            return direct(a, b)
                else:
                    for a in args:
                        if type(a) not in plain:
                            break
                    else:
                        return direct(*args)
                    values = [a.value if type(a) in variables else a for a in args]
                    for a in values:
                        if type(a) not in plain:
                            break
                    else:
                        return direct(*values)
            if _has_symbolic(args) or (kwargs and _has_symbolic(kwargs.values())):
                return FunctionOperation(fn, spec_fn=spec)(*args, **kwargs)
            return fn(*args, **kwargs)

        wrapper.eager = fn
        if fast is None:
            return wrapper

        # The backend recognises its own tensors itself; None means "take the general path".
        @functools.wraps(fn)
        def fast_wrapper(*args, **kwargs):
            if not kwargs and len(args) == 2:
                result = fast(*args)
                if result is not None:
                    return result
            return wrapper(*args, **kwargs)

        fast_wrapper.eager = fn
        return fast_wrapper

    return decorate if fn is None else decorate(fn)
