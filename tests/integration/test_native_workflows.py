"""Native training workflows (seed 002: "jax.grad loops, tf.GradientTape, torch.optim, the
stateless API"): a Keras model trained by a hand-written loop in each framework reaches the same
losses and weights as `fit` from the same initial weights, and `train_step` / `test_step`
overrides written the way Keras 3's per-backend guides write them are used by `fit`/`evaluate`.

Expected values come from `fit` (a different code path: the trainer's own step) or from NumPy.
"""

import keras
import numpy as np
import pytest

BACKEND = keras.config.backend()
only = {
    name: pytest.mark.skipif(
        BACKEND != name, reason=f"a native {name} workflow: {name} backend only")
    for name in ("jax", "tensorflow", "torch")
}

N, BATCH, EPOCHS, LR = 64, 16, 3, 0.02


def data():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((N, 4)).astype("float32")
    w = np.array([[2.0, -1.0, 0.0], [0.0, 1.5, -1.0], [-1.0, 0.0, 2.0], [0.5, 0.5, 0.5]], "float32")
    y = np.argmax(x @ w, axis=1).astype("int32")
    return x, y


def batches(x, y):
    for start in range(0, N, BATCH):
        yield x[start:start + BATCH], y[start:start + BATCH]


def make_model(cls=None):
    """The same architecture and initial weights every time (BatchNormalization gives it
    non-trainable state that a stateless loop must thread through)."""
    keras.utils.set_random_seed(0)
    layers = [keras.Input(shape=(4,)), keras.layers.Dense(16, activation="relu"),
              keras.layers.BatchNormalization(), keras.layers.Dense(3, activation="softmax")]
    if cls is None:
        return keras.Sequential(layers)
    if issubclass(cls, keras.Sequential):
        return cls(layers)
    inputs = layers[0]
    x = inputs
    for layer in layers[1:]:
        x = layer(x)
    return cls(inputs, x)


def compile_args():
    return dict(optimizer=keras.optimizers.Adam(learning_rate=LR),
                loss=keras.losses.SparseCategoricalCrossentropy(),
                metrics=[keras.metrics.SparseCategoricalAccuracy(name="acc")])


def fit_reference():
    """`fit` with shuffle=False: the batches the hand-written loops iterate over, in order."""
    x, y = data()
    model = make_model()
    initial = [w.copy() for w in model.get_weights()]
    model.compile(**compile_args())
    history = model.fit(x, y, batch_size=BATCH, epochs=EPOCHS, shuffle=False, verbose=0)
    return initial, history.history, model.get_weights()


def assert_matches_fit(loop_losses, loop_accs, loop_weights, reference):
    _, history, fit_weights = reference
    np.testing.assert_allclose(loop_losses, history["loss"], rtol=2e-4, atol=2e-5)
    np.testing.assert_allclose(loop_accs, history["acc"], atol=1e-6)
    assert len(loop_weights) == len(fit_weights)
    for mine, theirs in zip(loop_weights, fit_weights):
        np.testing.assert_allclose(mine, theirs, rtol=2e-3, atol=2e-4)
    assert history["loss"][-1] < history["loss"][0]  # the run actually learns


# --- the stateless API --------------------------------------------------------------------------


