"""`image_dataset_from_directory`, `text_dataset_from_directory` and
`audio_dataset_from_directory`.

With `labels="inferred"` each subfolder of `directory` is a class (sorted by name) and its
files (searched recursively) are the samples. They return a tf.data.Dataset on the
tensorflow backend (or with `format="tf.data"`), otherwise a `BatchDataset` (a PyDataset
yielding NumPy batches, with `class_names` and `file_paths` attributes). Files are read
batch by batch, not all up front.
"""

import os
import wave

import numpy as np
from kc_ops import config

from kc_data.utils import dataset as dataset_lib
from kc_data.utils.numerical_utils import to_categorical

IMAGE_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
TEXT_FORMATS = (".txt",)
AUDIO_FORMATS = (".wav",)


# -- indexing ----------------------------------------------------------------------------
def _list_files(folder, formats, follow_links):
    found = []
    for root, dirs, files in os.walk(folder, followlinks=follow_links):
        dirs.sort()
        found.extend(os.path.join(root, f) for f in sorted(files) if f.lower().endswith(formats))
    return found


def index_directory(
    directory, labels, formats, class_names=None, shuffle=True, seed=None, follow_links=False
):
    """`(file_paths, labels or None, class_names)` for the files under `directory`."""
    if not os.path.isdir(directory):
        raise ValueError(f"Expected `directory` to be an existing folder, received {directory!r}.")
    if labels == "inferred":
        subdirs = sorted(
            d for d in os.listdir(directory) if os.path.isdir(os.path.join(directory, d))
        )
        if class_names is not None:
            if sorted(class_names) != sorted(subdirs) and set(class_names) - set(subdirs):
                raise ValueError(
                    f"Expected `class_names` to match the subfolders of {directory}: {subdirs}. "
                    f"Received {list(class_names)}."
                )
            subdirs = list(class_names)
        paths, targets = [], []
        for index, name in enumerate(subdirs):
            files = _list_files(os.path.join(directory, name), formats, follow_links)
            paths.extend(files)
            targets.extend([index] * len(files))
        class_names = subdirs
        targets = np.array(targets, dtype="int32")
    elif labels is None or isinstance(labels, (list, tuple, np.ndarray)):
        paths = _list_files(directory, formats, follow_links)
        if labels is not None:
            if len(labels) != len(paths):
                raise ValueError(
                    f"Expected as many `labels` as files found in {directory} ({len(paths)} files, "
                    f"sorted by path); received {len(labels)} labels."
                )
            targets = np.asarray(labels)
        else:
            targets = None
    else:
        raise ValueError(
            f"Expected `labels` to be 'inferred', None or a list of labels, received {labels!r}."
        )
    if not paths:
        raise ValueError(f"No files with extensions {formats} were found under {directory}.")
    if shuffle:
        order = np.random.default_rng(
            seed if seed is not None else np.random.randint(1e6)
        ).permutation(len(paths))
        paths = [paths[i] for i in order]
        targets = None if targets is None else targets[order]
    return paths, targets, class_names


def _check_split(validation_split, subset, shuffle, seed):
    if validation_split is None:
        if subset is not None:
            raise ValueError(f"`subset={subset!r}` needs a `validation_split`, received None.")
        return
    if not 0 < validation_split < 1:
        raise ValueError(f"Expected `validation_split` in (0, 1), received {validation_split}.")
    if subset not in ("training", "validation", "both"):
        raise ValueError(
            "Expected `subset` to be 'training', 'validation' or 'both' with a validation_split, "
            f"received {subset!r}."
        )
    if shuffle and seed is None:
        raise ValueError(
            "Expected a `seed` when using `validation_split` with shuffle=True, so that the "
            "training and validation subsets do not overlap; received seed=None."
        )


def _subsets(paths, targets, validation_split, subset):
    """The (paths, targets) pairs for the requested subset(s): validation takes the end."""
    if validation_split is None:
        return [(paths, targets)]
    num_val = int(validation_split * len(paths))
    split = len(paths) - num_val
    train = (paths[:split], None if targets is None else targets[:split])
    val = (paths[split:], None if targets is None else targets[split:])
    return {"training": [train], "validation": [val], "both": [train, val]}[subset]


def _encode_labels(targets, label_mode, num_classes):
    if label_mode == "int":
        return targets.astype("int32")
    if label_mode == "categorical":
        return to_categorical(targets, num_classes).astype("float32")
    if label_mode == "binary":
        return targets.astype("float32").reshape(-1, 1)
    raise ValueError(
        "Expected `label_mode` to be 'int', 'categorical', 'binary' or None, "
        f"received {label_mode!r}."
    )


