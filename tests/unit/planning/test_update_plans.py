"""Planning of the updating clauses (SET, REMOVE, DELETE, MERGE) and of query stages, on a
fixed schema (no Spark)."""

from __future__ import annotations

import pytest
from plan_fixtures import SCHEMA, logical_plan
from test_planner import ops_of

from graphframe_cypher import types as T
from graphframe_cypher.compiler import parse
from graphframe_cypher.errors import CypherSemanticError, CypherTypeError, UnsupportedFeature
from graphframe_cypher.graph.model import GraphSchema, NodeTableSpec
from graphframe_cypher.ir.expr import Lit
from graphframe_cypher.logical import operators as L
from graphframe_cypher.logical.stages import changes_elements, split_stages
from graphframe_cypher.relational import operators as R
from graphframe_cypher.relational.lowering import RelationalLowering


def stage_texts(query: str) -> list[list[str]]:
    clauses = parse(query).body.clauses
    return [[type(c).__name__ for c in stage] for stage in split_stages(clauses)]


def update_of(query: str) -> L.UpdateElements:
    (update,) = ops_of(logical_plan(query).root, L.UpdateElements)
    return update


def test_a_stage_ends_after_each_updating_clause():
    assert stage_texts("MATCH (n) SET n.a = 1 RETURN n") == [["Match", "Set"], ["Return"]]
    assert stage_texts("MATCH (n) DELETE n") == [["Match", "Delete"]]
    assert stage_texts("MATCH (n) REMOVE n.a SET n.b = 1") == [
        ["Match", "Remove"],
        ["Set"],
    ]


def test_merge_starts_a_stage_and_creates_stay_together():
    assert stage_texts("UNWIND [1] AS i MERGE (a {k: i}) RETURN a") == [
        ["Unwind"],
        ["Merge"],
        ["Return"],
    ]
    assert stage_texts("CREATE (a) CREATE (b) RETURN a, b") == [["Create", "Create", "Return"]]


def test_a_match_after_create_reads_the_new_graph_in_a_new_stage():
    assert stage_texts("CREATE (a) WITH a MATCH (n) RETURN n") == [
        ["Create", "With"],
        ["Match", "Return"],
    ]
    assert stage_texts("MATCH (a) CREATE (b)") == [["Match", "Create"]]


def test_stages_that_change_elements_refresh_them():
    clauses = parse("MATCH (n) SET n.a = 1 DELETE n").body.clauses
    first, second = split_stages(clauses)
    assert changes_elements(first) and not changes_elements(second)


def test_set_property_writes_the_value():
    update = update_of("MATCH (n:Person) SET n.age = n.age + 1")
    (change,) = update.updates
    assert [k for k, _ in change.properties] == ["age"]
    assert change.properties[0][1].type == T.INTEGER


def test_items_of_one_variable_are_one_change_and_later_writes_win():
    (change,) = update_of("MATCH (n:City) SET n.a = 1, n:X, n.b = 2, n.a = 3").updates
    assert [(k, v.value) for k, v in change.properties] == [("a", 3), ("b", 2)]
    assert change.add_labels == {"X"}


def test_set_map_replaces_every_other_key_with_null():
    (change,) = update_of("MATCH (n:City) SET n = {code: 'x'}").updates
    assert dict(change.properties)["name"] == Lit(None, type=T.NULL)
    assert dict(change.properties)["code"].type == T.STRING


def test_set_plus_map_writes_only_its_keys():
    (change,) = update_of("MATCH (n:City) SET n += {code: 'x', name: null}").updates
    assert [k for k, _ in change.properties] == ["code", "name"]


def test_set_and_remove_labels():
    (change,) = update_of("MATCH (n) SET n:A:B").updates
    assert change.add_labels == {"A", "B"}
    (change,) = update_of("MATCH (n) REMOVE n:A").updates
    assert change.remove_labels == {"A"}


def test_remove_property_writes_null():
    (change,) = update_of("MATCH ()-[r:KNOWS]->() REMOVE r.since").updates
    assert change.properties == (("since", Lit(None, type=T.NULL)),)


@pytest.mark.parametrize(
    "query, error, code",
    [
        ("MATCH (n) SET n.x = [{a: 1}]", CypherTypeError, "InvalidPropertyType"),
        ("MERGE (a {num: null})", CypherSemanticError, "MergeReadOwnWrites"),
        ("MATCH (n) SET n.a = 1 RETURN 1 AS x UNION RETURN 2 AS x", UnsupportedFeature, ""),
    ],
)
def test_compile_time_errors(query, error, code):
    with pytest.raises(error) as info:
        logical_plan(query)
    assert info.value.code == code


def test_delete_lists_the_deleted_elements():
    update = update_of("MATCH p = (a)-[r:KNOWS]->(b) DETACH DELETE a, r, p")
    assert update.detach
    assert [d.type.name for d in update.deletes] == ["NODE", "RELATIONSHIP", "PATH"]


def test_merge_matches_then_creates_per_distinct_key():
    plan = logical_plan("UNWIND [1, 2] AS i MERGE (c:City {name: 'x'}) ON CREATE SET c.n = i")
    root = plan.root
    assert ops_of(root, L.Union) and ops_of(root, L.CreateElements)
    (aggregate,) = ops_of(root, L.Aggregate)
    assert [n for n, _ in aggregate.aggregates] == ["  merge#first"]
    (update,) = ops_of(root, L.UpdateElements)
    assert update.updates[0].condition is not None


def test_update_lowers_to_element_ids():
    plan = logical_plan("MATCH (n:Person) SET n.age = 1 DELETE n")
    relational = RelationalLowering(SCHEMA).lower_plan(plan.root, plan.columns)
    deleting, setting = ops_of(relational, R.UpdateGraph)
    assert setting.changes[0].kind == "NODE"
    assert str(setting.changes[0].element_id) == "n"
    assert [str(d) for d in deleting.delete_nodes] == ["n"]


def test_optional_labels_are_columns_and_filter_the_scan():
    table = NodeTableSpec("t", "id", frozenset({"A"}), (), (("B", "l0"),))
    schema = GraphSchema((table,))
    assert schema.node_tables_with(frozenset({"B"})) == (table,)
    assert schema.labels == {"A", "B"}
    scan = L.NodeScan("n", frozenset({"B"}), schema.node_type(frozenset({"B"})))
    lowered = RelationalLowering(schema).lower(scan).op
    assert isinstance(lowered, R.Filter)
    assert dict(lowered.input.items)["n#l:^b"].name == "l0"
