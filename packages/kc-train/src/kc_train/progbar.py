"""`keras.utils.Progbar`: the progress bar printed by fit, evaluate and predict.

Interactive terminals get one line redrawn in place:
`399/399 ━━━━━━━━━━━━━━━━━━━━ 74s 184ms/step - acc: 0.4980 - loss: 1.3832`.
Otherwise (logs to a file, CI) only the final line of each epoch is printed.
"""

import sys
import time

import numpy as np
from kc_ops import config

_BAR_WIDTH = 20


def _format_time(seconds):
    if seconds >= 3600:
        return f"{int(seconds // 3600)}:{int(seconds % 3600 // 60):02d}:{int(seconds % 60):02d}"
    if seconds >= 60:
        return f"{int(seconds // 60)}:{int(seconds % 60):02d}"
    return f"{int(round(seconds))}s"


def _format_per_step(seconds, unit):
    if seconds >= 1:
        return f"{seconds:.0f}s/{unit}"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.0f}ms/{unit}"
    return f"{seconds * 1e6:.0f}us/{unit}"


class Progbar:
    def __init__(self, target, width=20, verbose=1, interval=0.05, stateful_metrics=None,
                 stateless_metrics=None, unit_name="step"):
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        self._start = time.time()
        self._last_update = 0.0
        self._values = {}
        self._interactive = (
            config.is_interactive_logging_enabled() and hasattr(sys.stdout, "isatty") and sys.stdout.isatty()
        )

    def write(self, text):
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    def update(self, current, values=None, finalize=None):
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        for key, value in values or []:
            self._values[key] = value  # trainers report running averages already
        if not self.verbose:
            return
        now = time.time()
        if not finalize and (not self._interactive or now - self._last_update < self.interval):
            return
        self._last_update = now
        line = self._line(current, now, finalize)
        if self._interactive:
            sys.stdout.write("\r" + line + ("\n" if finalize else ""))
        elif finalize:
            sys.stdout.write(line + "\n")
        sys.stdout.flush()

    def add(self, n, values=None):
        self.update(getattr(self, "_seen_so_far", 0) + n, values)

    def _line(self, current, now, finalize):
        elapsed = now - self._start
        if self.target is not None:
            digits = len(str(self.target))
            filled = int(_BAR_WIDTH * min(current, self.target) / max(self.target, 1))
            bar = "━" * filled + " " * (_BAR_WIDTH - filled) if not finalize else "━" * _BAR_WIDTH
            head = f"{current:>{digits}}/{self.target} {bar}"
        else:
            head = f"{current}"
        per_step = elapsed / max(current, 1)
        if finalize or self.target is None:
            timing = f"{_format_time(elapsed)} {_format_per_step(per_step, self.unit_name)}"
        else:
            timing = f"{_format_time(per_step * (self.target - current))} {_format_per_step(per_step, self.unit_name)}"
        metrics = "".join(f" - {k}: {_format_value(v)}" for k, v in sorted(self._values.items()))
        return f"{head} {timing}{metrics}"


def _format_value(value):
    array = np.asarray(value)
    if array.ndim == 0:
        number = float(array)
        return f"{number:.4f}" if abs(number) >= 1e-3 or number == 0 else f"{number:.4e}"
    return np.array2string(array, precision=4)