def _check_label_mode(label_mode, labels, class_names):
    if label_mode not in ("int", "categorical", "binary", None):
        raise ValueError(
            "Expected `label_mode` to be 'int', 'categorical', 'binary' or None, "
            f"received {label_mode!r}."
        )
    if labels is None:
        return None
    if label_mode == "binary" and class_names is not None and len(class_names) != 2:
        raise ValueError(
            f"label_mode='binary' needs exactly 2 classes, found {len(class_names)}: {class_names}."
        )
    return label_mode


def _build(
    paths,
    targets,
    load_inputs,
    label_mode,
    num_classes,
    batch_size,
    shuffle,
    seed,
    class_names,
    format,
    variable_length=False,
):
    def load(rows):
        inputs = load_inputs([paths[i] for i in rows])
        if targets is None or label_mode is None:
            return inputs
        return inputs, _encode_labels(targets[rows], label_mode, num_classes)

    result = dataset_lib.BatchDataset(
        len(paths), load, batch_size=batch_size, shuffle=shuffle, seed=seed
    )
    result.class_names = class_names
    result.file_paths = list(paths)
    result.variable_length = variable_length
    return dataset_lib.finish(result, format)


def _make(
    directory,
    labels,
    label_mode,
    class_names,
    formats,
    load_inputs,
    batch_size,
    shuffle,
    seed,
    validation_split,
    subset,
    follow_links,
    format,
    verbose,
    variable_length=False,
):
    _check_split(validation_split, subset, shuffle, seed)
    if class_names is not None and labels != "inferred":
        raise ValueError("`class_names` can only be given with labels='inferred'.")
    paths, targets, class_names = index_directory(
        directory,
        labels,
        formats,
        class_names,
        shuffle=shuffle,
        seed=seed,
        follow_links=follow_links,
    )
    label_mode = _check_label_mode(label_mode, labels, class_names)
    num_classes = (
        len(class_names) if class_names else (int(targets.max()) + 1 if targets is not None else 0)
    )
    if verbose:
        print(f"Found {len(paths)} files belonging to {num_classes} classes.")
    results = [
        _build(
            p,
            t,
            load_inputs,
            label_mode,
            num_classes,
            batch_size,
            shuffle,
            seed,
            class_names,
            format,
            variable_length,
        )
        for p, t in _subsets(paths, targets, validation_split, subset)
    ]
    return results[0] if len(results) == 1 else results


# -- images ------------------------------------------------------------------------------
def _decode_image(path, channels, image_size, interpolation, crop, pad, data_format):
    import kc_ops

    try:
        from kc_data.utils.image_utils import require_pil

        Image = require_pil()
        mode = {1: "L", 3: "RGB", 4: "RGBA"}[channels]
        with open(path, "rb") as f:
            img = Image.open(f)
            pixels = np.asarray(img.convert(mode), dtype="float32")
        if pixels.ndim == 2:
            pixels = pixels[:, :, None]
    except ImportError:
        if config.backend() != "tensorflow":
            raise
        import tensorflow as tf

        pixels = tf.io.decode_image(
            tf.io.read_file(path), channels=channels, expand_animations=False
        ).numpy()
        pixels = pixels.astype("float32")
    resized = kc_ops.image.resize(
        pixels,
        image_size,
        interpolation=interpolation,
        crop_to_aspect_ratio=crop,
        pad_to_aspect_ratio=pad,
        data_format="channels_last",
    )
    resized = kc_ops.convert_to_numpy(resized).astype("float32")
    return resized.transpose(2, 0, 1) if data_format == "channels_first" else resized


def image_dataset_from_directory(
    directory,
    labels="inferred",
    label_mode="int",
    class_names=None,
    color_mode="rgb",
    batch_size=32,
    image_size=(256, 256),
    shuffle=True,
    seed=None,
    validation_split=None,
    subset=None,
    interpolation="bilinear",
    follow_links=False,
    crop_to_aspect_ratio=False,
    pad_to_aspect_ratio=False,
    data_format=None,
    format="tf",
    verbose=True,
):
    """Batches `(images, labels)` of float32 images of shape `image_size + (channels,)`
    (channels first with `data_format="channels_first"`); see the module docstring.
    Decoding uses Pillow, or tf.io on the tensorflow backend when Pillow is missing."""
    channels = {"grayscale": 1, "rgb": 3, "rgba": 4}.get(color_mode)
    if channels is None:
        raise ValueError(
            f"Expected `color_mode` to be 'grayscale', 'rgb' or 'rgba', received {color_mode!r}."
        )
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError("Pass only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio`.")
    if len(tuple(image_size)) != 2:
        raise ValueError(f"Expected `image_size` to be (height, width), received {image_size!r}.")
    data_format = config.standardize_data_format(data_format)
    if config.backend() != "tensorflow":
        from kc_data.utils.image_utils import require_pil

        require_pil()  # fail early, before indexing the folder

    def load_images(paths):
        return np.stack(
            [
                _decode_image(
                    p,
                    channels,
                    tuple(image_size),
                    interpolation,
                    crop_to_aspect_ratio,
                    pad_to_aspect_ratio,
                    data_format,
                )
                for p in paths
            ]
        )

    return _make(
        directory,
        labels,
        label_mode,
        class_names,
        IMAGE_FORMATS,
        load_images,
        batch_size,
        shuffle,
        seed,
        validation_split,
        subset,
        follow_links,
        format,
        verbose,
    )


