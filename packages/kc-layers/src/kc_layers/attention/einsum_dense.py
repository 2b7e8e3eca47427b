"""`EinsumDense`: a dense layer whose product is an einsum `equation` between the input and a
kernel, e.g. `"abc,cde->abde"` projects (batch, seq, dim) to (batch, seq, heads, head_dim).

`output_shape` gives the output dims after the batch dim (None = same as the input dim with the
same letter); with an ellipsis (`"...b,bc->...c"`) it gives the explicit trailing dims.
`bias_axes` names the output letters that get a bias.
"""

import re

import kc_ops

from kc_layers import activations, constraints, initializers, regularizers
from kc_layers.layer import Layer

_EQUATION = re.compile(r"^([a-zA-Z.]+),([a-zA-Z]+)->([a-zA-Z.]+)$")


def _parse(equation):
    equation = equation.replace(" ", "") if isinstance(equation, str) else equation
    match = _EQUATION.match(equation) if isinstance(equation, str) else None
    if match is None:
        raise ValueError(
            "EinsumDense: `equation` must look like 'ab,bc->ac' (input, kernel -> output, "
            f"optionally with '...' in the input and output). Received: equation={equation!r}"
        )
    input_spec, kernel_spec, output_spec = match.groups()
    for spec in (input_spec, output_spec):
        if "." in spec and (spec.count("...") != 1 or spec.replace("...", "").count(".")):
            raise ValueError(f"EinsumDense: malformed ellipsis in equation {equation!r}.")
    if ("..." in input_spec) != ("..." in output_spec):
        raise ValueError(
            f"EinsumDense: '...' must appear in both the input and the output of {equation!r}."
        )
    return input_spec, kernel_spec, output_spec


class EinsumDense(Layer):
    def __init__(
        self,
        equation,
        output_shape,
        activation=None,
        bias_axes=None,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        lora_rank=None,
        lora_alpha=None,
        gptq_unpacked_column_size=None,
        quantization_config=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self._specs = _parse(equation)
        self.equation = equation
        if isinstance(output_shape, int) or output_shape is None:
            output_shape = (output_shape,)
        self.partial_output_shape = tuple(output_shape)
        self.bias_axes = bias_axes
        if bias_axes is not None:
            missing = [c for c in bias_axes if c not in self._specs[2]]
            if missing:
                raise ValueError(
                    f"EinsumDense: `bias_axes` {bias_axes!r} names letters {missing} that are not "
                    f"in the output of the equation {equation!r}."
                )
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha
        self.gptq_unpacked_column_size = gptq_unpacked_column_size
        self.quantization_config = quantization_config
        self.full_output_shape = None
        self.supports_masking = True

    # --- shapes ----------------------------------------------------------------------------
    def _full_output_shape(self, input_shape):
        input_spec, _, output_spec = self._specs
        input_shape = tuple(input_shape)
        partial = list(self.partial_output_shape)
        if "..." in input_spec:
            explicit_in = input_spec.replace("...", "")
            n_ellipsis = len(input_shape) - len(explicit_in)
            lead_in = input_spec.index("...")
            ellipsis_dims = input_shape[lead_in : lead_in + n_ellipsis]
            explicit_out = output_spec.replace("...", "")
            if len(partial) != len(explicit_out):
                raise ValueError(
                    f"EinsumDense: `output_shape` {tuple(partial)} must have one entry per "
                    f"explicit output letter of {self.equation!r} ({len(explicit_out)})."
                )
            letters_in = input_spec.replace("...", "." * n_ellipsis)
            out_letters = output_spec.replace("...", "." * len(ellipsis_dims))
            partial_iter = iter(partial)
            result = []
            ellipsis_iter = iter(ellipsis_dims)
            for letter in out_letters:
                if letter == ".":
                    result.append(next(ellipsis_iter))
                else:
                    dim = next(partial_iter)
                    if dim is None and letter in letters_in:
                        dim = input_shape[letters_in.index(letter)]
                    result.append(dim)
            return tuple(result), letters_in, out_letters
        if len(input_shape) != len(input_spec):
            raise ValueError(
                f"EinsumDense {self.name!r}: the equation {self.equation!r} expects inputs of "
                f"rank {len(input_spec)}; received shape {input_shape}."
            )
        if len(partial) == len(output_spec) - 1:
            partial = [None] + partial
        if len(partial) != len(output_spec):
            raise ValueError(
                f"EinsumDense: `output_shape` {tuple(self.partial_output_shape)} does not fit the "
                f"output '{output_spec}' of {self.equation!r}: give one dim per output letter "
                "after the batch letter."
            )
        result = []
        for letter, dim in zip(output_spec, partial):
            if dim is None and letter in input_spec:
                dim = input_shape[input_spec.index(letter)]
            result.append(dim)
        return tuple(result), input_spec, output_spec

    def build(self, input_shape):
        _, kernel_spec, _ = self._specs
        full, in_letters, out_letters = self._full_output_shape(input_shape)
        self.full_output_shape = full
        kernel_shape = []
        for letter in kernel_spec:
            if letter in in_letters:
                dim = tuple(input_shape)[in_letters.index(letter)]
            elif letter in out_letters:
                dim = full[out_letters.index(letter)]
            else:
                raise ValueError(
                    f"EinsumDense: kernel letter {letter!r} of {self.equation!r} appears in "
                    "neither the input nor the output."
                )
            if dim is None:
                raise ValueError(
                    f"EinsumDense {self.name!r}: the kernel dim for letter {letter!r} is unknown "
                    f"(input shape {tuple(input_shape)}, output shape {full})."
                )
            kernel_shape.append(dim)
        self.kernel = self.add_weight(
            name="kernel",
            shape=tuple(kernel_shape),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.bias = None
        if self.bias_axes:
            first = min(out_letters.index(c) for c in self.bias_axes)
            bias_shape = tuple(
                full[first + i] if c in self.bias_axes else 1
                for i, c in enumerate(out_letters[first:])
            )
            self.bias = self.add_weight(
                name="bias",
                shape=bias_shape,
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self.built = True

    def compute_output_shape(self, input_shape):
        return self._full_output_shape(input_shape)[0]

    def call(self, inputs, training=None):
        x = kc_ops.einsum(self.equation, inputs, self.kernel)
        if self.bias is not None:
            x = kc_ops.add(x, self.bias)
        if self.activation is not None:
            x = self.activation(x)
        return x

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "output_shape": list(self.partial_output_shape),
                "equation": self.equation,
                "activation": activations.serialize(self.activation),
                "bias_axes": self.bias_axes,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer),
                "kernel_constraint": constraints.serialize(self.kernel_constraint),
                "bias_constraint": constraints.serialize(self.bias_constraint),
                "quantization_config": self.quantization_config,
            }
        )
        if self.lora_rank:
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        return config
