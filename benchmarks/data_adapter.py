"""What the NumPy data adapter adds to a training step of the seed convnet.

    KERAS_BACKEND=jax python benchmarks/data_adapter.py [--steps 10]

Compares `fit(x, y, batch_size=128)` on NumPy arrays with calling the compiled train step on
batches converted to backend tensors beforehand (the same steps), and prints the ratio.
"""

import sys
import time

import numpy as np

import keras


def seed_convnet():
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(64, 3, activation="relu"), keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.MaxPooling2D(2), keras.layers.Conv2D(128, 3, activation="relu"),
        keras.layers.Conv2D(128, 3, activation="relu"), keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dropout(0.5), keras.layers.Dense(10, activation="softmax")])


def main():
    steps = int(sys.argv[sys.argv.index("--steps") + 1]) if "--steps" in sys.argv else 10
    rng = np.random.default_rng(0)
    x = rng.random((128 * steps, 28, 28, 1), dtype=np.float32)
    y = rng.integers(0, 10, 128 * steps).astype("int32")
    model = seed_convnet()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, batch_size=128, epochs=1, shuffle=False, verbose=0)  # compile the step
    batches = [(keras.ops.convert_to_tensor(x[i:i + 128]), keras.ops.convert_to_tensor(y[i:i + 128]))
               for i in range(0, len(x), 128)]

    def timed(fn):
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    def premade():
        for batch in batches:
            logs = model.train_function(batch)
        keras.ops.convert_to_numpy(logs["loss"])
        model._sync_variables()

    def with_adapter():
        model.fit(x, y, batch_size=128, epochs=1, shuffle=False, verbose=0)

    raw = min(timed(premade) for _ in range(3))
    fit = min(timed(with_adapter) for _ in range(3))
    print(f"backend {keras.config.backend()}: {steps} steps of batch 128")
    print(f"pre-made batches: {raw / steps * 1e3:8.1f} ms/step")
    print(f"fit on NumPy:     {fit / steps * 1e3:8.1f} ms/step   ratio {fit / raw:.3f}")


if __name__ == "__main__":
    main()
