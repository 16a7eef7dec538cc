"""Planning and lowering of variable-length relationships, paths over them and shortest
paths (no Spark)."""

from __future__ import annotations

from pathlib import Path

import pytest
from plan_fixtures import SCHEMA, logical_plan, ops_of, read_cases

from graphframe_cypher import types as T
from graphframe_cypher.errors import CypherSyntaxError, UnsupportedFeature
from graphframe_cypher.logical import operators as L
from graphframe_cypher.relational import operators as R
from graphframe_cypher.relational.lowering import RelationalLowering
from graphframe_cypher.relational.prune_columns import prune_columns

FIXTURES = Path(__file__).parent / "fixtures" / "var_length.txt"


def relational(query):
    plan = logical_plan(query)
    return prune_columns(RelationalLowering(SCHEMA).lower_plan(plan.root, plan.columns))


@pytest.mark.parametrize(
    "query, expected", [pytest.param(q, e, id=t) for t, q, e in read_cases(FIXTURES)]
)
def test_logical_plan(query, expected):
    assert logical_plan(query).root.pretty() == expected


@pytest.mark.parametrize(
    "pattern, bounds",
    [("*", (1, None)), ("*2", (2, 2)), ("*..3", (1, 3)), ("*0..", (0, None)), ("*2..4", (2, 4))],
)
def test_length_bounds(pattern, bounds):
    (expand,) = ops_of(logical_plan(f"MATCH (a)-[{pattern}]->(b) RETURN b").root, L.VarExpand)
    assert (expand.min_length, expand.max_length) == bounds


def test_the_expand_binds_a_list_of_relationships():
    plan = logical_plan("MATCH (a)-[r:KNOWS*]->(b) RETURN r").root
    assert plan.fields["r"] == T.ListType(SCHEMA.relationship_type(frozenset({"KNOWS"})))


@pytest.mark.parametrize(
    "query, predicate",
    [
        ("MATCH (a)-[r*]->(b)-[s]->(c) RETURN c", "not(in(id(s), r#ids))"),
        ("MATCH (a)-[r*]->(b)-[s*]->(c) RETURN c", "ListFn(r#ids, in(  id, s#ids))"),
        ("MATCH (a)-[r]->(b), (b)-[s*]->(c) RETURN c", "not(in(id(r), s#ids))"),
        # a relationship bound by an earlier MATCH counts too
        ("MATCH ()-[r]->() MATCH (a)-[s]->()-[r]->() RETURN a", "neq(id(s), id(r))"),
    ],
)
def test_relationship_uniqueness(query, predicate):
    filters = [str(f.predicate) for f in ops_of(logical_plan(query).root, L.Filter)]
    assert predicate in filters


def test_path_type_splices_lists():
    plan = logical_plan("MATCH p = (a:Person)-[:KNOWS*]->(b:Person) RETURN p").root
    assert isinstance(plan.fields["p"], T.PathType)
    assert plan.fields["p"].relationship.labels == frozenset({"KNOWS"})


def test_lowered_expand_reads_only_the_ids_it_needs():
    plan = relational("MATCH (a:Person)-[:KNOWS*1..3]->(b) RETURN count(DISTINCT b) AS n")
    (expand,) = ops_of(plan, R.VarExpand)
    assert expand.relationships == "" and expand.reached == "" and expand.nodes is None
    assert expand.steps.column_names == [R.STEP_FROM, R.STEP_TO, R.STEP_ID]
    (scan,) = ops_of(expand.steps, R.TableScan)
    assert scan.source == "knows"


def test_lowered_expand_carries_values_a_path_needs():
    (expand,) = ops_of(relational("MATCH p = (a)-[*]->(b) RETURN p"), R.VarExpand)
    assert expand.relationships and expand.reached and expand.nodes is not None
    assert R.STEP_VALUE in expand.steps.column_names


def test_property_map_filters_each_hop():
    (expand,) = ops_of(relational("MATCH (a)-[:KNOWS*2 {since: 1}]->(b) RETURN b"), R.VarExpand)
    assert ops_of(expand.steps, R.Filter)
    assert (expand.min_length, expand.max_length) == (2, 2)


def test_property_values_from_the_row_filter_the_whole_list():
    query = "MATCH (a:Person) MATCH (a)-[r:KNOWS*1..2 {since: a.age}]->(b) RETURN r"
    filters = [str(f.predicate) for f in ops_of(logical_plan(query).root, L.Filter)]
    assert "ListFn(r, eq(property(  r, 'since'), property(a, 'age')))" in filters


def test_shortest_path_kinds():
    for function, kind in (("shortestPath", "single"), ("allShortestPaths", "all")):
        query = f"MATCH p = {function}((a)-[*]->(b)) RETURN p"
        (expand,) = ops_of(logical_plan(query).root, L.VarExpand)
        assert expand.shortest == kind and expand.target is None


def test_shortest_path_between_bound_nodes_knows_its_target():
    query = "MATCH (a), (b) MATCH p = shortestPath((a)-[*]->(b)) RETURN p"
    (expand,) = ops_of(logical_plan(query).root, L.VarExpand)
    assert str(expand.target) == "id(b)"
    (expand,) = ops_of(relational(query), R.VarExpand)
    assert expand.target == "b" and "b" in expand.input.column_names


@pytest.mark.parametrize(
    "query, error",
    [
        ("MATCH p = shortestPath((a)-[*]->(b)-[*]->(c)) RETURN p", CypherSyntaxError),
        ("MATCH p = shortestPath((a)-[*2..]->(b)) RETURN p", CypherSyntaxError),
        ("MATCH p = shortestPath((a)-[r]->(b)) RETURN p", UnsupportedFeature),
    ],
)
def test_shortest_path_errors(query, error):
    with pytest.raises(error):
        logical_plan(query)


def rewritten_relational(query):
    from graphframe_cypher.rewrite import rewrite

    plan = logical_plan(query)
    return prune_columns(RelationalLowering(SCHEMA).lower_plan(rewrite(plan.root), plan.columns))


def test_reachability_reads_only_the_hop_endpoints():
    plan = rewritten_relational("MATCH (a:Person)-[:KNOWS*1..3]->(b) RETURN count(DISTINCT b)")
    assert not ops_of(plan, R.VarExpand)
    (reach,) = ops_of(plan, R.Reach)
    assert (reach.min_length, reach.max_length, reach.shortest) == (1, 3, False)
    assert reach.steps.column_names == [R.STEP_FROM, R.STEP_TO]


def test_shortest_path_reachability_keeps_its_target():
    query = "MATCH (a:Person), (b:City) MATCH p = shortestPath((a)-[*]-(b)) RETURN a, b"
    (reach,) = ops_of(rewritten_relational(query), R.Reach)
    assert reach.shortest and reach.target


def _reach(low, high):
    scan = L.RelationshipScan("s", frozenset({"KNOWS"}))
    return L.Reach(L.Start(), steps=scan, step_var="s", var="r", min_length=low, max_length=high)


def test_reach_is_validated_when_built():
    assert _reach(0, None).fields == {"r#to": T.INTEGER}
    for low, high in [(2, 3), (1, 0)]:  # walks reach more than trails; an empty interval
        with pytest.raises(ValueError):
            _reach(low, high)
