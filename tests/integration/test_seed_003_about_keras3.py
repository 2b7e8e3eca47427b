"""Seed 003 ("About Keras 3"): the Sequential.add / compile-with-strings flow and the
`TokenAndPositionEmbedding` layer, run as written on our `keras`.

The seed's `x_train`/`y_train`/`x_test`/`y_test` are synthetic: well-separated Gaussian clusters,
one per class, with one-hot labels (what `categorical_crossentropy` expects).
"""

import keras
import numpy as np
import pytest
from keras import ops

BACKEND = keras.config.backend()
TRAINS = BACKEND != "numpy"
needs_training = pytest.mark.skipif(
    not TRAINS, reason="the numpy backend has no automatic differentiation: fit() is not supported")


def cluster_data(n, seed):
    rng = np.random.default_rng(seed)
    centers = np.random.default_rng(123).standard_normal((10, 16)).astype("float32") * 3.0
    labels = rng.integers(0, 10, size=n)
    x = centers[labels] + rng.standard_normal((n, 16)).astype("float32") * 0.5
    y = np.eye(10, dtype="float32")[labels]
    return x.astype("float32"), y


def seed_sequential():
    # --- seed blocks ---
    model = keras.Sequential()

    from keras import layers

    model.add(layers.Dense(units=64, activation='relu'))
    model.add(layers.Dense(units=10, activation='softmax'))
    return model


def test_sequential_add_compile_with_string_identifiers():
    model = seed_sequential()
    assert not model.built  # no Input: built on first call
    assert len(model.layers) == 2

    model.compile(loss='categorical_crossentropy',
                  optimizer='sgd',
                  metrics=['accuracy'])

    assert isinstance(model.optimizer, keras.optimizers.SGD)
    x_test, y_test = cluster_data(40, seed=1)
    loss, accuracy = model.evaluate(x_test, y_test, batch_size=128, verbose=0)
    classes = model.predict(x_test, batch_size=128, verbose=0)
    assert model.built and classes.shape == (40, 10)
    # Expected values computed with NumPy from the predictions.
    expected_loss = -np.mean(np.sum(y_test * np.log(np.clip(classes, 1e-7, 1.0)), axis=1))
    np.testing.assert_allclose(loss, expected_loss, rtol=1e-4)
    expected_acc = np.mean(np.argmax(classes, 1) == np.argmax(y_test, 1))
    np.testing.assert_allclose(accuracy, expected_acc, atol=1e-6)


@needs_training
def test_fit_evaluate_predict_with_strings_then_sgd_nesterov():
    keras.utils.set_random_seed(0)
    x_train, y_train = cluster_data(320, seed=0)
    x_test, y_test = cluster_data(64, seed=1)
    model = seed_sequential()
    # --- seed blocks ---
    model.compile(loss='categorical_crossentropy',
                  optimizer='sgd',
                  metrics=['accuracy'])

    # x_train 및 y_train은 Numpy 배열
    history = model.fit(x_train, y_train, epochs=5, batch_size=32, verbose=0)

    loss_and_metrics = model.evaluate(x_test, y_test, batch_size=128, verbose=0)

    classes = model.predict(x_test, batch_size=128, verbose=0)

    losses = history.history["loss"]
    assert set(history.history) == {"loss", "accuracy"}
    assert losses[-1] < losses[0]
    loss, accuracy = loss_and_metrics
    assert accuracy > 0.5  # ten classes: chance is 0.1
    assert classes.shape == (64, 10)
    np.testing.assert_allclose(classes.sum(axis=1), 1.0, rtol=1e-5)

    # --- seed block: the optimizer configured further ---
    model.compile(loss=keras.losses.categorical_crossentropy,
                  optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True))
    optimizer = model.optimizer
    assert optimizer.nesterov and optimizer.momentum == 0.9
    np.testing.assert_allclose(keras.ops.convert_to_numpy(optimizer.learning_rate), 0.01)
    history = model.fit(x_train, y_train, epochs=5, batch_size=32, verbose=0)
    assert set(history.history) == {"loss"}
    assert history.history["loss"][-1] < loss
    classes = model.predict(x_test, batch_size=128, verbose=0)
    assert np.mean(np.argmax(classes, 1) == np.argmax(y_test, 1)) > 0.9


