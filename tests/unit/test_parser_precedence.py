"""Operator precedence checked against the TCK's precedence scenarios.

The TCK's ``expressions/precedence`` features mostly RETURN constant expressions and give the
expected single row. A tiny evaluator of constant expressions (three-valued logic, numbers,
strings, lists) runs the parsed AST, so a wrong tree shape (precedence or associativity)
shows up as a wrong value. Skipped when the TCK directory is missing.
"""

from __future__ import annotations

import math

import pytest

from graphframe_cypher import ast as A
from graphframe_cypher.parser import parse

try:  # tests/unit may or may not be a package
    from .test_parser_tck import _children, _examples, _substitute, tck_features_dir
except ImportError:
    from test_parser_tck import _children, _examples, _substitute, tck_features_dir

_FEATURES = tck_features_dir()
pytestmark = pytest.mark.skipif(_FEATURES is None, reason="openCypher TCK features not found")


class _Unsupported(Exception):
    pass


def _num(v):
    return type(v) in (int, float)


def _eq(a, b):
    """Cypher equality: True, False or None (unknown)."""
    if a is None or b is None:
        return None
    if _num(a) and _num(b):
        return a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        if len(a) != len(b):
            return False
        result = True
        for x, y in zip(a, b, strict=False):
            r = _eq(x, y)
            if r is False:
                return False
            if r is None:
                result = None
        return result
    return a == b


def _cmp(a, b):
    """-1/0/1, or None when not comparable."""
    if a is None or b is None:
        return None
    if _num(a) and _num(b) or type(a) is type(b) and type(a) in (str, bool):
        return (a > b) - (a < b)
    if isinstance(a, list) and isinstance(b, list):
        for x, y in zip(a, b, strict=False):
            c = _cmp(x, y)
            if c is None or c != 0:
                return c
        return (len(a) > len(b)) - (len(a) < len(b))
    return None


def _not(v):
    return None if v is None else not v


def _and(a, b):
    if a is False or b is False:
        return False
    if a is None or b is None:
        return None
    return True


def _or(a, b):
    if a is True or b is True:
        return True
    if a is None or b is None:
        return None
    return False


def _xor(a, b):
    return None if a is None or b is None else a != b


def _arith(op, a, b):
    if a is None or b is None:
        return None
    if op == "+":
        if isinstance(a, list):
            return a + (b if isinstance(b, list) else [b])
        if isinstance(b, list):
            return [a] + b
        if isinstance(a, str) and isinstance(b, str):
            return a + b
    if not (_num(a) and _num(b)):
        raise _Unsupported(op)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        if type(a) is int and type(b) is int:
            return int(a / b)
        return a / b
    if op == "%":
        return math.fmod(a, b) if float in (type(a), type(b)) else int(math.fmod(a, b))
    if op == "^":
        return float(a) ** float(b)
    raise _Unsupported(op)


def evaluate(e):
    if isinstance(e, A.Literal):
        return e.value
    if isinstance(e, A.ListLiteral):
        return [evaluate(x) for x in e.items]
    if isinstance(e, A.UnaryOp):
        v = evaluate(e.operand)
        if e.op == "NOT":
            return _not(v)
        return None if v is None else (-v if e.op == "-" else v)
    if isinstance(e, A.IsNull):
        return (evaluate(e.operand) is None) != e.negated
    if isinstance(e, A.DynamicProperty):
        s, k = evaluate(e.subject), evaluate(e.key)
        return None if s is None or k is None else s[k] if -len(s) <= k < len(s) else None
    if isinstance(e, A.Slice):
        s = evaluate(e.subject)
        lo = evaluate(e.start) if e.start else None
        hi = evaluate(e.end) if e.end else None
        return s[lo:hi]
    if isinstance(e, A.BinaryOp):
        a, b = evaluate(e.left), evaluate(e.right)
        op = e.op
        if op == "AND":
            return _and(a, b)
        if op == "OR":
            return _or(a, b)
        if op == "XOR":
            return _xor(a, b)
        if op == "=":
            return _eq(a, b)
        if op == "<>":
            return _not(_eq(a, b))
        if op in ("<", ">", "<=", ">="):
            c = _cmp(a, b)
            if c is None:
                return None
            return {"<": c < 0, ">": c > 0, "<=": c <= 0, ">=": c >= 0}[op]
        if op == "IN":
            if b is None:
                return None
            result = False
            for x in b:
                r = _eq(a, x)
                if r is True:
                    return True
                if r is None:
                    result = None
            return result
        if op in ("STARTS WITH", "ENDS WITH", "CONTAINS"):
            if not (isinstance(a, str) and isinstance(b, str)):
                return None
            return {
                "STARTS WITH": a.startswith,
                "ENDS WITH": a.endswith,
                "CONTAINS": a.__contains__,
            }[op](b)
        return _arith(op, a, b)
    raise _Unsupported(type(e).__name__)


def _same(actual, expected) -> bool:
    if _num(actual) and _num(expected):
        return math.isclose(actual, expected, rel_tol=1e-9) and type(actual) is type(expected)
    if isinstance(actual, list) and isinstance(expected, list):
        return len(actual) == len(expected) and all(map(_same, actual, expected))
    return type(actual) is type(expected) and actual == expected


def _cases():
    from gherkin.parser import Parser

    parser = Parser()
    for path in sorted((_FEATURES / "expressions" / "precedence").glob("*.feature")):
        doc = parser.parse(path.read_text(encoding="utf-8"))
        for scenario in _children(doc.get("feature") or {}):
            for n, binding in _examples(scenario):
                query = rows = None
                for step in scenario["steps"]:
                    if step["text"].strip() == "executing query:":
                        query = _substitute(step["docString"]["content"], binding)
                    elif step["text"].startswith("the result should be") and step.get("dataTable"):
                        rows = [
                            [_substitute(c["value"], binding) for c in r["cells"]]
                            for r in step["dataTable"]["rows"]
                        ]
                if query and rows and len(rows) == 2:
                    yield f"{path.name}:{scenario['name']}#{n}", query, rows[0], rows[1]


def test_precedence_scenarios_evaluate_to_the_expected_row():
    pytest.importorskip("gherkin")
    checked = 0
    failures = []
    for name, query, header, row in _cases():
        q = parse(query)
        clauses = q.body.clauses
        if len(clauses) != 1 or not isinstance(clauses[0], A.Return):
            continue  # UNWIND / WITH forms: not constant
        try:
            actual = [evaluate(i.expression) for i in clauses[0].body.items]
            expected = [
                evaluate(parse(f"RETURN {cell}").body.clauses[0].body.items[0].expression)
                for cell in row
            ]
        except _Unsupported:
            continue
        checked += 1
        names = [i.name for i in clauses[0].body.items]
        if names != header or not all(map(_same, actual, expected)):
            failures.append(
                f"{name}\n{query}\n got {dict(zip(names, actual, strict=False))}\n want {row}"
            )
    print(
        f"\nTCK precedence: {checked - len(failures)}/{checked} constant scenarios evaluate right"
    )
    assert checked >= 20
    assert not failures, "\n\n".join(failures)
