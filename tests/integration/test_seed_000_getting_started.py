"""Seed 000 ("Getting started with Keras Core"): its code blocks, run unchanged on our `keras`.

Only the data loading is replaced (`keras.datasets.mnist.load_data()` -> synthetic uint8 images
of MNIST's shapes and dtypes, an easy two-class task: dark vs bright digits), sizes and epochs are
reduced, and files are written into `tmp_path` (the test runs from there, so the seed's relative
paths such as "model_at_epoch_{epoch}.keras" are kept).
"""

import importlib.util

import keras
import numpy as np
import pytest

BACKEND = keras.config.backend()
TRAINS = BACKEND != "numpy"
HAS_TORCH = importlib.util.find_spec("torch") is not None
HAS_TF = importlib.util.find_spec("tensorflow") is not None

needs_training = pytest.mark.skipif(
    not TRAINS, reason="the numpy backend has no automatic differentiation: fit() is not supported")
needs_torch = pytest.mark.skipif(not HAS_TORCH, reason="torch is not installed")
needs_tf = pytest.mark.skipif(not HAS_TF, reason="tensorflow is not installed")


def fake_mnist_load_data(n_train=64, n_test=16, seed=0):
    """MNIST's shapes and dtypes ((n, 28, 28) uint8 images, (n,) uint8 labels); label 1 images
    are bright noise, label 0 images are dim noise."""
    rng = np.random.default_rng(seed)

    def make(n):
        y = (np.arange(n) % 2).astype("uint8")
        rng.shuffle(y)
        x = rng.integers(0, 30, size=(n, 28, 28))
        x[y == 1] += 200
        return x.astype("uint8"), y

    return make(n_train), make(n_test)


def seed_data(n_train=64):
    # --- seed block (data), with load_data replaced ---
    (x_train, y_train), (x_test, y_test) = fake_mnist_load_data(n_train)

    # 이미지를 [0, 1] 범위로 스케일링합니다
    x_train = x_train.astype("float32") / 255
    x_test = x_test.astype("float32") / 255
    # 이미지가 (28, 28, 1)의 형태를 가지고 있는지 확인합니다
    x_train = np.expand_dims(x_train, -1)
    x_test = np.expand_dims(x_test, -1)
    print("x_train shape:", x_train.shape)
    print("y_train shape:", y_train.shape)
    print(x_train.shape[0], "train samples")
    print(x_test.shape[0], "test samples")
    return (x_train, y_train), (x_test, y_test)


def seed_model():
    # 모델 매개변수들
    num_classes = 10
    input_shape = (28, 28, 1)

    model = keras.Sequential(
        [
            keras.layers.Input(shape=input_shape),
            keras.layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
            keras.layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
            keras.layers.MaxPooling2D(pool_size=(2, 2)),
            keras.layers.Conv2D(128, kernel_size=(3, 3), activation="relu"),
            keras.layers.Conv2D(128, kernel_size=(3, 3), activation="relu"),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(num_classes, activation="softmax"),
        ]
    )
    return model


def seed_compile(model):
    model.compile(
        loss=keras.losses.SparseCategoricalCrossentropy(),
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        metrics=[
            keras.metrics.SparseCategoricalAccuracy(name="acc"),
        ],
    )


# --- seed blocks: cross-framework custom components (verbatim) ---------------------------------


class MyDense(keras.layers.Layer):
    def __init__(self, units, activation=None, name=None):
        super().__init__(name=name)
        self.units = units
        self.activation = keras.activations.get(activation)

    def build(self, input_shape):
        input_dim = input_shape[-1]
        self.w = self.add_weight(
            shape=(input_dim, self.units),
            initializer=keras.initializers.GlorotNormal(),
            name="kernel",
            trainable=True,
        )

        self.b = self.add_weight(
            shape=(self.units,),
            initializer=keras.initializers.Zeros(),
            name="bias",
            trainable=True,
        )

    def call(self, inputs):
        # 케라스 연산을 사용하여 백엔드에 구애받지 않는 레이어/평가지표/등을 생성합니다.
        x = keras.ops.matmul(inputs, self.w) + self.b
        return self.activation(x)


class MyDropout(keras.layers.Layer):
    def __init__(self, rate, name=None):
        super().__init__(name=name)
        self.rate = rate
        # RNG 상태 관리를 위해 seed_generator를 사용합니다.
        # 이것은 상태 요소이며 seed 변수는
        # `layer.variables`의 일부로 추적됩니다.
        self.seed_generator = keras.random.SeedGenerator(1337)

    def call(self, inputs):
        # 랜덤 연산을 위해 keras_core.random을 사용합니다.
        return keras.random.dropout(inputs, self.rate, seed=self.seed_generator)


