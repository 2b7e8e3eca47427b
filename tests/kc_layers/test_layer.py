"""The `keras.Layer` base class: building, tracking, training/mask propagation, losses,
stateless calls, symbolic calls, configs and weights."""

import kc_ops
import keras
import numpy as np
import pytest
from kc_layers import InputSpec, Layer

c = kc_ops.convert_to_numpy
BACKEND = kc_ops.backend()


class Linear(Layer):
    """y = x @ w + b, built from the last input dimension."""

    def __init__(self, units=2, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.built_with = input_shape
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="ones", name="w")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", name="b")

    def call(self, x):
        return kc_ops.add(kc_ops.matmul(x, self.w), self.b)

    def get_config(self):
        return {**super().get_config(), "units": self.units}


class Counter(Layer):
    """Counts its calls in a non-trainable variable; scales by a trainable one."""

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(), initializer="ones", name="scale")
        self.count = self.add_weight(shape=(), initializer="zeros", trainable=False, name="count")

    def call(self, x):
        self.count.assign(self.count + 1.0)
        return x * self.scale


class TrainingEcho(Layer):
    def call(self, x, training=False):
        self.seen = training
        return x * 2.0 if training else x


class Outer(Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.inner = TrainingEcho()

    def call(self, x, training=None):
        return self.inner(x)


def test_build_on_first_call_with_input_shape():
    layer = Linear(3)
    assert not layer.built
    x = np.ones((4, 5), "float32")
    y = layer(x)
    assert layer.built and tuple(layer.built_with) == (4, 5)
    assert layer.w.shape == (5, 3)
    np.testing.assert_allclose(c(y), np.full((4, 3), 5.0))
    assert [w.path for w in layer.weights] == [f"{layer.name}/w", f"{layer.name}/b"]


def test_build_receives_named_shapes_of_other_arguments():
    class Pair(Layer):
        def build(self, a_shape, b_shape):
            self.shapes = (tuple(a_shape), tuple(b_shape))

        def call(self, a, b):
            return a + b

    layer = Pair()
    layer(np.ones((2, 3), "float32"), np.ones((2, 3), "float32"))
    assert layer.shapes == ((2, 3), (2, 3))


def test_weights_order_and_nested_tracking():
    class Container(Layer):
        def __init__(self):
            super().__init__()
            self.blocks = [Linear(2, name="l0"), {"b": Linear(2, name="l2"), "a": Linear(2, name="l1")}]
            self.pair = (Linear(2, name="l3"),)

        def build(self, input_shape):
            self.own = self.add_weight(shape=(1,), name="own")
            self.frozen = self.add_weight(shape=(1,), name="frozen", trainable=False)

        def call(self, x):
            x = self.blocks[0](x)
            x = self.blocks[1]["b"](x)
            x = self.blocks[1]["a"](x)
            return self.pair[0](x)

    model = Container()
    model(np.ones((1, 2), "float32"))
    names = [w.path.split("/")[-2:] for w in model.weights]
    assert names[:2] == [[model.name, "own"], [model.name, "frozen"]]
    assert [n[0] for n in names[2:]] == ["l0", "l0", "l2", "l2", "l1", "l1", "l3", "l3"]
    assert len(model.trainable_weights) == 9 and len(model.non_trainable_weights) == 1
    assert model.non_trainable_weights[0] is model.frozen
    assert len(model.variables) == 10
    assert model.count_params() == 2 + 4 * (2 * 2 + 2)


def test_seed_generator_and_variable_attributes_are_tracked():
    class Noisy(Layer):
        def __init__(self):
            super().__init__()
            self.seed_generator = kc_ops.random.SeedGenerator(1)
            self.extra = kc_ops.Variable(np.zeros(2, "float32"), trainable=False)

        def call(self, x):
            return x

    layer = Noisy()
    assert any(v is layer.seed_generator.state for v in layer.non_trainable_variables)
    assert any(v is layer.extra for v in layer.non_trainable_weights)
    assert not any(v is layer.seed_generator.state for v in layer.weights)


def test_trainable_setter_freezes_everything_below():
    outer = Outer()
    outer.inner.v = outer.inner.add_weight(shape=(2,), name="v")
    assert len(outer.trainable_weights) == 1
    outer.trainable = False
    assert outer.trainable_weights == [] and len(outer.non_trainable_weights) == 1
    assert not outer.inner.trainable
    outer.trainable = True
    assert len(outer.trainable_weights) == 1


def test_training_flag_propagates_to_nested_layers():
    outer = Outer()
    x = np.ones((1, 2), "float32")
    np.testing.assert_allclose(c(outer(x, training=True)), 2 * x)
    assert outer.inner.seen is True
    np.testing.assert_allclose(c(outer(x)), x)
    assert outer.inner.seen is False  # inner call()'s default
    outer(x, training=False)
    assert outer.inner.seen is False


def test_add_loss_and_regularizer_losses_are_recomputed_each_call():
    class WithLoss(Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(2,), initializer="ones", regularizer=lambda w: 0.5 * kc_ops.sum(w))

        def call(self, x):
            self.add_loss(kc_ops.sum(x))
            return x

    layer = WithLoss()
    layer(np.ones((1, 2), "float32"))
    layer(np.full((1, 2), 3.0, "float32"))
    losses = sorted(float(c(l)) for l in layer.losses)
    assert losses == [1.0, 6.0]  # the regularizer and the latest call's loss only


def test_activity_regularizer_adds_a_loss():
    layer = Linear(2, activity_regularizer="l2")
    layer(np.ones((1, 2), "float32"))
    assert len(layer.losses) == 1
    np.testing.assert_allclose(float(c(layer.losses[0])), 0.01 * (2 * 2.0**2), rtol=1e-5)


def test_input_spec_rejects_wrong_ndim_with_a_clear_message():
    class Needs3D(Layer):
        def __init__(self):
            super().__init__()
            self.input_spec = InputSpec(ndim=3, axes={-1: 4})

        def call(self, x):
            return x

    layer = Needs3D()
    with pytest.raises(ValueError, match=r"expected ndim=3, found ndim=2"):
        layer(np.ones((2, 4), "float32"))
    with pytest.raises(ValueError, match=r"expected axis -1 of the input shape to have value 4"):
        layer(keras.Input((2, 5)))
    assert layer(np.ones((1, 2, 4), "float32")).shape == (1, 2, 4)


def test_input_spec_signature_and_min_max_ndim():
    spec = InputSpec(min_ndim=2, max_ndim=3)
    assert spec.allow_last_axis_squeeze is False and spec.optional is False

    class Ranged(Layer):
        def __init__(self):
            super().__init__()
            self.input_spec = spec

        def call(self, x):
            return x

    with pytest.raises(ValueError, match="min_ndim=2"):
        Ranged()(np.ones((3,), "float32"))
    with pytest.raises(ValueError, match="max_ndim=3"):
        Ranged()(np.ones((1, 1, 1, 1), "float32"))


def test_masks_propagate_to_layers_that_accept_them():
    class MakeMask(Layer):
        def call(self, x):
            return x

        def compute_mask(self, x, previous_mask=None):
            return kc_ops.not_equal(x[..., 0], 0)

    class UseMask(Layer):
        def __init__(self):
            super().__init__()
            self.supports_masking = True

        def call(self, x, mask=None):
            self.received = mask
            return x

    x_np = np.array([[[1.0], [0.0], [2.0]]], "float32")
    mask_layer, use = MakeMask(), UseMask()
    symbolic = mask_layer(keras.Input((3, 1)))
    assert symbolic._keras_mask is not None and symbolic._keras_mask.shape == (None, 3)
    out = use(symbolic)
    assert use.received is not None and out._keras_mask is not None
    # Eagerly, an explicit mask is passed through and supports_masking forwards it.
    mask = np.array([[True, False, True]])
    use(kc_ops.convert_to_tensor(x_np), mask=mask)
    np.testing.assert_array_equal(c(use.received), mask)


def test_stateless_call_matches_call_and_returns_updated_state():
    layer = Counter()
    x = np.full((2, 2), 3.0, "float32")
    layer(x)  # count = 1
    trainable = [np.array(2.0, "float32")]
    non_trainable = [v.value for v in layer.non_trainable_variables]
    out, new_non_trainable = layer.stateless_call(trainable, non_trainable, x)
    np.testing.assert_allclose(c(out), x * 2.0)
    np.testing.assert_allclose(c(new_non_trainable[0]), 2.0)
    np.testing.assert_allclose(c(layer.count), 1.0)  # the layer itself is untouched
    np.testing.assert_allclose(c(layer(x)), x)  # scale is still 1
    out, _, losses = layer.stateless_call(trainable, non_trainable, x, return_losses=True)
    assert losses == []
    with pytest.raises(ValueError, match="expects 1 trainable"):
        layer.stateless_call([], non_trainable, x)


def test_stateless_call_returns_losses():
    class LossLayer(Layer):
        def call(self, x):
            self.add_loss(kc_ops.sum(x))
            return x

    layer = LossLayer()
    with pytest.raises(ValueError, match="to be built"):
        layer.stateless_call([], [], np.ones((2,), "float32"))
    layer.build((2,))
    _, _, losses = layer.stateless_call([], [], np.ones((2,), "float32"), return_losses=True)
    assert len(losses) == 1 and float(c(losses[0])) == 2.0
    assert layer.losses == []  # values from the stateless call do not stay on the layer


def test_symbolic_call_records_a_node_and_builds_first():
    layer = Linear(3)
    inputs = keras.Input((5,))
    outputs = layer(inputs)
    assert layer.built and layer.w.shape == (5, 3)
    assert outputs.shape == (None, 3) and outputs.dtype == "float32"
    history = outputs._keras_history
    assert history.operation is layer
    node = layer._inbound_nodes[history.node_index]
    assert node.input_tensors[0] is inputs and node.output_tensors[0] is outputs


def test_compute_output_shape_drives_the_symbolic_spec():
    class Doubler(Layer):
        def call(self, x):
            return kc_ops.concatenate([x, x], axis=-1)

        def compute_output_shape(self, input_shape):
            return input_shape[:-1] + (2 * input_shape[-1],)

    out = Doubler()(keras.Input((4,)))
    assert out.shape == (None, 8)


def test_get_config_from_config_round_trip():
    layer = Linear(4, name="lin", trainable=False, dtype="float64")
    config = layer.get_config()
    assert config["name"] == "lin" and config["trainable"] is False and config["units"] == 4
    assert config["dtype"] == {
        "module": "keras", "class_name": "DTypePolicy", "config": {"name": "float64"},
        "registered_name": None,
    }
    clone = Linear.from_config(config)
    assert clone.name == "lin" and clone.units == 4 and not clone.trainable
    assert clone.dtype_policy.name == "float64" and clone.compute_dtype == "float64"


def test_legacy_shape_kwargs_and_unknown_kwargs():
    layer = Linear(2, input_shape=(3,))
    assert layer._batch_input_shape == (None, 3)
    with pytest.raises(ValueError, match="input_shape"):
        Linear(2, input_shape=3)
    with pytest.raises(ValueError, match="Unrecognized keyword arguments.*foo"):
        Linear(2, foo=1)


def test_get_set_weights_and_mismatch_errors():
    layer = Linear(2)
    layer(np.ones((1, 3), "float32"))
    new = [np.arange(6, dtype="float32").reshape(3, 2), np.array([1.0, -1.0], "float32")]
    layer.set_weights(new)
    for got, want in zip(layer.get_weights(), new):
        np.testing.assert_array_equal(got, want)
    with pytest.raises(ValueError, match="expects 2 weight arrays, but received 1"):
        layer.set_weights(new[:1])
    with pytest.raises(ValueError, match=r"shape \(3, 2\).*shape \(2, 2\)"):
        layer.set_weights([np.zeros((2, 2)), np.zeros(2)])


def test_count_params_requires_build():
    with pytest.raises(ValueError, match="not built"):
        Linear(2).count_params()


def test_build_config_round_trip():
    layer = Linear(2)
    layer(np.ones((1, 3), "float32"))
    build_config = layer.get_build_config()
    assert build_config == {"input_shape": (1, 3)}
    clone = Linear.from_config(layer.get_config())
    clone.build_from_config(build_config)
    assert clone.built and clone.w.shape == (3, 2)


def test_save_and_load_own_variables():
    layer = Counter()
    layer(np.ones((1,), "float32"))
    store = {}
    layer.save_own_variables(store)
    assert sorted(store) == ["0", "1"]
    np.testing.assert_allclose(store["1"], 1.0)
    other = Counter()
    other.build((1,))
    other.load_own_variables({"0": np.array(3.0, "float32"), "1": np.array(7.0, "float32")})
    np.testing.assert_allclose(c(other.scale), 3.0)
    np.testing.assert_allclose(c(other.count), 7.0)
    with pytest.raises(ValueError, match="expects 2 variables"):
        other.load_own_variables({"0": np.array(1.0)})


def test_mixed_float16_policy():
    layer = Linear(2, dtype="mixed_float16")
    assert layer.compute_dtype == "float16" and layer.variable_dtype == "float32"
    assert layer.dtype_policy.name == "mixed_float16"
    y = layer(np.ones((1, 3), "float32"))
    assert kc_ops.dtype(y) == "float16"
    assert layer.w.dtype == "float32"
    assert layer(keras.Input((3,))).dtype == "float16"


def test_float_inputs_are_cast_to_the_compute_dtype():
    layer = Linear(2, dtype="float64")
    y = layer(np.ones((1, 3), "float32"))
    assert kc_ops.dtype(y) == "float64"

    class Ident(Layer):
        def call(self, x):
            return x

    assert kc_ops.dtype(Ident()(np.ones((2,), "int32"))) == "int32"  # ints are left alone
    assert kc_ops.dtype(Ident(autocast=False)(np.ones((2,), "float64"))) == "float64"


def test_add_weight_signature_and_errors():
    layer = Layer()
    v = layer.add_weight(shape=(2, 3))  # glorot_uniform by default for floats
    assert v.shape == (2, 3) and v.dtype == "float32" and v.trainable
    i = layer.add_weight(shape=(2,), dtype="int32", trainable=False)
    np.testing.assert_array_equal(c(i), [0, 0])
    with pytest.raises(ValueError, match="initializer"):
        layer.add_weight(shape=(2,), initializer="not_an_initializer")
    assert layer.weights == [v, i]


def test_call_not_implemented_is_a_clear_error():
    with pytest.raises(NotImplementedError, match="call"):
        Layer()(np.ones(2, "float32"))


def test_repr_mentions_name():
    assert "lin" in repr(Linear(name="lin"))


def test_items_appended_to_tracked_containers_are_tracked():
    class Stack(Layer):
        def __init__(self):
            super().__init__()
            self.blocks = []
            self.named = {}

        def build(self, input_shape):
            self.blocks.append(Linear(2, name="first"))
            self.named["x"] = Linear(2, name="second")

        def call(self, x):
            return self.named["x"](self.blocks[0](x))

    stack = Stack()
    stack(np.ones((1, 2), "float32"))
    assert [layer.name for layer in stack._flatten_layers(include_self=False)] == ["first", "second"]
    assert len(stack.weights) == 4
    stack.trainable = False
    assert not stack.blocks[0].trainable and stack.trainable_weights == []


def test_nested_layer_called_twice_keeps_both_losses():
    class AddsLoss(Layer):
        def call(self, x):
            self.add_loss(kc_ops.sum(x))
            return x

    class Twice(Layer):
        def __init__(self):
            super().__init__()
            self.inner = AddsLoss()

        def call(self, x):
            return self.inner(self.inner(x) * 2.0)

    layer = Twice()
    layer(np.ones((2,), "float32"))
    assert sorted(float(c(v)) for v in layer.losses) == [2.0, 4.0]
    layer(np.ones((2,), "float32"))
    assert len(layer.losses) == 2


def test_auto_config_for_plain_constructor_arguments():
    class Plain(Layer):
        def __init__(self, units, scale=1.0, **kwargs):
            super().__init__(**kwargs)
            self.units, self.scale = units, scale

        def call(self, x):
            return x

    config = Plain(3, scale=0.5, name="p").get_config()
    assert config["units"] == 3 and config["scale"] == 0.5 and config["name"] == "p"
    clone = Plain.from_config(config)
    assert clone.units == 3 and clone.scale == 0.5

    class Holder(Layer):
        def __init__(self, inner, **kwargs):
            super().__init__(**kwargs)
            self.inner = inner

    with pytest.raises(NotImplementedError, match="must override get_config"):
        Holder(Linear()).get_config()


def test_add_weight_positional_and_add_variable():
    layer = Layer()
    v = layer.add_weight((2,), "ones")
    np.testing.assert_allclose(c(v), [1.0, 1.0])
    legacy = layer.add_weight("legacy", (3,), "float32", "zeros")
    assert legacy.name == "legacy" and legacy.shape == (3,)
    w = layer.add_variable((1,), "zeros", trainable=False, name="nv")
    assert not w.trainable and w.path == f"{layer.name}/nv"
    with pytest.raises(NotImplementedError, match="compile"):
        layer.add_metric(1.0)


def test_compute_output_shape_with_several_arguments():
    class Joined(Layer):
        def call(self, a, b):
            return kc_ops.concatenate([a, b], axis=-1)

        def compute_output_shape(self, a_shape, b_shape):
            return a_shape[:-1] + (a_shape[-1] + b_shape[-1],)

    out = Joined()(keras.Input((2,)), keras.Input((3,)))
    assert out.shape == (None, 5)


def test_build_with_unmatched_argument_names_is_a_clear_error():
    class Bad(Layer):
        def build(self, first, second):
            pass

        def call(self, x):
            return x

    with pytest.raises(ValueError, match="_shape"):
        Bad()(np.ones((1,), "float32"))


def test_training_kwarg_dropped_when_call_does_not_take_it():
    layer = Linear(2)
    y = layer(np.ones((1, 2), "float32"), training=True)
    np.testing.assert_allclose(c(y), [[2.0, 2.0]])


def test_symbolic_call_leaves_no_losses_behind():
    layer = Linear(2, activity_regularizer="l2")
    layer(keras.Input((2,)))
    assert layer.losses == []


def test_metrics_are_tracked_but_not_variables():
    class FakeMetric:
        def __init__(self):
            self.total = kc_ops.Variable(np.zeros(()), trainable=False)
            self.variables = [self.total]

        def update_state(self, x):
            self.total.assign(self.total + kc_ops.sum(x))

        def result(self):
            return self.total

    class Tracking(Layer):
        def __init__(self):
            super().__init__()
            self.metric = FakeMetric()

        def call(self, x):
            self.metric.update_state(x)
            return x

    layer = Tracking()
    layer(np.ones((3,), "float32"))
    assert layer.metrics == [layer.metric]
    assert layer.metrics_variables == [layer.metric.total]
    assert layer.variables == []
    np.testing.assert_allclose(c(layer.metric.result()), 3.0)


def test_reassigned_container_attributes_do_not_accumulate():
    class Rebinds(Layer):
        def call(self, x):
            self.last = [x]
            return x

    layer = Rebinds()
    for _ in range(3):
        layer(np.ones((1,), "float32"))
    assert list(layer._tracked_containers) == ["last"]
    del layer.last
    assert layer._tracked_containers == {}


def test_default_compute_output_shape_runs_call_symbolically():
    layer = Linear(4)
    assert layer.compute_output_shape((None, 3)) == (None, 4)
    assert layer.built and layer.w.shape == (3, 4)

    class Pair(Layer):
        def call(self, inputs):
            return [inputs[0] * 2.0, kc_ops.sum(inputs[1], axis=-1)]

    assert Pair().compute_output_shape([(2, 3), (2, 5)]) == [(2, 3), (2,)]


def test_first_argument_by_keyword_and_array_initializer():
    layer = Linear(2)
    y = layer(x=np.ones((1, 3), "float32"))
    np.testing.assert_allclose(c(y), [[3.0, 3.0]])
    holder = Layer()
    v = holder.add_weight(shape=(2,), initializer=np.array([1.0, 2.0], "float32"))
    np.testing.assert_allclose(c(v), [1.0, 2.0])


def test_attributes_assigned_before_super_init_are_tracked():
    class Early(Layer):
        def __init__(self):
            self.inner = Linear(2, name="early_inner")
            self.offset = kc_ops.Variable(np.zeros((2,), "float32"), name="offset")
            super().__init__()

        def call(self, x):
            return self.inner(x)

    layer = Early()
    layer(np.ones((1, 2), "float32"))
    assert [w.name for w in layer.weights] == ["offset", "w", "b"]
    assert layer.weights[1].path == f"{layer.name}/early_inner/w"


def test_public_names():
    assert keras.Layer is keras.layers.Layer is Layer
    assert keras.InputSpec is keras.layers.InputSpec is InputSpec
    assert keras.Input is keras.layers.Input
    assert keras.FloatDTypePolicy is keras.dtype_policies.FloatDTypePolicy
    import kc_layers

    assert {"Layer", "Input", "InputLayer", "InputSpec", "DTypePolicy", "Dense"} <= set(kc_layers.__all__)


def test_cached_walks_follow_later_structure_changes():
    """Walks (weights, sublayers, trainable weights) are cached per structure version; every
    kind of change after a first call must still show."""

    class Stack(Layer):
        def __init__(self):
            super().__init__()
            self.blocks = [Linear(2, name="a")]

        def call(self, x):
            for block in self.blocks:
                x = block(x)
            return x

    stack = Stack()
    x = np.ones((1, 2), "float32")
    stack(x)
    assert len(stack.weights) == 2 and len(stack.trainable_weights) == 2
    stack.blocks.append(Linear(2, name="b"))  # a new layer appended after the first call
    stack(x)
    assert [layer.name for layer in stack._flatten_layers(include_self=False)] == ["a", "b"]
    assert len(stack.weights) == 4
    stack.blocks[1].w.trainable = False  # a variable's flag
    assert len(stack.trainable_weights) == 3 and len(stack.non_trainable_weights) == 1
    stack.blocks[0].trainable = False  # a layer's flag
    assert len(stack.trainable_weights) == 1
    stack.extra = kc_ops.Variable(np.zeros(3), name="extra")  # an attribute
    assert len(stack.weights) == 5
    del stack.extra
    assert len(stack.weights) == 4
    walked = stack.weights
    walked.clear()  # callers get a copy, not the cache
    assert len(stack.weights) == 4
