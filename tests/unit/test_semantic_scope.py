"""Semantic analysis: the Scope / Analysis contract and the function catalogue."""

from __future__ import annotations

import dataclasses

import pytest
from test_semantic_builders import item, lit, match, node, query, ret

from graphframe_cypher import types as T
from graphframe_cypher.semantic import FUNCTIONS, Analysis, Kind, Scope, VarInfo, analyze, lookup
from graphframe_cypher.semantic.scope import ScopeBuilder, info_for_type


def test_scope_is_an_immutable_ordered_mapping():
    builder = ScopeBuilder()
    builder.bind("b", info_for_type(T.NODE))
    builder.bind("a", info_for_type(T.INTEGER))
    scope = builder.freeze()
    assert isinstance(scope, Scope)
    assert list(scope) == ["b", "a"] and len(scope) == 2 and "a" in scope
    assert scope["b"] == VarInfo(Kind.NODE, T.NODE)
    assert scope.kinds() == {"b": Kind.NODE, "a": Kind.VALUE}
    builder.bind("c", info_for_type(T.PATH))
    assert "c" not in scope  # frozen copies do not see later bindings
    assert scope == Scope(scope.items_) and hash(scope) == hash(Scope(scope.items_))


def test_kind_follows_static_type():
    assert info_for_type(T.RELATIONSHIP).kind is Kind.RELATIONSHIP
    assert info_for_type(T.PATH).kind is Kind.PATH
    assert info_for_type(T.ListType(T.NODE)).kind is Kind.VALUE
    assert info_for_type(T.ANY).kind is Kind.VALUE
    assert Kind.NODE == "node"  # kinds are strings too


def test_analysis_is_frozen():
    analysis = analyze(query(match(node("n")), ret("n", item(lit(1), "one"))))
    assert isinstance(analysis, Analysis)
    with pytest.raises(dataclasses.FrozenInstanceError):
        analysis.columns = ()  # type: ignore[misc]
    assert analysis.union_all is None and analysis.parameters == frozenset()


@pytest.mark.parametrize(
    "name, minimum, maximum, aggregating",
    [
        ("count", 1, 1, True),
        ("percentileCont", 2, 2, True),
        ("coalesce", 1, None, False),
        ("substring", 2, 3, False),
        ("range", 2, 3, False),
        ("rand", 0, 0, False),
        ("datetime.truncate", 2, 3, False),
        ("duration.between", 2, 2, False),
    ],
)
def test_function_catalogue_rows(name, minimum, maximum, aggregating):
    spec = lookup(name)
    assert (spec.min_args, spec.max_args, spec.aggregating) == (minimum, maximum, aggregating)
    assert spec.arity_ok(minimum) and not spec.arity_ok(minimum - 1)


def test_function_catalogue_is_keyed_by_lower_case_name():
    assert all(key == spec.name.lower() for key, spec in FUNCTIONS.items())
    assert not lookup("rand").deterministic and lookup("sum").deterministic
    assert {s.name for s in FUNCTIONS.values() if s.aggregating} == {
        "avg",
        "collect",
        "count",
        "max",
        "min",
        "percentileCont",
        "percentileDisc",
        "stDev",
        "stDevP",
        "sum",
    }
