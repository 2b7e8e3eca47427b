"""Optimizers: the `Optimizer` base class, the built-in optimizers, learning-rate schedules
(`kc_train.optimizers.schedules`) and `get` / `serialize` / `deserialize`."""

from kc_train.losses.identifiers import ObjectTable
from kc_train.optimizers import legacy, schedules  # noqa: F401
from kc_train.optimizers.adafactor import Adafactor
from kc_train.optimizers.adam import Adam, Adamax, AdamW, Nadam
from kc_train.optimizers.adaptive import Adadelta, Adagrad, Ftrl, RMSprop
from kc_train.optimizers.base_optimizer import Optimizer
from kc_train.optimizers.lamb_lion import Lamb, Lion
from kc_train.optimizers.loss_scale_optimizer import LossScaleOptimizer
from kc_train.optimizers.multi_optimizer import MultiOptimizer, OptimizerMap
from kc_train.optimizers.muon import Muon
from kc_train.optimizers.schedule_free_adamw import ScheduleFreeAdamW
from kc_train.optimizers.sgd import SGD

_CLASSES = [
    Optimizer,
    Adadelta,
    Adafactor,
    Adagrad,
    Adam,
    Adamax,
    AdamW,
    Ftrl,
    Lamb,
    Lion,
    LossScaleOptimizer,
    MultiOptimizer,
    Muon,
    Nadam,
    RMSprop,
    ScheduleFreeAdamW,
    SGD,
]
_TABLE = ObjectTable(
    "optimizer", "keras.optimizers", {c.__name__: c for c in _CLASSES}, lowercase=True
)

__all__ = [c.__name__ for c in _CLASSES] + [
    "OptimizerMap",
    "deserialize",
    "get",
    "legacy",
    "schedules",
    "serialize",
]


def serialize(optimizer):
    """A JSON-friendly config of an optimizer."""
    return _TABLE.serialize(optimizer)


def deserialize(config, custom_objects=None):
    """An optimizer from a `serialize` config (class names are case-insensitive)."""
    if (
        isinstance(config, dict)
        and "class_name" in config
        and config.get("class_name") != "function"
    ):
        cls = _TABLE.find(config["class_name"], custom_objects)
        return (
            cls.from_config(config.get("config") or {}, custom_objects=custom_objects)
            if issubclass(cls, Optimizer)
            else cls.from_config(config.get("config") or {})
        )
    return _TABLE.deserialize(config, custom_objects)


def get(identifier):
    """An optimizer from a name ("adam", "SGD"), a config dict or an Optimizer instance."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, (str, dict)):
        obj = deserialize(
            {"class_name": identifier, "config": {}} if isinstance(identifier, str) else identifier
        )
        if isinstance(obj, type):
            obj = obj()
        return obj
    raise ValueError(
        f"Could not interpret optimizer identifier: {identifier!r}. Expected a name "
        "such as 'adam', a config dict or an Optimizer instance."
    )
