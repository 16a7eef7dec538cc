"""The stored-graph layout without Spark: schema files (every property type), safe names,
graph directories that must stay under the root, version pointers."""

from __future__ import annotations

import json
import os

import pytest

from graphframe_cypher import types as T
from graphframe_cypher.errors import GraphError
from graphframe_cypher.sources.layout import (
    FORMAT_VERSION,
    GraphLayout,
    Pointer,
    StoredColumn,
    StoredTable,
    column_name,
    contains_null_type,
    garbage_versions,
    graph_directory,
    graph_table_prefix,
    is_composite,
    is_graph_name,
    is_version,
    name_hint,
    new_version,
    table_name,
    type_from_json,
    type_to_json,
)

PROPERTY_TYPES = [
    T.ANY,
    T.NULL,
    T.BOOLEAN,
    T.INTEGER,
    T.FLOAT,
    T.STRING,
    T.NUMBER,
    *T.TEMPORAL_TYPES.values(),
    T.ListType(T.INTEGER),
    T.ListType(T.ListType(T.STRING)),
    T.ListType(T.NULL),
    T.ListType(T.ANY),
    T.MAP,
    T.MapType({"a": T.INTEGER, "b c": T.ListType(T.DATE)}),
    T.MapType({}),
]


@pytest.mark.parametrize("ptype", PROPERTY_TYPES, ids=str)
def test_every_property_type_survives_json(ptype):
    assert type_from_json(json.loads(json.dumps(type_to_json(ptype)))) == ptype


@pytest.mark.parametrize("ptype", [T.NODE, T.RELATIONSHIP, T.PATH])
def test_element_types_are_not_storable(ptype):
    with pytest.raises(GraphError, match="cannot be stored"):
        type_to_json(ptype)


def test_unknown_types_in_a_schema_file_are_named():
    with pytest.raises(GraphError, match="unknown property type 'BLOB'"):
        type_from_json("BLOB")


def layout() -> GraphLayout:
    props = tuple(
        StoredColumn(f"k{i} ü", None if t == T.NULL else column_name(i, f"k{i}"), t, i % 2 == 0)
        for i, t in enumerate(PROPERTY_TYPES)
    )
    return GraphLayout(
        id_type=T.STRING,
        next_id=(1 << 48) + 5,
        id_tags=(0, 1),
        node_tables=(
            StoredTable("n0_person", props, labels=("Person", "`Ünï` code")),
            StoredTable("n1_nolabel", (), labels=()),
        ),
        relationship_tables=(StoredTable("r0_knows", props[:3], rel_type="KNOWS ME"),),
    )


def test_schema_file_round_trip():
    original = layout()
    text = original.to_text()
    assert json.loads(text)["format_version"] == FORMAT_VERSION
    back = GraphLayout.from_text(text)
    assert back == original
    assert back.tables == original.node_tables + original.relationship_tables
    assert back.node_tables[1].is_node_table and not back.relationship_tables[0].is_node_table


def test_damaged_or_future_schema_files_are_errors():
    with pytest.raises(GraphError, match="schema file is damaged"):
        GraphLayout.from_text("{not json")
    with pytest.raises(GraphError, match="damaged"):
        GraphLayout.from_text('{"format_version": 1}')
    obj = json.loads(layout().to_text())
    obj["format_version"] = 99
    with pytest.raises(GraphError, match="format version 99 is not supported"):
        GraphLayout.from_text(json.dumps(obj))
    obj["format_version"], obj["id_type"] = 1, "FLOAT"
    with pytest.raises(GraphError, match="unknown id type 'FLOAT'"):
        GraphLayout.from_text(json.dumps(obj))


