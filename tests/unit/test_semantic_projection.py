"""Semantic analysis: projections, aggregation, ORDER BY, SKIP/LIMIT, UNION, clause order."""

from __future__ import annotations

import pytest
from test_semantic_builders import (
    create,
    fails,
    fn,
    item,
    lit,
    match,
    node,
    op,
    param,
    part,
    prop,
    query,
    rel,
    ret,
    union,
    v,
    with_,
)

from graphframe_cypher import ast as A
from graphframe_cypher import errors
from graphframe_cypher.semantic import analyze

COUNT = A.CountStar()


def people():
    return match(part(node("me", "Person"), rel(direction="both"), node("you", "Person")))


# -- columns ------------------------------------------------------------------------------


def test_columns_use_alias_or_source_text():
    q = query(match(node("a")), ret(item(prop("a", "name"), text="a.name"), item(lit(1), "one")))
    assert analyze(q).columns == ("a.name", "one")


def test_duplicate_column_names():
    fails(query(ret(item(lit(1), "a"), item(lit(2), "a"))), "ColumnNameConflict")
    fails(query(with_(item(lit(1), "a"), item(lit(2), "a")), ret("a")), "ColumnNameConflict")


def test_with_needs_aliases_for_expressions():
    fails(
        query(match(node("a")), with_("a", item(COUNT, text="count(*)")), ret("a")),
        "NoExpressionAlias",
    )


def test_star_projection():
    q = query(match(part(node("b"), rel("r"), node("a"))), ret(star=True))
    assert analyze(q).columns == ("a", "b", "r")
    fails(query(match(node()), ret(star=True)), "NoVariablesInScope")


# -- aggregation --------------------------------------------------------------------------


def test_grouping_keys_and_aggregates():
    q = query(match(node("n")), ret("n", item(op("+", prop("n", "x"), COUNT), "c")))
    analyze(q)
    q = query(
        match(node("n")),
        ret(item(prop("n", "x"), text="n.x"), item(op("+", prop("n", "x"), COUNT), "c")),
    )
    analyze(q)


def test_ambiguous_aggregation_expressions():
    fails(
        query(
            people(), ret(item(op("+", prop("me", "age"), fn("count", prop("you", "age"))), "x"))
        ),
        "AmbiguousAggregationExpression",
    )
    both = op("+", prop("me", "age"), prop("you", "age"))
    fails(
        query(people(), ret(item(both, text="me.age + you.age"), item(op("+", both, COUNT), "x"))),
        "AmbiguousAggregationExpression",
    )
    fails(
        query(
            people(),
            with_(item(op("+", prop("me", "age"), fn("count", prop("you", "age"))), "agg")),
            ret(star=True),
        ),
        "AmbiguousAggregationExpression",
    )


def test_nested_and_misplaced_aggregation():
    fails(query(ret(item(fn("count", COUNT), text="count(count(*))"))), "NestedAggregation")
    fails(
        query(match(node("n"), where=op(">", fn("count", v("n")), lit(1))), ret("n")),
        "InvalidAggregation",
    )
    comp = A.ListComprehension("x", A.ListLiteral((lit(1), lit(2))), None, COUNT)
    fails(query(match(node("n")), ret(item(comp, "l"))), "InvalidAggregation")


def test_aggregate_of_list_comprehension_source_is_fine():
    comp = A.ListComprehension("x", fn("collect", v("n")), None, prop("x", "name"))
    analyze(query(match(node("n")), ret(item(comp, "names"))))


def test_non_deterministic_function_inside_aggregate():
    fails(query(ret(item(fn("count", fn("rand")), "c"))), "NonConstantExpression")
    analyze(query(ret(item(fn("rand"), "r"))))


# -- ORDER BY -----------------------------------------------------------------------------


def test_order_by_sees_previous_scope_without_distinct_or_aggregation():
    q = query(
        match(node("a")), ret(item(prop("a", "name"), "name"), order=[prop("a", "age"), v("name")])
    )
    analyze(q)


def test_order_by_after_distinct_only_sees_projected_expressions():
    name = prop("a", "name")
    fails(
        query(
            match(node("a")),
            ret(item(name, text="a.name"), distinct=True, order=[prop("a", "age")]),
        ),
        "UndefinedVariable",
    )
    analyze(query(match(node("a")), ret(item(name, text="a.name"), distinct=True, order=[name])))


def test_order_by_aggregate_only_after_aggregating_projection():
    fails(
        query(
            match(node("n")),
            ret(item(prop("n", "a"), text="n.a"), order=[fn("max", prop("n", "b"))]),
        ),
        "InvalidAggregation",
    )
    total = fn("sum", prop("a", "num"))
    analyze(
        query(
            match(node("a")),
            with_(item(prop("a", "k"), "k"), item(total, "s"), order=[total]),
            ret("k", "s"),
        )
    )


