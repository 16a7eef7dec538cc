"""Semantic analysis: scopes, variable kinds and pattern binding (hand-built ASTs)."""

from __future__ import annotations

from test_semantic_builders import (
    at,
    create,
    fails,
    fn,
    item,
    lit,
    lst,
    match,
    merge,
    mp,
    node,
    param,
    part,
    prop,
    query,
    rel,
    ret,
    star,
    unwind,
    v,
    with_,
)

from graphframe_cypher.semantic import Kind, analyze

# -- scopes and kinds ---------------------------------------------------------------------


def test_match_binds_nodes_relationships_and_paths_with_their_kinds():
    q = query(
        match(
            part(node("a"), rel("r"), node("b"), variable="p"),
            part(node("c"), rel("rs", length=star()), node("d")),
        ),
        ret("a", "r", "p", "rs"),
    )
    analysis = analyze(q)
    scope = analysis.parts[0].clauses[0].scope
    assert scope.kinds() == {
        "a": Kind.NODE,
        "r": Kind.RELATIONSHIP,
        "b": Kind.NODE,
        "p": Kind.PATH,
        "c": Kind.NODE,
        "rs": Kind.RELATIONSHIP,
        "d": Kind.NODE,
    }
    assert not scope["r"].var_length and scope["rs"].var_length
    assert analysis.columns == ("a", "r", "p", "rs")


def test_clause_scopes_are_recorded_in_order():
    q = query(match(node("n")), with_(item(prop("n", "x"), "x")), ret("x"))
    clauses = analyze(q).parts[0].clauses
    assert [type(c.clause).__name__ for c in clauses] == ["Match", "With", "Return"]
    assert [set(c.scope) for c in clauses] == [{"n"}, {"x"}, {"x"}]
    clause, scope = clauses[1]  # unpacks as (clause, scope)
    assert scope["x"].kind is Kind.VALUE


def test_with_keeps_the_kind_of_a_projected_variable():
    q = query(match(part(node("n"), rel("r"), node())), with_(item("n", "m"), "r"), ret("m"))
    scope = analyze(q).parts[0].clauses[1].scope
    assert scope.kinds() == {"m": Kind.NODE, "r": Kind.RELATIONSHIP}


def test_undefined_variable_reports_its_position():
    q = query(match(node()), ret(item(v("foo", at(2, 8)))))
    error = fails(q, "UndefinedVariable")
    assert (error.line, error.column) == (2, 8)


def test_with_hides_variables_not_projected():
    q = query(match(node("a"), node("b")), with_("a"), ret("b"))
    fails(q, "UndefinedVariable")


def test_unwind_binds_a_value_and_rejects_rebinding():
    ok = query(unwind(lst(lit(1), lit(2)), "x"), ret("x"))
    assert analyze(ok).parts[0].clauses[0].scope["x"].kind is Kind.VALUE
    fails(query(match(node("x")), unwind(lst(), "x"), ret("x")), "VariableAlreadyBound")


def test_optional_match_binds_like_match():
    q = query(match(node("a")), match(part(node("a"), rel(), node("b")), optional=True), ret("b"))
    assert analyze(q).columns == ("b",)


# -- MATCH conflicts ----------------------------------------------------------------------


def test_relationship_reused_as_node_is_a_type_conflict():
    fails(
        query(match(part(node(), rel("r"), node())), match(node("r")), ret("r")),
        "VariableTypeConflict",
    )
    fails(query(match(part(node(), rel("r"), node("r"))), ret("r")), "VariableTypeConflict")


def test_node_reused_as_relationship_is_a_type_conflict():
    fails(
        query(match(node("r")), match(part(node(), rel("r"), node())), ret("r")),
        "VariableTypeConflict",
    )


def test_path_reused_as_node_or_relationship_is_a_type_conflict():
    fails(
        query(match(part(node(), rel(), node(), variable="r"), node("r")), ret("r")),
        "VariableTypeConflict",
    )
    fails(
        query(
            match(part(node(), rel(), node(), variable="r"), part(node(), rel("r"), node())),
            ret("r"),
        ),
        "VariableTypeConflict",
    )


def test_value_used_as_node_is_a_type_conflict():
    fails(query(with_(item(lit(123), "n")), match(node("n")), ret("n")), "VariableTypeConflict")
    fails(
        query(
            match(node("n")),
            with_(item(lst(v("n")), "users")),
            match(part(node("users"), rel(), node("m"))),
            ret("m"),
        ),
        "VariableTypeConflict",
    )


def test_unknown_value_may_be_used_as_node():
    q = query(with_(item(param("p"), "n")), match(part(node("n"), rel(), node("m"))), ret("m"))
    analyze(q)


def test_path_variable_already_bound():
    fails(
        query(match(part(node("p"), rel(), node(), variable="p")), ret("p")), "VariableAlreadyBound"
    )
    fails(
        query(
            with_(item(lit(True), "p")), match(part(node(), rel(), node(), variable="p")), ret("p")
        ),
        "VariableAlreadyBound",
    )


def test_relationship_twice_in_one_pattern():
    q = query(match(part(node("a"), rel("r"), node(), rel("r"), node("a"))), ret("r"))
    fails(q, "RelationshipUniquenessViolation")


def test_relationship_bound_earlier_may_be_matched_again():
    q = query(
        match(part(node(), rel("r"), node())),
        with_("r"),
        match(part(node(), rel("r"), node())),
        ret("r"),
    )
    analyze(q)


