"""Learning-rate schedules: callables `schedule(step) -> learning rate` (step may be a
Variable or tensor, so they work inside compiled steps)."""

import math

import kc_ops as ops
from kc_ops import config


def _float_step(step):
    return ops.cast(
        step.value if hasattr(step, "value") and not ops.is_tensor(step) else step, config.floatx()
    )


class LearningRateSchedule:
    """Base class: implement `__call__(step)` and `get_config()`."""

    def __call__(self, step):
        raise NotImplementedError(f"{type(self).__name__} must implement `__call__(step)`.")

    def get_config(self):
        raise NotImplementedError(f"{type(self).__name__} must implement `get_config()`.")

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _check_decay_steps(decay_steps, name="decay_steps"):
    if not isinstance(decay_steps, (int, float)) or decay_steps <= 0:
        raise ValueError(f"`{name}` must be > 0. Received: {name}={decay_steps!r}")


class ExponentialDecay(LearningRateSchedule):
    """initial_learning_rate * decay_rate ** (step / decay_steps) (floored if `staircase`)."""

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        decay_rate,
        staircase=False,
        name="ExponentialDecay",
    ):
        _check_decay_steps(decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        p = _float_step(step) / self.decay_steps
        if self.staircase:
            p = ops.floor(p)
        return self.initial_learning_rate * ops.power(float(self.decay_rate), p)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class PiecewiseConstantDecay(LearningRateSchedule):
    """values[i] while boundaries[i-1] < step <= boundaries[i]."""

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(values) != len(boundaries) + 1:
            raise ValueError(
                "`values` must have one more element than `boundaries`. Received: "
                f"len(boundaries)={len(boundaries)}, len(values)={len(values)}."
            )
        self.boundaries = list(boundaries)
        self.values = list(values)
        self.name = name

    def __call__(self, step):
        step = _float_step(step)
        result = ops.convert_to_tensor(self.values[-1], config.floatx())
        # walk from the last interval back so the first matching boundary wins
        for boundary, value in zip(reversed(self.boundaries), reversed(self.values[:-1])):
            result = ops.where(step <= boundary, float(value), result)
        return result

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class PolynomialDecay(LearningRateSchedule):
    """(initial - end) * (1 - step / decay_steps) ** power + end; with `cycle` the decay
    horizon grows to the next multiple of decay_steps."""

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        end_learning_rate=0.0001,
        power=1.0,
        cycle=False,
        name="PolynomialDecay",
    ):
        _check_decay_steps(decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name

    def __call__(self, step):
        step = _float_step(step)
        decay_steps = float(self.decay_steps)
        if self.cycle:
            multiplier = ops.where(step == 0, 1.0, ops.ceil(step / decay_steps))
            decay_steps = decay_steps * multiplier
        else:
            step = ops.minimum(step, decay_steps)
        fraction = 1.0 - step / decay_steps
        scale = self.initial_learning_rate - self.end_learning_rate
        return scale * ops.power(fraction, float(self.power)) + self.end_learning_rate

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "end_learning_rate": self.end_learning_rate,
            "power": self.power,
            "cycle": self.cycle,
            "name": self.name,
        }


class InverseTimeDecay(LearningRateSchedule):
    """initial_learning_rate / (1 + decay_rate * step / decay_steps) (floored if staircase)."""

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        decay_rate,
        staircase=False,
        name="InverseTimeDecay",
    ):
        _check_decay_steps(decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        p = _float_step(step) / self.decay_steps
        if self.staircase:
            p = ops.floor(p)
        return self.initial_learning_rate / (1.0 + self.decay_rate * p)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class CosineDecay(LearningRateSchedule):
    """Optional linear warmup from initial_learning_rate to warmup_target over warmup_steps,
    then cosine decay over decay_steps down to alpha * (peak learning rate)."""

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        alpha=0.0,
        name="CosineDecay",
        warmup_target=None,
        warmup_steps=0,
    ):
        _check_decay_steps(decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_target = warmup_target
        self.warmup_steps = warmup_steps

    def _decay(self, step, peak):
        fraction = ops.minimum(step, float(self.decay_steps)) / self.decay_steps
        cosine = 0.5 * (1.0 + ops.cos(math.pi * fraction))
        return ((1.0 - self.alpha) * cosine + self.alpha) * peak

    def __call__(self, step):
        step = _float_step(step)
        if self.warmup_target is None:
            return self._decay(step, self.initial_learning_rate)
        warmup_steps = float(self.warmup_steps)
        if warmup_steps <= 0:
            return self._decay(step, self.warmup_target)
        progress = ops.minimum(step, warmup_steps) / warmup_steps
        warm = self.initial_learning_rate + progress * (
            self.warmup_target - self.initial_learning_rate
        )
        decayed = self._decay(ops.maximum(step - warmup_steps, 0.0), self.warmup_target)
        return ops.where(step < warmup_steps, warm, decayed)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "name": self.name,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }


class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay restarted every period (SGDR); periods grow by t_mul, peaks by m_mul."""

    def __init__(
        self,
        initial_learning_rate,
        first_decay_steps,
        t_mul=2.0,
        m_mul=1.0,
        alpha=0.0,
        name="SGDRDecay",
    ):
        _check_decay_steps(first_decay_steps, "first_decay_steps")
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self._t_mul = t_mul
        self._m_mul = m_mul
        self.alpha = alpha
        self.name = name

    def __call__(self, step):
        completed = _float_step(step) / self.first_decay_steps
        t_mul, m_mul = float(self._t_mul), float(self._m_mul)
        if t_mul == 1.0:
            restarts = ops.floor(completed)
            completed = completed - restarts
        else:
            restarts = ops.floor(ops.log(1.0 - completed * (1.0 - t_mul)) / math.log(t_mul))
            sum_r = (1.0 - ops.power(t_mul, restarts)) / (1.0 - t_mul)
            completed = (completed - sum_r) / ops.power(t_mul, restarts)
        m_fac = ops.power(m_mul, restarts)
        cosine = 0.5 * m_fac * (1.0 + ops.cos(math.pi * completed))
        return self.initial_learning_rate * ((1.0 - self.alpha) * cosine + self.alpha)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "first_decay_steps": self.first_decay_steps,
            "t_mul": self._t_mul,
            "m_mul": self._m_mul,
            "alpha": self.alpha,
            "name": self.name,
        }
