"""Terse builders for hand-made ASTs in the semantic analysis tests."""

from __future__ import annotations

import pytest

from graphframe_cypher import ast as A
from graphframe_cypher import errors
from graphframe_cypher.errors import Position
from graphframe_cypher.semantic import analyze


def fails(q, code, error_class=errors.CypherSyntaxError):
    """Analyzing ``q`` raises ``error_class`` with TCK detail ``code``; returns the error."""
    with pytest.raises(error_class) as info:
        analyze(q)
    assert info.value.code == code, str(info.value)
    return info.value


def at(line: int, column: int) -> Position:
    return Position(line, column, 0)


def v(name: str, pos: Position | None = None) -> A.Variable:
    return A.Variable(name, pos=pos) if pos else A.Variable(name)


def lit(value) -> A.Literal:
    return A.Literal(value)


def param(name: str) -> A.Parameter:
    return A.Parameter(name)


def prop(subject, key: str) -> A.Property:
    subject = v(subject) if isinstance(subject, str) else subject
    return A.Property(subject, key)


def fn(name: str, *args, distinct: bool = False, pos: Position | None = None) -> A.FunctionCall:
    if pos:
        return A.FunctionCall(name, tuple(args), distinct, pos=pos)
    return A.FunctionCall(name, tuple(args), distinct)


def op(symbol: str, left, right) -> A.BinaryOp:
    return A.BinaryOp(symbol, left, right)


def lst(*items) -> A.ListLiteral:
    return A.ListLiteral(tuple(items))


def mp(**entries) -> A.MapLiteral:
    return A.MapLiteral(tuple(entries.items()))


def node(variable=None, *labels, props=None, pos=None) -> A.NodePattern:
    kw = {"pos": pos} if pos else {}
    return A.NodePattern(variable, tuple(labels), props, **kw)


def rel(variable=None, *types, direction="out", length=None, props=None, pos=None):
    kw = {"pos": pos} if pos else {}
    return A.RelationshipPattern(variable, tuple(types), props, direction, length, **kw)


def star(min=None, max=None) -> A.RangeSpec:  # noqa: A002 - mirrors RangeSpec
    return A.RangeSpec(min, max)


def part(*chain, variable=None, pos=None) -> A.PatternPart:
    """``part(node('a'), rel('r'), node('b'))``: alternating nodes and relationships."""
    nodes = tuple(chain[0::2])
    rels = tuple(chain[1::2])
    kw = {"pos": pos} if pos else {}
    return A.PatternPart(A.PatternElement(nodes, rels), variable, **kw)


def _parts(parts):
    return A.Pattern(tuple(p if isinstance(p, A.PatternPart) else part(p) for p in parts))


def match(*parts, where=None, optional=False, pos=None) -> A.Match:
    kw = {"pos": pos} if pos else {}
    return A.Match(_parts(parts), where, optional, **kw)


def create(*parts) -> A.Create:
    return A.Create(_parts(parts))


def merge(p, *actions) -> A.Merge:
    return A.Merge(p if isinstance(p, A.PatternPart) else part(p), tuple(actions))


def item(expr, alias=None, text=None) -> A.ReturnItem:
    expr = v(expr) if isinstance(expr, str) else expr
    if text is None:
        text = expr.name if isinstance(expr, A.Variable) else repr(expr)
    return A.ReturnItem(expr, alias, text)


def body(*items, distinct=False, star=False, order=(), skip=None, limit=None):
    items = tuple(item(i) if not isinstance(i, A.ReturnItem) else i for i in items)
    order = tuple(o if isinstance(o, A.SortItem) else A.SortItem(o) for o in order)
    return A.ProjectionBody(distinct, star, items, order, skip, limit)


def ret(*items, pos=None, **kw) -> A.Return:
    extra = {"pos": pos} if pos else {}
    return A.Return(body(*items, **kw), **extra)


def with_(*items, where=None, **kw) -> A.With:
    return A.With(body(*items, **kw), where)


def unwind(expr, variable) -> A.Unwind:
    return A.Unwind(expr, variable)


def query(*clauses) -> A.Query:
    return A.Query(A.SingleQuery(tuple(clauses)))


def union(*queries: A.Query, all_flags=None) -> A.Query:
    bodies = [q.body for q in queries]
    flags = all_flags or [False] * (len(bodies) - 1)
    result = bodies[0]
    for right, flag in zip(bodies[1:], flags, strict=True):
        result = A.UnionQuery(result, right, flag)
    return A.Query(result)
