"""Parser unit tests: clauses, patterns, queries, multiple-graph clauses, positions."""

from __future__ import annotations

import pytest

from graphframe_cypher import ast as A
from graphframe_cypher.errors import Position
from graphframe_cypher.parser import grammar_text, parse

V = A.Variable
L = A.Literal


def clauses(text):
    return parse(text).body.clauses


def first_pattern(text):
    return clauses(text)[0].pattern


def element(text):
    return first_pattern(text).parts[0].element


# --- patterns ----------------------------------------------------------------------------------


def test_node_patterns():
    assert element("MATCH () RETURN 1").nodes == (A.NodePattern(),)
    assert element("MATCH (n) RETURN 1").nodes == (A.NodePattern("n"),)
    assert element("MATCH (:A:B) RETURN 1").nodes == (A.NodePattern(None, ("A", "B")),)
    assert element("MATCH (n:A {x: 1, y: 'z'}) RETURN 1").nodes == (
        A.NodePattern("n", ("A",), A.MapLiteral((("x", L(1)), ("y", L("z"))))),
    )
    assert element("MATCH (n $props) RETURN 1").nodes == (
        A.NodePattern("n", (), A.Parameter("props")),
    )
    assert element("MATCH ({x: 1}) RETURN 1").nodes == (
        A.NodePattern(None, (), A.MapLiteral((("x", L(1)),))),
    )


@pytest.mark.parametrize(
    "arrow, direction",
    [
        ("-->", "out"),
        ("<--", "in"),
        ("--", "both"),
        ("<-->", "both"),
        ("-[]->", "out"),
        ("<-[]-", "in"),
        ("-[]-", "both"),
        ("- [ ] ->", "out"),
        ("< - - >", "both"),
    ],
)
def test_relationship_directions(arrow, direction):
    el = element(f"MATCH (a){arrow}(b) RETURN 1")
    assert el.relationships == (A.RelationshipPattern(direction=direction),)
    assert el.nodes == (A.NodePattern("a"), A.NodePattern("b"))


@pytest.mark.parametrize(
    "detail, length",
    [
        ("*", A.RangeSpec(None, None)),
        ("*2", A.RangeSpec(2, 2)),
        ("*1..3", A.RangeSpec(1, 3)),
        ("*..3", A.RangeSpec(None, 3)),
        ("*2..", A.RangeSpec(2, None)),
        ("* 1 .. 3", A.RangeSpec(1, 3)),
        ("*0..", A.RangeSpec(0, None)),
        ("", None),
    ],
)
def test_variable_length(detail, length):
    el = element(f"MATCH (a)-[r:T{detail}]->(b) RETURN 1")
    assert el.relationships[0] == A.RelationshipPattern("r", ("T",), None, "out", length)


def test_relationship_details():
    rel = element("MATCH (a)-[r:A|B|:C *1..2 {w: 1}]-(b) RETURN 1").relationships[0]
    assert rel == A.RelationshipPattern(
        "r", ("A", "B", "C"), A.MapLiteral((("w", L(1)),)), "both", A.RangeSpec(1, 2)
    )
    rel = element("MATCH (a)-[:T $p]->(b) RETURN 1").relationships[0]
    assert rel.properties == A.Parameter("p")


def test_chains_paths_and_shortest_paths():
    p = first_pattern("MATCH p = (a)-[:X]->(b)<-[:Y]-(c), (d) RETURN p")
    assert len(p.parts) == 2
    assert p.parts[0].variable == "p"
    assert len(p.parts[0].element.nodes) == 3 and len(p.parts[0].element.relationships) == 2
    assert p.parts[1] == A.PatternPart(A.PatternElement((A.NodePattern("d"),), ()))
    p = first_pattern("MATCH p = shortestPath((a)-[*]-(b)) RETURN p")
    assert p.parts[0].function == "shortestPath" and p.parts[0].variable == "p"
    p = first_pattern("MATCH p = allShortestPaths((a)-[:R*..5]->(b)) RETURN p")
    assert p.parts[0].function == "allShortestPaths"
    p = first_pattern("MATCH ((a)-->(b)) RETURN a")
    assert len(p.parts[0].element.nodes) == 2


