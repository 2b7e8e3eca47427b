"""Dtype policies: the dtype a layer computes in and the dtype of its variables.

"mixed_float16" / "mixed_bfloat16" compute in half precision and keep float32 variables.
Quantized policies ("int8_from_float32", ...) name a quantization mode and the float policy
the layer computes with; `DTypePolicyMap` gives layers (by path) their own policies.
"""

import collections.abc
import re

from kc_ops import config, dtypes

_MIXED = {"mixed_float16": "float16", "mixed_bfloat16": "bfloat16"}
QUANTIZATION_MODES = ("int8", "float8", "int4", "gptq", "awq")


def _split_policy_name(name):
    """(compute_dtype, variable_dtype) of a float policy name, or a clear ValueError."""
    if name in _MIXED:
        return _MIXED[name], "float32"
    try:
        standard = dtypes.standardize_dtype(name)
    except (ValueError, TypeError):
        raise ValueError(
            f"Cannot convert {name!r} to a dtype policy. Expected a dtype name such as "
            "'float32' or 'bfloat16', or 'mixed_float16' / 'mixed_bfloat16'."
        ) from None
    return standard, standard


class DTypePolicy:
    """A float dtype policy: `DTypePolicy("mixed_float16")`; None means floatx."""

    def __init__(self, name=None):
        if name is None:
            name = config.floatx()
        if not isinstance(name, str):
            raise TypeError(f"DTypePolicy expects a string name. Received: {name!r}")
        self._compute_dtype, self._variable_dtype = _split_policy_name(name)
        self._name = name if name in _MIXED else self._compute_dtype

    @property
    def name(self):
        return self._name

    @property
    def compute_dtype(self):
        return self._compute_dtype

    @property
    def variable_dtype(self):
        return self._variable_dtype

    @property
    def quantization_mode(self):
        return None

    def convert_input(self, x, autocast, dtype):
        """`x` as a tensor; floating values cast to `dtype` when `autocast`."""
        import kc_ops
        from kc_ops.keras_tensor import KerasTensor

        dtype = dtypes.standardize_dtype(dtype)
        if not isinstance(x, KerasTensor) and not kc_ops.is_tensor(x):
            if not hasattr(x, "__array__"):
                return x
            x = kc_ops.convert_to_tensor(x)
        current = dtypes.standardize_dtype(x.dtype)
        if autocast and current != dtype and dtypes.is_float_dtype(current):
            return kc_ops.cast(x, dtype)
        return x

    def get_config(self):
        return {"name": self._name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __eq__(self, other):
        return type(other) is type(self) and other.get_config() == self.get_config()

    def __hash__(self):
        return hash((type(self).__name__, self._name))

    def __repr__(self):
        return f'<{type(self).__name__} "{self._name}">'


class FloatDTypePolicy(DTypePolicy):
    """The float policy under the name Keras 3 also exports."""


class QuantizedDTypePolicy(DTypePolicy):
    """A quantized layer's policy: `mode` ("int8", "int4", ...) computing with `source_name`."""

    _MODES = ("int8", "int4")

    def __init__(self, mode, source_name=None):
        if source_name is None:
            source_name = dtype_policy().name
        if mode not in self._MODES:
            raise ValueError(
                f"Invalid quantization mode for {type(self).__name__}: expected one of "
                f"{self._MODES}. Received: mode={mode!r}"
            )
        if not isinstance(source_name, str) or source_name.startswith(QUANTIZATION_MODES):
            raise ValueError(
                f"{type(self).__name__}: `source_name` must be a float policy name such as "
                f"'float32' or 'mixed_bfloat16'. Received: {source_name!r}"
            )
        super().__init__(source_name)
        self._source_name = source_name
        self._quantization_mode = mode
        self._name = f"{mode}_from_{source_name}"

    @property
    def quantization_mode(self):
        return self._quantization_mode

    def get_config(self):
        return {"mode": self._quantization_mode, "source_name": self._source_name}


class QuantizedFloat8DTypePolicy(QuantizedDTypePolicy):
    """float8 quantization; keeps `amax_history_length` steps of scaling history."""

    _MODES = ("float8",)
    default_amax_history_length = 1024

    def __init__(self, mode, source_name=None, amax_history_length=1024):
        super().__init__(mode, source_name)
        if not isinstance(amax_history_length, int) or amax_history_length <= 0:
            raise ValueError(
                "`amax_history_length` must be a positive int. Received: "
                f"{amax_history_length!r}"
            )
        self._amax_history_length = amax_history_length

    @property
    def amax_history_length(self):
        return self._amax_history_length

    def get_config(self):
        return {**super().get_config(), "amax_history_length": self._amax_history_length}


class Int4DTypePolicy(QuantizedDTypePolicy):
    _MODES = ("int4",)


class GPTQDTypePolicy(QuantizedDTypePolicy):
    _MODES = ("gptq",)


class AWQDTypePolicy(QuantizedDTypePolicy):
    _MODES = ("awq",)


class DTypePolicyMap(DTypePolicy, collections.abc.MutableMapping):
    """Policies by layer path; a key may be a regular expression matched against the path.
    Paths matching no key get `default_policy` (None: the global policy)."""

    def __init__(self, default_policy=None, policy_map=None):
        if isinstance(default_policy, DTypePolicyMap):
            raise ValueError("`default_policy` cannot be a DTypePolicyMap.")
        if policy_map is not None and not isinstance(policy_map, dict):
            raise TypeError(f"`policy_map` must be a dict. Received: {type(policy_map).__name__}")
        self._default_policy_arg = default_policy
        self._default_policy = get(default_policy)
        self._policy_map = {}
        for key, policy in (policy_map or {}).items():
            self[key] = policy

    @property
    def name(self):
        return "map_" + self.default_policy.name

    @property
    def default_policy(self):
        return get(self._default_policy_arg) if self._default_policy_arg is None else self._default_policy

    @property
    def compute_dtype(self):
        return self.default_policy.compute_dtype

    @property
    def variable_dtype(self):
        return self.default_policy.variable_dtype

    @property
    def quantization_mode(self):
        return self.default_policy.quantization_mode

    def __getitem__(self, key):
        if key in self._policy_map:
            return self._policy_map[key]
        matches = [k for k in self._policy_map if re.search(k, key)]
        if len(matches) > 1:
            raise ValueError(
                f"Path {key!r} matches several keys of the DTypePolicyMap: {matches}. Make the "
                "keys more specific."
            )
        return self._policy_map[matches[0]] if matches else self.default_policy

    def __setitem__(self, key, policy):
        if key in self._policy_map:
            raise ValueError(
                f"{key!r} is already in the DTypePolicyMap with value {self._policy_map[key]}; "
                "keys must be unique."
            )
        if isinstance(policy, DTypePolicyMap):
            raise ValueError("A DTypePolicyMap cannot hold another DTypePolicyMap.")
        self._policy_map[key] = get(policy)

    def __delitem__(self, key):
        del self._policy_map[key]

    def __contains__(self, key):
        return key in self._policy_map

    def __iter__(self):
        return iter(self._policy_map)

    def __len__(self):
        return len(self._policy_map)

    def get_config(self):
        from kc_saving.serialization import serialize_keras_object

        default = self._default_policy_arg
        return {
            "default_policy": serialize_keras_object(get(default)) if default is not None else None,
            "policy_map": {k: serialize_keras_object(v) for k, v in self._policy_map.items()},
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from kc_saving.serialization import deserialize_keras_object

        config = dict(config)
        if isinstance(config.get("default_policy"), dict):
            config["default_policy"] = deserialize_keras_object(
                config["default_policy"], custom_objects=custom_objects)
        config["policy_map"] = {
            k: deserialize_keras_object(v, custom_objects=custom_objects) if isinstance(v, dict) else v
            for k, v in (config.get("policy_map") or {}).items()
        }
        return cls(**config)

    def __eq__(self, other):
        return isinstance(other, DTypePolicyMap) and other.get_config() == self.get_config()

    __hash__ = None

    def __repr__(self):
        return f"<DTypePolicyMap default={self.default_policy!r}, {len(self)} entries>"


_POLICY_CLASSES = {
    "DTypePolicy": DTypePolicy, "FloatDTypePolicy": FloatDTypePolicy,
    "QuantizedDTypePolicy": QuantizedDTypePolicy,
    "QuantizedFloat8DTypePolicy": QuantizedFloat8DTypePolicy, "Int4DTypePolicy": Int4DTypePolicy,
    "GPTQDTypePolicy": GPTQDTypePolicy, "AWQDTypePolicy": AWQDTypePolicy,
    "DTypePolicyMap": DTypePolicyMap,
}


def _quantized_from_name(name):
    """"int8_from_float32" -> QuantizedDTypePolicy("int8", "float32"), and so on."""
    mode, separator, source = name.partition("_from_")
    if not separator or mode not in QUANTIZATION_MODES:
        raise ValueError(
            f"Cannot interpret {name!r} as a quantized dtype policy: expected "
            f"'<mode>_from_<policy>' with mode in {QUANTIZATION_MODES}."
        )
    classes = {"int8": QuantizedDTypePolicy, "int4": Int4DTypePolicy,
               "float8": QuantizedFloat8DTypePolicy, "gptq": GPTQDTypePolicy, "awq": AWQDTypePolicy}
    return classes[mode](mode, source)


def get(identifier):
    """A policy from None (the global policy), a name, a config dict or a policy."""
    if identifier is None:
        return dtype_policy()
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        if identifier.startswith(QUANTIZATION_MODES) and "_from_" in identifier:
            return _quantized_from_name(identifier)
        return DTypePolicy(identifier)
    try:
        return DTypePolicy(dtypes.standardize_dtype(identifier))
    except (ValueError, TypeError):
        raise ValueError(
            "Cannot interpret `dtype`: expected a dtype name, a DTypePolicy or a policy config. "
            f"Received: {identifier!r}"
        ) from None


def serialize(dtype_policy):
    from kc_saving.serialization import serialize_keras_object

    return serialize_keras_object(dtype_policy)


def deserialize(config, custom_objects=None):
    from kc_saving.serialization import deserialize_keras_object

    if isinstance(config, dict) and config.get("class_name") in _POLICY_CLASSES and not config.get("registered_name"):
        return _POLICY_CLASSES[config["class_name"]].from_config(config["config"])
    return deserialize_keras_object(config, custom_objects=custom_objects)


def dtype_policy():
    """The global dtype policy (default: a DTypePolicy of floatx)."""
    policy = config.dtype_policy()
    return policy if policy is not None else DTypePolicy(config.floatx())


def set_dtype_policy(policy):
    """Set the global policy from a name ("mixed_float16") or a DTypePolicy (None: reset)."""
    if policy is not None and not isinstance(policy, DTypePolicy):
        if not isinstance(policy, str):
            raise ValueError(
                "Invalid `policy`: expected a policy name such as 'mixed_float16' or a "
                f"DTypePolicy. Received: {policy!r}"
            )
        policy = get(policy)
    config.set_dtype_policy(policy)


global_policy = dtype_policy
set_global_policy = set_dtype_policy
