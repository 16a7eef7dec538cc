"""Variable-length relationships, paths over them and shortest paths end to end: whole
results compared with a small Python enumeration of trails (paths repeating no
relationship) on the same graph."""

from __future__ import annotations

from collections import Counter

import pytest

from graphframe_cypher import NodeTable, RelationshipTable
from graphframe_cypher.values import Path, Relationship

NAMES = {1: "Ann", 2: "Bob", 3: "Cy", 4: "Dee", 5: "Eve", 6: "Fay"}
# (id, type, source, target, since)
RELS = [
    (10, "KNOWS", 1, 2, 2000),
    (11, "KNOWS", 2, 3, 2010),
    (12, "KNOWS", 3, 1, 2020),  # a cycle Ann -> Bob -> Cy -> Ann
    (13, "KNOWS", 3, 4, 2005),
    (14, "KNOWS", 4, 4, 2001),  # a self-loop
    (20, "LIKES", 4, 5, None),
    (21, "LIKES", 1, 5, None),
]


@pytest.fixture(scope="module")
def graph(cypher_session, spark):
    people = spark.createDataFrame(list(NAMES.items()), "id long, name string")
    knows = spark.createDataFrame(
        [(i, s, d, y) for i, t, s, d, y in RELS if t == "KNOWS"],
        "id long, src long, dst long, since long",
    )
    likes = spark.createDataFrame(
        [(i, s, d) for i, t, s, d, _ in RELS if t == "LIKES"], "id long, src long, dst long"
    )
    return cypher_session.read_from(
        NodeTable(people, labels=["Person"], id="id"),
        RelationshipTable(knows, type="KNOWS", id="id", source="src", target="dst"),
        RelationshipTable(likes, type="LIKES", id="id", source="src", target="dst"),
    )


def rows(graph, query, parameters=None):
    return graph.cypher(query, parameters).records.collect()


def trails(start, low, high, types=(), direction="out", since=None):
    """Every trail from ``start`` of ``low``..``high`` relationships (high None: any), as
    (relationship ids, node ids)."""
    hops = []
    for rid, rtype, src, dst, year in RELS:
        if types and rtype not in types or (since is not None and year != since):
            continue
        if direction in ("out", "both"):
            hops.append((rid, src, dst))
        if direction in ("in", "both") and not (direction == "both" and src == dst):
            hops.append((rid, dst, src))
    found = []

    def walk(at, rids, nodes):
        if len(rids) >= low:
            found.append((tuple(rids), tuple(nodes)))
        if high is not None and len(rids) == high:
            return
        for rid, src, dst in hops:
            if src == at and rid not in rids:
                walk(dst, rids + [rid], nodes + [dst])

    walk(start, [], [start])
    return found


def end_names(found):
    return Counter(NAMES[nodes[-1]] for _, nodes in found)


@pytest.mark.parametrize(
    "pattern, low, high, types, direction",
    [
        ("-[:KNOWS*]->", 1, None, ("KNOWS",), "out"),
        ("-[:KNOWS*2]->", 2, 2, ("KNOWS",), "out"),
        ("-[:KNOWS*0..2]->", 0, 2, ("KNOWS",), "out"),
        ("-[*..3]-", 1, 3, (), "both"),
        ("<-[:KNOWS|LIKES*1..]-", 1, None, ("KNOWS", "LIKES"), "in"),
        ("-[*3..2]->", 3, 2, (), "out"),
    ],
)
def test_paths_from_one_node(graph, pattern, low, high, types, direction):
    result = rows(graph, f"MATCH (a:Person {{name: 'Ann'}}){pattern}(b) RETURN b.name AS b")
    expected = end_names(trails(1, low, high, types, direction))
    assert Counter(r["b"] for r in result) == expected


def test_property_map_applies_to_every_hop(graph):
    result = rows(graph, "MATCH (a {name: 'Ann'})-[:KNOWS*1.. {since: 2000}]->(b) RETURN b.name")
    assert result == [{"b.name": "Bob"}]
    # a value read from the row is checked on the whole relationship list
    result = rows(
        graph,
        "MATCH (a {name: 'Ann'}) WITH a, 1000 + 1000 AS year "
        "MATCH (a)-[:KNOWS*1.. {since: year}]->(b) RETURN b.name",
    )
    assert result == [{"b.name": "Bob"}]


def test_unbounded_from_every_node_terminates(graph):
    (row,) = rows(graph, "MATCH (a)-[*]-(b) RETURN count(*) AS paths")
    assert row["paths"] == sum(len(trails(n, 1, None, (), "both")) for n in NAMES)


def test_relationship_list_variable(graph):
    result = rows(
        graph,
        "MATCH (a {name: 'Ann'})-[rs:KNOWS*2]->(b) "
        "RETURN [r IN rs | id(r)] AS ids, [r IN rs | r.since] AS years, b.name AS b",
    )
    assert result == [{"ids": [10, 11], "years": [2000, 2010], "b": "Cy"}]
    (row,) = rows(graph, "MATCH ({name: 'Ann'})-[rs:KNOWS*1]->() RETURN rs")
    (rel,) = row["rs"]
    assert isinstance(rel, Relationship) and rel.id == 10 and rel.type == "KNOWS"


