"""Seed 004 (the TF 2 Keras README): the Sequential flow and the low-level `tf.GradientTape`
training loop with `optimizer.apply_gradients(zip(grads, model.trainable_weights))`.

The loop differentiates with TensorFlow, so it needs the tensorflow backend. The README imports
through `tensorflow.keras` (which TF >= 2.16 routes to the installed Keras 3 package, i.e. ours,
via `keras._tf_keras.keras`); the same code is also run with `keras` spelled directly.
"""

import keras
import numpy as np
import pytest

BACKEND = keras.config.backend()
pytestmark = pytest.mark.skipif(
    BACKEND != "tensorflow",
    reason="the README's loop differentiates with tf.GradientTape: tensorflow backend only",
)


def cluster_data(n, seed):
    rng = np.random.default_rng(seed)
    centers = np.random.default_rng(123).standard_normal((10, 16)).astype("float32") * 3.0
    labels = rng.integers(0, 10, size=n)
    x = centers[labels] + rng.standard_normal((n, 16)).astype("float32") * 0.5
    return x.astype("float32"), np.eye(10, dtype="float32")[labels]


def accuracy(model, x, y):
    return np.mean(np.argmax(model.predict(x, verbose=0), 1) == np.argmax(y, 1))


def test_readme_flow_with_keras_namespace():
    import tensorflow as tf

    keras.utils.set_random_seed(0)
    x_train, y_train = cluster_data(320, seed=0)
    x_test, y_test = cluster_data(64, seed=1)
    # --- README blocks, `tensorflow.keras` / `tf.keras` spelled `keras` ---
    from keras.models import Sequential

    model = Sequential()

    from keras.layers import Dense

    model.add(Dense(units=64, activation='relu'))
    model.add(Dense(units=10, activation='softmax'))

    model.compile(loss='categorical_crossentropy',
                  optimizer='sgd',
                  metrics=['accuracy'])

    model.compile(loss=keras.losses.categorical_crossentropy,
                  optimizer=keras.optimizers.SGD(
                      learning_rate=0.01, momentum=0.9, nesterov=True))

    # x_train and y_train are Numpy arrays.
    history = model.fit(x_train, y_train, epochs=5, batch_size=32, verbose=0)

    loss_and_metrics = model.evaluate(x_test, y_test, batch_size=128, verbose=0)

    classes = model.predict(x_test, batch_size=128, verbose=0)

    assert history.history["loss"][-1] < history.history["loss"][0]
    assert np.isfinite(loss_and_metrics)
    assert classes.shape == (64, 10)
    assert np.mean(np.argmax(classes, 1) == np.argmax(y_test, 1)) > 0.9
    assert isinstance(model.trainable_weights[0].value, tf.Variable)


def test_gradient_tape_loop_with_keras_namespace():
    import tensorflow as tf

    keras.utils.set_random_seed(0)
    x_train, y_train = cluster_data(256, seed=0)
    dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train)).batch(32)
    model = keras.Sequential([keras.layers.Dense(64, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.build((None, 16))
    chance_accuracy = accuracy(model, x_train, y_train)

    # --- README block, `tf.keras` spelled `keras` ---
    # Prepare an optimizer.
    optimizer = keras.optimizers.Adam()
    # Prepare a loss function.
    loss_fn = keras.losses.kl_divergence

    losses = []
    for epoch in range(5):
        # Iterate over the batches of a dataset.
        for inputs, targets in dataset:
            # Open a GradientTape.
            with tf.GradientTape() as tape:
                # Forward pass.
                predictions = model(inputs)
                # Compute the loss value for this batch.
                loss_value = loss_fn(targets, predictions)

            # Get gradients of loss wrt the weights.
            gradients = tape.gradient(loss_value, model.trainable_weights)
            # Update the weights of the model.
            optimizer.apply_gradients(zip(gradients, model.trainable_weights))
            losses.append(float(tf.reduce_mean(loss_value)))

    assert all(g is not None for g in gradients)
    assert int(keras.ops.convert_to_numpy(optimizer.iterations)) == 5 * 8
    assert np.mean(losses[-8:]) < 0.6 * np.mean(losses[:8])
    assert accuracy(model, x_train, y_train) > max(0.8, chance_accuracy)


def test_apply_gradients_first_adam_step_is_hand_computed():
    """Adam's first step moves each weight by -lr * g / (|g| + eps) (bias-corrected moments)."""
    import tensorflow as tf

    keras.utils.set_random_seed(0)
    x, y = cluster_data(32, seed=0)
    model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
    model.build((None, 16))
    optimizer = keras.optimizers.Adam(learning_rate=0.01)
    before = [w.numpy().copy() for w in model.trainable_weights]
    with tf.GradientTape() as tape:
        loss_value = keras.losses.kl_divergence(y, model(x))
    gradients = tape.gradient(loss_value, model.trainable_weights)
    optimizer.apply_gradients(zip(gradients, model.trainable_weights))
    for old, grad, weight in zip(before, gradients, model.trainable_weights):
        g = np.asarray(grad)
        expected = old - 0.01 * g / (np.abs(g) + 1e-7)
        np.testing.assert_allclose(weight.numpy(), expected, rtol=1e-4, atol=1e-6)


def _run_readme_as_written(x_train, y_train, x_test, y_test):
    import tensorflow as tf

    # --- README blocks, verbatim ---
    from tensorflow.keras.models import Sequential

    model = Sequential()

    from tensorflow.keras.layers import Dense

    model.add(Dense(units=64, activation='relu'))
    model.add(Dense(units=10, activation='softmax'))

    model.compile(loss='categorical_crossentropy',
                  optimizer='sgd',
                  metrics=['accuracy'])

    model.compile(loss=tf.keras.losses.categorical_crossentropy,
                  optimizer=tf.keras.optimizers.SGD(
                      learning_rate=0.01, momentum=0.9, nesterov=True))

    # x_train and y_train are Numpy arrays.
    model.fit(x_train, y_train, epochs=5, batch_size=32)

    loss_and_metrics = model.evaluate(x_test, y_test, batch_size=128)

    classes = model.predict(x_test, batch_size=128)

    dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train)).batch(32)

    # Prepare an optimizer.
    optimizer = tf.keras.optimizers.Adam()
    # Prepare a loss function.
    loss_fn = tf.keras.losses.kl_divergence

    # Iterate over the batches of a dataset.
    for inputs, targets in dataset:
        # Open a GradientTape.
        with tf.GradientTape() as tape:
            # Forward pass.
            predictions = model(inputs)
            # Compute the loss value for this batch.
            loss_value = loss_fn(targets, predictions)

        # Get gradients of loss wrt the weights.
        gradients = tape.gradient(loss_value, model.trainable_weights)
        # Update the weights of the model.
        optimizer.apply_gradients(zip(gradients, model.trainable_weights))
    return model, loss_and_metrics, classes


def test_readme_as_written_through_tensorflow_keras():
    keras.utils.set_random_seed(0)
    x_train, y_train = cluster_data(320, seed=0)
    x_test, y_test = cluster_data(64, seed=1)
    model, loss_and_metrics, classes = _run_readme_as_written(x_train, y_train, x_test, y_test)
    assert isinstance(model, keras.Sequential)  # tf.keras is our keras
    assert classes.shape == (64, 10)
    assert np.mean(np.argmax(classes, 1) == np.argmax(y_test, 1)) > 0.9