def test_stateless_call_leaves_variables_untouched_and_returns_new_state():
    # Pure computation: this runs on numpy too.
    x, _ = data()
    model = make_model()
    trainable = [np.asarray(v.numpy()) for v in model.trainable_variables]
    non_trainable = [np.asarray(v.numpy()) for v in model.non_trainable_variables]
    doubled = [w * 2 for w in trainable]
    out, new_non_trainable = model.stateless_call(doubled, non_trainable, x, training=True)
    # NumPy reference of Dense -> BN(training) -> Dense with the doubled weights.
    k1, b1, gamma, beta, k2, b2 = doubled
    h = np.maximum(x @ k1 + b1, 0)
    mean, var = h.mean(0), h.var(0)
    h = (h - mean) / np.sqrt(var + 1e-3) * gamma + beta
    logits = h @ k2 + b2
    expected = np.exp(logits - logits.max(1, keepdims=True))
    expected /= expected.sum(1, keepdims=True)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(out), expected, rtol=1e-4, atol=1e-5)
    moving_mean, moving_var = (keras.ops.convert_to_numpy(v) for v in new_non_trainable)
    np.testing.assert_allclose(
        moving_mean, 0.99 * non_trainable[0] + 0.01 * mean, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(
        moving_var, 0.99 * non_trainable[1] + 0.01 * var, rtol=1e-4, atol=1e-6)
    # The model's own variables did not move.
    for v, before in zip(model.trainable_variables, trainable):
        np.testing.assert_array_equal(v.numpy(), before)
    for v, before in zip(model.non_trainable_variables, non_trainable):
        np.testing.assert_array_equal(v.numpy(), before)


def test_metric_stateless_update_result_reset():
    metric = keras.metrics.SparseCategoricalAccuracy()
    values = [v.value for v in metric.variables]
    y_true = np.array([0, 1, 2, 1])
    y_pred = np.eye(3, dtype="float32")[[0, 1, 1, 1]]
    values = metric.stateless_update_state(values, y_true, y_pred)
    values = metric.stateless_update_state(values, y_true[:2], y_pred[:2])
    np.testing.assert_allclose(keras.ops.convert_to_numpy(metric.stateless_result(values)), 5 / 6)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(metric.result()), 0.0)  # untouched
    reset = metric.stateless_reset_state()
    np.testing.assert_allclose([keras.ops.convert_to_numpy(v) for v in reset], 0.0)


def test_get_state_tree_and_set_state_tree_round_trip():
    model = make_model()
    model.compile(**compile_args())
    x, y = data()
    model.evaluate(x, y, verbose=0)  # creates the metric variables
    tree = model.get_state_tree(value_format="numpy_array")
    assert {"trainable_variables", "non_trainable_variables", "metrics_variables"} <= set(tree)
    flat = []
    keras.tree.map_structure(lambda v: flat.append(v), tree["trainable_variables"])
    assert sorted(a.size for a in flat) == sorted(v.numpy().size for v in model.trainable_variables)
    saved = [w.copy() for w in model.get_weights()]
    model.set_weights([w + 1.0 for w in saved])
    model.set_state_tree(tree)
    for mine, expected in zip(model.get_weights(), saved):
        np.testing.assert_array_equal(mine, expected)


# --- hand-written loops that match fit ----------------------------------------------------------


@only["jax"]
def test_jax_jit_grad_loop_with_the_stateless_api_matches_fit():
    import jax

    reference = fit_reference()
    x, y = data()
    model = make_model()
    model.set_weights(reference[0])
    optimizer = keras.optimizers.Adam(learning_rate=LR)
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    metric = keras.metrics.SparseCategoricalAccuracy()
    optimizer.build(model.trainable_variables)

    def compute_loss_and_updates(trainable_variables, non_trainable_variables, x, y):
        y_pred, non_trainable_variables = model.stateless_call(
            trainable_variables, non_trainable_variables, x, training=True)
        loss = loss_fn(y, y_pred)
        return loss, (y_pred, non_trainable_variables)

    grad_fn = jax.value_and_grad(compute_loss_and_updates, has_aux=True)

    @jax.jit
    def train_step(state, data):
        trainable_variables, non_trainable_variables, optimizer_variables, metric_variables = state
        x, y = data
        (loss, (y_pred, non_trainable_variables)), grads = grad_fn(
            trainable_variables, non_trainable_variables, x, y)
        trainable_variables, optimizer_variables = optimizer.stateless_apply(
            optimizer_variables, grads, trainable_variables)
        metric_variables = metric.stateless_update_state(metric_variables, y, y_pred)
        return loss, metric.stateless_result(metric_variables), (
            trainable_variables, non_trainable_variables, optimizer_variables, metric_variables)

    state = (
        [v.value for v in model.trainable_variables],
        [v.value for v in model.non_trainable_variables],
        [v.value for v in optimizer.variables],
        [v.value for v in metric.variables],
    )
    losses, accs = [], []
    for _ in range(EPOCHS):
        trainable, non_trainable, optimizer_values, _ = state
        state = (trainable, non_trainable, optimizer_values, metric.stateless_reset_state())
        batch_losses = []
        for batch in batches(x, y):
            loss, acc, state = train_step(state, batch)
            batch_losses.append(float(loss))
        losses.append(np.mean(batch_losses))
        accs.append(float(acc))

    # Write the state back into the model (Keras's guide: variable.assign(value)).
    trainable, non_trainable, optimizer_values, metric_values = state
    for variable, value in zip(model.trainable_variables, trainable):
        variable.assign(value)
    for variable, value in zip(model.non_trainable_variables, non_trainable):
        variable.assign(value)
    assert isinstance(trainable[0], jax.Array)
    assert_matches_fit(losses, accs, model.get_weights(), reference)


