"""`keras.optimizers.legacy`: the Keras 2 optimizers are not part of Keras 3; creating one
raises an ImportError that says what to use instead."""


class _LegacyOptimizer:
    def __init__(self, *args, **kwargs):
        raise ImportError(
            "`keras.optimizers.legacy` is not supported in Keras 3. Use the optimizers of "
            "`keras.optimizers` (e.g. `keras.optimizers.Adam`), or install `tf_keras` (Keras 2) "
            "and set TF_USE_LEGACY_KERAS=True to keep using the legacy optimizers."
        )


class Optimizer(_LegacyOptimizer):
    pass


class Adagrad(_LegacyOptimizer):
    pass


class Adam(_LegacyOptimizer):
    pass


class Ftrl(_LegacyOptimizer):
    pass


class RMSprop(_LegacyOptimizer):
    pass


class SGD(_LegacyOptimizer):
    pass
