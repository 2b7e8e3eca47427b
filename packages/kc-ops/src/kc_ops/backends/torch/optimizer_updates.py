"""Multi-tensor optimizer updates: every variable at once with `torch._foreach_*` kernels, in
place, as `torch.optim` does.

Eager torch pays a dispatch per operation, so updating each variable with a handful of ops
costs more than a small model's forward pass. kc_train's SGD and Adam/AdamW call these with
their variables' stored tensors and Python-number hyperparameters (see
`Optimizer._parallel_update_for`); the rules are theirs, tested against the per-variable
path and NumPy.
"""

import torch


@torch.no_grad()
def sgd(params, grads, momentums, lr, momentum, nesterov):
    if not momentums:
        torch._foreach_add_(params, grads, alpha=-lr)
        return
    steps = torch._foreach_mul(grads, lr)
    torch._foreach_mul_(momentums, momentum)
    torch._foreach_sub_(momentums, steps)
    if nesterov:
        torch._foreach_add_(params, momentums, alpha=momentum)
        torch._foreach_sub_(params, steps)
    else:
        torch._foreach_add_(params, momentums)


@torch.no_grad()
def adam(params, grads, momentums, velocities, velocity_hats, alpha, beta_1, beta_2, epsilon):
    """`velocity_hats` is None without amsgrad."""
    torch._foreach_lerp_(momentums, grads, 1.0 - beta_1)
    torch._foreach_mul_(velocities, beta_2)
    torch._foreach_addcmul_(velocities, grads, grads, value=1.0 - beta_2)
    if velocity_hats is not None:
        torch._foreach_maximum_(velocity_hats, velocities)
        velocities = velocity_hats
    denominators = torch._foreach_sqrt(velocities)
    torch._foreach_add_(denominators, epsilon)
    torch._foreach_addcdiv_(params, momentums, denominators, value=-alpha)


@torch.no_grad()
def scale(tensors, factor):
    if tensors:
        torch._foreach_mul_(tensors, factor)
