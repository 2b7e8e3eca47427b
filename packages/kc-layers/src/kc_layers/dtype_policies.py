"""Dtype policies: the dtype a layer computes in and the dtype of its variables.

"mixed_float16" / "mixed_bfloat16" compute in half precision and keep float32 variables.
"""

from kc_ops import config, dtypes

_MIXED = {"mixed_float16": "float16", "mixed_bfloat16": "bfloat16"}


class DTypePolicy:
    def __init__(self, name=None):
        if name is None:
            name = config.floatx()
        if not isinstance(name, str):
            raise TypeError(f"DTypePolicy expects a string name. Received: {name!r}")
        if name in _MIXED:
            self._compute_dtype, self._variable_dtype = _MIXED[name], "float32"
        else:
            try:
                standard = dtypes.standardize_dtype(name)
            except ValueError:
                raise ValueError(
                    f"Cannot convert {name!r} to a dtype policy. Expected a dtype name such as "
                    "'float32', or 'mixed_float16' / 'mixed_bfloat16'."
                ) from None
            self._compute_dtype = self._variable_dtype = standard
            name = standard
        self._name = name

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
        import kc_ops

        dtype = dtypes.standardize_dtype(dtype)
        if autocast and dtypes.is_float_dtype(kc_ops.dtype(x)) and kc_ops.dtype(x) != dtype:
            return kc_ops.cast(x, dtype)
        return x

    def get_config(self):
        return {"name": self._name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __eq__(self, other):
        return type(other) is type(self) and other.name == self.name

    def __hash__(self):
        return hash((type(self).__name__, self._name))

    def __repr__(self):
        return f'<DTypePolicy "{self._name}">'


class FloatDTypePolicy(DTypePolicy):
    """Alias kept by Keras 3 for float policies."""


def get(identifier):
    """A DTypePolicy from None (the global policy), a name, a config dict or a policy."""
    if identifier is None:
        return dtype_policy()
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, dict):
        from kc_saving.serialization import deserialize_keras_object

        return deserialize_keras_object(identifier)
    if isinstance(identifier, str):
        return DTypePolicy(identifier)
    try:
        return DTypePolicy(dtypes.standardize_dtype(identifier))
    except ValueError:
        raise ValueError(f"Cannot interpret {identifier!r} as a dtype policy.") from None


def serialize(policy):
    from kc_saving.serialization import serialize_keras_object

    return serialize_keras_object(policy)


def deserialize(config, custom_objects=None):
    from kc_saving.serialization import deserialize_keras_object

    return deserialize_keras_object(config, custom_objects=custom_objects)


def dtype_policy():
    """The global dtype policy (default: floatx)."""
    policy = config.dtype_policy()
    return policy if policy is not None else DTypePolicy(config.floatx())


def set_dtype_policy(policy):
    if policy is not None and not isinstance(policy, DTypePolicy):
        policy = DTypePolicy(policy)
    config.set_dtype_policy(policy)


global_policy = dtype_policy
set_global_policy = set_dtype_policy