# --- clauses -----------------------------------------------------------------------------------


def test_match_where_optional():
    m, r = clauses("OPTIONAL MATCH (n) WHERE n.x > 1 RETURN n")
    assert isinstance(m, A.Match) and m.optional
    assert m.where == A.BinaryOp(">", A.Property(V("n"), "x"), L(1))
    assert isinstance(r, A.Return)
    assert not clauses("MATCH (n) RETURN n")[0].optional


def test_return_and_with_bodies():
    (r,) = clauses("RETURN DISTINCT a AS x, b ORDER BY x DESC, b ASC, c SKIP 1 LIMIT $l")
    body = r.body
    assert body.distinct and not body.star
    assert [(i.alias, i.text, i.name) for i in body.items] == [("x", "a", "x"), (None, "b", "b")]
    assert body.order_by == (
        A.SortItem(V("x"), True),
        A.SortItem(V("b"), False),
        A.SortItem(V("c"), False),
    )
    assert body.skip == L(1) and body.limit == A.Parameter("l")
    (_, w, _) = clauses("MATCH (n) WITH *, n.x AS y WHERE y > 1 RETURN y")
    assert w.body.star and [i.name for i in w.body.items] == ["y"]
    assert w.where == A.BinaryOp(">", V("y"), L(1))
    (r,) = clauses("RETURN *")
    assert r.body.star and r.body.items == ()
    (r,) = clauses("RETURN 1 ORDER BY 1 DESCENDING")
    assert r.body.order_by[0].descending


def test_return_item_text_is_source_text():
    (_, r) = clauses(
        "MATCH (n) RETURN n.name, count(*), n . x ,  toUpper( n.name ) , n.a+1 AS s, "
        "CASE WHEN true THEN 1 END, [x IN [1,2] | x], (1 + 2) * 3, -1, 'a,b' // comment\n"
    )
    assert [i.text for i in r.body.items] == [
        "n.name",
        "count(*)",
        "n . x",
        "toUpper( n.name )",
        "n.a+1",
        "CASE WHEN true THEN 1 END",
        "[x IN [1,2] | x]",
        "(1 + 2) * 3",
        "-1",
        "'a,b'",
    ]
    (r,) = clauses("RETURN 1 /* one */ AS one, 2 /* two */")
    assert [i.text for i in r.body.items] == ["1", "2"]
    (r,) = clauses("RETURN 'http://x' ;")
    assert r.body.items[0].text == "'http://x'"


def test_unwind_create_merge():
    u, c = clauses("UNWIND [1, 2] AS x CREATE (n:N {v: x})-[:R]->(m)")
    assert u == A.Unwind(A.ListLiteral((L(1), L(2))), "x")
    assert isinstance(c, A.Create) and len(c.pattern.parts[0].element.nodes) == 2
    (m,) = clauses("MERGE (a:A {x: 1}) ON CREATE SET a.c = 1 ON MATCH SET a.m = 2, a.n = 3")
    assert isinstance(m, A.Merge)
    assert [a.on for a in m.actions] == ["create", "match"]
    assert len(m.actions[1].set.items) == 2
    (m, s) = clauses("MERGE (a) SET a.x = 1")
    assert m.actions == () and isinstance(s, A.Set)


def test_set_remove_delete():
    _, s, r, d = clauses(
        "MATCH (n) SET n:A:B, n.x = 1, n += {a: 1}, n = $map, (n).y = 2 "
        "REMOVE n:A, n.x DETACH DELETE n, m"
    )
    assert s.items == (
        A.SetItem("labels", variable="n", labels=("A", "B")),
        A.SetItem("property", target=A.Property(V("n"), "x"), value=L(1)),
        A.SetItem("merge", variable="n", value=A.MapLiteral((("a", L(1)),))),
        A.SetItem("replace", variable="n", value=A.Parameter("map")),
        A.SetItem("property", target=A.Property(V("n"), "y"), value=L(2)),
    )
    assert r.items == (
        A.RemoveItem("labels", variable="n", labels=("A",)),
        A.RemoveItem("property", target=A.Property(V("n"), "x")),
    )
    assert d == A.Delete((V("n"), V("m")), detach=True)
    assert clauses("MATCH (n) DELETE n")[1] == A.Delete((V("n"),), detach=False)


