"""CALL end to end: procedures registered from Python, the built-in db.* procedures, and
the errors users see."""

from __future__ import annotations

import pytest

from graphframe_cypher.errors import CypherProcedureError, CypherSyntaxError

CITIES = "test.cities(country :: STRING?) :: (city :: STRING?, population :: INTEGER?)"
ROWS = [
    {"country": "SE", "city": "Stockholm", "population": 975},
    {"country": "SE", "city": "Malmö", "population": 351},
    {"country": "DE", "city": "Berlin", "population": 3645},
    {"country": None, "city": "Atlantis", "population": None},
]


@pytest.fixture()
def cities(cypher_session):
    cypher_session.register_procedure(CITIES, ROWS)
    yield cypher_session
    cypher_session.unregister_procedure("test.cities")


def rows(session, query, parameters=None, graph=None):
    return session.cypher(query, parameters, graph=graph).records.collect()


def test_standalone_call_streams_matching_rows_in_order(cities):
    assert rows(cities, "CALL test.cities('SE')") == [
        {"city": "Stockholm", "population": 975},
        {"city": "Malmö", "population": 351},
    ]


def test_call_per_input_row_with_where_and_renamed_outputs(cities):
    result = rows(
        cities,
        "UNWIND ['DE', 'SE', 'FR'] AS country "
        "CALL test.cities(country) YIELD city AS name, population WHERE population > 500 "
        "RETURN country, name ORDER BY name",
    )
    assert result == [
        {"country": "DE", "name": "Berlin"},
        {"country": "SE", "name": "Stockholm"},
    ]


def test_null_argument_matches_null_input_and_implicit_arguments_use_parameters(cities):
    assert rows(cities, "CALL test.cities(null) YIELD city RETURN city") == [{"city": "Atlantis"}]
    assert rows(cities, "CALL test.cities", {"country": "DE"}) == [
        {"city": "Berlin", "population": 3645}
    ]


def test_builtin_schema_procedures(cypher_session, sample_graph):
    labels = rows(cypher_session, "CALL db.labels() YIELD label RETURN label", graph=sample_graph)
    assert [r["label"] for r in labels] == sorted(sample_graph.schema.labels)
    types = rows(cypher_session, "CALL db.relationshipTypes()", graph=sample_graph)
    assert {r["relationshipType"] for r in types} == set(sample_graph.schema.relationship_types)


def test_call_errors_name_the_problem_and_position(cities):
    with pytest.raises(CypherProcedureError, match="no procedure `test.towns`") as unknown:
        cities.cypher("CALL test.towns('SE')")
    assert unknown.value.code == "ProcedureNotFound"
    assert (unknown.value.position.line, unknown.value.position.column) == (1, 1)
    with pytest.raises(CypherSyntaxError) as wrong_type:
        cities.cypher("RETURN 1 AS x\nUNION\nCALL test.cities(42) YIELD city RETURN city AS x")
    assert wrong_type.value.code == "InvalidArgumentType"
    assert wrong_type.value.position.line == 3


def test_registering_a_bad_signature_or_row_fails_clearly(cypher_session):
    with pytest.raises(CypherProcedureError, match="unknown type `TEXT`"):
        cypher_session.register_procedure("test.bad(x :: TEXT) :: ()", [])
    with pytest.raises(CypherProcedureError, match="no value for `city`"):
        cypher_session.register_procedure(CITIES, [{"country": "SE"}])
    assert "test.cities" not in cypher_session.procedures
