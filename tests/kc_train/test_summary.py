import keras

SEED_TABLE = """\
Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape              ┃    Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━┩
│ conv2d (Conv2D)                 │ (None, 26, 26, 64)        │        640 │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ conv2d_1 (Conv2D)               │ (None, 24, 24, 64)        │     36,928 │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ max_pooling2d (MaxPooling2D)    │ (None, 12, 12, 64)        │          0 │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ conv2d_2 (Conv2D)               │ (None, 10, 10, 128)       │     73,856 │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ conv2d_3 (Conv2D)               │ (None, 8, 8, 128)         │    147,584 │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ global_average_pooling2d        │ (None, 128)               │          0 │
│ (GlobalAveragePooling2D)        │                           │            │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ dropout (Dropout)               │ (None, 128)               │          0 │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ dense (Dense)                   │ (None, 10)                │      1,290 │
└─────────────────────────────────┴───────────────────────────┴────────────┘
 Total params: 260,298 (1016.79 KB)
 Trainable params: 260,298 (1016.79 KB)
 Non-trainable params: 0 (0.00 B)"""


def seed_convnet():
    return keras.Sequential(
        [
            keras.layers.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(64, kernel_size=(3, 3), activation="relu", name="conv2d"),
            keras.layers.Conv2D(64, kernel_size=(3, 3), activation="relu", name="conv2d_1"),
            keras.layers.MaxPooling2D(pool_size=(2, 2), name="max_pooling2d"),
            keras.layers.Conv2D(128, kernel_size=(3, 3), activation="relu", name="conv2d_2"),
            keras.layers.Conv2D(128, kernel_size=(3, 3), activation="relu", name="conv2d_3"),
            keras.layers.GlobalAveragePooling2D(name="global_average_pooling2d"),
            keras.layers.Dropout(0.5, name="dropout"),
            keras.layers.Dense(10, activation="softmax", name="dense"),
        ],
        name="sequential",
    )


def test_seed_summary_table_matches_the_seed():
    lines = []
    seed_convnet().summary(print_fn=lines.append)
    assert "\n".join(lines) == SEED_TABLE


def test_summary_counts_non_trainable_and_show_trainable():
    inputs = keras.Input(shape=(4,))
    hidden = keras.layers.Dense(3, name="hidden")
    hidden.trainable = False
    model = keras.Model(inputs, keras.layers.Dense(2, name="out")(hidden(inputs)))
    lines = []
    model.summary(print_fn=lines.append, show_trainable=True)
    text = "\n".join(lines)
    assert "Total params: 23 (92.00 B)" in text
    assert "Trainable params: 8 (32.00 B)" in text
    assert "Non-trainable params: 15 (60.00 B)" in text
    assert "Trainable" in lines[2]
