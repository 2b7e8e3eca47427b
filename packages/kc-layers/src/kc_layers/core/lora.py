"""LoRA (low-rank adaptation) shared by Dense, EinsumDense and Embedding.

With LoRA enabled the main weight is frozen and the layer learns two small matrices `a`
(weight shape[:-1] + (rank,)) and `b` ((rank, weight shape[-1])); it computes with
`weight + (lora_alpha / rank) * a @ b`. Saving writes the merged weight in place of the
original, so files stay compatible with layers without LoRA.
"""

import kc_ops


class LoRAMixin:
    # Subclasses set: the attribute of the main variable, the LoRA attribute names, and the
    # constraint attribute that LoRA is incompatible with.
    _lora_base_attr = "_kernel"
    _lora_names = ("lora_kernel_a", "lora_kernel_b")
    _lora_constraint_attr = "kernel_constraint"

    def _init_lora(self, lora_rank, lora_alpha):
        if lora_rank is not None and (not isinstance(lora_rank, int) or lora_rank <= 0):
            raise ValueError(f"`lora_rank` must be a positive int or None. Received: {lora_rank!r}")
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False

    def enable_lora(self, rank, lora_alpha=None, a_initializer="he_uniform", b_initializer="zeros"):
        if getattr(self, self._lora_constraint_attr, None) is not None:
            raise ValueError(
                f"LoRA cannot be enabled on {self.name!r}: it is incompatible with "
                f"`{self._lora_constraint_attr}`."
            )
        if not self.built:
            raise ValueError(f"Cannot enable LoRA on {self.name!r}: build the layer first.")
        if self.lora_enabled:
            raise ValueError(f"LoRA is already enabled on {self.name!r}.")
        if not isinstance(rank, int) or rank <= 0:
            raise ValueError(f"LoRA `rank` must be a positive int. Received: {rank!r}")
        base = getattr(self, self._lora_base_attr)
        base.trainable = False
        name_a, name_b = self._lora_names
        setattr(self, name_a, self.add_weight(
            name=name_a, shape=tuple(base.shape[:-1]) + (rank,), initializer=a_initializer))
        setattr(self, name_b, self.add_weight(
            name=name_b, shape=(rank, base.shape[-1]), initializer=b_initializer))
        self.lora_rank = rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else rank
        self.lora_enabled = True

    def _lora_effective(self):
        """The main weight with the LoRA update merged in (the variable itself without LoRA)."""
        base = getattr(self, self._lora_base_attr)
        if not self.lora_enabled:
            return base
        a, b = (getattr(self, name) for name in self._lora_names)
        update = kc_ops.matmul(a, b)
        return kc_ops.add(base, kc_ops.multiply(update, self.lora_alpha / self.lora_rank))

    def _lora_variables(self):
        return [getattr(self, name) for name in self._lora_names] if self.lora_enabled else []

    def save_own_variables(self, store):
        if not self.lora_enabled:
            return super().save_own_variables(store)
        lora_ids = {id(v) for v in self._lora_variables()}
        base = getattr(self, self._lora_base_attr)
        index = 0
        for variable in self._own_weights():
            if id(variable) in lora_ids:
                continue
            value = self._lora_effective() if variable is base else variable
            store[str(index)] = kc_ops.convert_to_numpy(value)
            index += 1

    def _own_variables_for_saving(self):
        lora_ids = {id(v) for v in self._lora_variables()}
        return [v for v in self._own_weights() if id(v) not in lora_ids]

    def load_own_variables(self, store):
        super().load_own_variables(store)
        for variable in self._lora_variables():
            variable.assign(kc_ops.zeros(variable.shape, dtype=variable.dtype))
