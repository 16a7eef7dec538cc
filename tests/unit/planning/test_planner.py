"""The logical planner and the relational lowering, on a fixed schema (no Spark)."""

from __future__ import annotations

import pytest
from plan_fixtures import SCHEMA, logical_plan, ops_of

from graphframe_cypher import types as T
from graphframe_cypher.errors import CypherSyntaxError
from graphframe_cypher.logical import operators as L
from graphframe_cypher.relational import operators as R
from graphframe_cypher.relational.lowering import RelationalLowering


def lowered(query):
    plan = logical_plan(query)
    return RelationalLowering(SCHEMA).lower_plan(plan.root, plan.columns)


def test_columns_are_named_as_cypher_names_them():
    plan = logical_plan("MATCH (a:Person) RETURN a.name, a.age AS age, count(*)")
    assert plan.columns == ("a.name", "age", "count(*)")


def test_property_types_come_from_the_schema():
    plan = logical_plan("MATCH (a:Person) RETURN a.name AS n, a.level AS l, a.nope AS x")
    assert plan.root.fields == {"n": T.STRING, "l": T.INTEGER, "x": T.NULL}


def test_label_pruning_scans_only_tables_with_all_labels():
    scans = ops_of(lowered("MATCH (a:Admin) RETURN a.name"), R.TableScan)
    assert [s.source for s in scans] == ["admins"]
    scans = ops_of(lowered("MATCH (a:Person) RETURN a.name"), R.TableScan)
    assert sorted(s.source for s in scans) == ["admins", "persons"]


def test_a_label_no_table_has_scans_nothing():
    plan = lowered("MATCH (a:Nobody) RETURN a")
    assert ops_of(plan, R.Empty) and not ops_of(plan, R.TableScan)


def test_relationship_type_pruning():
    scans = ops_of(lowered("MATCH ()-[r:LIVES_IN]->() RETURN r"), R.TableScan)
    assert "lives" in [s.source for s in scans] and "knows" not in [s.source for s in scans]


def test_undirected_relationships_scan_both_orientations():
    scans = [
        s
        for s in ops_of(lowered("MATCH (a)-[r:KNOWS]-(b) RETURN r"), R.TableScan)
        if s.source == "knows"
    ]
    assert len(scans) == 2


def test_relationships_in_one_match_are_distinct():
    plan = logical_plan("MATCH (a)-[r]->(b)-[s]->(c) RETURN c").root
    predicates = [str(f.predicate) for f in ops_of(plan, L.Filter)]
    assert "neq(id(r), id(s))" in predicates


def test_aggregation_groups_by_the_non_aggregate_items():
    plan = logical_plan("MATCH (a:Person) RETURN a.name AS n, count(*) AS c").root
    (agg,) = ops_of(plan, L.Aggregate)
    assert [name for name, _ in agg.keys] == ["n"]
    assert [str(a) for _, a in agg.aggregates] == ["count_star()"]


def test_order_by_may_use_variables_the_projection_dropped():
    plan = logical_plan("MATCH (a:Person) RETURN a.name AS n ORDER BY a.age")
    assert plan.columns == ("n",)
    (sort,) = ops_of(plan.root, L.Sort)
    assert str(sort.items[0][0]) == "property(a, 'age')"


@pytest.mark.parametrize(
    "query, code",
    [
        ("MATCH (a) RETURN a SKIP -1", "NegativeIntegerArgument"),
        ("MATCH (a) RETURN a LIMIT 1.5", "InvalidArgumentType"),
        ("RETURN 1 AS a, 2 AS a", "ColumnNameConflict"),
    ],
)
def test_planning_errors(query, code):
    with pytest.raises(CypherSyntaxError) as info:
        logical_plan(query)
    assert info.value.code == code


def test_skip_and_limit_take_parameters():
    plan = logical_plan("MATCH (a) RETURN a SKIP $s LIMIT $l", {"s": 1, "l": 2}).root
    assert ops_of(plan, L.Skip)[0].count == 1 and ops_of(plan, L.Limit)[0].count == 2
