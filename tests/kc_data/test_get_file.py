import hashlib
import io
import os
import tarfile
import zipfile

import kc_data
import pytest
from kc_data.utils import file_utils


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    return tmp_path / "keras_home" / "datasets"


def _source(tmp_path, name, content=b"hello data"):
    path = tmp_path / name
    path.write_bytes(content)
    return path, path.as_uri()


def test_downloads_into_keras_home_and_caches(tmp_path, cache, capsys):
    src, url = _source(tmp_path, "data.txt")
    sha = hashlib.sha256(b"hello data").hexdigest()
    path = kc_data.get_file(origin=url, file_hash=sha)
    assert path == str(cache / "data.txt") and open(path, "rb").read() == b"hello data"
    assert "Downloading data from" in capsys.readouterr().out
    src.write_bytes(b"changed")  # a cached file with the right hash is not downloaded again
    assert open(kc_data.get_file("data.txt", url, file_hash=sha), "rb").read() == b"hello data"
    assert capsys.readouterr().out == ""
    assert not [f for f in os.listdir(cache) if f.startswith(".download")]


def test_md5_hash_mismatch_and_redownload(tmp_path, cache):
    _, url = _source(tmp_path, "a.bin")
    md5 = hashlib.md5(b"hello data").hexdigest()
    assert kc_data.get_file("a.bin", url, md5_hash=md5).endswith("a.bin")
    with pytest.raises(ValueError, match="expected hash"):
        kc_data.get_file("b.bin", url, file_hash="0" * 64)
    assert not (cache / "b.bin").exists()  # nothing half-written is left behind
    (cache / "a.bin").write_bytes(b"stale")  # wrong hash in cache: fetched again
    assert open(kc_data.get_file("a.bin", url, file_hash=md5), "rb").read() == b"hello data"


def test_offline_error_is_clear(cache):
    with pytest.raises(ConnectionError, match="URL fetch failure on http://127.0.0.1:9/x.npz"):
        kc_data.get_file("x.npz", "http://127.0.0.1:9/x.npz")
    with pytest.raises(ValueError, match="origin"):
        kc_data.get_file("x.npz")


def test_extract_tar_and_zip(tmp_path, cache):
    archive = tmp_path / "src.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("inner/file.txt")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"abc"))
    folder = kc_data.get_file("mydata", archive.as_uri(), extract=True)
    assert folder == str(cache / "mydata")
    assert open(os.path.join(folder, "inner", "file.txt")).read() == "abc"
    assert (cache / "mydata.tar.gz").exists()
    zipped = tmp_path / "z.zip"
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("a.txt", "zz")
    folder = kc_data.get_file(
        origin=zipped.as_uri(), extract=True, cache_dir=str(tmp_path / "other")
    )
    assert folder == str(tmp_path / "other" / "datasets" / "z.zip_extracted")
    assert open(os.path.join(folder, "a.txt")).read() == "zz"


def test_extraction_refuses_escaping_members(tmp_path, cache):
    archive = tmp_path / "evil.tar"
    with tarfile.open(archive, "w") as tar:
        info = tarfile.TarInfo("../escaped.txt")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(ValueError, match="outside the target folder"):
        kc_data.get_file("evil", archive.as_uri(), extract=True)
    assert not (cache / "escaped.txt").exists() and not (cache.parent / "escaped.txt").exists()
    zipped = tmp_path / "evil.zip"
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("../../boom.txt", "x")
    with pytest.raises(ValueError, match="outside the target folder"):
        file_utils.extract_archive(str(zipped), str(tmp_path / "target"))


def test_hash_file_values(tmp_path):
    path, _ = _source(tmp_path, "h.txt", b"abc")
    assert (
        file_utils.hash_file(path)
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    assert file_utils.hash_file(path, "md5") == "900150983cd24fb0d6963f7d28e17f72"
    with pytest.raises(ValueError, match="hash_algorithm"):
        kc_data.get_file("h.txt", "file:///x", file_hash="abc", hash_algorithm="sha1")