def test_types_needing_json_in_flat_formats():
    assert is_composite(T.ListType(T.INTEGER)) and is_composite(T.DATE) and is_composite(T.ANY)
    assert is_composite(T.MAP) and is_composite(T.NUMBER)
    assert not any(is_composite(t) for t in (T.INTEGER, T.FLOAT, T.STRING, T.BOOLEAN))
    assert contains_null_type(T.ListType(T.NULL))
    assert contains_null_type(T.MapType({"a": T.ListType(T.NULL)}))
    assert not contains_null_type(T.ListType(T.INTEGER)) and not contains_null_type(T.MAP)


# -- names ----------------------------------------------------------------------------------


def test_safe_names_are_ascii_and_unique_by_index():
    assert name_hint("Ünïcödé Label/../x") == "n_c_d_label_x"
    assert name_hint("日本") == "x"
    assert table_name("n", 0, ["Person", "Admin"]) == "n0_admin_person"
    assert table_name("n", 3, []) == "n3_nolabel"
    assert table_name("r", 1, ["KNOWS"]) == "r1_knows"
    assert column_name(2, "first name") == "p2_first_name"
    names = [table_name("n", i, [label]) for i, label in enumerate(["A", "a", "a b", "a_b"])]
    assert len(set(n.lower() for n in names)) == 4
    assert len(table_name("n", 9, ["x" * 500])) < 40


def test_graph_table_prefixes_tell_case_apart():
    a, b = graph_table_prefix("Social"), graph_table_prefix("social")
    assert a != b and a.startswith("g_social_") and a == a.lower()
    assert "__" not in graph_table_prefix("a__b.c-d")


def test_graph_directories_stay_under_the_root(tmp_path):
    root = str(tmp_path)
    assert graph_directory(root, "social") == os.path.join(os.path.realpath(root), "social")
    assert graph_directory(root, "a.b").endswith("a.b")
    for name in ("..", ".", "", "../x", "a/b", "/etc", "a/../../x"):
        with pytest.raises(GraphError, match="escapes the root"):
            graph_directory(root, name)


def test_a_symlink_out_of_the_root_is_rejected(tmp_path):
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "link").symlink_to(outside)
    with pytest.raises(GraphError, match="escapes the root"):
        graph_directory(str(root), "link")


# -- versions -------------------------------------------------------------------------------


def test_versions_are_fresh_and_recognised():
    first, second = new_version(), new_version()
    assert first != second and is_version(first) and is_version(second)
    assert not is_version("../x") and not is_version("ABCDEF0123456789")


def test_pointer_advance_keeps_the_newest_previous_versions():
    a, b, c, d = (new_version() for _ in range(4))
    pointer = Pointer(a)
    pointer = pointer.advance(b, keep_previous=1)
    assert pointer == Pointer(b, (a,))
    pointer = pointer.advance(c, keep_previous=2)
    assert pointer == Pointer(c, (b, a))
    pointer = pointer.advance(d, keep_previous=1)
    assert pointer == Pointer(d, (c,))
    assert pointer.advance(a, keep_previous=0) == Pointer(a)
    assert Pointer.from_text(pointer.to_text()) == pointer


def test_garbage_is_every_version_the_pointer_does_not_keep():
    a, b, c, leftover = (new_version() for _ in range(4))
    pointer = Pointer(c, (b,))
    assert garbage_versions([a, b, c, leftover], pointer) == sorted([a, leftover])
    assert garbage_versions([a], None) == [a]


def test_damaged_pointers_are_errors():
    with pytest.raises(GraphError, match="damaged"):
        Pointer.from_text("nope")
    with pytest.raises(GraphError, match="invalid version"):
        Pointer.from_text('{"current": "../../etc", "previous": []}')


def test_graph_names_are_those_the_catalog_accepts():
    from graphframe_cypher.api.catalog import split_name

    for name in ("social", "a.b", "team-1.x_y", "9"):
        assert is_graph_name(name)
        split_name(name)
    for name in ("", ".hidden", "a..b", "a/b", "a b", "..", "a."):
        assert not is_graph_name(name)
        with pytest.raises(GraphError):
            split_name(name)
