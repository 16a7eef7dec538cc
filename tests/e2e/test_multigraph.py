"""Multiple graphs end to end: the catalog, FROM GRAPH, CONSTRUCT (ON, CLONE, CREATE, SET),
RETURN GRAPH, CATALOG statements and views, graph union, element identity across graphs."""

from __future__ import annotations

import pytest

from graphframe_cypher import CypherSession, NodeTable, RelationshipTable
from graphframe_cypher.errors import CypherError, GraphError

SOCIAL = """
CREATE (b:Person {name: 'Bob', age: 40}),
       (a:Person {name: 'Alice', age: 30})-[:FRIEND_OF {since: 2010}]->(b),
       (c:Person {name: 'Carol', age: 50})-[:FRIEND_OF {since: 2015}]->(b)
"""
SHOP = """
CREATE (a:Customer {name: 'Alice'})-[:BOUGHT]->(book:Product {title: 'Book'}),
       (b:Customer {name: 'Bob'})-[:BOUGHT]->(pen:Product {title: 'Pen'}),
       (a)-[:BOUGHT]->(pen)
"""


@pytest.fixture
def session(spark):
    """A fresh session (own catalog) over the shared SparkSession."""
    s = CypherSession(spark)
    s.catalog.store("social", s.create_graph(SOCIAL))
    s.catalog.store("shop", s.create_graph(SHOP))
    return s


def rows(graph_or_session, query, parameters=None):
    return graph_or_session.cypher(query, parameters).records.collect()


def graph_of(session, query, parameters=None):
    result = session.cypher(query, parameters)
    assert result.graph is not None
    return result.graph


def names(graph, label="Person"):
    return sorted(r["n"] for r in rows(graph, f"MATCH (x:{label}) RETURN x.name AS n"))


# -- catalog ----------------------------------------------------------------------------------


def test_catalog_store_list_read_drop(session):
    assert session.catalog.names() == ["session.shop", "session.social"]
    assert "social" in session.catalog and "session.social" in session.catalog
    assert "nothing" not in session.catalog
    social = session.catalog.graph("session.social")
    assert names(social) == ["Alice", "Bob", "Carol"]
    session.catalog.drop("social")
    assert session.catalog.names() == ["session.shop"]
    with pytest.raises(GraphError, match="unknown graph 'social'"):
        session.catalog.graph("social")


@pytest.mark.parametrize("bad", ["", "a..b", "fs.../etc", "a/b", "x.`y`", ".hidden"])
def test_bad_graph_names_are_rejected(session, bad):
    with pytest.raises(GraphError, match="invalid graph name"):
        session.catalog.store(bad, session.empty_graph())


def test_registered_source_serves_a_namespace(session):
    class Memory:
        def __init__(self):
            self.graphs = {}

        def graph_names(self):
            return sorted(self.graphs)

        def has_graph(self, name):
            return name in self.graphs

        def graph(self, name):
            return self.graphs[name]

        def store(self, name, graph):
            self.graphs[name] = graph

        def drop(self, name):
            del self.graphs[name]

    session.register_source("mem", Memory())
    session.catalog.store("mem.social", session.catalog.graph("social"))
    assert session.catalog.names() == ["mem.social", "session.shop", "session.social"]
    with pytest.raises(GraphError, match="ambiguous"):
        session.cypher("FROM GRAPH social MATCH (n) RETURN n")
    assert rows(session, "FROM GRAPH mem.social MATCH (p:Person) RETURN count(p) AS n") == [
        {"n": 3}
    ]
    with pytest.raises(GraphError, match="unknown namespace 'nope'"):
        session.catalog.graph("nope.g")


# -- FROM GRAPH -------------------------------------------------------------------------------


def test_from_graph_switches_the_working_graph(session):
    assert rows(
        session, "FROM GRAPH session.social MATCH (p:Person) RETURN p.name AS n ORDER BY n"
    ) == [{"n": "Alice"}, {"n": "Bob"}, {"n": "Carol"}]
    assert rows(session, "FROM shop MATCH (p:Product) RETURN p.title AS t ORDER BY t") == [
        {"t": "Book"},
        {"t": "Pen"},
    ]


def test_matches_in_two_graphs_join_on_their_variables(session):
    assert rows(
        session,
        "FROM GRAPH social MATCH (p:Person) "
        "FROM GRAPH shop MATCH (c:Customer)-[:BOUGHT]->(x:Product) WHERE p.name = c.name "
        "RETURN p.name AS name, p.age AS age, x.title AS bought ORDER BY name, bought",
    ) == [
        {"name": "Alice", "age": 30, "bought": "Book"},
        {"name": "Alice", "age": 30, "bought": "Pen"},
        {"name": "Bob", "age": 40, "bought": "Pen"},
    ]