@only["jax"]
def test_jax_loop_through_get_state_tree_and_set_state_tree():
    """Keras 3's documented JAX pattern: take the state tree, train on pure arrays, set it back."""
    import jax

    x, y = data()
    model = make_model()
    model.compile(**compile_args())
    model.optimizer.build(model.trainable_variables)
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    before = model.evaluate(x, y, verbose=0, return_dict=True)["loss"]
    tree = model.get_state_tree()
    paths = [v.path for v in model.trainable_variables]
    nt_paths = [v.path for v in model.non_trainable_variables]
    opt_paths = [v.path for v in model.optimizer.variables]

    def lookup(subtree, path):
        for part in path.split("/"):
            subtree = subtree[part]
        return subtree

    trainable = [lookup(tree["trainable_variables"], p) for p in paths]
    non_trainable = [lookup(tree["non_trainable_variables"], p) for p in nt_paths]
    optimizer_values = [lookup(tree["optimizer_variables"], p) for p in opt_paths]

    @jax.jit
    def step(trainable, non_trainable, optimizer_values, x, y):
        def loss_of(trainable):
            y_pred, new_nt = model.stateless_call(trainable, non_trainable, x, training=True)
            return loss_fn(y, y_pred), new_nt

        (loss, new_nt), grads = jax.value_and_grad(loss_of, has_aux=True)(trainable)
        trainable, optimizer_values = model.optimizer.stateless_apply(
            optimizer_values, grads, trainable)
        return trainable, new_nt, optimizer_values

    for _ in range(EPOCHS):
        for bx, by in batches(x, y):
            trainable, non_trainable, optimizer_values = step(
                trainable, non_trainable, optimizer_values, bx, by)

    def tree_of(paths, values):
        result = {}
        for path, value in zip(paths, values):
            node = result
            parts = path.split("/")
            for part in parts[:-1]:
                node = node.setdefault(part, {})
            node[parts[-1]] = value
        return result

    model.set_state_tree({
        "trainable_variables": tree_of(paths, trainable),
        "non_trainable_variables": tree_of(nt_paths, non_trainable),
        "optimizer_variables": tree_of(opt_paths, optimizer_values),
    })
    after = model.evaluate(x, y, verbose=0, return_dict=True)["loss"]
    assert after < 0.7 * before
    assert int(keras.ops.convert_to_numpy(model.optimizer.iterations)) == EPOCHS * N // BATCH


@only["tensorflow"]
def test_tf_gradient_tape_loop_in_tf_function_matches_fit():
    import tensorflow as tf

    reference = fit_reference()
    x, y = data()
    model = make_model()
    model.set_weights(reference[0])
    optimizer = keras.optimizers.Adam(learning_rate=LR)
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    metric = keras.metrics.SparseCategoricalAccuracy()
    optimizer.build(model.trainable_variables)

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            y_pred = model(x, training=True)
            loss = loss_fn(y, y_pred)
        grads = tape.gradient(loss, model.trainable_weights)
        optimizer.apply_gradients(zip(grads, model.trainable_weights))
        metric.update_state(y, y_pred)
        return loss

    losses, accs = [], []
    for _ in range(EPOCHS):
        metric.reset_state()
        losses.append(np.mean([float(train_step(bx, by)) for bx, by in batches(x, y)]))
        accs.append(float(metric.result()))
    assert_matches_fit(losses, accs, model.get_weights(), reference)


