"""`InputSpec`: what a layer accepts (rank, dtype, fixed axis sizes), checked on each call."""

from kc_ops import dtypes


class InputSpec:
    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None,
                 axes=None, allow_last_axis_squeeze=False, name=None, optional=False):
        self.dtype = dtypes.standardize_dtype(dtype) if dtype is not None else None
        self.shape = tuple(shape) if shape is not None else None
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.name = name
        self.optional = optional
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.axes = {int(k): v for k, v in (axes or {}).items()}
        if self.axes and self.ndim is not None:
            bad = [k for k in self.axes if not -self.ndim <= k < self.ndim]
            if bad:
                raise ValueError(f"InputSpec axes {bad} are out of range for ndim={self.ndim}.")

    def get_config(self):
        return {"dtype": self.dtype, "shape": self.shape, "ndim": self.ndim,
                "max_ndim": self.max_ndim, "min_ndim": self.min_ndim, "axes": self.axes}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        parts = [f"{k}={v}" for k, v in self.get_config().items() if v]
        return f"InputSpec({', '.join(parts)})"


class _Where:
    """ "Input i of layer 'name'", formatted only when an error is raised (this runs per call)."""

    def __init__(self, index, layer_name):
        self.index, self.layer_name = index, layer_name

    def __format__(self, spec):
        return f"Input {self.index} of layer {self.layer_name!r}"


def assert_input_compatibility(input_spec, inputs, layer_name):
    """Raise a clear ValueError when `inputs` (shapes/dtypes) do not fit `input_spec`."""
    if input_spec is None:
        return
    specs = input_spec if isinstance(input_spec, (list, tuple)) else [input_spec]
    values = inputs if isinstance(inputs, (list, tuple)) and len(specs) > 1 else [inputs]
    if len(values) != len(specs):
        raise ValueError(
            f"Layer {layer_name!r} expects {len(specs)} input(s), but it received {len(values)}."
        )
    for index, (spec, x) in enumerate(zip(specs, values)):
        if spec is None or (x is None and spec.optional):
            continue
        shape = tuple(x.shape)
        rank = len(shape)
        where = _Where(index, layer_name)
        if spec.ndim is not None and rank != spec.ndim and not (
            spec.allow_last_axis_squeeze and rank - 1 == spec.ndim and shape[-1] == 1
        ):
            raise ValueError(
                f"{where} is incompatible with the layer: expected ndim={spec.ndim}, found "
                f"ndim={rank}. Full shape received: {shape}"
            )
        if spec.max_ndim is not None and rank > spec.max_ndim:
            raise ValueError(f"{where}: expected max_ndim={spec.max_ndim}, found ndim={rank}. Full shape received: {shape}")
        if spec.min_ndim is not None and rank < spec.min_ndim:
            raise ValueError(f"{where}: expected min_ndim={spec.min_ndim}, found ndim={rank}. Full shape received: {shape}")
        if spec.dtype is not None and dtypes.standardize_dtype(x.dtype) != spec.dtype:
            raise ValueError(f"{where}: expected dtype={spec.dtype}, found dtype={x.dtype}.")
        for axis, size in spec.axes.items():
            if size is not None and -rank <= axis < rank and shape[axis] not in (None, size):
                raise ValueError(
                    f"{where} is incompatible with the layer: expected axis {axis} of the input "
                    f"shape to have value {size}, but received input with shape {shape}"
                )
        if spec.shape is not None:
            for expected, actual in zip(spec.shape, shape):
                if expected is not None and actual is not None and expected != actual:
                    raise ValueError(
                        f"{where} is incompatible with the layer: expected shape={spec.shape}, "
                        f"found shape={shape}"
                    )
