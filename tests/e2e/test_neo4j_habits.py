"""Reading results as the Neo4j driver does, and parameters as keywords, end to end."""

from __future__ import annotations

import pytest

from graphframe_cypher import CypherSyntaxError, Record, ResultNotSingleError

PEOPLE = "MATCH (p:Person) WHERE p.age > $age RETURN p.name AS name, p.age AS age ORDER BY age"


def test_keys_values_value_and_data(sample_graph):
    result = sample_graph.cypher(PEOPLE, age=50)
    assert result.keys() == ["name", "age"]
    assert result.data() == [{"name": "Frank", "age": 52}]
    assert result.values() == [["Frank", 52]] and result.values("age") == [[52]]
    assert result.value() == ["Frank"] and result.value("age") == [52]


def test_single(sample_graph):
    record = sample_graph.cypher(PEOPLE, {"age": 40}, age=50).single()  # keywords win
    assert record == Record(["name", "age"], ["Frank", 52]) and record["age"] == 52
    with pytest.warns(UserWarning, match="no records"):
        assert sample_graph.cypher(PEOPLE, age=99).single() is None
    with pytest.raises(ResultNotSingleError, match="more than one record"):
        sample_graph.cypher(PEOPLE, age=0).single(strict=True)


def test_path_relationships_know_their_nodes(sample_graph):
    path = sample_graph.cypher(
        "MATCH p = (a:Person {name: 'Frank'})-[:WORKS_AT]->(:Company) RETURN p"
    ).single()["p"]
    works_at = path.relationships[0]
    assert works_at.start_node["name"] == "Frank" and "Company" in works_at.end_node.labels
    assert works_at.start_node.element_id == str(works_at.start_node_id)


def test_syntax_errors_are_the_exported_class(sample_graph):
    with pytest.raises(CypherSyntaxError):
        sample_graph.cypher("MATCH (n RETURN n")


def test_keywords_as_variable_names(sample_graph):
    # a Morpheus query: variables and aliases named by keywords that cannot be misread
    result = sample_graph.cypher(
        "MATCH (for:Person)-[order:WORKS_AT]->(end:Company) "
        "RETURN for.name AS limit, end.name AS desc ORDER BY limit DESC LIMIT 1"
    )
    assert result.data() == [{"limit": "Mallory", "desc": "Acme"}]


def test_records_show_prints_a_rich_table(sample_graph, capsys):
    sample_graph.cypher("MATCH (p:Person) RETURN p.name AS name ORDER BY name").records.show(2)
    printed = capsys.readouterr().out
    assert "'Alice'" in printed and "'Bob'" in printed and "'Carol'" not in printed
    assert "━" in printed and "(2 rows, 10 more not shown)" in printed
