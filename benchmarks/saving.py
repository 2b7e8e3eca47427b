"""Save and load times and file sizes of `.keras` and `.weights.h5` files.

    KERAS_BACKEND=jax .venv/bin/python benchmarks/saving.py        # one backend
    .venv/bin/python benchmarks/saving.py --all                    # each backend in a subprocess
    .venv/bin/python benchmarks/saving.py --all --small            # seed convnet only (fast)

Two models: the seed MNIST convnet (260,298 parameters, compiled with Adam so the `.keras`
file also holds 2x that in optimizer state once built) and a ~25M-parameter stack of Dense
layers (100 MB of float32 weights). Each time is the best of `--repeat` runs; the raw weight
bytes (model and optimizer variables) are shown so the file sizes can be judged against them.
Every non-scalar dataset carries a Fletcher-32 checksum, which costs some of the time.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

BACKENDS = ("numpy", "jax", "torch", "tensorflow")


def convnet():
    import keras

    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(64, 3, activation="relu"),
            keras.layers.Conv2D(64, 3, activation="relu"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Conv2D(128, 3, activation="relu"),
            keras.layers.Conv2D(128, 3, activation="relu"),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc"])
    model.optimizer.build(model.trainable_variables)  # optimizer state is saved too
    return model


def dense_stack():
    import keras

    width = 2500
    layers = [keras.Input((width,))]
    layers += [keras.layers.Dense(width, activation="relu") for _ in range(4)]
    layers.append(keras.layers.Dense(10))
    return keras.Sequential(layers)  # 4 x 2500^2 + ... = 25.0M parameters


def _best(fn, repeat):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def measure(name, make, repeat):
    import keras
    import numpy as np

    model = make()
    params = model.count_params()
    optimizer = getattr(model, "optimizer", None)
    state = list(model.weights) + (list(optimizer.variables) if optimizer is not None else [])
    raw = sum(int(np.prod(v.shape)) * 4 for v in state)  # what both files hold, as float32
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        keras_path = os.path.join(directory, "model.keras")
        weights_path = os.path.join(directory, "model.weights.h5")
        save = _best(lambda: model.save(keras_path), repeat)
        load = _best(lambda: keras.saving.load_model(keras_path), repeat)
        rows.append(
            {
                "model": name,
                "params": params,
                "format": ".keras",
                "save_s": save,
                "load_s": load,
                "bytes": os.path.getsize(keras_path),
                "raw_bytes": raw,
            }
        )
        save = _best(lambda: model.save_weights(weights_path), repeat)
        load = _best(lambda: model.load_weights(weights_path), repeat)
        rows.append(
            {
                "model": name,
                "params": params,
                "format": ".weights.h5",
                "save_s": save,
                "load_s": load,
                "bytes": os.path.getsize(weights_path),
                "raw_bytes": raw,
            }
        )
    return rows


def run_here(small, repeat):
    import kc_ops

    models = [("convnet", convnet)] + ([] if small else [("dense 25M", dense_stack)])
    rows = []
    for name, make in models:
        for row in measure(name, make, repeat):
            row["backend"] = kc_ops.backend()
            rows.append(row)
    return rows


def print_table(rows):
    header = (
        f"{'backend':<11}{'model':<11}{'params':>12} {'format':<13}{'save s':>8}"
        f"{'load s':>8}{'MiB':>9}{'/ raw':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['backend']:<11}{r['model']:<11}{r['params']:>12,} {r['format']:<13}"
            f"{r['save_s']:>8.3f}{r['load_s']:>8.3f}{r['bytes'] / 2**20:>9.2f}"
            f"{r['bytes'] / r['raw_bytes']:>6.2f}x"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="every backend, one subprocess each")
    parser.add_argument("--small", action="store_true", help="only the seed convnet")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.all:
        rows = run_here(args.small, args.repeat)
        if args.json:
            print("ROWS " + json.dumps(rows))
        else:
            print_table(rows)
        return
    rows = []
    for backend in BACKENDS:
        command = [
            sys.executable,
            os.path.abspath(__file__),
            "--json",
            "--repeat",
            str(args.repeat),
        ] + (["--small"] if args.small else [])
        env = dict(os.environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="3")
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        lines = [lyr for lyr in result.stdout.splitlines() if lyr.startswith("ROWS ")]
        if result.returncode != 0 or not lines:
            print(f"{backend}: failed\n{result.stderr[-2000:]}", file=sys.stderr)
            continue
        rows.extend(json.loads(lines[-1][5:]))
    print_table(rows)


if __name__ == "__main__":
    main()