class MyModel(keras.Model):
    def __init__(self, num_classes):
        super().__init__()
        self.conv_base = keras.Sequential(
            [
                keras.layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
                keras.layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
                keras.layers.MaxPooling2D(pool_size=(2, 2)),
                keras.layers.Conv2D(128, kernel_size=(3, 3), activation="relu"),
                keras.layers.Conv2D(128, kernel_size=(3, 3), activation="relu"),
                keras.layers.GlobalAveragePooling2D(),
            ]
        )
        self.dp = MyDropout(0.5)
        self.dense = MyDense(num_classes, activation="softmax")

    def call(self, x):
        x = self.conv_base(x)
        x = self.dp(x)
        return self.dense(x)


# --- the MNIST convnet flow ---------------------------------------------------------------------


def test_data_block_shapes(capsys):
    (x_train, y_train), (x_test, y_test) = seed_data()
    out = capsys.readouterr().out
    assert "x_train shape: (64, 28, 28, 1)" in out
    assert "y_train shape: (64,)" in out
    assert "64 train samples" in out and "16 test samples" in out
    assert x_train.dtype == np.float32 and 0.0 <= x_train.min() and x_train.max() <= 1.0


def test_model_summary(capsys):
    model = seed_model()
    model.summary()
    out = capsys.readouterr().out
    # 640 + 36,928 + 73,856 + 147,584 + 1,290 (hand-computed: (k*k*c_in + 1) * c_out)
    assert "Total params: 260,298" in out
    assert "Trainable params: 260,298" in out
    assert "Non-trainable params: 0" in out
    assert model.count_params() == 260_298
    assert model.output_shape == (None, 10)


