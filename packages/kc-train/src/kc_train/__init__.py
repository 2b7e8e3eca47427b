"""kc-train: models, trainers, losses, metrics, optimizers, callbacks, summary."""

from kc_train.models.functional import Functional
from kc_train.models.model import Model
from kc_train.models.sequential import Sequential

__all__ = ["Functional", "Model", "Sequential"]
