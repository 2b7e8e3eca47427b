"""Per-call overhead of a few small keras.ops against calling the framework directly.

    python benchmarks/ops_overhead.py              # the backend from KERAS_BACKEND
    python benchmarks/ops_overhead.py --all        # every installed backend, one process each

Prints the median time per call (microseconds) of `keras.ops.add`, `keras.ops.matmul` (8x8)
and `keras.ops.conv` (1x8x8x3 input, 3x3x3x4 kernel) next to the raw framework call on the
same inputs, and their ratio.
"""

import os
import subprocess
import sys
import timeit

import numpy as np


def _raw_functions(backend, x, y, image, kernel):
    if backend == "numpy":
        def conv(a, k):
            from numpy.lib.stride_tricks import sliding_window_view

            windows = sliding_window_view(a, (3, 3), axis=(1, 2))  # (1, 6, 6, 3, 3, 3)
            return np.einsum("nhwcij,ijco->nhwo", windows, k)

        return {"add": lambda: np.add(x, y), "matmul": lambda: np.matmul(x, y),
                "conv": lambda: conv(image, kernel)}
    if backend == "jax":
        import jax

        conv = jax.lax.conv_general_dilated
        dims = ("NHWC", "HWIO", "NHWC")
        return {"add": lambda: (x + y).block_until_ready(),
                "matmul": lambda: jax.numpy.matmul(x, y).block_until_ready(),
                "conv": lambda: conv(image, kernel, (1, 1), "VALID", dimension_numbers=dims).block_until_ready()}
    if backend == "torch":
        import torch

        oihw = kernel.permute(3, 2, 0, 1)
        return {"add": lambda: torch.add(x, y), "matmul": lambda: torch.matmul(x, y),
                "conv": lambda: torch.nn.functional.conv2d(image.permute(0, 3, 1, 2), oihw).permute(0, 2, 3, 1)}
    import tensorflow as tf

    return {"add": lambda: tf.add(x, y), "matmul": lambda: tf.matmul(x, y),
            "conv": lambda: tf.nn.conv2d(image, kernel, 1, "VALID")}


def _median_us(fn, number=200, repeat=15):
    fn()
    times = timeit.repeat(fn, number=number, repeat=repeat)
    return float(np.median(times)) / number * 1e6


def measure():
    import keras

    backend = keras.config.backend()
    rng = np.random.default_rng(0)
    x = keras.ops.convert_to_tensor(rng.standard_normal((8, 8)).astype("float32"))
    y = keras.ops.convert_to_tensor(rng.standard_normal((8, 8)).astype("float32"))
    image = keras.ops.convert_to_tensor(rng.standard_normal((1, 8, 8, 3)).astype("float32"))
    kernel = keras.ops.convert_to_tensor(rng.standard_normal((3, 3, 3, 4)).astype("float32"))
    ops = keras.ops
    if backend == "jax":  # wait for the result, as the raw jax calls do
        ours = {"add": lambda: ops.add(x, y).block_until_ready(),
                "matmul": lambda: ops.matmul(x, y).block_until_ready(),
                "conv": lambda: ops.conv(image, kernel).block_until_ready()}
    else:
        ours = {"add": lambda: ops.add(x, y), "matmul": lambda: ops.matmul(x, y),
                "conv": lambda: ops.conv(image, kernel)}
    raw = _raw_functions(backend, x, y, image, kernel)
    rows = []
    for name in ("add", "matmul", "conv"):
        ours_us, raw_us = _median_us(ours[name]), _median_us(raw[name])
        rows.append((backend, name, raw_us, ours_us, ours_us / raw_us))
    return rows


def main():
    if "--all" in sys.argv:
        print(f"{'backend':<11}{'op':<8}{'framework us':>14}{'keras.ops us':>14}{'ratio':>8}")
        for backend in ("numpy", "jax", "torch", "tensorflow"):
            env = dict(os.environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="3")
            out = subprocess.run([sys.executable, __file__, "--rows"], env=env,
                                 capture_output=True, text=True)
            sys.stdout.write(out.stdout if out.returncode == 0 else f"{backend}: failed\n{out.stderr[-2000:]}\n")
        return
    rows = measure()
    if "--rows" not in sys.argv:
        print(f"{'backend':<11}{'op':<8}{'framework us':>14}{'keras.ops us':>14}{'ratio':>8}")
    for backend, name, raw_us, ours_us, ratio in rows:
        print(f"{backend:<11}{name:<8}{raw_us:>14.2f}{ours_us:>14.2f}{ratio:>8.2f}")


if __name__ == "__main__":
    main()
