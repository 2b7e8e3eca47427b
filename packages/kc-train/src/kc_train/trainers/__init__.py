"""The trainer of the active backend (one per backend, as the design allows)."""

import importlib

from kc_ops import config

_MODULES = {"jax": "jax_trainer", "torch": "torch_trainer", "tensorflow": "tensorflow_trainer",
            "numpy": "numpy_trainer"}

Trainer = importlib.import_module(f"kc_train.trainers.{_MODULES[config.backend()]}").Trainer