@only["tensorflow"]
def test_tf_function_loop_builds_the_optimizer_lazily():
    import tensorflow as tf

    x, y = data()
    model = make_model()
    optimizer = keras.optimizers.Adam(learning_rate=LR)
    loss_fn = keras.losses.SparseCategoricalCrossentropy()

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_weights)
        optimizer.apply_gradients(zip(grads, model.trainable_weights))
        return loss

    losses = [float(train_step(bx, by)) for _ in range(EPOCHS) for bx, by in batches(x, y)]
    assert losses[-1] < losses[0]


@only["torch"]
def test_torch_backward_loop_with_keras_optimizer_matches_fit():
    import torch

    reference = fit_reference()
    x, y = data()
    model = make_model()
    model.set_weights(reference[0])
    optimizer = keras.optimizers.Adam(learning_rate=LR)
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    metric = keras.metrics.SparseCategoricalAccuracy()
    trainable_variables = model.trainable_variables

    losses, accs = [], []
    for _ in range(EPOCHS):
        metric.reset_state()
        batch_losses = []
        for bx, by in batches(x, y):
            bx, by = torch.from_numpy(bx), torch.from_numpy(by)
            for v in trainable_variables:
                v.value.grad = None
            y_pred = model(bx, training=True)
            loss = loss_fn(by, y_pred)
            loss.backward()
            grads = [v.value.grad for v in trainable_variables]
            with torch.no_grad():
                optimizer.apply(grads, trainable_variables)
            metric.update_state(by, y_pred.detach())
            batch_losses.append(float(loss.detach()))
        losses.append(np.mean(batch_losses))
        accs.append(float(metric.result()))
    assert isinstance(trainable_variables[0].value, torch.nn.Parameter)
    assert_matches_fit(losses, accs, model.get_weights(), reference)


@only["torch"]
def test_keras_model_is_a_torch_module_trained_by_torch_optim():
    import torch

    x, y = data()
    model = make_model()
    assert isinstance(model, torch.nn.Module)
    params = list(model.parameters())
    # As in Keras, every variable is a Parameter; only the trainable ones require gradients.
    assert len(params) == len(model.variables)
    assert sum(p.requires_grad for p in params) == len(model.trainable_variables)
    optimizer = torch.optim.Adam(params, lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    first = last = None
    for _ in range(EPOCHS):
        for bx, by in batches(x, y):
            model.zero_grad()
            probs = model(torch.from_numpy(bx), training=True)
            loss = loss_fn(torch.log(probs), torch.from_numpy(by).long())
            loss.backward()
            optimizer.step()
            first = float(loss) if first is None else first
            last = float(loss)
    assert last < first


@only["torch"]
def test_torch_utilities_that_view_parameters_flat_work_on_a_keras_model():
    """torch.optim.LBFGS and parameters_to_vector call `.view(-1)` on parameters and their
    gradients, which needs contiguous tensors (as torch's own layers and Keras keep them)."""
    import torch

    x, y = data()
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    params = [p for p in model.parameters() if p.requires_grad]
    flat = torch.nn.utils.parameters_to_vector(params)
    assert flat.shape == (sum(p.numel() for p in params),)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y).long()
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.LBFGS(params, max_iter=5)

    def closure():
        optimizer.zero_grad()
        loss = loss_fn(model(xt), yt)
        loss.backward()
        return loss

    first = float(closure())
    optimizer.step(closure)
    assert float(closure()) < first


@only["torch"]
def test_torch_module_wrapper_in_a_keras_model():
    import torch

    torch.manual_seed(0)
    linear = torch.nn.Linear(4, 3)
    layer = keras.layers.TorchModuleWrapper(linear)
    x, _ = data()
    out = keras.ops.convert_to_numpy(layer(x))
    w = linear.weight.detach().numpy()
    b = linear.bias.detach().numpy()
    np.testing.assert_allclose(out, x @ w.T + b, rtol=1e-5, atol=1e-6)
    assert len(layer.trainable_variables) == 2


@only["jax"]
def test_jax_layer_wraps_a_pure_function():
    import jax.numpy as jnp

    def call_fn(params, inputs):
        return inputs @ params["w"]

    def init_fn(rng, inputs):
        return {"w": jnp.ones((inputs.shape[-1], 3))}

    layer = keras.layers.JaxLayer(call_fn=call_fn, init_fn=init_fn)
    x, _ = data()
    out = keras.ops.convert_to_numpy(layer(x))
    np.testing.assert_allclose(out, x @ np.ones((4, 3), "float32"), rtol=1e-5)