def test_subqueries_match_in_the_graph_of_their_query(session):
    assert rows(
        session,
        "FROM GRAPH shop MATCH (c:Customer) "
        "WHERE EXISTS { MATCH (c)-[:BOUGHT]->(:Product {title: 'Book'}) } RETURN c.name AS n",
    ) == [{"n": "Alice"}]


def test_elements_of_different_graphs_never_compare_equal(session):
    # Both graphs were built from ids 0, 1, ...: their elements must still differ.
    assert rows(
        session,
        "FROM GRAPH social MATCH (p) FROM GRAPH shop MATCH (c) WHERE p = c OR id(p) = id(c) "
        "RETURN count(*) AS n",
    ) == [{"n": 0}]


def test_unknown_graph_names_the_graph_and_position(session):
    with pytest.raises(GraphError) as info:
        session.cypher("MATCH (n) FROM GRAPH session.nope MATCH (m) RETURN m")
    assert "unknown graph 'session.nope'" in str(info.value)
    assert info.value.line == 1 and info.value.column == 22


# -- CONSTRUCT --------------------------------------------------------------------------------


def test_construct_on_two_graphs_with_new_relationships(session):
    graph = graph_of(
        session,
        "FROM GRAPH social MATCH (p:Person) FROM GRAPH shop MATCH (c:Customer) "
        "WHERE p.name = c.name CONSTRUCT ON social, shop CREATE (c)-[:IS]->(p) RETURN GRAPH",
    )
    assert rows(graph, "MATCH (n) RETURN count(n) AS n") == [{"n": 7}]
    assert rows(
        graph,
        "MATCH (person:Person)-[:FRIEND_OF]-(:Person)<-[:IS]-(:Customer)-[:BOUGHT]->(p:Product) "
        "RETURN DISTINCT person.name AS person, p.title AS product ORDER BY person, product",
    ) == [
        {"person": "Alice", "product": "Pen"},
        {"person": "Bob", "product": "Book"},
        {"person": "Bob", "product": "Pen"},
        {"person": "Carol", "product": "Pen"},
    ]


def test_clone_keeps_labels_properties_and_identity(session):
    graph = graph_of(
        session,
        "FROM GRAPH social MATCH (a:Person)-[r:FRIEND_OF]->(b:Person) WHERE a.name = 'Alice' "
        "CONSTRUCT CLONE a, b, r RETURN GRAPH",
    )
    assert rows(
        graph,
        "MATCH (a)-[r]->(b) "
        "RETURN a.name AS a, a.age AS age, type(r) AS t, r.since AS s, b.name AS b",
    ) == [{"a": "Alice", "age": 30, "t": "FRIEND_OF", "s": 2010, "b": "Bob"}]
    # Cloned elements stay the same elements: the clone joins with its original.
    union = graph.union(session.catalog.graph("social"))
    assert rows(union, "MATCH (p:Person) RETURN count(p) AS n") == [{"n": 3}]
    assert rows(union, "MATCH ()-[r]->() RETURN count(r) AS n") == [{"n": 2}]


def test_clone_with_alias_and_set(session):
    graph = graph_of(
        session,
        "FROM GRAPH social MATCH (p:Person) WHERE p.age >= 40 "
        "CONSTRUCT CLONE p AS q SET q.senior = true SET q:Senior RETURN GRAPH",
    )
    assert rows(
        graph, "MATCH (s:Senior) RETURN s.name AS n, s.senior AS senior, labels(s) AS l ORDER BY n"
    ) == [
        {"n": "Bob", "senior": True, "l": ["Person", "Senior"]},
        {"n": "Carol", "senior": True, "l": ["Person", "Senior"]},
    ]


def test_set_replaces_merges_and_changes_relationships(session):
    graph = graph_of(
        session,
        "FROM GRAPH social MATCH (a:Person)-[r:FRIEND_OF]->(b:Person) WHERE a.name = 'Carol' "
        "CONSTRUCT CLONE a, b, r NEW (a)-[:MET]->(b) SET a = {name: 'C.'} SET b += {tag: 'x'} "
        "SET r.weight = r.since - 2000 RETURN GRAPH",
    )
    assert rows(
        graph,
        "MATCH (a)-[r:FRIEND_OF]->(b) RETURN properties(a) AS a, properties(b) AS b, "
        "r.since AS since, r.weight AS weight",
    ) == [
        {
            "a": {"name": "C."},
            "b": {"name": "Bob", "age": 40, "tag": "x"},
            "since": 2015,
            "weight": 15,
        }
    ]
    assert rows(graph, "MATCH (a)-[:MET]->(b) RETURN a.name AS a, b.name AS b") == [
        {"a": "C.", "b": "Bob"}
    ]


