"""Seed 001 ("Introduction to Keras for engineers", Keras 3): the same flow as seed 000, checked
against the outputs the document prints (the summary table, progress-bar lines, predict's line).

Data loading is replaced by synthetic uint8 arrays of MNIST's shapes and dtypes (an easy
two-class task), sizes and epochs are reduced, and the test runs from `tmp_path` so the seed's
relative file names are kept.
"""

import importlib.util
import re

import keras
import numpy as np
import pytest

BACKEND = keras.config.backend()
TRAINS = BACKEND != "numpy"
HAS_TORCH = importlib.util.find_spec("torch") is not None

needs_training = pytest.mark.skipif(
    not TRAINS, reason="the numpy backend has no automatic differentiation: fit() is not supported")
needs_torch = pytest.mark.skipif(not HAS_TORCH, reason="torch is not installed")

# The summary printed by the seed document, verbatim.
SEED_SUMMARY = """\
Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape              ┃    Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━┩
│ conv2d (Conv2D)                 │ (None, 26, 26, 64)        │        640 │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ conv2d_1 (Conv2D)               │ (None, 24, 24, 64)        │     36,928 │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ max_pooling2d (MaxPooling2D)    │ (None, 12, 12, 64)        │          0 │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ conv2d_2 (Conv2D)               │ (None, 10, 10, 128)       │     73,856 │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ conv2d_3 (Conv2D)               │ (None, 8, 8, 128)         │    147,584 │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ global_average_pooling2d        │ (None, 128)               │          0 │
│ (GlobalAveragePooling2D)        │                           │            │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ dropout (Dropout)               │ (None, 128)               │          0 │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ dense (Dense)                   │ (None, 10)                │      1,290 │
└─────────────────────────────────┴───────────────────────────┴────────────┘
 Total params: 260,298 (1016.79 KB)
 Trainable params: 260,298 (1016.79 KB)
 Non-trainable params: 0 (0.00 B)
"""

# " 399/399 ━━━━━━━━━━━━━━━━━━━━ 74s 184ms/step - acc: 0.4980 - loss: 1.3832 - val_acc: ..."
BAR = "━" * 20
TIME = r"\d+(?:s|ms|us) \d+(?:s|ms|us)/step"
NUM = r"\d+\.\d{4}"


def epoch_line(steps, val=True):
    metrics = rf" - acc: {NUM} - loss: {NUM}"
    if val:
        metrics += rf" - val_acc: {NUM} - val_loss: {NUM}"
    return re.compile(rf"^\s*{steps}/{steps} {BAR} {TIME}{metrics}\s*$", re.M)


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


def seed_data():
    # --- seed block (data), with load_data replaced ---
    (x_train, y_train), (x_test, y_test) = fake_mnist_load_data()

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



# --- seed blocks: custom components (verbatim) --------------------------------------------------


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



# --- the flow, with the printed outputs ---------------------------------------------------------


def test_data_block_prints(capsys):
    seed_data()
    out = capsys.readouterr().out
    # Seed: "x_train shape: (60000, 28, 28, 1)" ... with MNIST's sizes; ours are smaller.
    assert out.splitlines() == [
        "x_train shape: (64, 28, 28, 1)",
        "y_train shape: (64,)",
        "64 train samples",
        "16 test samples",
    ]


def test_summary_matches_the_document(capsys):
    keras.utils.clear_session()  # layer names restart at conv2d, conv2d_1, ... as in the document
    model = seed_model()
    model.summary()
    out = capsys.readouterr().out
    printed = [line.rstrip() for line in out.strip("\n").splitlines()]
    expected = [line.rstrip() for line in SEED_SUMMARY.strip("\n").splitlines()]
    assert printed == expected


@needs_training
def test_fit_prints_epoch_lines_and_predict_prints_its_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    keras.utils.set_random_seed(0)
    (x_train, y_train), (x_test, y_test) = seed_data()
    model = seed_model()
    seed_compile(model)
    capsys.readouterr()

    batch_size = 8  # seed: 128
    epochs = 2  # seed: 20

    callbacks = [
        keras.callbacks.ModelCheckpoint(filepath="model_at_epoch_{epoch}.keras"),
        keras.callbacks.EarlyStopping(monitor="val_loss", patience=2),
    ]
    model.fit(
        x_train,
        y_train,
        batch_size=batch_size,
        epochs=epochs,
        validation_split=0.15,
        callbacks=callbacks,
    )
    score = model.evaluate(x_test, y_test, verbose=0)
    out = capsys.readouterr().out
    # 64 samples, 15% held out -> 54 training samples -> ceil(54 / 8) = 7 steps.
    assert re.search(r"^Epoch 1/2\s*$", out, re.M)
    assert re.search(r"^Epoch 2/2\s*$", out, re.M)
    assert len(epoch_line(7).findall(out)) == 2, out
    assert out.index("Epoch 1/2") < out.index("Epoch 2/2")
    assert len(score) == 2

    model.save("final_model.keras")
    model = keras.saving.load_model("final_model.keras")
    capsys.readouterr()
    predictions = model.predict(x_test)
    out = capsys.readouterr().out
    # Seed: " 313/313 ━━━━━━━━━━━━━━━━━━━━ 3s 9ms/step" (10,000 images / 32); ours: 16 / 32 -> 1.
    assert re.search(rf"^\s*1/1 {BAR} {TIME}\s*$", out, re.M), out
    assert predictions.shape == (16, 10)


def test_predict_prints_its_line_on_every_backend(capsys):
    (_, _), (x_test, _) = seed_data()
    model = seed_model()
    capsys.readouterr()
    predictions = model.predict(x_test, batch_size=4)
    out = capsys.readouterr().out
    assert re.search(rf"^\s*4/4 {BAR} {TIME}\s*$", out, re.M), out
    assert predictions.shape == (16, 10)


@needs_training
def test_my_model_fit_prints_one_line_and_returns_history(capsys):
    keras.utils.set_random_seed(0)
    (x_train, y_train), (x_test, y_test) = seed_data()
    batch_size = 8
    capsys.readouterr()
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
        epochs=1,  # 여기에서는 더 빠르게 하기 위해, 에포크를 1로 지정합니다.
        validation_split=0.15,
    )
    out = capsys.readouterr().out
    # epochs=1: no "Epoch 1/1" header, one line with the validation metrics (as in the document).
    assert "Epoch" not in out
    assert len(epoch_line(7).findall(out)) == 1, out
    assert isinstance(history, keras.callbacks.History)
    assert set(history.history) == {"acc", "loss", "val_acc", "val_loss"}


@needs_training
@needs_torch
def test_my_model_fit_torch_dataloader_prints_steps_of_the_loader(capsys):
    import torch

    keras.utils.set_random_seed(0)
    (x_train, y_train), (x_test, y_test) = seed_data()
    batch_size = 8
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
    model = MyModel(num_classes=10)
    model.compile(
        loss=keras.losses.SparseCategoricalCrossentropy(),
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        metrics=[
            keras.metrics.SparseCategoricalAccuracy(name="acc"),
        ],
    )
    capsys.readouterr()
    model.fit(train_dataloader, epochs=1, validation_data=val_dataloader)
    out = capsys.readouterr().out
    # Seed: " 469/469 ..." = ceil(60000 / 128); ours: 64 / 8 = 8 batches.
    assert len(train_dataloader) == 8
    assert len(epoch_line(8).findall(out)) == 1, out
