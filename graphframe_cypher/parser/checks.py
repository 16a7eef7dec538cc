"""Syntactic rules checked after parsing, on the finished AST.

* integer literals outside the signed 64-bit range (after folding a unary minus);
* pattern predicates (``(a)-->(b)`` used as an expression) are only allowed where a boolean is
  expected: a WHERE predicate, an operand of NOT/AND/OR/XOR, an argument of ``exists()``,
  the predicate of a list/pattern comprehension or quantifier, a CASE ``WHEN`` condition.
  Anywhere else (``RETURN (a)-->()``, ``size((a)-->())``) is a syntax error
  (UnexpectedSyntax); a pattern comprehension is the way to get such a value.
"""

from __future__ import annotations

from .. import ast as A
from .common import syntax_error
from .literals import integer_overflow
from .postlex import ParseState

# (node type, field name) whose value is a predicate position
_PREDICATE_FIELDS = {
    (A.Match, "where"),
    (A.With, "where"),
    (A.Call, "where"),
    (A.ExistsSubquery, "where"),
    (A.ListComprehension, "predicate"),
    (A.Quantifier, "predicate"),
    (A.PatternComprehension, "predicate"),
}
_BOOLEAN_OPS = {"AND", "OR", "XOR"}


def check_overflows(st: ParseState) -> None:
    if st.overflows:
        lit, text = min(st.overflows.values(), key=lambda v: v[0].pos.offset)
        raise integer_overflow(text, lit.pos, st.text)


def check_pattern_predicates(root: A.Node, query: str) -> None:
    """Raise UnexpectedSyntax for a pattern predicate outside a predicate position.

    Iterative (an explicit stack): long AND/OR chains nest deeply."""
    stack: list[tuple[A.Node, bool]] = [(root, False)]
    push = stack.append
    while stack:
        node, allowed = stack.pop()
        if isinstance(node, A.PatternPredicate):
            if not allowed:
                raise syntax_error(
                    "A pattern expression can only be used as a predicate (in WHERE, with "
                    "NOT/AND/OR/XOR or in exists()); use a pattern comprehension such as "
                    "[(a)-->(b) | b] to get values from a pattern",
                    node.pos,
                    query,
                )
            _push_fields(node, push)
        elif isinstance(node, A.UnaryOp) and node.op == "NOT":
            push((node.operand, True))
        elif isinstance(node, A.BinaryOp) and node.op in _BOOLEAN_OPS:
            push((node.right, True))
            push((node.left, True))
        elif isinstance(node, A.FunctionCall) and node.name.lower() == "exists":
            for arg in reversed(node.args):
                push((arg, True))
        elif isinstance(node, A.CaseExpr) and node.subject is None:
            if node.default is not None:
                push((node.default, False))
            for when, then in reversed(node.alternatives):
                push((then, False))
                push((when, True))
        else:
            _push_fields(node, push)


def _push_fields(node: A.Node, push) -> None:
    cls = type(node)
    items = []
    for name in node.__dataclass_fields__:  # type: ignore[attr-defined]
        if name == "pos":
            continue
        value = getattr(node, name)
        if isinstance(value, A.Node):
            items.append((value, (cls, name) in _PREDICATE_FIELDS))
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, A.Node):
                    items.append((item, False))
                elif isinstance(item, tuple):
                    items.extend((x, False) for x in item if isinstance(x, A.Node))
    # reversed, so that the first error in source order is found first
    for item in reversed(items):
        push(item)
