"""The seed workflow: an MNIST convnet with Sequential, compile, fit, evaluate, save, load, predict.

Runs on the backend named by KERAS_BACKEND (jax, torch or tensorflow; numpy cannot train).
Data: MNIST when `keras.datasets.mnist.load_data()` can get it (cached or downloadable);
otherwise the 1,797 real 8x8 handwritten digits bundled with scikit-learn, resized to 28x28
with `keras.ops.image.resize`.

    python examples/mnist_convnet.py [--epochs N] [--workdir DIR]
"""

import argparse
import os
import tempfile

import numpy as np

import keras


def load_data():
    try:
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        print("data: MNIST")
        return (x_train, y_train), (x_test, y_test)
    except Exception as error:  # offline and not cached
        print(f"data: MNIST unavailable ({type(error).__name__}); using scikit-learn's 8x8 digits")
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = digits.images.astype("float32")[..., None] / 16.0  # (1797, 8, 8, 1) in [0, 1]
    images = keras.ops.convert_to_numpy(keras.ops.image.resize(images, (28, 28)))
    images = (np.clip(images, 0.0, 1.0) * 255).astype("uint8")[..., 0]
    labels = digits.target.astype("uint8")
    order = np.random.default_rng(0).permutation(len(labels))
    images, labels = images[order], labels[order]
    split = int(0.8 * len(labels))
    return (images[:split], labels[:split]), (images[split:], labels[split:])


def build_model(input_shape=(28, 28, 1), num_classes=10):
    return keras.Sequential(
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--workdir", default=None, help="where checkpoints and the model are saved")
    args = parser.parse_args()
    workdir = args.workdir or tempfile.mkdtemp(prefix="kc_mnist_")
    print("backend:", keras.config.backend())

    (x_train, y_train), (x_test, y_test) = load_data()
    x_train = np.expand_dims(x_train.astype("float32") / 255, -1)
    x_test = np.expand_dims(x_test.astype("float32") / 255, -1)
    print("x_train shape:", x_train.shape)
    print("y_train shape:", y_train.shape)
    print(x_train.shape[0], "train samples")
    print(x_test.shape[0], "test samples")

    model = build_model()
    model.summary()
    model.compile(
        loss=keras.losses.SparseCategoricalCrossentropy(),
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        metrics=[keras.metrics.SparseCategoricalAccuracy(name="acc")],
    )
    callbacks = [
        keras.callbacks.ModelCheckpoint(filepath=os.path.join(workdir, "model_at_epoch_{epoch}.keras")),
        keras.callbacks.EarlyStopping(monitor="val_loss", patience=2),
    ]
    model.fit(x_train, y_train, batch_size=args.batch_size, epochs=args.epochs,
              validation_split=0.15, callbacks=callbacks)
    score = model.evaluate(x_test, y_test, verbose=0)
    print(f"test loss: {score[0]:.4f}  test accuracy: {score[1]:.4f}")

    path = os.path.join(workdir, "final_model.keras")
    model.save(path)
    model = keras.saving.load_model(path)
    predictions = model.predict(x_test)
    accuracy = float((predictions.argmax(axis=-1) == y_test).mean())
    print(f"reloaded model accuracy: {accuracy:.4f}")


if __name__ == "__main__":
    main()