def test_order_by_after_aggregation_rules():
    me_age = prop("me", "age")
    count_you = fn("count", prop("you", "age"))
    # the projected grouping key me.age may be reused with an aggregate
    analyze(
        query(
            people(),
            with_(item(me_age, "age"), item(count_you, "cnt"), order=[op("+", me_age, count_you)]),
            ret("age"),
        )
    )
    fails(
        query(people(), ret(item(count_you, "agg"), order=[op("+", me_age, count_you)])),
        "UndefinedVariable",
    )
    both = op("+", me_age, prop("you", "age"))
    fails(
        query(
            people(),
            ret(
                item(both, text="me.age + you.age"),
                item(COUNT, "cnt"),
                order=[op("+", both, COUNT)],
            ),
        ),
        "AmbiguousAggregationExpression",
    )
    # aggregate over a variable that is not projected
    fails(
        query(
            match(node("a")),
            with_("a", item(prop("a", "num"), "sum")),
            with_(
                item(prop("a", "k"), "mod"),
                item(fn("min", v("sum")), "min"),
                order=[fn("sum", v("sum"))],
            ),
            ret("mod", "min"),
        ),
        "UndefinedVariable",
    )


def test_with_where_sees_the_previous_scope_unless_distinct_or_aggregating():
    analyze(query(match(node("a"), node("b")), with_("a", where=op("=", v("b"), lit(1))), ret("a")))
    name = prop("a", "name")
    analyze(
        query(
            match(node("a")),
            with_(item(name, "n"), distinct=True, where=op("=", name, lit(1))),
            ret("n"),
        )
    )
    fails(
        query(
            match(node("a"), node("b")),
            with_("a", distinct=True, where=op("=", v("b"), lit(1))),
            ret("a"),
        ),
        "UndefinedVariable",
    )
    fails(
        query(match(node("a")), with_("a", where=op(">", fn("count", v("a")), lit(1))), ret("a")),
        "InvalidAggregation",
    )


def test_with_star_over_an_empty_scope_is_allowed():
    analyze(query(match(node()), create(node()), with_(star=True), match(node()), create(node())))


# -- SKIP / LIMIT -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expr, code",
    [
        (prop("n", "count"), "NonConstantExpression"),
        (lit(-1), "NegativeIntegerArgument"),
        (A.UnaryOp("-", lit(1)), "NegativeIntegerArgument"),
        (lit(1.5), "InvalidArgumentType"),
        (lit("1"), "InvalidArgumentType"),
    ],
)
def test_skip_and_limit_must_be_non_negative_integer_constants(expr, code):
    fails(query(match(node("n")), ret("n", skip=expr)), code)
    fails(query(match(node("n")), ret("n", limit=expr)), code)


def test_skip_and_limit_accept_parameters_and_constant_expressions():
    analyze(query(match(node("n")), ret("n", skip=param("s"), limit=fn("toInteger", lit(1.7)))))


# -- UNION and clause composition ---------------------------------------------------------


def test_union_columns_and_kinds():
    a = query(ret(item(lit(1), "a")))
    b = query(ret(item(lit(2), "b")))
    fails(union(a, b), "DifferentColumnsInUnion")
    fails(union(a, a, a, all_flags=[False, True]), "InvalidClauseComposition")
    analysis = analyze(union(a, a, all_flags=[True]))
    assert analysis.columns == ("a",) and analysis.union_all is True
    assert len(analysis.parts) == 2


def test_query_must_end_with_return_or_update():
    fails(query(match(node("n"))), "InvalidClauseComposition")
    fails(query(match(node("n")), with_("n")), "InvalidClauseComposition")
    fails(query(ret(item(lit(1), "a")), ret(item(lit(2), "b"))), "InvalidClauseComposition")
    assert analyze(query(create(node("n")))).columns == ()


def test_exists_subquery_cannot_update():
    sub = A.Query(
        A.SingleQuery(
            (
                match(part(node("n"), rel(), node("m"))),
                A.Set((A.SetItem("property", prop("m", "p"), None, lit(1)),)),
            )
        )
    )
    fails(
        query(match(node("n"), where=A.ExistsSubquery(None, None, sub)), ret("n")),
        "InvalidClauseComposition",
    )
    ok = A.Query(A.SingleQuery((match(part(node("n"), rel(), node("m"))),)))
    analyze(query(match(node("n"), where=A.ExistsSubquery(None, None, ok)), ret("n")))


def test_errors_carry_the_query_text():
    q = A.Query(A.SingleQuery((ret(item(v("x", pos=errors.Position(1, 8)))),)), text="RETURN x")
    with pytest.raises(errors.CypherSyntaxError) as info:
        analyze(q)
    assert "RETURN x\n         ^" in str(info.value)


def test_map_projection_groups_by_its_subject():
    # Neo4j's documented ``actor{.name, movies: collect(movie{.title})}``.
    movies = fn("collect", A.MapProjection("movie", (A.MapProjectionItem("property", "title"),)))
    proj = A.MapProjection(
        "actor",
        (A.MapProjectionItem("property", "name"), A.MapProjectionItem("literal", "movies", movies)),
    )
    analyze(query(match(part(node("actor"), rel(), node("movie"))), ret(item(proj, "x"))))
    bad = A.MapProjection(
        "actor", (A.MapProjectionItem("literal", "n", op("+", prop("movie", "x"), COUNT)),)
    )
    fails(
        query(match(part(node("actor"), rel(), node("movie"))), ret(item(bad, "x"))),
        "AmbiguousAggregationExpression",
    )
