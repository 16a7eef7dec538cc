"""FileGraphSource end to end: graphs stored as Parquet, ORC and CSV tables and read back
equal (ids, labels, properties of every type, relationships), FROM GRAPH on stored graphs,
overwriting a graph with one derived from it, interrupted stores, names that would escape
the root, drop."""

from __future__ import annotations

import json
import os

import pytest

from graphframe_cypher import CypherSession, NodeTable, RelationshipTable
from graphframe_cypher import types as T
from graphframe_cypher.errors import GraphError
from graphframe_cypher.sources import FileGraphSource

FORMATS = ("parquet", "orc", "csv")

# Every kind of property value: integers, floats (NaN too), strings (empty, multi-line,
# quotes, commas, Unicode), booleans, lists (empty too), maps, temporal values, nulls;
# labels, types and keys that are not identifiers. Kept tiny: every table is a Spark job.
BASE = """
CREATE (a:Person:`Ünïcödé label` {name: 'Alice', age: 30, score: 1.5, ok: true,
          tags: ['a', 'b'], nums: [1, 2, 3], empty: [], nothing: null, `a key`: 'x y',
          born: date('1990-05-17'), seen: datetime('2020-01-01T10:00:00.123456789+01:00'),
          at: localtime('12:34:56'), wait: duration('P1Y2M3DT4H'), pos: {x: 1, y: 2},
          local: localdatetime('2021-03-04T05:06:07')}),
       (b:Person {name: '', age: 40, score: 0.0 / 0.0, ok: false, tags: [],
          big: 4611686018427387904, neg: -7, sum: 0.1 + 0.2, inf: -1.0 / 0.0,
          note: 'line 1\\nline "2", with commas, Malmö'}),
       (a)-[:KNOWS {since: 2010, `wëight`: 0.5, on: date('2000-01-01')}]->(b),
       (b)-[:`LIVES WITH`]->(a),
       (a)-[:KNOWS]->(a)
"""
SMALL = "CREATE (:Person {name: 'Ann', age: 1})-[:KNOWS]->(:City {name: 'Lund'})"


def snapshot(graph) -> list:
    """Everything observable of a graph's elements: ids, labels, types, endpoints and
    properties (repr'd, so that NaN equals NaN)."""
    nodes = graph.cypher("MATCH (n) RETURN n").records.collect()
    rels = graph.cypher("MATCH ()-[r]->() RETURN r").records.collect()
    return sorted(
        [
            (n.id, sorted(n.labels), repr(sorted(n.properties.items())))
            for n in (r["n"] for r in nodes)
        ]
    ) + sorted(
        [
            (r.id, r.type, r.start_node_id, r.end_node_id, repr(sorted(r.properties.items())))
            for r in (row["r"] for row in rels)
        ]
    )


@pytest.fixture(scope="module")
def session(spark):
    return CypherSession(spark)


@pytest.fixture(scope="module")
def base(session):
    return session.create_graph(BASE)


@pytest.fixture(scope="module")
def small(session):
    return session.create_graph(SMALL)


@pytest.fixture(scope="module")
def relabelled(base):
    """A graph whose node tables carry optional labels (SET/REMOVE of labels on some
    nodes) and a property whose type became dynamic."""
    query = "MATCH (p:Person) WHERE p.age > 35 SET p:Senior REMOVE p:Person SET p.age = 'old'"
    return base.cypher(query).graph


@pytest.fixture(scope="module")
def string_ids(session, spark):
    nodes = spark.createDataFrame([("p1", "Ann"), ("p2", "Ben")], "id string, name string")
    rels = spark.createDataFrame([("k1", "p1", "p2", 3)], "id string, s string, t string, w int")
    return session.read_from(
        NodeTable(nodes, "Person"), RelationshipTable(rels, "KNOWS", source="s", target="t")
    )


@pytest.fixture(scope="module", params=FORMATS)
def stored(request, session, tmp_path_factory, base, relabelled):
    """A source of one format holding base and relabelled."""
    fmt = request.param
    source = FileGraphSource(tmp_path_factory.mktemp(f"graphs_{fmt}"), format=fmt)
    namespace = f"fs_{fmt}"
    session.register_source(namespace, source)
    for name, graph in (("base", base), ("relabelled", relabelled)):
        session.catalog.store(f"{namespace}.{name}", graph)
    return namespace, source


