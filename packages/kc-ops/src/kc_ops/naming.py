"""Unique names: "dense", "dense_1", ... per prefix."""

import collections
import re
import threading

_lock = threading.Lock()
_counters = collections.defaultdict(int)


def get_uid(prefix=""):
    """1 for the first call with this prefix, 2 for the next, and so on."""
    with _lock:
        _counters[prefix] += 1
        return _counters[prefix]


def reset_uids():
    with _lock:
        _counters.clear()


def uniquify(prefix):
    uid = get_uid(prefix)
    return prefix if uid == 1 else f"{prefix}_{uid - 1}"


def to_snake_case(name):
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()
    return "private" + name if name.startswith("_") else name


def auto_name(class_name):
    return uniquify(to_snake_case(class_name))
