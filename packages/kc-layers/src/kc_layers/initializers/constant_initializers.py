"""Deterministic initializers: Constant, Zeros, Ones, Identity and STFT."""

import kc_ops
import numpy as np
from kc_ops import config, dtypes
from kc_ops import numpy as knp

from kc_layers.initializers.initializer import Initializer, standardize_shape


def _dtype(dtype):
    return dtypes.standardize_dtype(dtype or config.floatx())


class Constant(Initializer):
    """Every value is `value` (a scalar, or an array broadcastable to the shape)."""

    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape, "Constant")
        dtype = _dtype(dtype)
        value = kc_ops.cast(self.value, dtype)
        return knp.multiply(value, knp.ones(shape, dtype=dtype))

    def get_config(self):
        value = self.value
        if isinstance(value, np.generic):
            value = value.item()
        elif not isinstance(value, (int, float, bool)):
            value = np.asarray(kc_ops.convert_to_numpy(value)).tolist()
        return {"value": value}


class Zeros(Initializer):
    def __call__(self, shape, dtype=None):
        return knp.zeros(standardize_shape(shape, "Zeros"), dtype=_dtype(dtype))


class Ones(Initializer):
    def __call__(self, shape, dtype=None):
        return knp.ones(standardize_shape(shape, "Ones"), dtype=_dtype(dtype))


class Identity(Initializer):
    """`gain` times the identity matrix; only for 2D shapes (non-square gives a rectangular
    identity)."""

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape, "Identity")
        if len(shape) != 2:
            raise ValueError(
                f"Identity initializer only supports 2D shapes, received shape={shape} "
                f"of rank {len(shape)}."
            )
        dtype = _dtype(dtype)
        return knp.multiply(kc_ops.cast(self.gain, dtype), knp.eye(*shape, dtype=dtype))

    def get_config(self):
        return {"gain": self.gain}


# Windows NumPy can build; any other name goes to scipy.signal.get_window when available.
_WINDOWS = {
    "hann": lambda n: 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / (n - 1)),
    "hamming": lambda n: 0.54 - 0.46 * np.cos(2 * np.pi * np.arange(n) / (n - 1)),
    "blackman": lambda n: (0.42 - 0.5 * np.cos(2 * np.pi * np.arange(n) / (n - 1))
                           + 0.08 * np.cos(4 * np.pi * np.arange(n) / (n - 1))),
    "bartlett": lambda n: 1 - np.abs(2 * np.arange(n) / (n - 1) - 1),
    "boxcar": np.ones,
}


def _window(name, length, periodic):
    """A symmetric window of `length`, or a periodic one (length + 1 points, last dropped)."""
    size = length + 1 if periodic else length
    if name in _WINDOWS:
        values = _WINDOWS[name](size) if size > 1 else np.ones(size)
    else:
        try:
            from scipy.signal import get_window
        except ImportError:
            raise ValueError(
                f"STFT: unknown window {name!r}. Expected one of {sorted(_WINDOWS)} (other "
                "scipy.signal windows need scipy installed), or an array of window values."
            ) from None
        values = get_window(name, size, fftbins=False)
    return np.asarray(values, dtype="float64")[:length]


class STFT(Initializer):
    """Kernel of a Conv1D computing the real (`side="real"`) or imaginary (`side="imag"`) part
    of a short-time Fourier transform. Shape: `(frame_length, input_channels, fft_length)`
    where the last dim counts frequency bins (`n_fft // 2 + 1`)."""

    def __init__(self, side="real", window="hann", scaling="density", periodic=False):
        if side not in ("real", "imag"):
            raise ValueError(f"STFT: `side` must be 'real' or 'imag', received {side!r}.")
        if scaling not in ("density", "spectrum", None):
            raise ValueError(
                f"STFT: `scaling` must be 'density', 'spectrum' or None, received {scaling!r}."
            )
        if isinstance(window, str) and window not in _WINDOWS:
            _window(window, 4, False)  # fail early on an unknown name
        self.side = side
        self.window = window
        self.scaling = scaling
        self.periodic = periodic

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape, "STFT")
        if len(shape) != 3:
            raise ValueError(
                "STFT: `shape` must be (frame_length, input_channels, fft_bins), "
                f"received {shape}."
            )
        frame_length, channels, bins = shape
        n_fft = max((bins - 1) * 2, 1)
        time = np.arange(frame_length).reshape(frame_length, 1, 1)
        freq = np.arange(bins).reshape(1, 1, bins) / n_fft
        angle = -2.0 * np.pi * time * freq
        kernel = np.cos(angle) if self.side == "real" else np.sin(angle)
        kernel = np.broadcast_to(kernel, (frame_length, channels, bins))
        if self.window is not None:
            win = self._window_values(frame_length)
            kernel = kernel * win.reshape(frame_length, 1, 1) / self._scale(win)
        return kc_ops.convert_to_tensor(np.ascontiguousarray(kernel), dtype=_dtype(dtype))

    def _window_values(self, frame_length):
        if isinstance(self.window, str):
            return _window(self.window, frame_length, self.periodic)
        win = self.window
        if not isinstance(win, (list, tuple, np.ndarray)):
            win = kc_ops.convert_to_numpy(win)
        win = np.asarray(win, dtype="float64")
        if win.shape != (frame_length,):
            raise ValueError(
                f"STFT: the window must have shape ({frame_length},) to match the frame length, "
                f"received shape {win.shape}."
            )
        return win

    def _scale(self, win):
        if self.scaling == "density":
            return np.sqrt(np.sum(win**2))
        if self.scaling == "spectrum":
            return np.sum(np.abs(win))
        return 1.0

    def get_config(self):
        window = self.window
        if window is not None and not isinstance(window, str):
            window = np.asarray(window).tolist()
        return {"side": self.side, "window": window, "scaling": self.scaling,
                "periodic": self.periodic}
