"""`get_file`: download a file into the Keras cache (once), verify its hash, extract archives.

The cache is `cache_dir/cache_subdir` with `cache_dir` defaulting to `$KERAS_HOME` (else
`~/.keras`, else `/tmp/.keras` when home is not writable). Downloads go to a temporary file
in the same folder and are renamed into place only once complete and verified.
"""

import hashlib
import os
import shutil
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile

from kc_ops import config

_ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar.bz2", ".tar.bz", ".tar.xz", ".tar", ".zip")


def cache_root(cache_dir=None):
    return os.path.expanduser(cache_dir) if cache_dir else config.keras_home()


def hash_file(fpath, algorithm="sha256", chunk_size=65535):
    """The hex digest of a file ("sha256" or "md5")."""
    hasher = hashlib.md5() if algorithm == "md5" else hashlib.sha256()
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def _resolve_algorithm(hash_algorithm, file_hash):
    if hash_algorithm not in ("auto", "md5", "sha256"):
        raise ValueError(
            "Expected `hash_algorithm` to be 'auto', 'md5' or 'sha256', "
            f"received {hash_algorithm!r}."
        )
    if hash_algorithm == "auto":
        return "sha256" if len(file_hash) == 64 else "md5"
    return hash_algorithm


def validate_file(fpath, file_hash, algorithm="auto"):
    """True when the file's hash matches `file_hash`."""
    algorithm = _resolve_algorithm(algorithm, file_hash)
    return hash_file(fpath, algorithm) == str(file_hash)


def _archive_kind(path, archive_format):
    formats = ["tar", "zip"] if archive_format == "auto" else archive_format
    if formats is None:
        return None
    if isinstance(formats, str):
        formats = [formats]
    if "tar" in formats and tarfile.is_tarfile(path):
        return "tar"
    if "zip" in formats and zipfile.is_zipfile(path):
        return "zip"
    return None


def _inside(root, name):
    target = os.path.realpath(os.path.join(root, name))
    return target == root or target.startswith(root + os.sep)


def extract_archive(path, target_dir, archive_format="auto"):
    """Extract a tar or zip archive into `target_dir`; refuse members that would land outside
    it (absolute paths, `..`, links pointing out). Returns True if `path` was an archive."""
    kind = _archive_kind(path, archive_format)
    if kind is None:
        return False
    root = os.path.realpath(target_dir)
    staging = tempfile.mkdtemp(dir=os.path.dirname(root) or ".", prefix=".extracting-")
    try:
        if kind == "tar":
            with tarfile.open(path) as archive:
                for member in archive.getmembers():
                    unsafe_link = (member.issym() or member.islnk()) and not _inside(
                        root, os.path.join(os.path.dirname(member.name), member.linkname)
                    )
                    if not _inside(root, member.name) or unsafe_link or member.isdev():
                        raise ValueError(
                            f"Refusing to extract {path}: member {member.name!r} would be written "
                            f"outside the target folder {target_dir}."
                        )
                archive.extractall(staging, filter="data")
        else:
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    if not _inside(root, name):
                        raise ValueError(
                            f"Refusing to extract {path}: member {name!r} would be written outside "
                            f"the target folder {target_dir}."
                        )
                archive.extractall(staging)
        if os.path.exists(target_dir):
            shutil.rmtree(target_dir)
        os.replace(staging, target_dir)
    finally:
        if os.path.exists(staging):
            shutil.rmtree(staging, ignore_errors=True)
    return True


class _Progress:
    """A one-line download progress bar on stdout."""

    def __init__(self, total):
        self.total, self.done, self.last = total, 0, 0.0

    def update(self, count):
        self.done += count
        now = time.monotonic()
        if now - self.last < 0.1 and self.done != self.total:
            return
        self.last = now
        if self.total:
            filled = int(30 * self.done / self.total)
            bar = "=" * filled + "." * (30 - filled)
            sys.stdout.write(f"\r{self.done}/{self.total} [{bar}] {100 * self.done // self.total}%")
        else:
            sys.stdout.write(f"\r{self.done} bytes")
        sys.stdout.flush()

    def close(self):
        sys.stdout.write("\n")
        sys.stdout.flush()


