"""`Functional`: a model defined by a graph of layers from `keras.Input` tensors to outputs."""

import inspect

from kc_ops import core, dtypes, graph, tree
from kc_ops.keras_tensor import KerasTensor
from kc_train.models.model import Model


class _CompiledNode:
    """One node of the graph, prepared for fast replay."""

    def __init__(self, node):
        self.operation = node.operation
        flat = tree.flatten(node.arguments)
        self.flat_arguments = flat
        self.tensor_positions = [i for i, x in enumerate(flat) if isinstance(x, KerasTensor)]
        self.tensor_ids = [id(flat[i]) for i in self.tensor_positions]
        self.output_ids = [id(t) for t in node.output_tensors]
        self.arguments = node.arguments
        call = getattr(node.operation, "call", None)
        try:
            params = inspect.signature(call).parameters if call else {}
        except (TypeError, ValueError):
            params = {}
        self.takes_training = "training" in params or any(
            p.kind == p.VAR_KEYWORD for p in params.values()
        )
        self.takes_mask = "mask" in params
        self.computes_mask = hasattr(node.operation, "compute_mask")
        self.overrides_mask = self.computes_mask and type(node.operation).compute_mask is not _base_compute_mask()
        # The common node, `layer(x)` -> one tensor, replays without packing structures.
        args, kwargs = node.arguments
        self.single_input = (
            len(args) == 1 and not kwargs and isinstance(args[0], KerasTensor)
            and len(self.output_ids) == 1 and not self.overrides_mask
        )

    def run(self, values, masks, training):
        if self.single_input:
            return self._run_single(values, masks, training)
        flat = list(self.flat_arguments)
        for position, tensor_id in zip(self.tensor_positions, self.tensor_ids):
            flat[position] = values[tensor_id]
        args, kwargs = tree.pack_sequence_as(self.arguments, flat)
        if self.takes_training and training is not None and kwargs.get("training") is None:
            kwargs["training"] = training
        # Masks travel beside the values: not every framework's tensors can carry attributes.
        input_masks = [masks.get(tensor_id) for tensor_id in self.tensor_ids]
        mask = None
        if any(m is not None for m in input_masks):
            mask = input_masks[0] if len(input_masks) == 1 else input_masks
            if self.takes_mask and kwargs.get("mask") is None:
                kwargs["mask"] = mask
        outputs = self.operation(*args, **kwargs)
        output_mask = None
        if self.computes_mask and (mask is not None or self.overrides_mask):
            output_mask = self.operation.compute_mask(args[0] if args else None, mask)
        for tensor_id, value in zip(self.output_ids, tree.flatten(outputs)):
            values[tensor_id] = value
            if output_mask is not None:
                masks[tensor_id] = output_mask


    def _run_single(self, values, masks, training):
        key = self.tensor_ids[0]
        kwargs = {"training": training} if self.takes_training and training is not None else {}
        mask = masks.get(key) if masks else None
        if mask is not None and self.takes_mask:
            kwargs["mask"] = mask
        x = values[key]
        outputs = self.operation(x, **kwargs)
        if isinstance(outputs, (list, tuple, dict)):
            outputs = tree.flatten(outputs)[0]
        values[self.output_ids[0]] = outputs
        if mask is not None and self.computes_mask:
            output_mask = self.operation.compute_mask(x, mask)
            if output_mask is not None:
                masks[self.output_ids[0]] = output_mask


