"""Shared by callbacks that watch a metric: which direction is better, and the comparison."""

import numpy as np


def resolve_mode(mode, monitor, callback_name):
    if mode not in ("auto", "min", "max"):
        raise ValueError(f"{callback_name}: mode must be 'auto', 'min' or 'max'. Received: {mode!r}")
    if mode != "auto":
        return mode
    name = monitor.lower()
    if name.endswith(("acc", "accuracy", "auc")) or "precision" in name or "recall" in name or name.endswith("f1_score"):
        return "max"
    return "min"


def is_improvement(value, best, mode, min_delta=0.0):
    if best is None:
        return True
    if mode == "min":
        return value < best - min_delta
    return value > best + min_delta


def read_monitor(logs, monitor, callback_name):
    value = (logs or {}).get(monitor)
    if value is None:
        return None
    value = float(np.asarray(value))
    return value
