"""`keras.tree`: re-exports from the kc distributions."""

from keras import _lazy

_EXPORTS = {
    "MAP_TO_NONE": "kc_ops.tree:MAP_TO_NONE",
    "assert_same_paths": "kc_ops.tree:assert_same_paths",
    "assert_same_structure": "kc_ops.tree:assert_same_structure",
    "flatten": "kc_ops.tree:flatten",
    "flatten_with_path": "kc_ops.tree:flatten_with_path",
    "is_nested": "kc_ops.tree:is_nested",
    "lists_to_tuples": "kc_ops.tree:lists_to_tuples",
    "map_shape_structure": "kc_ops.tree:map_shape_structure",
    "map_structure": "kc_ops.tree:map_structure",
    "map_structure_up_to": "kc_ops.tree:map_structure_up_to",
    "pack_sequence_as": "kc_ops.tree:pack_sequence_as",
    "traverse": "kc_ops.tree:traverse",
}

_lazy.install(globals(), _EXPORTS)
