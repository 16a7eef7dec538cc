"""Multiple graphs without Spark: the semantic rules of FROM GRAPH / CONSTRUCT / RETURN
GRAPH / CATALOG, their planning and lowering, id-space tag assignment and the catalog."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "planning"))

from plan_fixtures import SCHEMA, ops_of  # noqa: E402

from graphframe_cypher import ast as A  # noqa: E402
from graphframe_cypher import types as T  # noqa: E402
from graphframe_cypher.api.catalog import Catalog, split_name  # noqa: E402
from graphframe_cypher.api.graph import PropertyGraph  # noqa: E402
from graphframe_cypher.compiler import parse  # noqa: E402
from graphframe_cypher.errors import CypherSyntaxError, GraphError, UnsupportedFeature  # noqa: E402
from graphframe_cypher.graph.identity import IdSpace, assign_tags, derived_spaces  # noqa: E402
from graphframe_cypher.graph.model import GraphSchema, NodeTableSpec, PropertyColumn  # noqa: E402
from graphframe_cypher.graph.query_graphs import QueryGraphs  # noqa: E402
from graphframe_cypher.logical.construct import BuiltElement, ConstructGraph, InGraph  # noqa: E402
from graphframe_cypher.logical.planner import LogicalPlanner  # noqa: E402
from graphframe_cypher.relational import operators as R  # noqa: E402
from graphframe_cypher.relational.construct import BuildGraph  # noqa: E402
from graphframe_cypher.relational.lowering import RelationalLowering  # noqa: E402
from graphframe_cypher.relational.prune_columns import prune_columns  # noqa: E402
from graphframe_cypher.semantic import analyze  # noqa: E402
from graphframe_cypher.semantic.graphs import graph_refs  # noqa: E402


def check(query: str):
    return analyze(parse(query))


def fails(query: str, code: str, match: str | None = None):
    with pytest.raises(CypherSyntaxError, match=match) as info:
        check(query)
    assert info.value.code == code, str(info.value)
    return info.value


# -- semantic analysis ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "FROM GRAPH g MATCH (n) RETURN n",
        "FROM GRAPH a MATCH (n) FROM GRAPH b MATCH (m) WHERE n.x = m.x RETURN n, m",
        "MATCH (a)-[r]->(b) CONSTRUCT ON g CLONE a, b, r AS s SET s.w = 1 RETURN GRAPH",
        "MATCH (a) CONSTRUCT CREATE (a)-[:R {x: a.x}]->(n:New) SET n:Other RETURN GRAPH",
        "MATCH (a)-[r]->(b) CONSTRUCT CREATE (b)-[r]->(a) RETURN GRAPH",
        "FROM GRAPH g RETURN GRAPH",
        "CATALOG CREATE GRAPH x { FROM GRAPH g MATCH (n) CONSTRUCT CLONE n RETURN GRAPH }",
        "CATALOG CREATE VIEW v($a) { FROM GRAPH $a RETURN GRAPH }",
        "CATALOG DROP GRAPH x",
    ],
)
def test_valid_multiple_graph_queries(query):
    check(query)


def test_construct_must_be_followed_by_return_graph():
    fails("MATCH (n) CONSTRUCT CLONE n", "InvalidClauseComposition", "RETURN GRAPH")
    fails("MATCH (n) CONSTRUCT CLONE n RETURN n", "InvalidClauseComposition", "RETURN GRAPH")


def test_return_graph_ends_the_query():
    fails("FROM GRAPH g RETURN GRAPH MATCH (n) RETURN n", "InvalidClauseComposition")


def test_a_query_returning_a_graph_does_not_update():
    fails("MATCH (n) CREATE (m) RETURN GRAPH", "InvalidClauseComposition", "cannot update")
    fails("FROM GRAPH g CREATE (m)", "InvalidClauseComposition", "cannot update")


def test_graph_queries_do_not_union():
    fails(
        "FROM GRAPH a RETURN GRAPH UNION FROM GRAPH b RETURN GRAPH",
        "InvalidClauseComposition",
        "UNION",
    )


def test_catalog_queries_must_return_graphs():
    fails("CATALOG CREATE GRAPH x { MATCH (n) RETURN n }", "InvalidClauseComposition")
    fails("CATALOG CREATE VIEW v($g) { MATCH (n) RETURN n }", "InvalidClauseComposition")


def test_clone_copies_elements_only():
    fails("WITH 1 AS x CONSTRUCT CLONE x RETURN GRAPH", "InvalidArgumentType")
    fails("MATCH (n) CONSTRUCT CLONE n.name RETURN GRAPH", "NoExpressionAlias")
    fails("MATCH (n), (m) CONSTRUCT CLONE n AS m RETURN GRAPH", "VariableAlreadyBound")
    fails("CONSTRUCT CLONE x RETURN GRAPH", "UndefinedVariable")


def test_construct_set_changes_only_what_it_builds():
    error = fails(
        "MATCH (a), (b) CONSTRUCT CLONE a SET b.x = 1 RETURN GRAPH", "UndefinedVariable", "`b`"
    )
    assert (error.line, error.column) == (1, 38)


def test_graph_refs_in_order():
    query = parse(
        "FROM GRAPH a MATCH (n) FROM ns.b MATCH (m) CONSTRUCT ON a, v(c, d) CLONE n RETURN GRAPH"
    )
    assert [r.qualified_name for r in graph_refs(query.body)] == ["a", "ns.b", "a", "v"]


# -- planning ---------------------------------------------------------------------------------

OTHER = GraphSchema(
    node_tables=(
        NodeTableSpec(
            "customers", "id", frozenset({"Customer"}), (PropertyColumn("name", "name", T.STRING),)
        ),
    )
)


def planned(query: str):
    ref = A.GraphRef(("other",))
    graphs = QueryGraphs(SCHEMA, {0: IdSpace()}, {ref: OTHER}, {ref: {1: IdSpace()}}, new_tag=2)
    plan = LogicalPlanner(SCHEMA, {}, graphs=graphs).plan(parse(query))
    relational = RelationalLowering(SCHEMA, graphs).lower_plan(plan.root, plan.columns)
    return plan, prune_columns(relational)


def test_from_graph_scans_the_named_graph():
    plan, relational = planned(
        "MATCH (p:Person) FROM GRAPH other MATCH (c:Customer) WHERE p.name = c.name "
        "RETURN p.name AS n, c.name AS m"
    )
    (in_graph,) = ops_of(plan.root, InGraph)
    assert in_graph.graph.qualified_name == "other"
    sources = sorted(s.source for s in ops_of(relational, R.TableScan))
    assert sources == ["admins", "customers", "persons"]


def test_construct_plans_clones_creates_and_sets():
    plan, relational = planned(
        "MATCH (p:Person)-[k:KNOWS]->(q:Person) "
        "CONSTRUCT ON other CLONE p AS x, k CREATE (q)-[:SEES]->(s:Seen {at: k.since}) "
        "SET x.flag = true SET s:Marked RETURN GRAPH"
    )
    (construct,) = ops_of(plan.root, ConstructGraph)
    nodes = {e.var: e for e in construct.nodes}
    assert set(nodes) == {"x", "q", "s"}
    assert nodes["x"].properties[0][0] == "flag" and not nodes["x"].created
    assert nodes["s"].created and nodes["s"].labels == frozenset({"Marked"})
    rels = {e.var.strip()[:3]: e for e in construct.relationships}
    assert not rels["k"].created and rels["rel"].created
    assert construct.on == (A.GraphRef(("other",)),)
    (build,) = ops_of(relational, BuildGraph)
    assert build.nodes.labels == ("Admin", "Marked", "Person", "Seen")
    shapes = dict(build.nodes.tables)
    # A cloned Person may be an Admin too; the created node has its own labels.
    assert shapes[frozenset({"Person"})] == ("age", "flag", "name")
    assert shapes[frozenset({"Admin", "Person"})] == ("flag", "level", "name")
    assert shapes[frozenset({"Seen", "Marked"})] == ("at",)
    assert dict(build.relationships.tables) == {"KNOWS": ("since",), "SEES": ()}
    assert build.relationships.check_endpoints  # k is a copied relationship
    assert [s for s, _ in build.base] == [OTHER]


def test_bound_relationship_in_construct_create_is_copied_between_endpoints():
    plan, _ = planned("MATCH (a)-[r:KNOWS]->(b) CONSTRUCT CREATE (b)-[r]->(a) RETURN GRAPH")
    (construct,) = ops_of(plan.root, ConstructGraph)
    assert construct.relationships == (
        BuiltElement("r", source="b", target="a", scanned_in=(None,)),
    )
    assert {e.var for e in construct.nodes} == {"a", "b"}


def test_return_graph_alone_returns_the_working_graph():
    plan, _ = planned("FROM GRAPH other RETURN GRAPH")
    (construct,) = ops_of(plan.root, ConstructGraph)
    assert construct.on == (A.GraphRef(("other",)),) and not construct.nodes


def test_clone_of_a_computed_value_is_not_supported():
    with pytest.raises(UnsupportedFeature):
        planned("MATCH (n) WITH collect(n) AS ns UNWIND ns AS m CONSTRUCT CLONE m RETURN GRAPH")


# -- element identity -------------------------------------------------------------------------


def test_unrelated_graphs_get_different_tags():
    a, b = {0: IdSpace("a")}, {0: IdSpace("b")}
    assignment = assign_tags([a, b])
    assert assignment.retags == ({}, {0: 1})
    assert assignment.free_tag() == 2


def test_shared_spaces_keep_one_tag():
    shared = IdSpace("shared")
    built = {0: shared, 1: IdSpace("new")}
    other = {0: IdSpace("other")}
    # `other` holds tag 0 first: the shared space moves, consistently in both graphs.
    assignment = assign_tags([other, built, {5: shared}])
    assert assignment.retags == ({}, {0: 2}, {5: 2})
    assert set(assignment.spaces) == {0, 1, 2}


def test_derived_graphs_get_new_spaces():
    spaces = {0: IdSpace("g")}
    assert derived_spaces(spaces)[0] is not spaces[0]


# -- catalog ----------------------------------------------------------------------------------


def graph():
    return PropertyGraph(None, GraphSchema())  # type: ignore[arg-type]


def test_names_split_and_validate():
    assert split_name("social") == (None, "social")
    assert split_name("fs.dir.g-1") == ("fs", "dir.g-1")
    for bad in ("", "a..b", "../x", "a/b", "a b", "a.", "fs.\\x"):
        with pytest.raises(GraphError, match="invalid graph name"):
            split_name(bad)


def test_catalog_resolves_bare_and_qualified_names():
    catalog = Catalog()
    g = graph()
    catalog.store("social", g)
    assert catalog.graph("social") is g and catalog.graph("session.social") is g
    assert catalog.names() == ["session.social"] and "social" in catalog
    with pytest.raises(GraphError, match="unknown graph 'nope'"):
        catalog.graph("nope")
    with pytest.raises(GraphError, match="unknown namespace"):
        catalog.store("elsewhere.g", g)
    catalog.drop("session.social")
    assert catalog.names() == [] and "social" not in catalog


def test_catalog_sources_and_ambiguity():
    from graphframe_cypher.api.catalog import SessionGraphSource

    catalog = Catalog()
    catalog.register_source("mem", SessionGraphSource())
    catalog.store("mem.g", graph())
    catalog.store("g", graph())
    with pytest.raises(GraphError, match="ambiguous"):
        catalog.graph("g")
    assert catalog.names() == ["mem.g", "session.g"]
    with pytest.raises(GraphError, match="needs the methods"):
        catalog.register_source("bad", object())
    with pytest.raises(GraphError):
        catalog.register_source("session", SessionGraphSource())
    with pytest.raises(GraphError, match="only PropertyGraphs"):
        catalog.store("x", "not a graph")  # type: ignore[arg-type]


def test_unchanged_clones_of_on_graph_elements_are_not_built_again():
    plan, relational = planned(
        "MATCH (p:Person) FROM GRAPH other MATCH (c:Customer) "
        "CONSTRUCT ON other CREATE (c)-[:IS]->(p) RETURN GRAPH"
    )
    (construct,) = ops_of(plan.root, ConstructGraph)
    assert {e.var for e in construct.nodes} == {"p"}  # c is in `other` already
    (build,) = ops_of(relational, BuildGraph)
    assert build.nodes.clones and not build.relationships.clones
    plan, _ = planned(
        "FROM GRAPH other MATCH (c:Customer) CONSTRUCT ON other CLONE c SET c.x = 1 RETURN GRAPH"
    )
    (construct,) = ops_of(plan.root, ConstructGraph)
    assert [e.var for e in construct.nodes] == ["c"]  # changed by SET: built


class _CatalogOnly:
    """Stands in for a session where resolving needs only the catalog."""

    def __init__(self):
        self.catalog = Catalog()


def _first_graph_ref(query: str) -> A.GraphRef:
    return parse(query).body.clauses[0].graph


def test_graph_names_in_queries_are_validated_with_their_position():
    from graphframe_cypher.api.multigraph import GraphResolver, RunContext

    session = _CatalogOnly()
    session.catalog.store("social", graph())
    resolver = GraphResolver(session, {"g": "social", "n": 3}, RunContext())
    assert resolver.resolve(_first_graph_ref("FROM GRAPH social RETURN GRAPH")) is not None
    assert resolver.resolve(_first_graph_ref("FROM GRAPH $g RETURN GRAPH")) is not None
    cases = [
        ("FROM GRAPH fs.`../etc` RETURN GRAPH", "invalid graph name"),
        ("FROM GRAPH session.nope RETURN GRAPH", "unknown graph 'session.nope'"),
        ("FROM GRAPH nope(social) RETURN GRAPH", "unknown view 'nope'"),
        ("FROM GRAPH $n RETURN GRAPH", "must be a graph"),
        ("FROM GRAPH $missing RETURN GRAPH", "no graph given"),
    ]
    for query, message in cases:
        with pytest.raises(GraphError, match=message) as info:
            resolver.resolve(_first_graph_ref(query))
        assert (info.value.line, info.value.column) == (1, 12), query
