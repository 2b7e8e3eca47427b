"""Atomic file writes: write a temporary file beside the target, then rename it over.

A process killed mid-write leaves the old file (or none), never a half-written one. The
temporary file is flushed to disk before the rename, and the directory after it, so a crash
of the machine right after a save cannot leave an empty file behind either.
"""

import contextlib
import os
import tempfile


def _default_mode(filepath):
    """The permissions the file would get from a plain `open(..., "w")`: the existing file's
    when replacing one, else 0o666 less the umask (mkstemp alone would give 0o600)."""
    try:
        return os.stat(filepath).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_path(filepath):
    """Yield a temporary path; on success it replaces `filepath`, on error it is removed."""
    directory = os.path.dirname(os.path.abspath(filepath))
    os.makedirs(directory, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=".tmp_", suffix="_" + os.path.basename(filepath), dir=directory
    )
    os.close(handle)
    try:
        yield temporary
        with open(temporary, "rb") as f:
            os.fsync(f.fileno())
        os.chmod(temporary, _default_mode(filepath))
        os.replace(temporary, filepath)
        _fsync_directory(directory)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def _fsync_directory(directory):
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # not possible on every platform (Windows); the rename itself is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
