"""Pattern predicates, pattern comprehensions and EXISTS subqueries in the logical plan
(no Spark): each is a left join of the outer rows with a result keyed by the correlation
variables, computed from their distinct values."""

from __future__ import annotations

import pytest
from plan_fixtures import SCHEMA, logical_plan, ops_of

from graphframe_cypher import ast
from graphframe_cypher import types as T
from graphframe_cypher.errors import UnsupportedFeature
from graphframe_cypher.ir.expr import AggCall
from graphframe_cypher.logical import operators as L
from graphframe_cypher.parser import parse
from graphframe_cypher.relational.lowering import RelationalLowering


def test_pattern_predicate_is_a_left_join_on_the_correlated_node_id():
    plan = logical_plan("MATCH (a:Person) WHERE (a)-[:KNOWS]->() RETURN a.name")
    (join,) = [j for j in ops_of(plan.root, L.Join) if j.kind == "left"]
    assert len(join.on) == 1
    # The subquery starts from the distinct outer values of `a`, not from every outer row.
    assert ops_of(join.right, L.Distinct)
    assert plan.columns == ("a.name",)


def test_uncorrelated_pattern_predicate_joins_without_keys():
    plan = logical_plan("MATCH (a:Person) WHERE ()-[:KNOWS]->() RETURN a.name")
    (join,) = [j for j in ops_of(plan.root, L.Join) if j.kind == "left"]
    assert join.on == ()


def test_pattern_comprehension_collects_per_correlation_key_keeping_nulls():
    plan = logical_plan("MATCH (a:Person) RETURN [(a)-[:KNOWS]->(b) | b.age] AS ages")
    (aggregate,) = ops_of(plan.root, L.Aggregate)
    ((_, collected),) = aggregate.aggregates
    assert isinstance(collected, AggCall) and collected.fn == "collect_all"
    assert len(aggregate.keys) == 1
    assert plan.root.fields["ages"] == T.ListType(T.INTEGER)


def test_full_exists_subquery_carries_the_correlation_key_through_with():
    plan = logical_plan(
        "MATCH (a:Person) WHERE exists { MATCH (a)-[:KNOWS]->(b) WITH b, count(*) AS c "
        "WHERE c > 1 RETURN b } RETURN a.name"
    )
    (aggregate,) = ops_of(plan.root, L.Aggregate)
    # Grouped by the projected variable and by the hidden key of `a`.
    assert any("#key.a" in name for name, _ in aggregate.keys)
    assert len(aggregate.keys) == 2


def test_subqueries_lower_to_relational_operators():
    plan = logical_plan("MATCH (a:Person) RETURN a.name, exists { (a)--() } AS linked")
    RelationalLowering(SCHEMA).lower_plan(plan.root, plan.columns)


def test_pattern_over_a_list_comprehension_variable_is_reported_as_unsupported():
    with pytest.raises(UnsupportedFeature, match="local variable `x`") as caught:
        logical_plan("MATCH (a:Person) RETURN [x IN [a] | [(x)-->(y) | y]] AS l")
    assert caught.value.position.column == 37


def test_substitute_replaces_structurally_equal_subtrees():
    expr = parse("RETURN (a)-->() AND NOT (a)-->() AS x").body.clauses[0].body.items[0].expression
    predicate = next(n for n in expr.walk() if isinstance(n, ast.PatternPredicate))
    replaced = ast.substitute(expr, {predicate: ast.Variable("p")})
    assert not any(isinstance(n, ast.PatternPredicate) for n in replaced.walk())
    assert sum(isinstance(n, ast.Variable) and n.name == "p" for n in replaced.walk()) == 2
