"""`JaxLayer`: a pure JAX function `call_fn(params, inputs[, state][, rng][, training])` used
as a Keras layer (jax backend only).

`params` (and optional `state`) are nested structures of arrays; they become the layer's
trainable (and non-trainable) variables, created from `init_fn(rng, inputs[, training])` on
the first call when not given. Each call rebuilds the structures from the variables' current
values, so `fit`, `stateless_call` and jitted steps all work on it.
"""

import inspect

import numpy as np

import kc_ops
from kc_ops import tree
from kc_ops.random import SeedGenerator, draw_seed
from kc_layers.layer import Layer


def _arguments_of(fn):
    return list(inspect.signature(fn).parameters)


class JaxLayer(Layer):
    def __init__(self, call_fn, init_fn=None, params=None, state=None, seed=None,
                 native_serialization_platforms=None, **kwargs):
        if kc_ops.backend() != "jax":
            raise ValueError(
                f"JaxLayer needs the jax backend (KERAS_BACKEND=jax); the active backend is "
                f"{kc_ops.backend()!r}."
            )
        if init_fn is None and params is None:
            raise ValueError("JaxLayer needs `params` or an `init_fn` to create them.")
        super().__init__(**kwargs)
        self.call_fn = call_fn
        self.init_fn = init_fn
        self.seed_generator = SeedGenerator(seed)
        self._call_args = _arguments_of(call_fn)
        self._params_structure = None
        self._state_structure = None
        if params is not None:
            self._adopt(params, state)

    def _adopt(self, params, state):
        self._params_structure = params
        self._params_variables = [
            self.add_weight(shape=np.shape(leaf), initializer=np.asarray(leaf),
                            dtype=str(np.asarray(leaf).dtype), name=f"param_{i}")
            for i, leaf in enumerate(tree.flatten(params))]
        self._state_structure = state
        self._state_variables = [
            self.add_weight(shape=np.shape(leaf), initializer=np.asarray(leaf),
                            dtype=str(np.asarray(leaf).dtype), trainable=False, name=f"state_{i}")
            for i, leaf in enumerate(tree.flatten(state))] if state is not None else []
        self.built = True

    def build(self, input_shape):
        if self._params_structure is not None:
            return
        args = {"rng": draw_seed(self.seed_generator),
                "inputs": np.zeros([1 if d is None else d for d in input_shape], "float32"),
                "training": False}
        from kc_ops.backends.jax.random import _key

        args["rng"] = _key(args["rng"])
        result = self.init_fn(**{k: v for k, v in args.items() if k in _arguments_of(self.init_fn)})
        params, state = result if "state" in self._call_args else (result, None)
        self._adopt(params, state if state is not None else ({} if "state" in self._call_args else None))

    def call(self, inputs, training=False):
        params = tree.pack_sequence_as(self._params_structure, [v.value for v in self._params_variables])
        kwargs = {"params": params, "inputs": inputs, "training": training}
        if self._state_structure is not None:
            kwargs["state"] = tree.pack_sequence_as(self._state_structure, [v.value for v in self._state_variables])
        if "rng" in self._call_args:
            from kc_ops.backends.jax.random import _key

            kwargs["rng"] = _key(draw_seed(self.seed_generator))
        result = self.call_fn(**{k: v for k, v in kwargs.items() if k in self._call_args})
        if self._state_structure is not None:
            outputs, new_state = result
            for variable, value in zip(self._state_variables, tree.flatten(new_state)):
                variable.assign(value)
            return outputs
        return result

    def get_config(self):
        raise ValueError(
            "A JaxLayer cannot be serialized to a config: its call_fn/init_fn are Python code. "
            "Rebuild it with JaxLayer(call_fn, ...) and load the weights."
        )


class FlaxLayer(JaxLayer):
    """A Flax Linen module as a Keras layer: the `"params"` collection is trainable, every
    other collection (batch statistics, ...) is non-trainable state updated on each call."""

    def __init__(self, module, method=None, variables=None, **kwargs):
        self.module = module
        self.method = method
        params, state = (None, None)
        if variables is not None:
            params, state = self._split(variables)
        super().__init__(call_fn=self._flax_call, init_fn=self._flax_init, params=params,
                         state=state, **kwargs)

    @staticmethod
    def _split(variables):
        variables = dict(variables)
        params = variables.pop("params", {})
        return params, variables

    def _flax_init(self, rng, inputs, training):
        return self._split(self.module.init(rng, inputs))

    def _flax_call(self, params, state, rng, inputs, training):
        variables = {"params": params, **state}
        mutable = list(state) if training and state else False
        result = self.module.apply(variables, inputs, method=self.method, rngs={"dropout": rng},
                                   mutable=mutable)
        if mutable:
            outputs, updates = result
            return outputs, {**state, **updates}
        return result, state