def test_path_variable_over_variable_length_segments(graph):
    result = rows(
        graph,
        "MATCH p = (a {name: 'Ann'})-[:KNOWS*0..2]->(b)-[:LIKES]->(c) "
        "RETURN [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | id(r)] AS ids, "
        "length(p) AS length ORDER BY length",
    )
    assert result == [
        {"names": ["Ann", "Eve"], "ids": [21], "length": 1},
    ]
    (row,) = rows(graph, "MATCH p = (a {name: 'Cy'})-[:KNOWS*2]->(b) WHERE b.name = 'Bob' RETURN p")
    path = row["p"]
    assert isinstance(path, Path)
    assert [n.properties["name"] for n in path.nodes] == ["Cy", "Ann", "Bob"]
    assert [r.id for r in path.relationships] == [12, 10]


def test_zero_length_path_is_the_start_node(graph):
    result = rows(graph, "MATCH p = (a {name: 'Fay'})-[*0..]->(b) RETURN b.name, length(p) AS n")
    assert result == [{"b.name": "Fay", "n": 0}]


def test_uniqueness_across_the_pattern(graph):
    # The second, fixed relationship may not reuse one of the variable-length ones.
    result = rows(
        graph,
        "MATCH (a {name: 'Ann'})-[rs:KNOWS*1..3]->(b)-[k:KNOWS]->(c) "
        "RETURN [r IN rs | id(r)] AS ids, id(k) AS k",
    )
    expected = [
        (list(rids), k)
        for rids, nodes in trails(1, 1, 3, ("KNOWS",))
        for k, t, s, _, _ in RELS
        if t == "KNOWS" and s == nodes[-1] and k not in rids
    ]
    assert sorted((r["ids"], r["k"]) for r in result) == sorted(expected)


def test_optional_match(graph):
    result = rows(
        graph,
        "MATCH (a:Person) WHERE a.name IN ['Dee', 'Fay'] "
        "OPTIONAL MATCH (a)-[:LIKES*]->(b) RETURN a.name AS a, b.name AS b ORDER BY a",
    )
    assert result == [{"a": "Dee", "b": "Eve"}, {"a": "Fay", "b": None}]
    result = rows(
        graph,
        "MATCH (a {name: 'Fay'}) OPTIONAL MATCH p = (a)-[*]->() RETURN p",
    )
    assert result == [{"p": None}]


def test_a_bound_list_must_be_the_path(graph):
    query = (
        "MATCH ()-[r1:KNOWS {since: 2000}]->()-[r2:KNOWS {since: 2010}]->() "
        "WITH [r1, r2] AS rs MATCH (x)-[rs*]->(y) RETURN x.name AS x, y.name AS y"
    )
    assert rows(graph, query) == [{"x": "Ann", "y": "Cy"}]
    assert rows(graph, query.replace("(x)-[rs*]->(y)", "(x)<-[rs*]-(y)")) == []


def test_shortest_paths(graph):
    result = rows(
        graph,
        "MATCH (a {name: 'Ann'}), (b {name: 'Eve'}) "
        "MATCH p = shortestPath((a)-[*]->(b)) RETURN [r IN relationships(p) | id(r)] AS ids",
    )
    assert result == [{"ids": [21]}]
    result = rows(
        graph,
        "MATCH p = allShortestPaths((a {name: 'Bob'})-[*]-(b {name: 'Dee'})) "
        "RETURN [n IN nodes(p) | n.name] AS names",
    )
    assert result == [{"names": ["Bob", "Cy", "Dee"]}]
    result = rows(
        graph,
        "MATCH p = allShortestPaths((a {name: 'Cy'})-[*]-(b {name: 'Eve'})) "
        "RETURN [n IN nodes(p) | n.name] AS names ORDER BY names",
    )
    assert result == [{"names": ["Cy", "Ann", "Eve"]}, {"names": ["Cy", "Dee", "Eve"]}]


def test_shortest_path_per_pair(graph):
    result = rows(
        graph,
        "MATCH p = shortestPath((a {name: 'Ann'})-[:KNOWS*]->(b)) "
        "RETURN b.name AS b, length(p) AS n ORDER BY b",
    )
    assert result == [
        {"b": "Bob", "n": 1},
        {"b": "Cy", "n": 2},
        {"b": "Dee", "n": 3},
    ]


