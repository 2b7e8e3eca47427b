"""Multi-tensor updates for the torch backend's eager steps.

Eager torch pays a dispatch per operation, so updating each variable with a handful of ops
costs more than the model's forward pass on small models. Here SGD and Adam/AdamW update
every variable at once with `torch._foreach_*` kernels, in place, as `torch.optim` does. The
rules are the same as the per-variable ones in sgd.py and adam.py (tested against both and
against NumPy). Used only outside a StatelessScope (there, updates must be recorded, not done
in place), for the exact built-in classes, and when every gradient has its variable's dtype.
"""

import torch


def _scalar(value):
    return float(value.detach()) if torch.is_tensor(value) else float(value)


# The variables' stored tensors (`_value`) are read directly: outside a StatelessScope they
# are what `.value` returns, without its scope checks (this runs for every variable, every step).


def _slots(optimizer, slots, variables):
    return [slots[optimizer._get_variable_index(v)]._value for v in variables]


@torch.no_grad()
def sgd(optimizer, grads, variables, learning_rate):
    lr = _scalar(learning_rate)
    params = [v._value for v in variables]
    if optimizer.momentum == 0:
        torch._foreach_add_(params, grads, alpha=-lr)
        return
    momentums = _slots(optimizer, optimizer.momentums, variables)
    steps = torch._foreach_mul(grads, lr)
    torch._foreach_mul_(momentums, optimizer.momentum)
    torch._foreach_sub_(momentums, steps)
    if optimizer.nesterov:
        torch._foreach_add_(params, momentums, alpha=optimizer.momentum)
        torch._foreach_sub_(params, steps)
    else:
        torch._foreach_add_(params, momentums)


@torch.no_grad()
def adam(optimizer, grads, variables, learning_rate):
    step = int(optimizer.iterations.value) + 1
    beta_1, beta_2 = optimizer.beta_1, optimizer.beta_2
    alpha = _scalar(learning_rate) * (1.0 - beta_2**step) ** 0.5 / (1.0 - beta_1**step)
    params = [v._value for v in variables]
    momentums = _slots(optimizer, optimizer._momentums, variables)
    velocities = _slots(optimizer, optimizer._velocities, variables)
    torch._foreach_lerp_(momentums, grads, 1.0 - beta_1)
    torch._foreach_mul_(velocities, beta_2)
    torch._foreach_addcmul_(velocities, grads, grads, value=1.0 - beta_2)
    if optimizer.amsgrad:
        velocity_hats = _slots(optimizer, optimizer._velocity_hats, variables)
        torch._foreach_maximum_(velocity_hats, velocities)
        velocities = velocity_hats
    denominators = torch._foreach_sqrt(velocities)
    torch._foreach_add_(denominators, optimizer.epsilon)
    torch._foreach_addcdiv_(params, momentums, denominators, value=-alpha)


@torch.no_grad()
def weight_decay(optimizer, variables, learning_rate):
    decayed = [v._value for v in variables if optimizer._use_weight_decay(v)]
    if decayed:
        torch._foreach_mul_(decayed, 1.0 - optimizer.weight_decay * _scalar(learning_rate))
