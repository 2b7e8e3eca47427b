"""`keras.utils.clear_session`: forget auto-generated names and free memory."""

import gc

from kc_ops import naming


def clear_session(free_memory=True):
    """Reset the name counters ("dense", "dense_1", ... start again) and the global random
    generator; with `free_memory`, run the garbage collector."""
    from kc_ops import random

    naming.reset_uids()
    random.set_global_seed(None)
    if free_memory:
        gc.collect()