def _download(origin, fpath):
    folder = os.path.dirname(fpath)
    handle, temp_path = tempfile.mkstemp(dir=folder, prefix=".download-")
    try:
        with os.fdopen(handle, "wb") as out:
            try:
                response = urllib.request.urlopen(origin, timeout=60)
            except (urllib.error.URLError, OSError) as error:
                reason = getattr(error, "reason", error)
                raise ConnectionError(
                    f"URL fetch failure on {origin}: {reason}. Expected to download it into "
                    f"{fpath}; check your network connection, or place the file there yourself."
                ) from error
            with response:
                total = int(response.headers.get("Content-Length") or 0) or None
                progress = _Progress(total)
                for chunk in iter(lambda: response.read(1 << 16), b""):
                    out.write(chunk)
                    progress.update(len(chunk))
                progress.close()
        return temp_path
    except BaseException:
        os.remove(temp_path)
        raise


def _strip_archive_suffix(name):
    for suffix in _ARCHIVE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)], suffix
    return name, None


def get_file(
    fname=None,
    origin=None,
    untar=False,
    md5_hash=None,
    file_hash=None,
    cache_subdir="datasets",
    hash_algorithm="auto",
    extract=False,
    archive_format="auto",
    cache_dir=None,
    force_download=False,
):
    """Download `origin` into the Keras cache unless already there; return the local path.

    With `extract=True` (or the deprecated `untar=True`) the archive is extracted and the
    extraction folder is returned: `fname` itself when it has no archive suffix (the archive
    is then stored next to it with the origin's suffix), else `<fname>_extracted`.
    `file_hash` (sha256 or md5, `hash_algorithm="auto"` tells by length) is checked after
    download and on cached files (a mismatching cached file is downloaded again).
    """
    if origin is None:
        raise ValueError('Expected a URL in `origin`, received None (e.g. origin="https://...").')
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    if file_hash is not None:
        _resolve_algorithm(hash_algorithm, file_hash)
    extract = bool(extract or untar)
    if not fname:
        fname = os.path.basename(urllib.parse.urlsplit(origin).path)
        if not fname:
            raise ValueError(f"Cannot infer a file name from origin={origin!r}; pass `fname`.")
    datadir = (
        cache_subdir
        if os.path.isabs(cache_subdir)
        else os.path.join(cache_root(cache_dir), cache_subdir)
    )
    os.makedirs(datadir, exist_ok=True)
    fname = os.fspath(fname)

    extract_dir = None
    if extract:
        stem, suffix = _strip_archive_suffix(fname)
        if suffix is None:  # fname names the extraction folder
            extract_dir = os.path.join(datadir, fname)
            origin_suffix = _strip_archive_suffix(
                os.path.basename(urllib.parse.urlsplit(origin).path)
            )[1]
            fname = fname + (origin_suffix or ".tar.gz")
        else:
            extract_dir = os.path.join(datadir, fname + "_extracted")
    fpath = fname if os.path.isabs(fname) else os.path.join(datadir, fname)

    needs_download = force_download or not os.path.exists(fpath)
    if (
        not needs_download
        and file_hash is not None
        and not validate_file(fpath, file_hash, hash_algorithm)
    ):
        print(
            f"A local file was found at {fpath}, but its hash does not match the expected "
            f"{file_hash}: downloading it again."
        )
        needs_download = True
    if needs_download:
        print(f"Downloading data from {origin}")
        temp_path = _download(origin, fpath)
        if file_hash is not None and not validate_file(temp_path, file_hash, hash_algorithm):
            actual = hash_file(temp_path, _resolve_algorithm(hash_algorithm, file_hash))
            os.remove(temp_path)
            raise ValueError(
                f"The file downloaded from {origin} is corrupted or outdated: expected hash "
                f"{file_hash}, received {actual}. Retry, or check the URL and the hash."
            )
        os.replace(temp_path, fpath)

    if extract:
        if needs_download or not os.path.exists(extract_dir):
            if not extract_archive(fpath, extract_dir, archive_format):
                raise ValueError(
                    f"Expected a tar or zip archive to extract at {fpath} "
                    f"(archive_format={archive_format!r}), but it is neither."
                )
        return extract_dir
    return fpath