def test_call():
    (c,) = clauses("CALL db.labels()")
    assert c == A.Call("db.labels", (), standalone=True)
    (c,) = clauses("CALL test.my.proc")
    assert c.args is None and c.standalone
    (c,) = clauses("CALL proc(1, 'a') YIELD *")
    assert c.yield_star and c.args == (L(1), L("a"))
    c, r = clauses("CALL db.labels() YIELD label AS l, x WHERE l <> 'a' RETURN l")
    assert not c.standalone
    assert c.yield_items == (A.YieldItem("label", "l"), A.YieldItem("x"))
    assert c.where == A.BinaryOp("<>", V("l"), L("a"))


def test_union():
    q = parse("RETURN 1 AS x UNION RETURN 2 AS x UNION ALL RETURN 3 AS x")
    u = q.body
    assert isinstance(u, A.UnionQuery) and u.all
    assert isinstance(u.left, A.UnionQuery) and not u.left.all
    assert isinstance(u.left.left, A.SingleQuery)


def test_query_text_and_semicolon():
    text = "  MATCH (n)\nRETURN n ;  "
    q = parse(text)
    assert q.text == text
    assert parse("RETURN 1;") == parse("RETURN 1")


def test_comments():
    q = parse("// leading\nMATCH (n) /* inline\n comment */ RETURN n // trailing")
    assert [type(c) for c in q.body.clauses] == [A.Match, A.Return]
    assert q.body.clauses[1].body.items[0].text == "n"


# --- multiple-graph clauses -------------------------------------------------------------------


def test_from_graph():
    (f, _, _) = clauses("FROM GRAPH ns.g MATCH (n) RETURN n")
    assert f == A.FromGraph(A.GraphRef(("ns", "g")))
    assert f.graph.qualified_name == "ns.g"
    assert clauses("FROM g MATCH (n) RETURN n")[0] == A.FromGraph(A.GraphRef(("g",)))
    f = clauses("FROM GRAPH view(ns.a, b) MATCH (n) RETURN n")[0]
    assert f.graph == A.GraphRef(("view",), (A.GraphRef(("ns", "a")), A.GraphRef(("b",))))
    assert clauses("FROM $g MATCH (n) RETURN n")[0].graph == A.GraphRef(parameter="g")


def test_construct_and_return_graph():
    cl = clauses(
        "MATCH (a)-->(b) CONSTRUCT ON g1, ns.g2 CLONE a, b AS c "
        "CREATE (a)-[:X]->(c) CREATE (z:Z) SET z.x = 1 RETURN GRAPH"
    )
    construct, ret = cl[1], cl[2]
    assert isinstance(construct, A.Construct)
    assert construct.on == (A.GraphRef(("g1",)), A.GraphRef(("ns", "g2")))
    assert construct.clones == (A.CloneItem(V("a")), A.CloneItem(V("b"), "c"))
    assert len(construct.creates) == 2 and len(construct.sets) == 1
    assert isinstance(ret, A.ReturnGraph)
    assert isinstance(clauses("MATCH (graph) RETURN graph.x")[1], A.Return)
    assert isinstance(clauses("MATCH (g) CONSTRUCT RETURN GRAPH")[1], A.Construct)