# --- seed block: the TokenAndPositionEmbedding layer (verbatim) --------------------------------


class TokenAndPositionEmbedding(keras.Layer):
    def __init__(self, max_length, vocab_size, embed_dim):
        super().__init__()
        self.token_embed = self.add_weight(
            shape=(vocab_size, embed_dim),
            initializer="random_uniform",
            trainable=True,
        )
        self.position_embed = self.add_weight(
            shape=(max_length, embed_dim),
            initializer="random_uniform",
            trainable=True,
        )

    def call(self, token_ids):
        # 위치 임베딩
        length = token_ids.shape[-1]
        positions = ops.arange(0, length, dtype="int32")
        positions_vectors = ops.take(self.position_embed, positions, axis=0)
        # 토큰 임베딩
        token_ids = ops.cast(token_ids, dtype="int32")
        token_vectors = ops.take(self.token_embed, token_ids, axis=0)
        # 둘을 합하기
        embed = token_vectors + positions_vectors
        # 임베딩을 Normalize
        power_sum = ops.sum(ops.square(embed), axis=-1, keepdims=True)
        return embed / ops.sqrt(ops.maximum(power_sum, 1e-7))


def test_token_and_position_embedding_matches_numpy():
    layer = TokenAndPositionEmbedding(max_length=12, vocab_size=50, embed_dim=8)
    token_embed, position_embed = layer.get_weights()
    assert token_embed.shape == (50, 8) and position_embed.shape == (12, 8)
    # random_uniform's default range is [-0.05, 0.05].
    assert np.all(np.abs(token_embed) <= 0.05) and token_embed.std() > 0.01
    ids = np.random.default_rng(0).integers(0, 50, size=(3, 7))
    out = keras.ops.convert_to_numpy(layer(ids.astype("float32")))  # the layer casts to int32
    embed = token_embed[ids] + position_embed[np.arange(7)]
    expected = embed / np.sqrt(np.maximum(np.sum(embed**2, axis=-1, keepdims=True), 1e-7))
    assert out.shape == (3, 7, 8)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(out, axis=-1), 1.0, rtol=1e-5)


def test_token_and_position_embedding_in_functional_model():
    inputs = keras.Input(shape=(6,), dtype="int32")
    layer = TokenAndPositionEmbedding(max_length=6, vocab_size=20, embed_dim=4)
    x = layer(inputs)
    assert tuple(x.shape) == (None, 6, 4)
    outputs = keras.layers.Dense(2, activation="softmax")(keras.layers.GlobalAveragePooling1D()(x))
    model = keras.Model(inputs, outputs)
    assert model.count_params() == 20 * 4 + 6 * 4 + 4 * 2 + 2
    ids = np.random.default_rng(1).integers(0, 20, size=(5, 6)).astype("int32")
    assert model.predict(ids, verbose=0).shape == (5, 2)


@needs_training
def test_token_and_position_embedding_trains():
    """Label = whether token 1 occurs in the sequence: learnable through the embedding alone."""
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    ids = rng.integers(2, 20, size=(256, 6)).astype("int32")
    labels = rng.integers(0, 2, size=256)
    ids[labels == 1, rng.integers(0, 6, size=int(labels.sum()))] = 1
    inputs = keras.Input(shape=(6,), dtype="int32")
    x = TokenAndPositionEmbedding(max_length=6, vocab_size=20, embed_dim=8)(inputs)
    x = keras.layers.GlobalMaxPooling1D()(x)
    outputs = keras.layers.Dense(2, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
    model.compile(loss="sparse_categorical_crossentropy",
                  optimizer=keras.optimizers.Adam(0.05), metrics=["accuracy"])
    before = model.get_weights()[0].copy()
    history = model.fit(ids, labels, epochs=6, batch_size=32, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert history.history["accuracy"][-1] > 0.8
    assert not np.allclose(model.get_weights()[0], before)  # the token table received gradients
