"""Tensors, variables and output specs on TensorFlow."""

import numpy as np
import tensorflow as tf
from tensorflow.python.framework import func_graph

from kc_ops import dtypes, variables
from kc_ops.backends import common
from kc_ops.keras_tensor import KerasTensor

NAME = "tensorflow"
SUPPORTS_SPARSE_TENSORS = True
SUPPORTS_RAGGED_TENSORS = True
IS_THREAD_SAFE = True


def to_native_dtype(dtype):
    if isinstance(dtype, tf.DType):
        return dtype
    return tf.as_dtype(dtypes.standardize_dtype(dtype))


class Variable(variables.Variable, tf.__internal__.types.Tensor, tf.__internal__.tracking.Trackable):
    """Backed by a `tf.Variable`; acts as a resource variable for GradientTape and tf.function."""

    _should_act_as_resource_variable = True

    def _initialize(self, value):
        with tf.init_scope():
            self._value = tf.Variable(
                value,
                dtype=to_native_dtype(self._dtype),
                trainable=self._trainable,
                name=self._name,
                aggregation=_TF_AGGREGATION[self._aggregation],
                synchronization=_TF_SYNCHRONIZATION[self._synchronization],
            )

    def _direct_assign(self, value):
        self._value.assign(tf.cast(value, self._value.dtype))

    def _direct_assign_add(self, value):
        value = tf.cast(value, self._value.dtype)
        if value.shape != self._value.shape:  # a scalar added to every entry
            value = tf.broadcast_to(value, self._value.shape)
        return self._value.assign_add(value)

    def _initialize_deferred(self):
        with tf.init_scope():  # a variable first used inside a tf.function lives outside it
            super()._initialize_deferred()

    @property
    def handle(self):
        return self._value.handle

    @property
    def _unique_id(self):
        return self._value._unique_id

    def _map_resources(self, save_options):
        return self._value._map_resources(save_options)

    def _serialize_to_tensors(self):
        return self._value._serialize_to_tensors()

    def _restore_from_tensors(self, restored_tensors):
        return self._value._restore_from_tensors(restored_tensors)

    def _export_to_saved_model_graph(self, object_map=None, tensor_map=None, options=None, **kwargs):
        return self._value._export_to_saved_model_graph(object_map, tensor_map, options, **kwargs)

    def _write_object_proto(self, proto, options):
        return self._value._write_object_proto(proto, options)

    def _copy_trackable_to_cpu(self, object_map):
        return self._value._copy_trackable_to_cpu(object_map)

    def __tf_tensor__(self, dtype=None, name=None):
        return tf.convert_to_tensor(self.value, dtype=dtype, name=name)


_TF_AGGREGATION = {
    "none": tf.VariableAggregation.NONE, "mean": tf.VariableAggregation.MEAN,
    "sum": tf.VariableAggregation.SUM,
    "only_first_replica": tf.VariableAggregation.ONLY_FIRST_REPLICA,
}
_TF_SYNCHRONIZATION = {
    "none": tf.VariableSynchronization.NONE, "on_read": tf.VariableSynchronization.ON_READ,
    "on_write": tf.VariableSynchronization.ON_WRITE, "auto": tf.VariableSynchronization.AUTO,
}


def _convert_variable(var, dtype=None, name=None, as_ref=False):
    return tf.convert_to_tensor(var.value, dtype=dtype, name=name)


tf.register_tensor_conversion_function(Variable, _convert_variable)


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    if isinstance(x, variables.Variable):
        x = x.value
    if isinstance(x, KerasTensor):
        raise TypeError(
            "A symbolic KerasTensor cannot be converted to a concrete tensor. Received: " + repr(x)
        )
    if dtype is not None:
        dtype = to_native_dtype(dtype)
    if tf.is_tensor(x):
        if isinstance(x, tf.SparseTensor) and sparse is False:
            x = tf.sparse.to_dense(x)
        elif isinstance(x, tf.RaggedTensor) and ragged is False:
            x = x.to_tensor()
        return x if dtype is None or x.dtype == dtype else tf.cast(x, dtype)
    if dtype is None:
        if isinstance(x, (bool, int, float, complex, list, tuple)):
            dtype = to_native_dtype(common.infer_dtype(x))
    if not isinstance(x, (np.ndarray, np.generic, bool, int, float, complex, list, tuple, str)) and hasattr(x, "__array__"):
        x = np.asarray(x)
    return tf.convert_to_tensor(x, dtype=dtype)


def convert_to_numpy(x):
    if isinstance(x, variables.Variable):
        x = x.value
    if isinstance(x, tf.SparseTensor):
        x = tf.sparse.to_dense(x)
    elif isinstance(x, tf.RaggedTensor):
        x = x.to_tensor()
    return np.array(x)


def is_tensor(x):
    return tf.is_tensor(x)


def shape(x):
    dynamic = None
    result = []
    for i, d in enumerate(x.shape):
        if d is None:
            dynamic = tf.shape(x) if dynamic is None else dynamic
            result.append(dynamic[i])
        else:
            result.append(d)
    return tuple(result)


def cast(x, dtype):
    return convert_to_tensor(x, dtype=dtype)


def compute_output_spec(fn, *args, **kwargs):
    graph = func_graph.FuncGraph("kc_output_spec")

    def make(shape, dtype):
        return tf.compat.v1.placeholder(shape=shape, dtype=to_native_dtype(dtype))

    def run(call, make_all):
        with graph.as_default():
            return call(make_all())

    def spec_of(x):
        if isinstance(x, (tf.Tensor, tf.SparseTensor, tf.RaggedTensor)):
            return tuple(x.shape), dtypes.standardize_dtype(x.dtype)
        return None

    return common.placeholder_graph_spec(fn, args, kwargs, make, run, spec_of)


def in_tracing_context():
    return not tf.executing_eagerly()


def device_scope(device_name):
    return tf.device(device_name)


def _register_plain_types():
    from kc_ops.operation import register_plain_type, register_variable_type

    register_variable_type(Variable)

    for cls in (np.ndarray, type(tf.constant(0.0)), np.float32, np.int32):
        register_plain_type(cls)


_register_plain_types()