def test_round_trip_gives_an_equal_graph(session, stored, base, relabelled):
    namespace, source = stored
    assert source.graph_names() == ["base", "relabelled"]
    for name, graph in (("base", base), ("relabelled", relabelled)):
        back = session.catalog.graph(f"{namespace}.{name}")
        assert snapshot(back) == snapshot(graph), name
        assert back.next_id == graph.next_id
        assert sorted(back.id_spaces) == sorted(graph.id_spaces)
        assert back.schema.id_type == graph.schema.id_type


def test_optional_labels_are_split_into_exact_label_combinations(session, stored):
    namespace, source = stored
    back = session.catalog.graph(f"{namespace}.relabelled")
    combos = sorted(sorted(t.labels) for t in back.schema.node_tables)
    assert combos == [["Person", "Ünïcödé label"], ["Senior"]]
    assert all(not t.optional_labels for t in back.schema.node_tables)


def test_string_ids_round_trip_in_csv(session, tmp_path, string_ids):
    source = FileGraphSource(tmp_path, format="csv")
    session.register_source("fs_ids", source)
    session.catalog.store("fs_ids.ids", string_ids)
    back = session.catalog.graph("fs_ids.ids")
    assert back.schema.id_type == string_ids.schema.id_type
    assert snapshot(back) == snapshot(string_ids)


def test_from_graph_reads_a_stored_graph(session, stored):
    namespace, _ = stored
    rows = session.cypher(
        f"FROM GRAPH {namespace}.base MATCH (a:Person)-[k:KNOWS]->(b) "
        "RETURN a.name AS a, b.name AS b, k.since AS since ORDER BY a, b"
    ).records.collect()
    assert rows == [
        {"a": "Alice", "b": "", "since": 2010},
        {"a": "Alice", "b": "Alice", "since": None},
    ]


def test_the_same_graph_object_until_stored_again(session, stored, small):
    namespace, source = stored
    first = session.catalog.graph(f"{namespace}.base")
    assert session.catalog.graph(f"{namespace}.base") is first
    session.catalog.store(f"{namespace}.again", small)
    again = source.graph("again")
    session.catalog.store(f"{namespace}.again", small)
    assert source.graph("again") is not again
    source.drop("again")


