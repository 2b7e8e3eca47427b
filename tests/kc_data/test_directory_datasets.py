import importlib.util
import struct
import wave
import zlib

import kc_data
import kc_ops
import numpy as np
import pytest

HAS_PIL = importlib.util.find_spec("PIL") is not None
BACKEND = kc_ops.backend()
CAN_DECODE_IMAGES = HAS_PIL or BACKEND == "tensorflow"


def _batches(ds):
    return [
        tuple(np.asarray(part.numpy() if hasattr(part, "numpy") else part) for part in b)
        for b in ds
    ]


@pytest.fixture
def text_dir(tmp_path):
    for cls, texts in {"neg": ["bad", "awful"], "pos": ["good", "great", "fine"]}.items():
        (tmp_path / cls).mkdir()
        for i, text in enumerate(texts):
            (tmp_path / cls / f"{i}.txt").write_text(text)
    (tmp_path / "pos" / "ignored.csv").write_text("not a txt")
    return tmp_path


def test_text_dataset_inferred_labels(text_dir):
    ds = kc_data.text_dataset_from_directory(text_dir, batch_size=10, shuffle=False, verbose=False)
    assert ds.class_names == ["neg", "pos"]
    ((texts, labels),) = _batches(ds)
    decoded = [t.decode() if isinstance(t, bytes) else t for t in texts.tolist()]
    assert decoded == ["bad", "awful", "good", "great", "fine"] and labels.tolist() == [
        0,
        0,
        1,
        1,
        1,
    ]


def test_text_dataset_modes_and_split(text_dir):
    ds = kc_data.text_dataset_from_directory(
        text_dir, label_mode="categorical", batch_size=2, max_length=2, shuffle=False, verbose=False
    )
    texts, labels = _batches(ds)[0]
    assert labels.tolist() == [[1, 0], [1, 0]]
    assert [t.decode() if isinstance(t, bytes) else t for t in texts.tolist()] == ["ba", "aw"]
    train, val = kc_data.text_dataset_from_directory(
        text_dir, validation_split=0.4, subset="both", seed=3, batch_size=10, verbose=False
    )
    sizes = [len(_batches(d)[0][1]) for d in (train, val)]
    assert sizes == [3, 2]
    texts = [t for d in (train, val) for t in _batches(d)[0][0].tolist()]
    assert len(set(texts)) == 5  # the subsets do not overlap
    with pytest.raises(ValueError, match="seed"):
        kc_data.text_dataset_from_directory(text_dir, validation_split=0.2, subset="training")
    with pytest.raises(ValueError, match="exactly 2 classes"):
        (text_dir / "meh").mkdir()
        (text_dir / "meh" / "a.txt").write_text("x")
        kc_data.text_dataset_from_directory(text_dir, label_mode="binary", verbose=False)


def test_text_dataset_explicit_labels_and_errors(tmp_path):
    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_text(name)
    ds = kc_data.text_dataset_from_directory(tmp_path, labels=[7, 8], shuffle=False, verbose=False)
    ((texts, labels),) = _batches(ds)
    assert labels.tolist() == [7, 8]
    assert [t.decode() if isinstance(t, bytes) else t for t in texts.tolist()] == ["a.txt", "b.txt"]
    with pytest.raises(ValueError, match="2 files"):
        kc_data.text_dataset_from_directory(tmp_path, labels=[1], verbose=False)
    with pytest.raises(ValueError, match="existing folder"):
        kc_data.text_dataset_from_directory(tmp_path / "missing")


def _write_wav(path, samples, rate=8000):
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(rate)
        f.writeframes(np.asarray(samples, "<i2").tobytes())


def test_audio_dataset_pads_and_scales(tmp_path):
    for cls in ("cat", "dog"):
        (tmp_path / cls).mkdir()
    _write_wav(tmp_path / "cat" / "a.wav", [16384, -16384])
    _write_wav(tmp_path / "dog" / "b.wav", [8192, 8192, 8192])
    ds = kc_data.audio_dataset_from_directory(tmp_path, batch_size=2, shuffle=False, verbose=False)
    ((audio, labels),) = _batches(ds)
    assert audio.shape == (2, 3, 1) and labels.tolist() == [0, 1]
    np.testing.assert_allclose(audio[:, :, 0], [[0.5, -0.5, 0.0], [0.25, 0.25, 0.25]])
    ds = kc_data.audio_dataset_from_directory(
        tmp_path, batch_size=2, shuffle=False, verbose=False, output_sequence_length=1
    )
    assert _batches(ds)[0][0].shape == (2, 1, 1)
    ds = kc_data.audio_dataset_from_directory(
        tmp_path, batch_size=1, shuffle=False, verbose=False, sampling_rate=16000
    )
    assert _batches(ds)[0][0].shape == (1, 4, 1)  # 2 samples at 8 kHz -> 4 at 16 kHz


def _write_png(path, pixels):
    """A minimal 8-bit RGB PNG writer (no Pillow needed)."""
    h, w, _ = pixels.shape
    raw = b"".join(b"\x00" + pixels[i].astype("uint8").tobytes() for i in range(h))

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.mark.skipif(
    not CAN_DECODE_IMAGES, reason="decoding images needs Pillow (or the tensorflow backend)"
)
def test_image_dataset_from_directory(tmp_path):
    for cls, value in (("a", 10), ("b", 200)):
        (tmp_path / cls).mkdir()
        _write_png(tmp_path / cls / "img.png", np.full((4, 4, 3), value))
    ds = kc_data.image_dataset_from_directory(
        tmp_path, image_size=(2, 2), batch_size=4, shuffle=False, verbose=False
    )
    ((images, labels),) = _batches(ds)
    assert images.shape == (2, 2, 2, 3) and images.dtype == np.float32
    np.testing.assert_allclose(images[:, 0, 0, 0], [10, 200])
    assert labels.tolist() == [0, 1]
    ds = kc_data.image_dataset_from_directory(
        tmp_path,
        image_size=(3, 3),
        color_mode="grayscale",
        label_mode=None,
        shuffle=False,
        verbose=False,
        data_format="channels_first",
    )
    ((images,),) = [(b if not isinstance(b, tuple) else b[0],) for b in ds]
    assert np.asarray(images).shape == (2, 1, 3, 3)


@pytest.mark.skipif(
    HAS_PIL or BACKEND == "tensorflow", reason="checks the error raised when Pillow is missing"
)
def test_missing_pillow_error(tmp_path):
    with pytest.raises(ImportError, match="pip install pillow"):
        kc_data.image_dataset_from_directory(tmp_path)
    with pytest.raises(ImportError, match="Pillow"):
        kc_data.load_img(tmp_path / "x.png")


@pytest.mark.skipif(BACKEND != "tensorflow", reason="ragged audio batches exist only on tensorflow")
def test_audio_ragged_on_tensorflow(tmp_path):
    import tensorflow as tf

    (tmp_path / "x").mkdir()
    _write_wav(tmp_path / "x" / "a.wav", [1, 2])
    _write_wav(tmp_path / "x" / "b.wav", [1, 2, 3])
    ds = kc_data.audio_dataset_from_directory(tmp_path, ragged=True, shuffle=False, verbose=False)
    audio, labels = next(iter(ds))
    assert isinstance(audio, tf.RaggedTensor) and audio.row_lengths().numpy().tolist() == [2, 3]
