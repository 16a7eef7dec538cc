"""Each rewrite rule against its fixture file: the plan after the rule must print exactly as
expected (fixtures/<rule>.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest
from plan_fixtures import logical_plan, read_cases

from graphframe_cypher.rewrite.collapse_projections import collapse_projections
from graphframe_cypher.rewrite.merge_filters import merge_filters
from graphframe_cypher.rewrite.plan_reachability import plan_reachability
from graphframe_cypher.rewrite.pre_aggregate_joins import pre_aggregate_joins
from graphframe_cypher.rewrite.push_down_filters import push_down_filters

FIXTURES = Path(__file__).parent / "fixtures"
RULES = {
    "collapse_projections": collapse_projections,
    "merge_filters": merge_filters,
    "push_down_filters": push_down_filters,
    "pre_aggregate_joins": pre_aggregate_joins,
    "plan_reachability": plan_reachability,
}


def _cases():
    for name, rule in RULES.items():
        for title, query, expected in read_cases(FIXTURES / f"{name}.txt"):
            yield pytest.param(rule, query, expected, id=f"{name}: {title}")


@pytest.mark.parametrize("rule, query, expected", list(_cases()))
def test_rule(rule, query, expected):
    plan = logical_plan(query).root
    assert rule(plan).pretty() == expected


def test_every_rule_has_fixtures():
    from graphframe_cypher.rewrite import RULES as ACTIVE

    assert {r.__name__ for r in ACTIVE} <= set(RULES)
    for name in RULES:
        assert read_cases(FIXTURES / f"{name}.txt"), name
