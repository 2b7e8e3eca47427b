"""`keras.models`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
}

_lazy.install(globals(), _EXPORTS)
