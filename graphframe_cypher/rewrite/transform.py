"""Tree traversal shared by the rewrite rules.

A plan may use one operator in several places (a subquery or OPTIONAL MATCH starts from
the rows it joins back to): each traversal rewrites such an operator once, so that the
rewritten plan shares it too and a backend can evaluate it once."""

from __future__ import annotations

from collections.abc import Callable

from ..logical.operators import LogicalOp

Rule = Callable[[LogicalOp], LogicalOp]


def transform_up(plan: LogicalOp, rule: Rule) -> LogicalOp:
    """Applies ``rule`` to every operator, children first."""
    return _Traversal(rule).up(plan)


def transform_down(plan: LogicalOp, rule: Rule) -> LogicalOp:
    """Applies ``rule`` to an operator, then to the children of what it returned: a rule
    that moves an operator down sees it again at its new place."""
    return _Traversal(rule).down(plan)


class _Traversal:
    def __init__(self, rule: Rule):
        self.rule = rule
        # id(operator) -> (operator, its rewrite); the operator is kept so its id stays unique.
        self._done: dict[int, tuple[LogicalOp, LogicalOp]] = {}

    def up(self, plan: LogicalOp) -> LogicalOp:
        return self._once(plan, lambda: self.rule(self._with_children(plan, self.up)))

    def down(self, plan: LogicalOp) -> LogicalOp:
        return self._once(plan, lambda: self._with_children(self.rule(plan), self.down))

    def _once(self, plan: LogicalOp, rewrite: Callable[[], LogicalOp]) -> LogicalOp:
        known = self._done.get(id(plan))
        if known is not None:
            return known[1]
        result = rewrite()
        self._done[id(plan)] = (plan, result)
        return result

    @staticmethod
    def _with_children(plan: LogicalOp, visit: Callable[[LogicalOp], LogicalOp]) -> LogicalOp:
        children = plan.inputs()
        if not children:
            return plan
        new_children = tuple(visit(c) for c in children)
        if any(a is not b for a, b in zip(new_children, children)):
            return plan.with_inputs(*new_children)
        return plan