def test_catalog_statements():
    q = parse(
        "CATALOG CREATE GRAPH ns.foo { FROM GRAPH x MATCH (n) CONSTRUCT CLONE n RETURN GRAPH }"
    )
    c = q.body
    assert isinstance(c, A.CatalogCreateGraph) and c.name == A.GraphRef(("ns", "foo"))
    assert c.query.text == "FROM GRAPH x MATCH (n) CONSTRUCT CLONE n RETURN GRAPH"
    assert isinstance(c.query.body.clauses[-1], A.ReturnGraph)
    v = parse("CATALOG CREATE VIEW v($g1, $g2) { FROM $g1 MATCH (n) RETURN GRAPH }").body
    assert isinstance(v, A.CatalogCreateView) and v.parameters == ("g1", "g2")
    assert parse("CATALOG DROP GRAPH ns.foo").body == A.CatalogDropGraph(A.GraphRef(("ns", "foo")))
    assert parse("catalog drop view v").body == A.CatalogDropGraph(A.GraphRef(("v",)), True)


# --- positions ---------------------------------------------------------------------------------


def test_positions():
    q = parse("MATCH (n:A)\n  WHERE n.x > $p\nRETURN n.x AS x, -1")
    m, r = q.body.clauses
    assert m.pos == Position(1, 1, 0)
    assert m.pattern.parts[0].element.nodes[0].pos == Position(1, 7, 6)
    gt = m.where
    assert gt.pos == Position(2, 9, 20)  # a binary op starts at its left operand
    assert gt.right.pos == Position(2, 15, 26)
    assert r.pos == Position(3, 1, 29)
    assert r.body.items[0].pos == Position(3, 8, 36)
    assert r.body.items[1].expression.pos == Position(3, 18, 46)
    assert q.pos == Position(1, 1, 0)


def test_positions_do_not_affect_equality():
    assert parse("MATCH (n) WHERE 1 + 2 = n.x RETURN 1") == parse(
        "MATCH  (n)\nWHERE 1+2=n.x\nRETURN 1"
    )
    a = parse("RETURN [1, 2] AS l").body.clauses[0].body.items[0].expression
    b = parse("RETURN  [1,2] AS l").body.clauses[0].body.items[0].expression
    assert a == b and hash(a) == hash(b) and a.pos != b.pos


def test_parenthesised_expression_position_is_the_parenthesis():
    (r,) = clauses("RETURN (1 + 2) * 3")
    e = r.body.items[0].expression
    assert e.pos.column == 8 and e.left.pos.column == 8


def test_grammar_is_found():
    text = grammar_text()
    assert "regular_query" in text


def test_unicode_dashes_and_arrow_heads():
    assert element("MATCH (a)—[:R]—＞(b) RETURN 1").relationships == (
        A.RelationshipPattern(types=("R",), direction="out"),
    )
    assert element("MATCH (a)〈‐‐(b) RETURN 1").relationships == (
        A.RelationshipPattern(direction="in"),
    )
    w = clauses("MATCH (a) WHERE (a)−−(b) RETURN a")[0].where
    assert isinstance(w, A.PatternPredicate)


def test_exists_with_single_node_and_nested_subquery():
    e = clauses("MATCH (n) WHERE EXISTS { (n) } RETURN n")[0].where
    assert e.pattern == A.Pattern((A.PatternPart(A.PatternElement((A.NodePattern("n"),), ())),))
    e = clauses(
        "MATCH (n) WHERE exists { MATCH (n)-->(m) WHERE exists { (m)-->() } RETURN m } RETURN n"
    )[0].where
    inner = e.query.body.clauses[0].where
    assert isinstance(inner, A.ExistsSubquery) and inner.pattern is not None


def test_in_query_call_forms_parse():
    # in-query CALL without arguments and an update inside EXISTS are semantic errors, not syntax
    parse("CALL test.my.proc YIELD out RETURN out")
    parse("MATCH (n) WHERE exists { MATCH (n)-->(m) SET m.prop = 'x' } RETURN n")
    parse("RETURN 1 AS a UNION RETURN 2 AS a UNION ALL RETURN 3 AS a")
    parse("MATCH (n $param) RETURN n")


def test_parse_results_are_memoised_and_immutable():
    text = "MATCH (n) RETURN n.x AS x"
    assert parse(text) is parse(text)
    import dataclasses

    import pytest

    with pytest.raises(dataclasses.FrozenInstanceError):
        parse(text).body.clauses[0].optional = True  # type: ignore[misc]
