"""Tree traversal shared by the rewrite rules."""

from __future__ import annotations

from collections.abc import Callable

from ..logical.operators import LogicalOp


def transform_up(plan: LogicalOp, rule: Callable[[LogicalOp], LogicalOp]) -> LogicalOp:
    """Applies ``rule`` to every operator, children first."""
    children = plan.inputs()
    if children:
        new_children = tuple(transform_up(c, rule) for c in children)
        if any(a is not b for a, b in zip(new_children, children)):
            plan = plan.with_inputs(*new_children)
    return rule(plan)


def transform_down(plan: LogicalOp, rule: Callable[[LogicalOp], LogicalOp]) -> LogicalOp:
    """Applies ``rule`` to an operator, then to the children of what it returned: a rule
    that moves an operator down sees it again at its new place."""
    plan = rule(plan)
    children = plan.inputs()
    if children:
        new_children = tuple(transform_down(c, rule) for c in children)
        if any(a is not b for a, b in zip(new_children, children)):
            plan = plan.with_inputs(*new_children)
    return plan