# --- train_step / test_step overrides used by fit and evaluate ----------------------------------


def _logs_from(metrics_results):
    logs = {}
    for name, result in metrics_results:
        if isinstance(result, dict):
            logs.update(result)
        else:
            logs[name] = result
    return logs


if BACKEND == "jax":
    import jax

    class StepsMixin:
        """Keras 3's "customizing fit() with JAX" guide: stateless train_step(state, data)."""

        train_steps = 0
        test_steps = 0

        def compute_loss_and_updates(self, trainable_variables, non_trainable_variables,
                                     x, y, training=False):
            y_pred, non_trainable_variables = self.stateless_call(
                trainable_variables, non_trainable_variables, x, training=training)
            loss = self.compute_loss(x, y, y_pred)
            return loss, (y_pred, non_trainable_variables)

        def _update_metrics(self, metrics_variables, loss, y, y_pred):
            new_metrics_vars, results = [], []
            for metric in self.metrics:
                start = len(new_metrics_vars)
                this_metric_vars = metrics_variables[start:start + len(metric.variables)]
                if metric.name == "loss":
                    this_metric_vars = metric.stateless_update_state(this_metric_vars, loss)
                else:
                    this_metric_vars = metric.stateless_update_state(this_metric_vars, y, y_pred)
                results.append((metric.name, metric.stateless_result(this_metric_vars)))
                new_metrics_vars += this_metric_vars
            return _logs_from(results), new_metrics_vars

        def train_step(self, state, data):
            StepsMixin.train_steps += 1  # counts traces under jit
            (trainable_variables, non_trainable_variables, optimizer_variables,
             metrics_variables) = state
            x, y = data
            grad_fn = jax.value_and_grad(self.compute_loss_and_updates, has_aux=True)
            (loss, (y_pred, non_trainable_variables)), grads = grad_fn(
                trainable_variables, non_trainable_variables, x, y, training=True)
            trainable_variables, optimizer_variables = self.optimizer.stateless_apply(
                optimizer_variables, grads, trainable_variables)
            logs, new_metrics_vars = self._update_metrics(metrics_variables, loss, y, y_pred)
            state = (trainable_variables, non_trainable_variables, optimizer_variables,
                     new_metrics_vars)
            return logs, state

        def test_step(self, state, data):
            StepsMixin.test_steps += 1
            trainable_variables, non_trainable_variables, metrics_variables = state
            x, y = data
            loss, (y_pred, non_trainable_variables) = self.compute_loss_and_updates(
                trainable_variables, non_trainable_variables, x, y, training=False)
            logs, new_metrics_vars = self._update_metrics(metrics_variables, loss, y, y_pred)
            logs["custom_marker"] = loss * 0 + 7.0
            return logs, (trainable_variables, non_trainable_variables, new_metrics_vars)

elif BACKEND == "torch":
    import torch

    class StepsMixin:
        """Keras 3's "customizing fit() with PyTorch" guide (zero_grad, backward, optimizer.apply);
        gradients are cleared on the Variables since kc models are not torch Modules."""

        train_steps = 0
        test_steps = 0

        def train_step(self, data):
            StepsMixin.train_steps += 1
            x, y = data
            trainable_weights = [v for v in self.trainable_weights]
            for v in trainable_weights:
                v.value.grad = None
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred)
            loss.backward()
            gradients = [v.value.grad for v in trainable_weights]
            with torch.no_grad():
                self.optimizer.apply(gradients, trainable_weights)
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred)
            return _logs_from((m.name, m.result()) for m in self.metrics)

        def test_step(self, data):
            StepsMixin.test_steps += 1
            x, y = data
            with torch.no_grad():
                y_pred = self(x, training=False)
                loss = self.compute_loss(y=y, y_pred=y_pred)
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred)
            logs = _logs_from((m.name, m.result()) for m in self.metrics)
            logs["custom_marker"] = 7.0
            return logs