def test_cloned_relationship_needs_its_endpoints_in_the_graph(session):
    graph = graph_of(
        session,
        "FROM GRAPH social MATCH (a)-[r:FRIEND_OF]->(b) WHERE a.name = 'Alice' "
        "CONSTRUCT CLONE a, r RETURN GRAPH",
    )
    assert rows(graph, "MATCH (n) RETURN n.name AS n") == [{"n": "Alice"}]
    assert rows(graph, "MATCH ()-[r]->() RETURN count(r) AS n") == [{"n": 0}]


def test_create_makes_new_elements_once_per_row(session):
    graph = graph_of(
        session,
        "FROM GRAPH shop MATCH (c:Customer)-[:BOUGHT]->(p:Product) "
        "CONSTRUCT CREATE (o:Order {customer: c.name, product: p.title})-[:OF]->(p) "
        "SET o.total = 1 RETURN GRAPH",
    )
    assert rows(
        graph,
        "MATCH (o:Order)-[:OF]->(p:Product) RETURN o.customer AS c, o.product AS p, "
        "o.total AS t, p.title AS title ORDER BY c, p",
    ) == [
        {"c": "Alice", "p": "Book", "t": 1, "title": "Book"},
        {"c": "Alice", "p": "Pen", "t": 1, "title": "Pen"},
        {"c": "Bob", "p": "Pen", "t": 1, "title": "Pen"},
    ]
    # p is cloned once although two rows hold the pen.
    assert rows(graph, "MATCH (p:Product) RETURN count(p) AS n") == [{"n": 2}]


def test_bound_relationship_in_create_copies_it_between_the_endpoints(session):
    graph = graph_of(
        session,
        "FROM GRAPH social MATCH (a)-[r:FRIEND_OF]->(b) CONSTRUCT CREATE (b)-[r]->(a) RETURN GRAPH",
    )
    assert rows(
        graph,
        "MATCH (a)-[r]->(b) RETURN a.name AS a, type(r) AS t, r.since AS s, b.name AS b ORDER BY s",
    ) == [
        {"a": "Bob", "t": "FRIEND_OF", "s": 2010, "b": "Alice"},
        {"a": "Bob", "t": "FRIEND_OF", "s": 2015, "b": "Carol"},
    ]


def test_return_graph_without_construct_returns_the_working_graph(session):
    graph = graph_of(session, "FROM GRAPH social RETURN GRAPH")
    assert names(graph) == ["Alice", "Bob", "Carol"]


def test_construct_with_literal_elements_only(session):
    graph = graph_of(session, "CONSTRUCT CREATE (:A {x: 1})-[:R]->(:B) RETURN GRAPH")
    assert rows(graph, "MATCH (a:A)-[:R]->(b:B) RETURN a.x AS x") == [{"x": 1}]


def test_composition_chain_construct_query_extend_store_drop(session):
    session.cypher(
        "CATALOG CREATE GRAPH session.buyers { FROM GRAPH shop MATCH (c:Customer)-[b:BOUGHT]->(p) "
        "CONSTRUCT CLONE c, b, p RETURN GRAPH }"
    )
    buyers = session.catalog.graph("buyers")
    assert rows(buyers, "MATCH (c:Customer)-->(p) RETURN count(*) AS n") == [{"n": 3}]
    extended = graph_of(
        session,
        "FROM GRAPH buyers MATCH (c:Customer) FROM GRAPH social MATCH (p:Person) "
        "WHERE c.name = p.name CONSTRUCT ON buyers CLONE p CREATE (c)-[:IS]->(p) RETURN GRAPH",
    )
    assert rows(
        extended,
        "MATCH (p:Person)<-[:IS]-(c:Customer)-[:BOUGHT]->(x) "
        "RETURN p.name AS n, x.title AS t ORDER BY n, t",
    ) == [{"n": "Alice", "t": "Book"}, {"n": "Alice", "t": "Pen"}, {"n": "Bob", "t": "Pen"}]
    # The clones of buyers' elements are the same elements: ON buyers adds no duplicates.
    assert rows(extended, "MATCH (c:Customer) RETURN count(c) AS n") == [{"n": 2}]
    session.catalog.store("extended", extended)
    assert rows(session, "FROM extended MATCH (n) RETURN count(n) AS n") == [{"n": 6}]
    session.cypher("CATALOG DROP GRAPH extended")
    assert "extended" not in session.catalog


