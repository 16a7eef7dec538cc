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
    _walk(root, False, query)


def _walk(node: A.Node, allowed: bool, query: str) -> None:
    if isinstance(node, A.PatternPredicate):
        if not allowed:
            raise syntax_error(
                "Invalid input: a pattern can only be used as a predicate here (in WHERE, "
                "with NOT/AND/OR/XOR or in exists()); use a pattern comprehension "
                "[(a)-->(b) | b] to get values from a pattern",
                node.pos,
                query,
            )
        _walk_fields(node, query)
        return
    if isinstance(node, A.UnaryOp) and node.op == "NOT":
        _walk(node.operand, True, query)
        return
    if isinstance(node, A.BinaryOp) and node.op in _BOOLEAN_OPS:
        _walk(node.left, True, query)
        _walk(node.right, True, query)
        return
    if isinstance(node, A.FunctionCall) and node.name.lower() == "exists":
        for arg in node.args:
            _walk(arg, True, query)
        return
    if isinstance(node, A.CaseExpr) and node.subject is None:
        for when, then in node.alternatives:
            _walk(when, True, query)
            _walk(then, False, query)
        if node.default is not None:
            _walk(node.default, False, query)
        return
    _walk_fields(node, query)


def _walk_fields(node: A.Node, query: str) -> None:
    cls = type(node)
    for name in node.__dataclass_fields__:  # type: ignore[attr-defined]
        if name == "pos":
            continue
        value = getattr(node, name)
        if isinstance(value, A.Node):
            _walk(value, (cls, name) in _PREDICATE_FIELDS, query)
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, A.Node):
                    _walk(item, False, query)
                elif isinstance(item, tuple):
                    for x in item:
                        if isinstance(x, A.Node):
                            _walk(x, False, query)
