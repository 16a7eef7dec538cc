"""Which results of a relational plan a backend must compute exactly once.

A plan may read one operator's result in several places: a subquery or an OPTIONAL MATCH
starts from the distinct rows of the plan it then joins back to, ``startNode(r)`` is such a
subquery, and a variable-length expand or an update reads its input several times. A backend
that evaluates the operator once per reader is right only when the operator is
deterministic. A LIMIT or SKIP without a total order, ``rand()``, the order of ``collect()``
or the path a shortest-path search picks may differ between evaluations, and the readers
would see different rows (nodes joined back to rows that no longer exist). Such a result
is a *materialization point*: the backend computes it once and every reader reads that copy.
"""

from __future__ import annotations

from ..ir.expr import AggCall, Call, IRExpr
from . import operators as R

# Functions whose value may differ between two evaluations of the same row.
NONDETERMINISTIC_FUNCTIONS = frozenset({"rand", "randomuuid"})
# Aggregates whose value depends on the order in which rows arrive.
ORDER_DEPENDENT_AGGREGATES = frozenset({"collect", "collect_all"})


class PlanSharing:
    """Counts the readers of every operator of the plans added to it, and tells which
    operators must be computed once (read more than once, and nondeterministic)."""

    def __init__(self):
        # id(operator) -> (operator, number of operators reading it); the operator is
        # kept so that its id is not reused by another object.
        self._readers: dict[int, tuple[R.RelOp, int]] = {}
        self._nondeterministic: dict[int, bool] = {}

    def add_plan(self, root: R.RelOp) -> None:
        """Counts the readers within ``root``'s plan (a root has none of its own)."""
        if id(root) in self._readers:
            return
        self._readers[id(root)] = (root, 0)
        pending = [root]
        while pending:
            op = pending.pop()
            for child in op.inputs():
                known = self._readers.get(id(child))
                if known is None:
                    pending.append(child)
                self._readers[id(child)] = (child, (known[1] if known else 0) + 1)

    def readers(self, op: R.RelOp) -> int:
        known = self._readers.get(id(op))
        return known[1] if known else 0

    def must_materialize(self, op: R.RelOp) -> bool:
        return self.readers(op) > 1 and self.is_nondeterministic(op)

    def is_nondeterministic(self, op: R.RelOp) -> bool:
        """Whether two evaluations of ``op`` may give different rows. An operator that
        materializes its input (a non-constant CREATE, see the backends) starts afresh."""
        known = self._nondeterministic.get(id(op))
        if known is None:
            known = _nondeterministic_itself(op) or any(
                self.is_nondeterministic(child) for child in _evaluated_inputs(op)
            )
            self._nondeterministic[id(op)] = known
        return known


def _evaluated_inputs(op: R.RelOp) -> tuple[R.RelOp, ...]:
    """The inputs whose evaluations ``op``'s readers see: an update reads its input once
    (a backend materializes it when it is nondeterministic), a CREATE of more than one row
    materializes its input to number the rows."""
    if isinstance(op, R.UpdateGraph):
        return ()
    if isinstance(op, R.CreateGraphElements) and not R.is_single_row(op.input):
        return ()
    return op.inputs()


def _nondeterministic_itself(op: R.RelOp) -> bool:
    if isinstance(op, (R.Limit, R.Skip)):
        return True
    if isinstance(op, R.VarExpand) and op.shortest:
        return True
    if isinstance(op, R.Aggregate) and any(
        a.fn in ORDER_DEPENDENT_AGGREGATES for _, a in op.aggregates
    ):
        return True
    return any(_nondeterministic_expression(e) for e in _expressions(op))


def _expressions(op: R.RelOp) -> list[IRExpr]:
    if isinstance(op, (R.Select, R.TableScan)):
        return [e for _, e in op.items]
    if isinstance(op, R.Filter):
        return [op.predicate]
    if isinstance(op, R.Join):
        return [op.predicate] if op.predicate is not None else []
    if isinstance(op, R.Aggregate):
        return [e for _, e in op.keys] + [a for _, a in op.aggregates]
    if isinstance(op, R.Sort):
        return [e for e, _ in op.items]
    if isinstance(op, R.Explode):
        return [op.expression]
    return []


def _nondeterministic_expression(expr: IRExpr) -> bool:
    return any(
        isinstance(e, (Call, AggCall)) and e.fn in NONDETERMINISTIC_FUNCTIONS for e in expr.walk()
    )
