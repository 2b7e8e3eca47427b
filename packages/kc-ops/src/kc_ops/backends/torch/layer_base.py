"""On the torch backend every Keras layer is also a `torch.nn.Module`.

The layer's variables (its own and its sublayers') are exposed to torch as one
`ParameterDict` named `torch_params`, rebuilt when torch asks for parameters, so that
`parameters()`, `named_parameters()`, `state_dict()`, `zero_grad()`, `.to(device)` and
`torch.optim` see exactly the Keras variables. Attribute tracking stays Keras's own.
"""

import torch


def _key(variable):
    return variable.path.replace(".", "_")


class LayerBase(torch.nn.Module):
    def __new__(cls, *args, **kwargs):
        instance = super().__new__(cls)
        torch.nn.Module.__init__(instance)  # torch's bookkeeping exists before any attribute
        return instance

    def __init__(self, *args, **kwargs):
        # torch.nn.Module.__init__ already ran in __new__: continue with the next base.
        super(torch.nn.Module, self).__init__(*args, **kwargs)

    def _sync_torch_params(self):
        variables = getattr(self, "variables", None)
        if variables is None:
            return
        params = torch.nn.ParameterDict()
        for variable in variables:
            value = variable.value if variable._value is not None else None
            if isinstance(value, torch.nn.Parameter):
                params[_key(variable)] = value
        self._modules["torch_params"] = params

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        self._sync_torch_params()
        return torch.nn.Module.named_parameters(self, prefix, recurse, remove_duplicate)

    def state_dict(self, *args, **kwargs):
        self._sync_torch_params()
        return torch.nn.Module.state_dict(self, *args, **kwargs)

    def load_state_dict(self, state_dict, strict=True, assign=False):
        self._sync_torch_params()
        return torch.nn.Module.load_state_dict(self, state_dict, strict=strict, assign=assign)

    def _apply(self, fn, recurse=True):
        self._sync_torch_params()
        return torch.nn.Module._apply(self, fn, recurse)

    def forward(self, *args, **kwargs):
        return self.__call__(*args, **kwargs)