@needs_training
def test_mnist_convnet_fit_evaluate_save_load_predict(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    keras.utils.set_random_seed(0)
    (x_train, y_train), (x_test, y_test) = seed_data(n_train=128)  # 14 steps per epoch
    model = seed_model()
    seed_compile(model)

    batch_size = 8  # seed: 128
    epochs = 3  # seed: 20

    callbacks = [
        keras.callbacks.ModelCheckpoint(filepath="model_at_epoch_{epoch}.keras"),
        keras.callbacks.EarlyStopping(monitor="val_loss", patience=2),
    ]

    history = model.fit(
        x_train,
        y_train,
        batch_size=batch_size,
        epochs=epochs,
        validation_split=0.15,
        callbacks=callbacks,
        verbose=0,
    )
    score = model.evaluate(x_test, y_test, verbose=0)

    logs = history.history
    assert set(logs) == {"acc", "loss", "val_acc", "val_loss"}
    ran = len(logs["loss"])
    assert 1 <= ran <= epochs
    assert np.all(np.isfinite(logs["loss"]))
    # From ~ln(10) = 2.30 at the start (10 softmax outputs, only 2 labels used).
    assert logs["loss"][-1] < logs["loss"][0]
    assert logs["loss"][-1] < 1.5
    for epoch in range(1, ran + 1):
        assert (tmp_path / f"model_at_epoch_{epoch}.keras").is_file()
    assert not (tmp_path / f"model_at_epoch_{ran + 1}.keras").exists()

    assert isinstance(score, list) and len(score) == 2
    test_loss, test_acc = score
    assert np.isfinite(test_loss)
    assert test_acc > 0.75  # two balanced classes: chance is 0.5

    before = model.predict(x_test, verbose=0)
    model.save("final_model.keras")
    assert (tmp_path / "final_model.keras").is_file()

    model = keras.saving.load_model("final_model.keras")
    predictions = model.predict(x_test, verbose=0)

    assert predictions.shape == (16, 10)
    np.testing.assert_allclose(predictions.sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(predictions, before, rtol=1e-5, atol=1e-6)
    accuracy = np.mean(np.argmax(predictions, axis=1) == y_test)
    np.testing.assert_allclose(accuracy, test_acc, atol=1e-6)
    # The reloaded model is compiled (the archive keeps the compile config) and evaluates the same.
    reloaded_score = model.evaluate(x_test, y_test, verbose=0)
    np.testing.assert_allclose(reloaded_score, score, rtol=1e-4, atol=1e-5)

    checkpoint = keras.saving.load_model("model_at_epoch_1.keras")
    assert checkpoint.predict(x_test[:4], verbose=0).shape == (4, 10)


def test_evaluate_predict_without_training():
    """The inference half of the flow, on every backend (numpy included)."""
    (_, _), (x_test, y_test) = seed_data()
    model = seed_model()
    seed_compile(model)
    loss, acc = model.evaluate(x_test, y_test, verbose=0)
    predictions = model.predict(x_test, verbose=0)
    # Hand-computed expectations from the predictions alone (Dropout is inactive in predict).
    expected_loss = -np.mean(np.log(predictions[np.arange(len(y_test)), y_test]))
    np.testing.assert_allclose(loss, expected_loss, rtol=1e-4)
    np.testing.assert_allclose(acc, np.mean(np.argmax(predictions, axis=1) == y_test), atol=1e-6)


def test_save_load_compiled_model_that_never_trained(tmp_path, monkeypatch):
    """save() right after compile() (the only save possible on numpy): load_model must work."""
    monkeypatch.chdir(tmp_path)
    (_, _), (x_test, _) = seed_data()
    model = seed_model()
    seed_compile(model)
    before = model.predict(x_test, verbose=0)
    model.save("final_model.keras")
    model = keras.saving.load_model("final_model.keras")
    predictions = model.predict(x_test, verbose=0)
    np.testing.assert_allclose(predictions, before, rtol=1e-5, atol=1e-6)


def test_save_load_uncompiled_model_predicts_the_same(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (_, _), (x_test, _) = seed_data()
    model = seed_model()
    before = model.predict(x_test, verbose=0)
    model.save("final_model.keras")
    model = keras.saving.load_model("final_model.keras")
    predictions = model.predict(x_test, verbose=0)
    np.testing.assert_allclose(predictions, before, rtol=1e-5, atol=1e-6)


# --- custom components --------------------------------------------------------------------------


def test_my_dense_matches_numpy():
    layer = MyDense(3, activation="relu", name="my_dense")
    x = np.random.default_rng(0).standard_normal((5, 4)).astype("float32")
    y = keras.ops.convert_to_numpy(layer(x))
    w, b = layer.get_weights()
    assert w.shape == (4, 3) and b.shape == (3,)
    assert [v.name for v in layer.trainable_weights] == ["kernel", "bias"]
    np.testing.assert_allclose(b, 0.0)
    np.testing.assert_allclose(y, np.maximum(x @ w + b, 0.0), rtol=1e-5, atol=1e-6)
    # GlorotNormal: truncated normal with stddev sqrt(2 / (fan_in + fan_out)) = sqrt(2/7).
    big = MyDense(200)
    big.build((None, 300))
    kernel = keras.ops.convert_to_numpy(big.w)
    assert abs(kernel.std() - np.sqrt(2 / 500)) < 0.1 * np.sqrt(2 / 500)
    assert big.activation(np.float32(-3.0)) == -3.0  # activations.get(None) is linear


def test_my_dropout_uses_its_seed_generator():
    layer = MyDropout(0.5)
    assert any("seed_generator" in v.path for v in layer.variables)
    x = np.ones((64, 64), "float32")
    first = keras.ops.convert_to_numpy(layer(x))
    second = keras.ops.convert_to_numpy(layer(x))
    kept = first != 0
    assert 0.4 < kept.mean() < 0.6
    np.testing.assert_allclose(first[kept], 2.0, rtol=1e-6)  # inverted dropout: 1 / (1 - 0.5)
    assert np.any((second != 0) != kept)  # the generator's state advances between calls


@needs_training
def test_my_model_fit_validation_split():
    keras.utils.set_random_seed(0)
    (x_train, y_train), (x_test, y_test) = seed_data()
    batch_size = 8
    # --- seed block ---
    model = MyModel(num_classes=10)
    model.compile(
        loss=keras.losses.SparseCategoricalCrossentropy(),
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        metrics=[
            keras.metrics.SparseCategoricalAccuracy(name="acc"),
        ],
    )

    history = model.fit(
        x_train,
        y_train,
        batch_size=batch_size,
        epochs=2,  # seed: 1 (빠르게 처리하기 위해)
        validation_split=0.15,
        verbose=0,
    )
    logs = history.history
    assert set(logs) == {"acc", "loss", "val_acc", "val_loss"}
    assert np.all(np.isfinite(logs["loss"])) and np.all(np.isfinite(logs["val_loss"]))
    assert logs["loss"][-1] < logs["loss"][0]
    # The nested Sequential, the dropout's seed and MyDense are all tracked.
    assert len(model.trainable_weights) == 4 * 2 + 2
    # Keras: seed state is a variable (layer.variables) but not a weight.
    assert any("seed_generator" in v.path for v in model.non_trainable_variables)
    assert not any("seed_generator" in v.path for v in model.weights)
    assert model.count_params() == 259_008 + 1_290  # conv base + MyDense


def _torch_loaders(batch_size):
    import torch

    (x_train, y_train), (x_test, y_test) = seed_data()
    # --- seed block ---
    # TensorDataset 생성
    train_torch_dataset = torch.utils.data.TensorDataset(
        torch.from_numpy(x_train), torch.from_numpy(y_train)
    )
    val_torch_dataset = torch.utils.data.TensorDataset(
        torch.from_numpy(x_test), torch.from_numpy(y_test)
    )

    # DataLoader 생성
    train_dataloader = torch.utils.data.DataLoader(
        train_torch_dataset, batch_size=batch_size, shuffle=True
    )
    val_dataloader = torch.utils.data.DataLoader(
        val_torch_dataset, batch_size=batch_size, shuffle=False
    )
    return train_dataloader, val_dataloader


def _tf_datasets(batch_size):
    import tensorflow as tf

    (x_train, y_train), (x_test, y_test) = seed_data()
    # --- seed block ---
    train_dataset = (
        tf.data.Dataset.from_tensor_slices((x_train, y_train))
        .batch(batch_size)
        .prefetch(tf.data.AUTOTUNE)
    )
    test_dataset = (
        tf.data.Dataset.from_tensor_slices((x_test, y_test))
        .batch(batch_size)
        .prefetch(tf.data.AUTOTUNE)
    )
    return train_dataset, test_dataset


@needs_training
@needs_torch
def test_my_model_fit_torch_dataloader():
    keras.utils.set_random_seed(0)
    train_dataloader, val_dataloader = _torch_loaders(batch_size=8)
    model = MyModel(num_classes=10)
    model.compile(
        loss=keras.losses.SparseCategoricalCrossentropy(),
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        metrics=[
            keras.metrics.SparseCategoricalAccuracy(name="acc"),
        ],
    )
    history = model.fit(train_dataloader, epochs=2, validation_data=val_dataloader, verbose=0)
    logs = history.history
    assert set(logs) == {"acc", "loss", "val_acc", "val_loss"}
    assert np.all(np.isfinite(logs["val_loss"]))
    assert logs["loss"][-1] < logs["loss"][0]


@needs_training
@needs_tf
def test_my_model_fit_tf_data():
    keras.utils.set_random_seed(0)
    train_dataset, test_dataset = _tf_datasets(batch_size=8)
    model = MyModel(num_classes=10)
    model.compile(
        loss=keras.losses.SparseCategoricalCrossentropy(),
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        metrics=[
            keras.metrics.SparseCategoricalAccuracy(name="acc"),
        ],
    )
    history = model.fit(train_dataset, epochs=2, validation_data=test_dataset, verbose=0)
    logs = history.history
    assert set(logs) == {"acc", "loss", "val_acc", "val_loss"}
    assert np.all(np.isfinite(logs["val_loss"]))
    assert logs["loss"][-1] < logs["loss"][0]


@needs_torch
def test_evaluate_from_torch_dataloader_matches_arrays():
    """Every backend (numpy included) reads a DataLoader; the result equals the array path."""
    (_, _), (x_test, y_test) = seed_data()
    _, val_dataloader = _torch_loaders(batch_size=8)
    model = seed_model()
    seed_compile(model)
    from_loader = model.evaluate(val_dataloader, verbose=0)
    from_arrays = model.evaluate(x_test, y_test, batch_size=8, verbose=0)
    np.testing.assert_allclose(from_loader, from_arrays, rtol=1e-5)


@needs_tf
def test_evaluate_from_tf_data_matches_arrays():
    (_, _), (x_test, y_test) = seed_data()
    _, test_dataset = _tf_datasets(batch_size=8)
    model = seed_model()
    seed_compile(model)
    from_dataset = model.evaluate(test_dataset, verbose=0)
    from_arrays = model.evaluate(x_test, y_test, batch_size=8, verbose=0)
    np.testing.assert_allclose(from_dataset, from_arrays, rtol=1e-5)