def test_views_are_expanded_with_their_graph_arguments(session):
    session.cypher(
        "CATALOG CREATE VIEW buyers_of($people, $shop) { "
        "FROM GRAPH $people MATCH (p:Person) FROM GRAPH $shop MATCH (c:Customer) "
        "WHERE p.name = c.name CONSTRUCT CLONE p, c CREATE (c)-[:IS]->(p) RETURN GRAPH }"
    )
    assert rows(
        session,
        "FROM GRAPH buyers_of(session.social, session.shop) MATCH (c)-[:IS]->(p) "
        "RETURN p.name AS n ORDER BY n",
    ) == [{"n": "Alice"}, {"n": "Bob"}]
    with pytest.raises(GraphError, match="takes 2 graph"):
        session.cypher("FROM GRAPH buyers_of(social) MATCH (n) RETURN n")
    session.cypher("CATALOG DROP VIEW buyers_of")
    with pytest.raises(GraphError, match="unknown"):
        session.cypher("FROM GRAPH buyers_of(social, shop) MATCH (n) RETURN n")


def test_graph_union_keeps_graphs_apart(session):
    union = session.catalog.graph("social").union(session.catalog.graph("shop"))
    assert rows(union, "MATCH (n) RETURN count(n) AS n") == [{"n": 7}]
    assert rows(union, "MATCH ()-[r]->() RETURN count(r) AS n") == [{"n": 5}]
    assert rows(union, "MATCH (a)-->(b) RETURN count(DISTINCT a) AS n") == [{"n": 4}]


def test_union_of_string_id_graphs(spark):
    session = CypherSession(spark)
    people = spark.createDataFrame([("a", "Ann"), ("b", "Bob")], "id string, name string")
    knows = spark.createDataFrame([("k", "a", "b")], "id string, src string, dst string")
    one = session.read_from(
        NodeTable(people, labels="P"),
        RelationshipTable(knows, type="K", source="src", target="dst"),
    )
    two = session.read_from(NodeTable(people, labels="P"))
    union = one.union(two)
    assert rows(union, "MATCH (p:P) RETURN count(p) AS n") == [{"n": 4}]
    assert rows(union, "MATCH (a)-[:K]->(b) RETURN a.name AS a, b.name AS b") == [
        {"a": "Ann", "b": "Bob"}
    ]


def test_construct_on_a_string_id_graph(spark):
    session = CypherSession(spark)
    people = spark.createDataFrame([("a", "Ann"), ("b", "Bob")], "id string, name string")
    session.catalog.store("people", session.read_from(NodeTable(people, labels="P")))
    graph = graph_of(
        session,
        "FROM GRAPH people MATCH (x:P) "
        "CONSTRUCT ON people CREATE (x)-[:HAS]->(:Tag {name: x.name + '!'}) RETURN GRAPH",
    )
    assert rows(
        graph, "MATCH (x:P)-[:HAS]->(t:Tag) RETURN x.name AS x, t.name AS t ORDER BY x"
    ) == [
        {"x": "Ann", "t": "Ann!"},
        {"x": "Bob", "t": "Bob!"},
    ]
    assert rows(graph, "MATCH (n) RETURN count(DISTINCT id(n)) AS n") == [{"n": 4}]


def test_schema_is_printable(session):
    text = str(session.catalog.graph("social").schema)
    assert ":Person {age: INTEGER, name: STRING}" in text
    assert ":FRIEND_OF {since: INTEGER}" in text


@pytest.mark.parametrize(
    "query, message",
    [
        (
            "FROM GRAPH social MATCH (n) CONSTRUCT CLONE n",
            "CONSTRUCT must be followed by RETURN GRAPH",
        ),
        (
            "FROM GRAPH social MATCH (n) CONSTRUCT CLONE n SET m.x = 1 RETURN GRAPH",
            "not defined|not built",
        ),
        ("FROM GRAPH social MATCH (n) CREATE (m) RETURN GRAPH", "cannot update"),
        ("CATALOG CREATE GRAPH g { MATCH (n) RETURN n }", "must end with RETURN GRAPH"),
    ],
)
def test_bad_multiple_graph_queries(session, query, message):
    with pytest.raises(CypherError, match=message):
        session.cypher(query)


def test_variable_length_paths_go_through_the_graph_of_from_graph(session):
    chain = graph_of(session, "CREATE (a {n: 1})-[:R]->({n: 2})-[:R]->({n: 3})")
    session.catalog.store("chain", chain)
    other = graph_of(session, "CREATE ({n: 9})-[:R]->({n: 8})")
    query = (
        "FROM GRAPH session.chain MATCH p = (a)-[:R*]->(b) "
        "RETURN a.n AS a, b.n AS b, [x IN nodes(p) | x.n] AS ns ORDER BY a, b"
    )
    assert rows(other, query) == [
        {"a": 1, "b": 2, "ns": [1, 2]},
        {"a": 1, "b": 3, "ns": [1, 2, 3]},
        {"a": 2, "b": 3, "ns": [2, 3]},
    ]
