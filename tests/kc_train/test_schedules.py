"""keras.optimizers.schedules: values at a few steps vs hand formulas; serialization."""

import math

import kc_ops as ops
import numpy as np
import pytest
from kc_train.optimizers import schedules

STEPS = [0, 1, 5, 10, 25]


def at(schedule, step):
    return float(ops.convert_to_numpy(schedule(step)))


def check(schedule, formula):
    for step in STEPS:
        np.testing.assert_allclose(at(schedule, step), formula(step), rtol=1e-5, atol=1e-8)


def test_exponential_decay():
    check(schedules.ExponentialDecay(0.1, 10, 0.5), lambda s: 0.1 * 0.5 ** (s / 10))
    check(
        schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True),
        lambda s: 0.1 * 0.5 ** math.floor(s / 10),
    )


def test_piecewise_constant_decay():
    schedule = schedules.PiecewiseConstantDecay([1, 10], [1.0, 0.5, 0.1])
    check(schedule, lambda s: 1.0 if s <= 1 else 0.5 if s <= 10 else 0.1)
    with pytest.raises(ValueError, match="one more element"):
        schedules.PiecewiseConstantDecay([1, 2], [1.0])


def test_polynomial_decay():
    def ref(s, cycle=False, power=2.0):
        steps = 10.0
        if cycle:
            steps = steps * (1.0 if s == 0 else math.ceil(s / steps))
        else:
            s = min(s, steps)
        return (0.1 - 0.01) * (1 - s / steps) ** power + 0.01

    check(schedules.PolynomialDecay(0.1, 10, 0.01, power=2.0), ref)
    check(
        schedules.PolynomialDecay(0.1, 10, 0.01, power=2.0, cycle=True),
        lambda s: ref(s, cycle=True),
    )


def test_inverse_time_decay():
    check(schedules.InverseTimeDecay(0.1, 5, 0.5), lambda s: 0.1 / (1 + 0.5 * s / 5))
    check(
        schedules.InverseTimeDecay(0.1, 5, 0.5, staircase=True),
        lambda s: 0.1 / (1 + 0.5 * math.floor(s / 5)),
    )


def cosine(step, steps, alpha, peak):
    frac = min(step, steps) / steps
    return ((1 - alpha) * 0.5 * (1 + math.cos(math.pi * frac)) + alpha) * peak


def test_cosine_decay_with_warmup():
    check(schedules.CosineDecay(0.1, 20, alpha=0.1), lambda s: cosine(s, 20, 0.1, 0.1))

    def warm(s):
        if s < 5:
            return 0.0 + (1.0 - 0.0) * s / 5
        return cosine(s - 5, 10, 0.0, 1.0)

    check(schedules.CosineDecay(0.0, 10, warmup_target=1.0, warmup_steps=5), warm)


def test_cosine_decay_restarts():
    def ref(s, first=10, t_mul=2.0, m_mul=0.5, alpha=0.0):
        period, start, peak = first, 0, 1.0
        while s >= start + period:
            start += period
            period *= t_mul
            peak *= m_mul
        frac = (s - start) / period
        return 0.1 * ((1 - alpha) * peak * 0.5 * (1 + math.cos(math.pi * frac)) + alpha)

    check(schedules.CosineDecayRestarts(0.1, 10, t_mul=2.0, m_mul=0.5), ref)
    check(
        schedules.CosineDecayRestarts(0.1, 10, t_mul=1.0, m_mul=1.0),
        lambda s: ref(s, t_mul=1.0, m_mul=1.0),
    )


def test_schedule_accepts_variable_step():
    step = ops.Variable(np.array(10, "int64"), name="step", trainable=False)
    np.testing.assert_allclose(at(schedules.ExponentialDecay(0.1, 10, 0.5), step), 0.05, rtol=1e-6)


def test_serialization_round_trip():
    for schedule in (
        schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True),
        schedules.PiecewiseConstantDecay([1, 10], [1.0, 0.5, 0.1]),
        schedules.PolynomialDecay(0.1, 10, cycle=True),
        schedules.InverseTimeDecay(0.1, 5, 0.5),
        schedules.CosineDecay(0.1, 10, warmup_target=0.2, warmup_steps=3),
        schedules.CosineDecayRestarts(0.1, 10, t_mul=3.0),
    ):
        config = schedules.serialize(schedule)
        assert config["class_name"] == type(schedule).__name__
        clone = schedules.deserialize(config)
        assert type(clone) is type(schedule) and clone.get_config() == schedule.get_config()
        np.testing.assert_allclose(at(clone, 7), at(schedule, 7), rtol=1e-6)
    with pytest.raises(ValueError, match="Unknown learning rate schedule identifier"):
        schedules.deserialize({"class_name": "LinearDecay", "config": {}})
    with pytest.raises(ValueError, match="decay_steps"):
        schedules.ExponentialDecay(0.1, 0, 0.5)


def test_custom_schedule_subclass():
    class Halving(schedules.LearningRateSchedule):
        def __call__(self, step):
            return 1.0 / (1.0 + ops.cast(step, "float32"))

        def get_config(self):
            return {}

    assert abs(at(Halving(), 1) - 0.5) < 1e-7