def test_shortest_path_between_bound_nodes(graph):
    # Eve-Ann-Cy (relationships 21, 12) and Eve-Dee-Cy (20, 13) are both shortest: the one
    # with the smallest relationship ids is chosen.
    result = rows(
        graph,
        "MATCH (a:Person {name: 'Eve'}), (b:Person) WHERE b.name IN ['Dee', 'Cy', 'Fay'] "
        "OPTIONAL MATCH p = shortestPath((a)-[*]-(b)) "
        "RETURN b.name AS b, [n IN nodes(p) | n.name] AS names ORDER BY b",
    )
    assert result == [
        {"b": "Cy", "names": ["Eve", "Dee", "Cy"]},
        {"b": "Dee", "names": ["Eve", "Dee"]},
        {"b": "Fay", "names": None},
    ]
    result = rows(
        graph,
        "MATCH (a:Person {name: 'Eve'}), (b:Person) WHERE b.name IN ['Dee', 'Cy', 'Fay'] "
        "MATCH p = allShortestPaths((a)-[*]-(b)) RETURN b.name AS b, length(p) AS n",
    )
    assert sorted((r["b"], r["n"]) for r in result) == [("Cy", 2), ("Cy", 2), ("Dee", 1)]


def test_where_on_the_start_node(graph):
    # (the condition is applied before the expand: see the push_down_filters fixtures)
    result = rows(graph, "MATCH (a)-[:KNOWS*]->(b) WHERE a.name = 'Ann' RETURN b.name AS b")
    assert Counter(r["b"] for r in result) == end_names(trails(1, 1, None, ("KNOWS",)))


# -- reachability: patterns whose paths nothing reads (rewrite/plan_reachability) ----------


def reached(start, low, high, types=(), direction="out"):
    return {NAMES[nodes[-1]] for _, nodes in trails(start, low, high, types, direction)}


@pytest.mark.parametrize(
    "pattern, low, high, types, direction",
    [
        ("-[:KNOWS*]->", 1, None, ("KNOWS",), "out"),  # back to the start through the cycle
        ("-[:KNOWS*1..2]->", 1, 2, ("KNOWS",), "out"),
        ("-[:KNOWS*0..1]->", 0, 1, ("KNOWS",), "out"),
        ("<-[:KNOWS|LIKES*]-", 1, None, ("KNOWS", "LIKES"), "in"),
        ("-[*1..1000000]->", 1, None, (), "out"),
    ],
)
def test_distinct_far_ends_are_those_of_trails(graph, pattern, low, high, types, direction):
    query = f"MATCH (a:Person){pattern}(b) RETURN a.name AS a, collect(DISTINCT b.name) AS bs"
    result = {r["a"]: set(r["bs"]) for r in rows(graph, query)}
    expected = {NAMES[n]: reached(n, low, high, types, direction) for n in NAMES}
    assert result == {a: bs for a, bs in expected.items() if bs}


def test_rows_per_path_where_rows_count(graph):
    # The same pattern counted without DISTINCT still has one row per trail.
    (row,) = rows(graph, "MATCH (a {name: 'Ann'})-[:KNOWS*]->(b) RETURN count(b) AS n")
    assert row["n"] == len(trails(1, 1, None, ("KNOWS",)))
    (row,) = rows(graph, "MATCH (a {name: 'Ann'})-[:KNOWS*]->(b) RETURN count(DISTINCT b) AS n")
    assert row["n"] == len(reached(1, 1, None, ("KNOWS",)))


def test_exists_with_a_variable_length_pattern(graph):
    result = rows(
        graph,
        "MATCH (a:Person) WHERE EXISTS { (a)-[:KNOWS*]->(:Person {name: 'Dee'}) } "
        "RETURN a.name AS a ORDER BY a",
    )
    assert [r["a"] for r in result] == ["Ann", "Bob", "Cy", "Dee"]


def test_a_huge_bound_stops_when_nothing_extends(graph):
    # Paths enumerated (rows count) and distinct ends alike stop at the last hop that
    # extends, whatever the bound.
    query = "MATCH (a {name: 'Ann'})-[:KNOWS*1..1000000]->(b) RETURN b.name AS b"
    assert Counter(r["b"] for r in rows(graph, query)) == end_names(trails(1, 1, None, ("KNOWS",)))
    query = "MATCH (a {name: 'Ann'})-[:KNOWS*1..1000000]-(b) RETURN DISTINCT b.name AS b"
    assert {r["b"] for r in rows(graph, query)} == reached(1, 1, None, ("KNOWS",), "both")


def test_shortest_paths_whose_path_is_unread(graph):
    result = rows(
        graph,
        "MATCH (a:Person {name: 'Ann'}), (b:Person) "
        "MATCH p = shortestPath((a)-[*]-(b)) RETURN b.name AS b",
    )
    assert sorted(r["b"] for r in result) == ["Bob", "Cy", "Dee", "Eve"]
    result = rows(
        graph,
        "MATCH (a:Person {name: 'Eve'}), (b:Person) WHERE b.name IN ['Dee', 'Cy', 'Fay'] "
        "MATCH p = allShortestPaths((a)-[*]-(b)) RETURN DISTINCT b.name AS b",
    )
    assert sorted(r["b"] for r in result) == ["Cy", "Dee"]
