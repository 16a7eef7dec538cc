"""Small graphs in and out of Python: pandas frames, networkx graphs, and a graph's tables
as DataFrames."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pandas as pd
import pytest

from graphframe_cypher.errors import GraphError
from graphframe_cypher.temporal.values import Date

PEOPLE = pd.DataFrame(
    {
        "id": [1, 2, 3],
        "labels": ["Person", ["Person", "Admin"], "Person"],
        "name": ["Ada", "Bob", None],
        "born": [dt.date(1990, 1, 2), None, dt.date(1985, 5, 6)],
        "score": [1.5, float("nan"), 3.0],
    }
)
KNOWS = pd.DataFrame(
    {"source": [1, 2], "target": [2, 3], "type": ["KNOWS", "LIKES"], "since": [2020, None]}
)


@pytest.fixture(scope="module")
def pandas_graph(cypher_session):
    return cypher_session.from_pandas(PEOPLE, KNOWS)


def rows(graph, query):
    return graph.cypher(query).records.collect()


def test_from_pandas_labels_properties_and_missing_values(pandas_graph):
    result = rows(
        pandas_graph,
        "MATCH (n) RETURN id(n) AS id, labels(n) AS labels, properties(n) AS p ORDER BY id",
    )
    assert [(r["id"], sorted(r["labels"]), r["p"]) for r in result] == [
        (1, ["Person"], {"name": "Ada", "born": Date(1990, 1, 2), "score": 1.5}),
        (2, ["Admin", "Person"], {"name": "Bob"}),
        (3, ["Person"], {"born": Date(1985, 5, 6), "score": 3.0}),
    ]


def test_from_pandas_relationships(pandas_graph):
    result = rows(
        pandas_graph,
        "MATCH (a)-[r]->(b) RETURN a.name AS a, type(r) AS t, r.since AS since, id(b) AS b "
        "ORDER BY t",
    )
    assert result == [
        {"a": "Ada", "t": "KNOWS", "since": 2020, "b": 2},
        {"a": "Bob", "t": "LIKES", "since": None, "b": 3},
    ]


def test_from_pandas_errors_name_the_problem(cypher_session):
    with pytest.raises(GraphError, match="no column 'labels'"):
        cypher_session.from_pandas(pd.DataFrame({"id": [1]}))
    with pytest.raises(GraphError, match="two nodes have the id 1"):
        cypher_session.from_pandas(pd.DataFrame({"id": [1, 1], "labels": ["A", "B"]}))
    with pytest.raises(GraphError, match="points at node 9"):
        cypher_session.from_pandas(
            pd.DataFrame({"id": [1], "labels": ["A"]}),
            pd.DataFrame({"source": [1], "target": [9], "type": ["R"]}),
        )


def test_node_and_relationship_frames(pandas_graph):
    nodes = pandas_graph.node_frame("Person")
    assert nodes.columns[:2] == ["_id", "_labels"]
    assert sorted(nodes.columns[2:]) == ["born", "name", "score"]
    assert sorted(r["_id"] for r in nodes.collect()) == [1, 2, 3]
    rels = pandas_graph.relationship_frame("KNOWS")
    assert rels.columns == ["_id", "_type", "_start", "_end", "since"]
    assert [tuple(r) for r in rels.collect()] == [(0, "KNOWS", 1, 2, 2020)]


def test_networkx_round_trip(cypher_session, pandas_graph):
    exported = pandas_graph.to_networkx()
    assert isinstance(exported, nx.MultiDiGraph)
    assert exported.nodes[2] == {"labels": ["Admin", "Person"], "name": "Bob"}
    assert list(exported.edges(keys=True, data=True)) == [
        (1, 2, 0, {"type": "KNOWS", "since": 2020}),
        (2, 3, 1, {"type": "LIKES"}),
    ]
    back = cypher_session.from_networkx(exported)
    query = (
        "MATCH (a)-[r]->(b) RETURN id(a) AS a, labels(a) AS la, properties(a) AS pa, "
        "type(r) AS t, properties(r) AS pr, id(b) AS b ORDER BY a"
    )
    assert rows(back, query) == rows(pandas_graph, query)


def test_from_networkx_string_keys_and_networkx_algorithms(cypher_session):
    g = nx.karate_club_graph()
    graph = cypher_session.from_networkx(nx.relabel_nodes(g, {n: f"m{n}" for n in g}))
    [count] = rows(graph, "MATCH (a {club: 'Officer'}) RETURN count(a) AS c")
    assert count == {"c": 17}
    [top] = rows(
        graph, "MATCH (a)-[:RELATED_TO]-(b) RETURN a AS n, count(*) AS d ORDER BY d DESC LIMIT 1"
    )
    assert top["n"].id == "m33" and top["d"] == 17
    exported = graph.to_networkx()
    assert nx.number_connected_components(exported.to_undirected()) == 1


def test_to_networkx_refuses_large_graphs_unless_asked(pandas_graph):
    with pytest.raises(GraphError, match="more than 4 elements"):
        pandas_graph.to_networkx(max_elements=4)
    assert pandas_graph.to_networkx(max_elements=5).number_of_nodes() == 3


def test_from_networkx_rejects_colliding_keys(cypher_session):
    g = nx.Graph()
    g.add_nodes_from([1, "1"])
    with pytest.raises(GraphError, match="would both get the id '1'"):
        cypher_session.from_networkx(g)
