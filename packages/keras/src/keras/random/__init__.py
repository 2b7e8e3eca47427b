"""`keras.random`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
    "SeedGenerator": "kc_ops.random:SeedGenerator",
    "beta": "kc_ops.random:beta",
    "binomial": "kc_ops.random:binomial",
    "categorical": "kc_ops.random:categorical",
    "dropout": "kc_ops.random:dropout",
    "gamma": "kc_ops.random:gamma",
    "normal": "kc_ops.random:normal",
    "randint": "kc_ops.random:randint",
    "shuffle": "kc_ops.random:shuffle",
    "truncated_normal": "kc_ops.random:truncated_normal",
    "uniform": "kc_ops.random:uniform",
}

_lazy.install(globals(), _EXPORTS)
