"""Median train/evaluate/predict step time of keras models against the same model written
directly in the framework (jax.jit / torch eager / tf.function), with the ratio.

    python benchmarks/train_step.py            # KERAS_BACKEND's backend
    python benchmarks/train_step.py --all      # jax, torch and tensorflow, one process each

Models: the seed MNIST convnet (batch 128) and a 784-256-256-10 MLP (batch 32), both with Adam
and sparse categorical crossentropy. Each step is synchronised (the loss is read back).
"""

import os
import subprocess
import sys
import time

import numpy as np

REPEATS = {"mlp": 1000, "convnet": 20}


def keras_model(kind):
    import keras

    if kind == "mlp":
        return keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(256, activation="relu"),
                                 keras.layers.Dense(256, activation="relu"), keras.layers.Dense(10)])
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(64, 3, activation="relu"), keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.MaxPooling2D(2), keras.layers.Conv2D(128, 3, activation="relu"),
        keras.layers.Conv2D(128, 3, activation="relu"), keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(10)])


def data(kind):
    rng = np.random.default_rng(0)
    batch = 32 if kind == "mlp" else 128
    shape = (batch, 784) if kind == "mlp" else (batch, 28, 28, 1)
    return rng.standard_normal(shape).astype("float32"), rng.integers(0, 10, batch).astype("int32")


def median_times(steps, repeats):
    """Median seconds per call of each step. The steps run in turns (one call of each per
    round), so drift in the machine's speed affects both sides of a ratio alike."""
    for step in steps:
        for _ in range(3):
            step()
    times = [[] for _ in steps]
    for _ in range(repeats):
        for step, seen in zip(steps, times):
            start = time.perf_counter()
            step()
            seen.append(time.perf_counter() - start)
    return [float(np.median(seen)) for seen in times]


def keras_steps(kind):
    import keras

    model = keras_model(kind)
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    x, y = data(kind)
    batch = (keras.ops.convert_to_tensor(x), keras.ops.convert_to_tensor(y))
    model.train_on_batch(x, y)
    model.test_on_batch(x, y)
    model.predict_on_batch(x)
    train, test, predict = model.train_function, model.make_test_function(), model.make_predict_function()

    def read(logs):
        return float(logs["loss"])  # as the framework loops read their loss

    return {
        "train": lambda: read(train(batch)),
        "evaluate": lambda: read(test(batch)),
        "predict": lambda: np.asarray(keras.ops.convert_to_numpy(predict(batch[:1]))),
    }


def framework_steps(kind, backend):
    import benchmarks_pure

    steps = {"jax": benchmarks_pure.jax_steps, "torch": benchmarks_pure.torch_steps,
             "tensorflow": benchmarks_pure.tf_steps}[backend]
    return steps(kind, *data(kind))


def run_backend():
    import keras

    backend = keras.config.backend()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    rows = []
    for kind in ("convnet", "mlp"):
        ours, pure = keras_steps(kind), framework_steps(kind, backend)
        for phase in ("train", "evaluate", "predict"):
            t_ours, t_pure = median_times((ours[phase], pure[phase]), REPEATS[kind])
            rows.append((backend, kind, phase, t_pure * 1e3, t_ours * 1e3, t_ours / t_pure))
    return rows


def main():
    header = f"{'backend':<11}{'model':<9}{'phase':<10}{'framework ms':>13}{'keras ms':>10}{'ratio':>7}"
    if "--all" in sys.argv:
        print(header)
        for backend in ("jax", "torch", "tensorflow"):
            env = dict(os.environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="3")
            out = subprocess.run([sys.executable, __file__, "--rows"], env=env, capture_output=True, text=True)
            sys.stdout.write(out.stdout if out.returncode == 0 else f"{backend}: failed\n{out.stderr[-3000:]}\n")
            sys.stdout.flush()
        return
    if "--rows" not in sys.argv:
        print(header)
    for backend, kind, phase, pure, ours, ratio in run_backend():
        print(f"{backend:<11}{kind:<9}{phase:<10}{pure:>13.3f}{ours:>10.3f}{ratio:>7.2f}")


if __name__ == "__main__":
    main()
