"""The constructor arguments shared by every optimizer, and a helper to pass them on."""

BASE_DEFAULTS = dict(
    weight_decay=None,
    clipnorm=None,
    clipvalue=None,
    global_clipnorm=None,
    use_ema=False,
    ema_momentum=0.99,
    ema_overwrite_frequency=None,
    loss_scale_factor=None,
    gradient_accumulation_steps=None,
    name=None,
)


def base_kwargs(local_vars):
    """The base-class arguments out of a subclass `__init__`'s `locals()`."""
    kwargs = {k: local_vars[k] for k in BASE_DEFAULTS}
    kwargs.update(local_vars.get("kwargs") or {})
    return kwargs


def check_range(name, value, low, high, low_open=False):
    ok = (
        isinstance(value, (int, float))
        and (low < value if low_open else low <= value)
        and value <= high
    )
    if not ok:
        bracket = "(" if low_open else "["
        raise ValueError(
            f"Argument `{name}` must be in the {bracket}{low}, {high}] range. "
            f"Received: {name}={value!r}"
        )
    return value
