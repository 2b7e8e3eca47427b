"""Adapter for Python generators and iterators yielding batches.

The first batch is read ahead (peeked) to learn the structure; every later batch must have
the same structure. A generator can be consumed only once: give `steps_per_epoch` when it is
infinite, and each epoch then continues where the previous one stopped.
"""

import itertools
import types

from kc_ops import tree

from kc_data.adapters.base import DataAdapter, standardize_batch


def is_generator_like(x):
    return isinstance(x, types.GeneratorType) or (hasattr(x, "__next__") and hasattr(x, "__iter__"))


def structure_of(batch):
    return tree.map_structure(lambda _: "*", batch)


def check_structures(batches, describe):
    """Yield standardized batches, raising when one's structure differs from the first's."""
    first = None
    for index, batch in enumerate(batches):
        batch = standardize_batch(batch)
        structure = structure_of(batch)
        if first is None:
            first = structure
        elif structure != first:
            raise ValueError(
                f"{describe} yielded batches of different structures: batch 0 was {first}, "
                f"batch {index} is {structure}. Every batch must have the same structure "
                "(x, y, sample_weight and their nesting)."
            )
        yield batch


class GeneratorDataAdapter(DataAdapter):
    def __init__(self, generator, steps_per_epoch=None):
        super().__init__(steps_per_epoch)
        if not is_generator_like(generator):
            raise TypeError(
                f"Expected a generator or iterator, received {type(generator).__name__}."
            )
        try:
            first = next(generator)
        except StopIteration:
            raise ValueError("The generator passed as `x` yielded no batch: it is empty.") from None
        self._stream = check_structures(itertools.chain([first], generator), "The generator")
        self._first = standardize_batch(first)

    def _one_pass(self):
        # A generator is a single pass; later passes resume it (and end at once if exhausted).
        return self._stream

    def _first_numpy_batch(self):
        from kc_data.adapters import conversion
        from kc_data.adapters.base import map_leaves

        return map_leaves(conversion.to_numpy, self._first)
