"""`TorchModuleWrapper`: a `torch.nn.Module` used as a Keras layer (torch backend only).

The module's parameters become the layer's Keras variables: each parameter is replaced in
the module by the variable's own `torch.nn.Parameter`, so the module computes with exactly
the values Keras trains, saves and restores.
"""

import kc_ops
from kc_layers.layer import Layer


class TorchModuleWrapper(Layer):
    def __init__(self, module, name=None, output_shape=None, **kwargs):
        if kc_ops.backend() != "torch":
            raise ValueError(
                "TorchModuleWrapper needs the torch backend (KERAS_BACKEND=torch); the active "
                f"backend is {kc_ops.backend()!r}."
            )
        if not hasattr(module, "named_parameters") or not callable(module):
            raise ValueError(f"TorchModuleWrapper expects a torch.nn.Module. Received: {module!r}")
        super().__init__(name=name, **kwargs)
        self.module = module
        self.output_shape = tuple(output_shape) if output_shape is not None else None
        self._adopt_parameters()
        self.built = True

    def _adopt_parameters(self):
        for path, parameter in list(self.module.named_parameters()):
            variable = self.add_weight(
                shape=tuple(parameter.shape), initializer=parameter.detach().cpu().numpy(),
                dtype=str(parameter.dtype).replace("torch.", ""), trainable=parameter.requires_grad,
                name=path.replace(".", "_"))
            owner = self.module
            *parents, leaf = path.split(".")
            for part in parents:
                owner = getattr(owner, part)
            setattr(owner, leaf, variable.value)

    def call(self, inputs, *args, **kwargs):
        return self.module(inputs, *args, **kwargs)

    def compute_output_spec(self, inputs, *args, **kwargs):
        if self.output_shape is not None:
            from kc_ops.keras_tensor import KerasTensor

            return KerasTensor((inputs.shape[0],) + self.output_shape, dtype=self.compute_dtype)
        return super().compute_output_spec(inputs, *args, **kwargs)

    def get_config(self):
        config = super().get_config()
        config["output_shape"] = self.output_shape
        return config

    @classmethod
    def from_config(cls, config):
        raise ValueError(
            "A TorchModuleWrapper cannot be rebuilt from its config alone: the torch module is "
            "Python code. Create it again with TorchModuleWrapper(module) and load the weights."
        )
