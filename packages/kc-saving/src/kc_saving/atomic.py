"""Atomic file writes: write a temporary file beside the target, then rename it over.

A process killed mid-write leaves the old file (or none), never a half-written one.
"""

import contextlib
import os
import tempfile


@contextlib.contextmanager
def atomic_path(filepath):
    """Yield a temporary path; on success it replaces `filepath`, on error it is removed."""
    directory = os.path.dirname(os.path.abspath(filepath))
    os.makedirs(directory, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp_", suffix=os.path.basename(filepath), dir=directory)
    os.close(handle)
    try:
        yield temporary
        with open(temporary, "rb") as f:
            os.fsync(f.fileno())
        os.replace(temporary, filepath)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
