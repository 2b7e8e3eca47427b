"""A counter that changes whenever the structure layers walk may have changed: a variable,
layer or tracked object created, tracked or untracked, or a `trainable` flag set.

Layers cache their walks (sublayers, weights, metrics) under the counter's value, so a
training step reads them without re-walking the model. The one change it cannot see is an
object that already existed being put into a container later without anything else
happening; `changed()` is public for code that does that.
"""

_version = 0


def changed():
    global _version
    _version += 1


def version():
    return _version
