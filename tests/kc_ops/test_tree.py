import collections

import pytest

from kc_ops import tree

Point = collections.namedtuple("Point", ["x", "y"])


def test_flatten_and_pack():
    structure = {"b": [1, (2, None)], "a": Point(3, 4)}
    flat = tree.flatten(structure)
    assert flat == [3, 4, 1, 2, None]  # sorted dict keys, None is a leaf
    packed = tree.pack_sequence_as(structure, [10, 20, 30, 40, 50])
    assert packed == {"a": Point(10, 20), "b": [30, (40, 50)]}


def test_map_structure_and_up_to():
    assert tree.map_structure(lambda a, b: a + b, [1, (2, 3)], [10, (20, 30)]) == [11, (22, 33)]
    assert tree.map_structure_up_to([0, 0], lambda v: len(v), [[1, 2], (3,)]) == [2, 1]
    with pytest.raises(ValueError, match="same nested structure"):
        tree.map_structure(lambda a, b: a, [1, 2], [1, 2, 3])


def test_is_nested_and_lists_to_tuples():
    assert tree.is_nested([1]) and not tree.is_nested(1)
    assert tree.lists_to_tuples([1, [2, {"a": [3]}]]) == (1, (2, {"a": (3,)}))


def test_assert_same_structure_and_paths():
    tree.assert_same_structure([1, (2, 3)], [4, (5, 6)])
    with pytest.raises(ValueError):
        tree.assert_same_structure([1, 2], [1, [2, 3]])
    tree.assert_same_paths({"a": 1}, {"a": 2})
    with pytest.raises(ValueError, match="paths"):
        tree.assert_same_paths({"a": 1}, {"b": 1})


def test_flatten_with_path_and_traverse():
    assert tree.flatten_with_path({"a": [1, 2]}) == [(("a", 0), 1), (("a", 1), 2)]
    doubled = tree.traverse(lambda x: x * 2 if isinstance(x, int) else None, [1, [2]])
    assert doubled == [2, [4]]
    assert tree.traverse(lambda x: tree.MAP_TO_NONE if x == [2] else None, [1, [2]]) == [1, None]


def test_map_shape_structure():
    assert tree.map_shape_structure(lambda s: s[0], {"a": (3, 4), "b": [(5, None)]}) == {"a": 3, "b": [5]}