# -- text --------------------------------------------------------------------------------
def text_dataset_from_directory(
    directory,
    labels="inferred",
    label_mode="int",
    class_names=None,
    batch_size=32,
    max_length=None,
    shuffle=True,
    seed=None,
    validation_split=None,
    subset=None,
    follow_links=False,
    format="tf",
    verbose=True,
):
    """Batches `(texts, labels)`: texts are a NumPy array of Python strings (tf.string on
    tf.data), truncated to `max_length` characters when given; see the module docstring."""
    if max_length is not None and (not isinstance(max_length, int) or max_length < 1):
        raise ValueError(
            f"Expected `max_length` to be a positive int or None, received {max_length!r}."
        )

    def load_texts(paths):
        texts = []
        for path in paths:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            texts.append(text[:max_length] if max_length else text)
        return np.array(texts, dtype=object)

    return _make(
        directory,
        labels,
        label_mode,
        class_names,
        TEXT_FORMATS,
        load_texts,
        batch_size,
        shuffle,
        seed,
        validation_split,
        subset,
        follow_links,
        format,
        verbose,
    )


# -- audio -------------------------------------------------------------------------------
def read_wav(path):
    """`(samples, rate)`: float32 samples in [-1, 1] of shape (length, channels)."""
    with wave.open(path, "rb") as f:
        width, channels, rate = f.getsampwidth(), f.getnchannels(), f.getframerate()
        raw = f.readframes(f.getnframes())
    if width == 1:
        samples = (np.frombuffer(raw, dtype=np.uint8).astype("float32") - 128.0) / 128.0
    elif width == 2:
        samples = np.frombuffer(raw, dtype="<i2").astype("float32") / 32768.0
    elif width == 4:
        samples = np.frombuffer(raw, dtype="<i4").astype("float32") / 2147483648.0
    else:
        raise ValueError(
            f"Unsupported WAV sample width {width * 8} bits in {path}; expected 8, 16 or 32."
        )
    return samples.reshape(-1, channels), rate


def _resample(samples, rate, target):
    if rate == target:
        return samples
    length = int(round(len(samples) * target / rate))
    old = np.arange(len(samples)) / rate
    new = np.arange(length) / target
    return np.stack(
        [np.interp(new, old, samples[:, c]) for c in range(samples.shape[1])], axis=1
    ).astype("float32")


def audio_dataset_from_directory(
    directory,
    labels="inferred",
    label_mode="int",
    class_names=None,
    batch_size=32,
    sampling_rate=None,
    output_sequence_length=None,
    ragged=False,
    shuffle=True,
    seed=None,
    validation_split=None,
    subset=None,
    follow_links=False,
    verbose=True,
):
    """Batches `(audio, labels)` from .wav files: float32 audio of shape
    (batch, length, channels), zero-padded to the longest clip of the batch or cut/padded to
    `output_sequence_length`. `sampling_rate` resamples (linear interpolation) every clip.
    `ragged=True` (tf.data only) keeps each clip's own length."""
    if ragged and output_sequence_length is not None:
        raise ValueError("Pass only one of `ragged=True` and `output_sequence_length`.")
    if ragged and config.backend() != "tensorflow":
        raise ValueError(
            f"ragged=True needs the tensorflow backend (current backend: {config.backend()})."
        )
    if sampling_rate is not None and (not isinstance(sampling_rate, int) or sampling_rate < 1):
        raise ValueError(
            f"Expected `sampling_rate` to be a positive int or None, received {sampling_rate!r}."
        )

    def load_audio(paths):
        clips = []
        for path in paths:
            samples, rate = read_wav(path)
            if sampling_rate is not None:
                samples = _resample(samples, rate, sampling_rate)
            clips.append(samples)
        if ragged:
            import tensorflow as tf

            return tf.ragged.stack([tf.constant(c) for c in clips])
        length = output_sequence_length or max(len(c) for c in clips)
        out = np.zeros((len(clips), length, clips[0].shape[1]), dtype="float32")
        for i, clip in enumerate(clips):
            out[i, : min(length, len(clip))] = clip[:length]
        return out

    fmt = "tf" if not ragged else "tf.data"
    return _make(
        directory,
        labels,
        label_mode,
        class_names,
        AUDIO_FORMATS,
        load_audio,
        batch_size,
        shuffle,
        seed,
        validation_split,
        subset,
        follow_links,
        fmt,
        verbose,
        variable_length=output_sequence_length is None,
    )
