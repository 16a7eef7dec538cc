"""Rewrite rules over the logical plan: one rule per module, plan in, plan out.

``RULES`` runs in order; each rule must preserve the plan's results exactly.
"""

from __future__ import annotations

from ..logical.operators import LogicalOp
from .collapse_projections import collapse_projections
from .merge_filters import merge_filters
from .plan_reachability import plan_reachability
from .pre_aggregate_joins import pre_aggregate_joins
from .push_down_filters import push_down_filters

RULES = (
    collapse_projections,
    merge_filters,
    push_down_filters,
    merge_filters,
    pre_aggregate_joins,
    plan_reachability,
)


def rewrite(plan: LogicalOp) -> LogicalOp:
    for rule in RULES:
        plan = rule(plan)
    return plan