class Functional(Model):
    """`keras.Model(inputs, outputs)`: inputs and outputs may be nested lists/dicts."""

    def __init__(self, inputs, outputs, name=None, **kwargs):
        trainable = kwargs.pop("trainable", True)
        super().__init__(name=name, trainable=trainable, **kwargs)
        if isinstance(inputs, dict):
            for key, tensor in inputs.items():
                if isinstance(tensor, KerasTensor) and tensor.name is None:
                    tensor.name = key
        self._inputs_struct = tree.map_structure(lambda x: x, inputs)
        self._outputs_struct = tree.map_structure(lambda x: x, outputs)
        self._flat_inputs = tree.flatten(inputs)
        self._flat_outputs = tree.flatten(outputs)
        self._single_tensor_io = (isinstance(self._inputs_struct, KerasTensor)
                                  and isinstance(self._outputs_struct, KerasTensor))
        nodes, operations = graph.map_graph(self._flat_inputs, self._flat_outputs)
        input_layers = []
        for tensor in self._flat_inputs:
            operation = tensor._keras_history.operation if tensor._keras_history else None
            if operation is not None and operation not in input_layers:
                input_layers.append(operation)
        self._input_layers = input_layers
        self._graph_nodes = [_CompiledNode(n) for n in nodes]
        self._graph_node_list = nodes
        self._chain = self._as_chain()
        self._functional_layers = graph.operations_by_depth(self._flat_inputs, self._flat_outputs)
        self.built = True

    # --- structure ----------------------------------------------------------------------
    @property
    def layers(self):
        return [layer for layer in self._functional_layers if hasattr(layer, "weights")]

    @property
    def inputs(self):
        return self._flat_inputs

    @property
    def outputs(self):
        return self._flat_outputs

    @property
    def input(self):
        return self._inputs_struct

    @property
    def output(self):
        return self._outputs_struct

    @property
    def operations(self):
        return list(self._functional_layers)

    @property
    def input_shape(self):
        return tree.map_structure(lambda x: x.shape, self._inputs_struct)

    @property
    def output_shape(self):
        return tree.map_structure(lambda x: x.shape, self._outputs_struct)

    # --- execution ----------------------------------------------------------------------
    def _standardize_inputs(self, inputs):
        if isinstance(self._inputs_struct, dict) and isinstance(inputs, dict):
            missing = set(self._inputs_struct) - set(inputs)
            if missing:
                raise ValueError(
                    f"Model {self.name!r} expects inputs named {sorted(self._inputs_struct)}; "
                    f"missing {sorted(missing)}."
                )
            return [inputs[k] for k in sorted(self._inputs_struct)]
        flat = tree.flatten(inputs)
        if len(flat) != len(self._flat_inputs):
            raise ValueError(
                f"Model {self.name!r} expects {len(self._flat_inputs)} input(s), but received "
                f"{len(flat)}."
            )
        return flat

    def call(self, inputs, training=None, mask=None):
        if mask is None and self._single_tensor_io and core.is_tensor(inputs):
            return self._call_single(inputs, training)
        flat = self._standardize_inputs(inputs)
        values = {}
        for tensor, value in zip(self._flat_inputs, flat):
            spec_dtype = tensor.dtype
            if hasattr(value, "dtype") or not isinstance(value, KerasTensor):
                value = _to_input_dtype(value, spec_dtype)
            values[id(tensor)] = value
        masks = {}
        for tensor, value in zip(self._flat_inputs, tree.flatten(mask) if mask is not None else []):
            if value is not None:
                masks[id(tensor)] = value
        for node in self._graph_nodes:
            node.run(values, masks, training)
        return tree.pack_sequence_as(
            self._outputs_struct, [values[id(t)] for t in self._flat_outputs]
        )

    def _as_chain(self):
        """The layers, when the graph is one layer after another from the single input to the
        single output, each `layer(x)` (a Sequential's graph); else None. Such a graph without
        an input mask cannot make masks, so it replays as plain calls."""
        if not self._single_tensor_io:
            return None
        previous = id(self._flat_inputs[0])
        chain = []
        for node in self._graph_nodes:
            if (not node.single_input or node.tensor_ids[0] != previous
                    or not hasattr(node.operation, "_replay_call")):  # a Layer, not an op
                return None
            chain.append(node.operation)
            previous = node.output_ids[0]
        return chain if previous == id(self._outputs_struct) else None

    def _call_single(self, x, training):
        """`call` for one input tensor and one output tensor, without structure handling."""
        (tensor,) = self._flat_inputs
        x = _to_input_dtype(x, tensor.dtype)
        if self._chain is not None:
            for layer in self._chain:
                x = layer._replay_call(x, training)
                if type(x) in (list, tuple, dict):
                    x = tree.flatten(x)[0]
            return x
        values = {id(tensor): x}
        masks = {}
        for node in self._graph_nodes:
            node.run(values, masks, training)
        return values[id(self._outputs_struct)]


    def compute_output_spec(self, inputs, training=None, mask=None):
        return super().compute_output_spec(inputs, training=training, mask=mask)

    def build(self, input_shape=None):
        self.built = True

    def get_layer(self, name=None, index=None):
        return Model.get_layer(self, name=name, index=index)

    # --- serialization ------------------------------------------------------------------
    def get_config(self):
        from kc_train.models.functional_config import functional_config

        return functional_config(self)


def _base_compute_mask():
    from kc_layers.layer import Layer

    return Layer.compute_mask


def _to_input_dtype(value, dtype):
    if isinstance(value, KerasTensor):
        return value
    if not core.is_tensor(value):
        value = core.convert_to_tensor(value)
    actual = dtypes.standardize_dtype(value.dtype)
    if actual != dtype and _both_float_or_int(actual, dtype):
        value = core.cast(value, dtype)
    return value


def _both_float_or_int(a, b):
    return (dtypes.is_float_dtype(a) and dtypes.is_float_dtype(b)) or (
        dtypes.is_int_dtype(a) and dtypes.is_int_dtype(b)
    )