def test_stored_files_have_safe_names_and_a_schema_file(stored):
    _, source = stored
    directory = os.path.join(source.root, "base")
    with open(os.path.join(directory, "CURRENT")) as f:
        current = json.load(f)["current"]
    version = os.path.join(directory, f".v-{current}")
    with open(os.path.join(version, "schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    assert schema["format_version"] == 1
    labels = sorted(sorted(t["labels"]) for t in schema["node_tables"])
    assert ["Person", "Ünïcödé label"] in labels
    tables = sorted(e for e in os.listdir(version) if e != "schema.json")
    assert all(e.isascii() and " " not in e for e in tables)
    assert len(tables) == len(schema["node_tables"]) + len(schema["relationship_tables"])


# -- overwriting, interrupted stores ----------------------------------------------------------


@pytest.fixture(scope="module")
def fs(session, tmp_path_factory):
    source = FileGraphSource(tmp_path_factory.mktemp("graphs_fs"))
    session.register_source("fs", source)
    return source


def versions(source: FileGraphSource, name: str) -> list[str]:
    return sorted(e for e in os.listdir(os.path.join(source.root, name)) if e.startswith(".v-"))


def test_overwrite_a_graph_with_one_derived_from_it(session, fs, small):
    session.catalog.store("fs.people", small)
    stored = session.catalog.graph("fs.people")
    derived = stored.cypher("MATCH (p:Person) SET p.age = p.age + 1, p:Aged").graph
    expected = snapshot(derived)
    session.catalog.store("fs.people", derived)
    assert snapshot(session.catalog.graph("fs.people")) == expected
    # the graph derived from the previous version still reads it (kept one store longer)
    assert snapshot(derived) == expected
    again = session.catalog.graph("fs.people").cypher("MATCH (p:Aged) SET p.age = 0").graph
    session.catalog.store("fs.people", again)
    assert len(versions(fs, "people")) == 2  # the current and one previous version
    ages = session.cypher("FROM GRAPH fs.people MATCH (p:Aged) RETURN p.age AS a").records
    assert [r["a"] for r in ages.collect()] == [0]


def test_overwrite_without_keeping_previous_versions(session, tmp_path, small):
    source = FileGraphSource(tmp_path, format="orc", keep_previous=0)
    session.register_source("fs0", source)
    session.catalog.store("fs0.g", small)
    derived = session.catalog.graph("fs0.g").cypher("MATCH (n:City) SET n.big = true").graph
    expected = snapshot(derived)
    session.catalog.store("fs0.g", derived)
    assert len(versions(source, "g")) == 1
    assert snapshot(session.catalog.graph("fs0.g")) == expected


def test_a_store_failing_midway_leaves_the_previous_version(session, fs, small, monkeypatch):
    session.catalog.store("fs.stable", small)
    before = snapshot(session.catalog.graph("fs.stable"))
    storage = fs._storage
    written = []
    original = storage.write_table

    def write_then_fail(name, version, table, df, **options):
        if written:
            raise OSError("disk full (simulated)")
        written.append(table)
        original(name, version, table, df, **options)

    monkeypatch.setattr(storage, "write_table", write_then_fail)
    other = session.create_graph("CREATE (:Other {v: 1}), (:Other2 {v: 2})")
    with pytest.raises(GraphError, match="previous version is unchanged.*disk full"):
        session.catalog.store("fs.stable", other)
    with pytest.raises(GraphError, match="failed"):
        session.catalog.store("fs.fresh", other)
    monkeypatch.undo()
    assert written  # the first table was written before the failure
    assert snapshot(session.catalog.graph("fs.stable")) == before
    assert len(versions(fs, "stable")) == 1  # the aside version was deleted
    assert "fresh" not in fs.graph_names()
    assert "fs.fresh" not in session.catalog


def test_a_query_failing_at_runtime_while_stored(session, fs, small):
    session.catalog.store("fs.runtime", small)
    before = snapshot(session.catalog.graph("fs.runtime"))
    failing = small.cypher("MATCH (p:Person) SET p.ratio = 100 / (p.age - p.age)").graph
    with pytest.raises(GraphError, match="storing graph .runtime.*previous version.*zero"):
        session.catalog.store("fs.runtime", failing)
    assert snapshot(session.catalog.graph("fs.runtime")) == before
    assert len(versions(fs, "runtime")) == 1


def test_a_crashed_store_leftover_is_ignored_then_cleaned(session, fs, small):
    session.catalog.store("fs.crashed", small)
    leftover = os.path.join(fs.root, "crashed", ".v-0123456789abcdef")
    os.makedirs(os.path.join(leftover, "n0_person"))  # half written, no schema file
    stale_pointer = os.path.join(fs.root, "crashed", ".tmp-abc")
    open(stale_pointer, "w").close()  # an interrupted switch
    assert fs.graph_names().count("crashed") == 1
    assert snapshot(session.catalog.graph("fs.crashed")) == snapshot(small)
    session.catalog.store("fs.crashed", small)
    assert not os.path.exists(leftover) and not os.path.exists(stale_pointer)


# -- names, drop, errors ----------------------------------------------------------------------


def test_tables_of_one_label_combination_are_merged(session, fs, small):
    grown = small.cypher("CREATE (:Person {name: 'Bo', age: 'old', extra: [1]})").graph
    assert len(grown.schema.node_tables_with(frozenset({"Person"}))) == 2
    session.catalog.store("fs.grown", grown)
    back = session.catalog.graph("fs.grown")
    (person,) = back.schema.node_tables_with(frozenset({"Person"}))
    assert person.property_types()["age"] == T.ANY  # INTEGER and STRING joined
    assert snapshot(back) == snapshot(grown)


def test_catalog_create_graph_stores_a_constructed_graph(session, fs, small):
    session.catalog.store("fs.left", small)
    session.catalog.store("fs.right", small)
    session.cypher(
        "CATALOG CREATE GRAPH fs.both { FROM GRAPH fs.left MATCH (a:Person) "
        "FROM GRAPH fs.right MATCH (b:City) CONSTRUCT CLONE a, b CREATE (a)-[:NEAR]->(b) "
        "RETURN GRAPH }"
    )
    both = session.catalog.graph("fs.both")
    assert len(both.id_spaces) == 3  # left's, right's and the new relationship's
    rows = both.cypher("MATCH (p:Person)-[:NEAR]->(c:City) RETURN p.name AS p, c.name AS c")
    assert rows.records.collect() == [{"p": "Ann", "c": "Lund"}]
    # clones read back from the two stored graphs are different elements
    assert both.cypher("MATCH (n) RETURN count(DISTINCT n) AS n").records.collect() == [{"n": 2}]


def test_the_empty_graph_round_trip(session, fs):
    session.catalog.store("fs.empty", session.empty_graph())
    back = session.catalog.graph("fs.empty")
    assert back.schema.node_tables == () and back.schema.relationship_tables == ()
    assert back.cypher("MATCH (n) RETURN count(n) AS c").records.collect() == [{"c": 0}]


def test_nested_names_and_drop(session, fs, small):
    session.catalog.store("fs.team.sales", small)
    assert "team.sales" in fs.graph_names()
    assert "fs.team.sales" in session.catalog.names()
    rows = session.cypher("FROM GRAPH fs.team.sales MATCH (c:City) RETURN c.name AS n").records
    assert rows.collect() == [{"n": "Lund"}]
    session.catalog.drop("fs.team.sales")
    assert "team.sales" not in fs.graph_names()
    assert not os.path.exists(os.path.join(fs.root, "team.sales"))
    with pytest.raises(GraphError, match="unknown graph 'fs.team.sales'"):
        session.catalog.graph("fs.team.sales")


def test_names_escaping_the_root_are_rejected(session, fs, small):
    with pytest.raises(GraphError, match="invalid graph name"):
        session.catalog.store("fs.../evil", small)
    for name in ("../evil", "a/../../evil", "/tmp/evil", ".."):
        with pytest.raises(GraphError, match="escapes the root"):
            fs.store(name, small)
    assert not os.path.exists(os.path.join(os.path.dirname(fs.root), "evil"))


def test_unknown_graph_names_the_root_and_the_graphs(fs, session, small):
    session.catalog.store("fs.known", small)
    with pytest.raises(GraphError, match=f"unknown graph 'missing' in the directory {fs.root}"):
        fs.graph("missing")
    with pytest.raises(GraphError, match="known"):
        fs.graph("missing")
    with pytest.raises(GraphError, match=f"'fs.missing' in the directory {fs.root} .*fs.known"):
        session.catalog.graph("fs.missing")


def test_hadoop_file_system_api(session, tmp_path, small):
    """The Hadoop FileSystem code path (what an hdfs:// root uses), on a local directory."""
    source = FileGraphSource(tmp_path, format="csv", filesystem="hadoop")
    session.register_source("hfs", source)
    assert source.root == f"file://{tmp_path}"
    session.catalog.store("hfs.g", small)
    session.catalog.store("hfs.g", small.cypher("MATCH (c:City) SET c.new = [1]").graph)
    assert source.graph_names() == ["g"]
    assert len(versions(FileGraphSource(tmp_path), "g")) == 2
    rows = session.cypher("FROM GRAPH hfs.g MATCH (c:City) RETURN c.new AS n").records
    assert rows.collect() == [{"n": [1]}]
    with pytest.raises(GraphError, match="escapes the root"):
        source.store("../x", small)
    session.catalog.drop("hfs.g")
    assert source.graph_names() == [] and os.listdir(tmp_path) == []


def test_a_source_must_be_attached_and_valid(small, tmp_path):
    unattached = FileGraphSource(tmp_path)
    for use in (lambda: unattached.store("g", small), unattached.graph_names):
        with pytest.raises(GraphError, match="not attached to a session: register it first"):
            use()
    with pytest.raises(GraphError, match="unknown file format 'json'"):
        FileGraphSource(tmp_path, format="json")
    with pytest.raises(GraphError, match="not a local path"):
        FileGraphSource("hdfs://namenode/graphs", filesystem="local")
    with pytest.raises(GraphError, match="unknown filesystem"):
        FileGraphSource(tmp_path, filesystem="nfs")
