"""An operator whose result the plan reads in several places stays one operator through
rewriting, lowering and column pruning, and is marked for materialization when its rows
may differ between evaluations (relational/sharing.py). No Spark."""

from __future__ import annotations

import pytest
from plan_fixtures import SCHEMA, logical_plan, ops_of

from graphframe_cypher.relational import operators as R
from graphframe_cypher.relational.lowering import RelationalLowering
from graphframe_cypher.relational.prune_columns import prune_columns
from graphframe_cypher.relational.sharing import PlanSharing
from graphframe_cypher.rewrite import rewrite


def relational(query: str) -> R.RelOp:
    plan = logical_plan(query)
    root = rewrite(plan.root)
    return prune_columns(RelationalLowering(SCHEMA).lower_plan(root, plan.columns))


def reads(root: R.RelOp) -> dict[int, int]:
    """id(operator) -> how many operators of the plan read it."""
    sharing = PlanSharing()
    sharing.add_plan(root)
    return {id(op): sharing.readers(op) for op in ops_of(root, R.RelOp)}


@pytest.mark.parametrize(
    "query",
    [
        # startNode() is a join of the rows with the node tables, keyed by the distinct rows
        "MATCH (a)-[r:KNOWS]->() WITH r LIMIT 2 RETURN startNode(r).name AS n",
        # OPTIONAL MATCH expands from the rows' distinct nodes and joins back to the rows
        "MATCH (a:Person) WITH a LIMIT 2 OPTIONAL MATCH (a)-[:KNOWS]->(b) RETURN a, b",
        # a pattern predicate, with a filter the rewrite rules move around
        "MATCH (a:Person) WITH a SKIP 1 WHERE a.age > 3 AND (a)-->() RETURN a.name AS n",
    ],
)
def test_a_limited_result_read_twice_is_one_operator_that_must_be_materialized(query):
    root = relational(query)
    sharing = PlanSharing()
    sharing.add_plan(root)
    limits = ops_of(root, (R.Limit, R.Skip))
    # one operator, reached through two parents
    assert len({id(op) for op in limits}) == 1
    shared = [op for op in ops_of(root, R.RelOp) if sharing.readers(op) > 1]
    assert shared and all(sharing.is_nondeterministic(op) for op in shared)
    assert any(sharing.must_materialize(op) for op in shared)


def test_deterministic_shared_results_are_not_materialized():
    root = relational("MATCH (a:Person) OPTIONAL MATCH (a)-[:KNOWS]->(b) RETURN a, b")
    sharing = PlanSharing()
    sharing.add_plan(root)
    ops = ops_of(root, R.RelOp)
    assert any(sharing.readers(op) > 1 for op in ops)
    assert not any(sharing.must_materialize(op) for op in ops)


def test_rand_and_collect_make_a_shared_result_nondeterministic():
    for query in (
        "MATCH (a:Person) WITH a WHERE rand() < 0.5 OPTIONAL MATCH (a)-->(b) RETURN a, b",
        "MATCH (a:Person) WITH collect(a) AS xs WITH xs[0] AS a "
        "OPTIONAL MATCH (a)-->(b) RETURN a, b",
    ):
        root = relational(query)
        sharing = PlanSharing()
        sharing.add_plan(root)
        assert any(sharing.must_materialize(op) for op in ops_of(root, R.RelOp)), query


def test_two_endpoint_lookups_compute_join_keys_of_distinct_names():
    root = relational(
        "MATCH ()-[r:KNOWS]->() WITH collect(r) AS rs UNWIND rs AS r "
        "RETURN startNode(r).name AS s, endNode(r).name AS e"
    )
    for join in ops_of(root, R.Join):
        names = join.column_names
        assert len(names) == len(set(names)), names