def test_collected_relationships_drive_a_variable_length_pattern():
    q = query(
        match(part(node(), rel("r", length=star()), node())),
        with_("r"),
        match(part(node(), rel("r", length=star()), node())),
        ret("r"),
    )
    analyze(q)


def test_parameter_as_match_property_map():
    fails(query(match(node("n", props=param("p"))), ret("n")), "InvalidParameterUse")
    fails(
        query(match(part(node(), rel("r", "FOO", props=param("p")), node())), ret("r")),
        "InvalidParameterUse",
    )


# -- CREATE and MERGE ---------------------------------------------------------------------


def test_create_rebinding_rules():
    fails(query(match(node("a")), create(node("a"))), "VariableAlreadyBound")
    fails(
        query(
            create(
                part(node("n", "Foo"), rel(None, "T1"), node()),
                part(node("n", "Bar"), rel(None, "T2"), node()),
            )
        ),
        "VariableAlreadyBound",
    )
    fails(
        query(
            create(node("n", "Foo")), create(part(node("n", props=mp()), rel(None, "R"), node()))
        ),
        "VariableAlreadyBound",
    )
    fails(
        query(match(part(node(), rel("r"), node())), create(part(node(), rel("r", "R"), node()))),
        "VariableAlreadyBound",
    )
    # Using a bound node as an endpoint is fine.
    analyze(query(match(node("a")), create(part(node("a"), rel(None, "R"), node("b")))))


def test_create_relationship_shape():
    fails(query(create(part(node(), rel(), node()))), "NoSingleRelationshipType")
    fails(query(create(part(node(), rel(None, "A", "B"), node()))), "NoSingleRelationshipType")
    fails(
        query(create(part(node(), rel(None, "FOO", direction="both"), node()))),
        "RequiresDirectedRelationship",
    )
    fails(
        query(create(part(node(), rel(None, "FOO", length=star(2, 2)), node()))),
        "CreatingVarLength",
    )


def test_create_accepts_parameter_property_maps_and_new_variables():
    analysis = analyze(query(create(node("n", props=param("props"))), ret("n")))
    assert analysis.parameters == frozenset({"props"})


def test_create_property_expression_must_be_defined():
    fails(query(create(node("b", props=mp(name=v("missing")))), ret("b")), "UndefinedVariable")


def test_merge_rules():
    fails(query(match(node("a")), merge(node("a"))), "VariableAlreadyBound")
    fails(
        query(
            create(node("a", "Foo")), merge(part(node("a"), rel("r", "KNOWS"), node("a", "Bar")))
        ),
        "VariableAlreadyBound",
    )
    fails(
        query(create(node("a"), node("b")), merge(part(node("a"), rel(), node("b")))),
        "NoSingleRelationshipType",
    )
    fails(
        query(
            merge(node("a")),
            merge(node("b")),
            merge(part(node("a"), rel(None, "FOO", length=star(2, 2)), node("b"))),
        ),
        "CreatingVarLength",
    )
    fails(
        query(
            merge(node("a")),
            merge(node("b")),
            merge(part(node("a"), rel("r", "FOO", props=param("p")), node("b"))),
            ret("r"),
        ),
        "InvalidParameterUse",
    )
    # MERGE may match undirected relationships.
    analyze(
        query(
            merge(node("a")),
            merge(node("b")),
            merge(part(node("a"), rel("r", "T", direction="both"), node("b"))),
        )
    )


def test_merge_actions_see_the_merged_variables():
    from graphframe_cypher import ast as A

    def on_create(target):
        return A.MergeAction(
            "create", A.Set((A.SetItem("property", prop(target, "num"), None, lit(1)),))
        )

    analyze(query(merge(node("n"), on_create("n"))))
    fails(query(merge(node("n"), on_create("x"))), "UndefinedVariable")


# -- pattern predicates and comprehensions ------------------------------------------------


def test_pattern_predicate_cannot_introduce_variables():
    from graphframe_cypher import ast as A

    pred = A.PatternPredicate(part(node("n"), rel("r", pos=at(1, 20)), node()))
    error = fails(query(match(node("n"), where=pred), ret("n")), "UndefinedVariable")
    assert error.column == 20
    ok = A.PatternPredicate(part(node("n"), rel(), node()))
    analyze(query(match(node("n"), where=ok), ret("n")))


def test_pattern_comprehension_variables_are_local():
    from graphframe_cypher import ast as A

    comp = A.PatternComprehension(part(node("n"), rel(), node("m")), None, prop("m", "name"))
    analyze(query(match(node("n")), ret(item(comp, "names"))))
    fails(query(match(node("n")), ret(item(comp, "names"), "m")), "UndefinedVariable")


def test_exists_pattern_subquery_may_introduce_variables():
    from graphframe_cypher import ast as A

    sub = A.ExistsSubquery(
        A.Pattern((part(node("n"), rel(), node("m")),)), op(">", prop("m", "x"), lit(1))
    )
    analyze(query(match(node("n"), where=sub), ret("n")))


def op(symbol, left, right):
    from graphframe_cypher import ast as A

    return A.BinaryOp(symbol, left, right)


def test_size_of_pattern_expression_is_not_a_type_error():
    from graphframe_cypher import ast as A

    size = fn("size", A.PatternPredicate(part(node("n"), rel(), node())))
    analyze(query(match(node("n")), ret(item(size, "deg"))))
