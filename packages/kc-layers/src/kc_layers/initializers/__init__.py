"""`keras.initializers`: weight initializers plus `get`, `serialize` and `deserialize`."""

import inspect

from kc_layers import identifiers as _ids
from kc_layers.initializers.constant_initializers import STFT, Constant, Identity, Ones, Zeros
from kc_layers.initializers.initializer import Initializer  # noqa: F401
from kc_layers.initializers.random_initializers import (
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    LecunNormal,
    LecunUniform,
    Orthogonal,
    RandomNormal,
    RandomUniform,
    TruncatedNormal,
    VarianceScaling,
    compute_fans,  # noqa: F401
)

_CLASSES = (
    Constant, GlorotNormal, GlorotUniform, HeNormal, HeUniform, Identity, LecunNormal,
    LecunUniform, Ones, Orthogonal, RandomNormal, RandomUniform, STFT, TruncatedNormal,
    VarianceScaling, Zeros,
)
# Keras's lower-case aliases (`keras.initializers.glorot_uniform`, ...) are the classes.
_ALIASES = {
    "constant": Constant, "glorot_normal": GlorotNormal, "glorot_uniform": GlorotUniform,
    "he_normal": HeNormal, "he_uniform": HeUniform, "identity": Identity,
    "lecun_normal": LecunNormal, "lecun_uniform": LecunUniform, "ones": Ones,
    "orthogonal": Orthogonal, "random_normal": RandomNormal, "random_uniform": RandomUniform, "uniform": RandomUniform, "normal": RandomNormal,
    "stft": STFT, "truncated_normal": TruncatedNormal, "variance_scaling": VarianceScaling,
    "zeros": Zeros, "IdentityInitializer": Identity, "OrthogonalInitializer": Orthogonal,
    "STFTInitializer": STFT,
}
globals().update(_ALIASES)
ALL_OBJECTS = {cls.__name__: cls for cls in _CLASSES}
ALL_OBJECTS.update(_ALIASES)


def serialize(initializer):
    if initializer is None:
        return None
    if not hasattr(initializer, "get_config"):
        raise ValueError(
            "Cannot serialize initializer: expected an Initializer with `get_config`, "
            f"received {initializer!r}."
        )
    return _ids.serialize_object(initializer, "keras.initializers")


def deserialize(config, custom_objects=None):
    return _ids.deserialize_object(config, "initializer", ALL_OBJECTS, custom_objects)


def get(identifier):
    """None -> None; a name or config dict -> a new initializer; an Initializer class is
    instantiated; any other callable is returned as is."""
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if inspect.isclass(identifier):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(
        "Could not interpret initializer identifier: expected None, a string, a config dict or "
        f"a callable, received {identifier!r}."
    )


__all__ = sorted(
    [cls.__name__ for cls in _CLASSES] + list(_ALIASES)
    + ["Initializer", "compute_fans", "deserialize", "get", "serialize"]
)