elif BACKEND == "tensorflow":
    import tensorflow as tf

    class StepsMixin:
        """Keras 3's "customizing fit() with TensorFlow" guide (GradientTape)."""

        train_steps = 0
        test_steps = 0

        def train_step(self, data):
            StepsMixin.train_steps += 1  # counts traces under tf.function
            x, y = data
            with tf.GradientTape() as tape:
                y_pred = self(x, training=True)
                loss = self.compute_loss(y=y, y_pred=y_pred)
            trainable_vars = self.trainable_variables
            gradients = tape.gradient(loss, trainable_vars)
            self.optimizer.apply(gradients, trainable_vars)
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred)
            return _logs_from((m.name, m.result()) for m in self.metrics)

        def test_step(self, data):
            StepsMixin.test_steps += 1
            x, y = data
            y_pred = self(x, training=False)
            loss = self.compute_loss(y=y, y_pred=y_pred)
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred)
            logs = _logs_from((m.name, m.result()) for m in self.metrics)
            logs["custom_marker"] = tf.constant(7.0)
            return logs


if BACKEND != "numpy":
    # The guides subclass keras.Model and call it functionally: CustomModel(inputs, outputs).
    class CustomModel(StepsMixin, keras.Model):
        pass

    class CustomSequential(StepsMixin, keras.Sequential):
        pass

    class OwnMetricsSequential(StepsMixin, keras.Sequential):
        """The guides' "going lower-level" variant: the model lists its own metrics."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.loss_tracker = keras.metrics.Mean(name="loss")
            self.acc_metric = keras.metrics.SparseCategoricalAccuracy(name="acc")

        @property
        def metrics(self):
            return [self.loss_tracker, self.acc_metric]
else:
    CustomModel = CustomSequential = OwnMetricsSequential = None

needs_training = pytest.mark.skipif(
    BACKEND == "numpy", reason="the numpy backend cannot train (no autodiff)")


def run_custom_steps(cls, own_metrics=False):
    reference = fit_reference()
    x, y = data()
    model = make_model(cls)
    model.set_weights(reference[0])
    args = compile_args()
    if own_metrics:
        del args["metrics"]
    model.compile(**args)
    StepsMixin.train_steps = StepsMixin.test_steps = 0
    history = model.fit(x, y, batch_size=BATCH, epochs=EPOCHS, shuffle=False, verbose=0)
    assert StepsMixin.train_steps >= 1
    logs = history.history
    assert {"loss", "acc"} <= set(logs)
    assert_matches_fit(logs["loss"], logs["acc"], model.get_weights(), reference)

    result = model.evaluate(x, y, batch_size=BATCH, verbose=0, return_dict=True)
    assert StepsMixin.test_steps >= 1
    assert result["custom_marker"] == pytest.approx(7.0)
    # NumPy reference for the evaluation loss, from the trained model's predictions.
    probs = model.predict(x, verbose=0)
    np.testing.assert_allclose(result["loss"], -np.mean(np.log(probs[np.arange(N), y])), rtol=1e-4)
    np.testing.assert_allclose(result["acc"], np.mean(np.argmax(probs, 1) == y), atol=1e-6)


@needs_training
def test_custom_steps_with_the_models_own_metrics():
    run_custom_steps(OwnMetricsSequential, own_metrics=True)


@needs_training
def test_custom_steps_with_compiled_metrics():
    run_custom_steps(CustomSequential)


@needs_training
def test_custom_steps_on_a_functional_model_subclass():
    run_custom_steps(CustomModel)


@only["torch"]
def test_keras_model_nests_inside_a_torch_module_and_moves_with_it():
    import torch

    model = make_model()
    model(np.zeros((2, 4), "float32"))

    class Outer(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.body = model
            self.scale = torch.nn.Parameter(torch.ones(()))

        def forward(self, x):
            return self.body(x) * self.scale

    outer = Outer().to("cpu")
    assert len(list(outer.parameters())) == len(model.variables) + 1
    keys = set(outer.state_dict())
    assert "scale" in keys and any(k.startswith("body.torch_params.") for k in keys)
    out = outer(torch.ones(2, 4))
    out.sum().backward()
    assert outer.scale.grad is not None
    assert model.trainable_variables[0].value.grad is not None


@only["torch"]
def test_torch_module_wrapper_trains_with_fit():
    import torch

    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 4)).astype("float32")
    y = (x @ np.array([[1.0], [-1.0], [0.5], [2.0]], "float32")).astype("float32")
    inner = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.TorchModuleWrapper(inner)])
    assert len(model.trainable_variables) == 4
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
    history = model.fit(x, y, epochs=10, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    # The module computes with the trained variables themselves.
    np.testing.assert_allclose(inner[0].weight.detach().numpy(), model.trainable_variables[0].numpy())


@only["jax"]
def test_jax_layer_with_state_and_rng_trains_with_fit():
    import jax
    import jax.numpy as jnp

    def init_fn(rng, inputs):
        return {"w": jax.random.normal(rng, (inputs.shape[-1], 1)) * 0.1, "b": jnp.zeros((1,))}, {"calls": jnp.zeros(())}

    def call_fn(params, state, rng, inputs, training):
        return inputs @ params["w"] + params["b"], {"calls": state["calls"] + 1}

    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 3)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5]], "float32") + 0.3).astype("float32")
    layer = keras.layers.JaxLayer(call_fn=call_fn, init_fn=init_fn, seed=0)
    model = keras.Sequential([keras.Input(shape=(3,)), layer])
    assert len(model.trainable_variables) == 2 and len(layer.non_trainable_weights) == 1
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    history = model.fit(x, y, epochs=5, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < 0.05 * history.history["loss"][0]
    assert float(layer.non_trainable_weights[0].numpy()) >= 20  # the state advanced on every step


@only["jax"]
def test_flax_module_as_a_keras_layer_trains_with_fit():
    nn = pytest.importorskip("flax.linen", reason="flax is not installed")

    class Regressor(nn.Module):
        @nn.compact
        def __call__(self, x):
            return nn.Dense(1)(nn.relu(nn.Dense(8)(x)))

    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 3)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5]], "float32")).astype("float32")
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.FlaxLayer(Regressor(), seed=1)])
    assert len(model.trainable_variables) == 4
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
    history = model.fit(x, y, epochs=8, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < 0.3 * history.history["loss"][0]


@only["jax"]
def test_optax_optimizer_trains_a_keras_model_through_the_stateless_api():
    optax = pytest.importorskip("optax", reason="optax is not installed")
    import jax

    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 3)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5]], "float32")).astype("float32")
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    trainable = [v.value for v in model.trainable_variables]
    non_trainable = [v.value for v in model.non_trainable_variables]
    optimizer = optax.adam(0.05)
    opt_state = optimizer.init(trainable)

    def loss_fn(trainable, non_trainable, x, y):
        y_pred, non_trainable = model.stateless_call(trainable, non_trainable, x)
        return jax.numpy.mean((y_pred - y) ** 2), non_trainable

    @jax.jit
    def step(trainable, non_trainable, opt_state, x, y):
        (loss, non_trainable), grads = jax.value_and_grad(loss_fn, has_aux=True)(trainable, non_trainable, x, y)
        updates, opt_state = optimizer.update(grads, opt_state, trainable)
        return optax.apply_updates(trainable, updates), non_trainable, opt_state, loss

    losses = []
    for _ in range(200):
        trainable, non_trainable, opt_state, loss = step(trainable, non_trainable, opt_state, x, y)
        losses.append(float(loss))
    assert losses[-1] < 0.01 * losses[0]
    for variable, value in zip(model.trainable_variables, trainable):
        variable.assign(value)
    np.testing.assert_allclose(model.predict(x, verbose=0), y, atol=0.1)


@only["tensorflow"]
def test_mirrored_strategy_scope_on_one_cpu_replica():
    import tensorflow as tf

    strategy = tf.distribute.MirroredStrategy(["/cpu:0"])
    with strategy.scope():
        model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
        model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    assert isinstance(model.weights[0].value, tf.distribute.DistributedValues)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 3)).astype("float32")
    y = x.sum(axis=1, keepdims=True).astype("float32")
    history = model.fit(x, y, epochs=4, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < 0.2 * history.history["loss"][0]
