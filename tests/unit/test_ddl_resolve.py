"""Resolving Graph DDL (no Spark): node types with inherited labels, properties and keys,
relationship types, mappings with their qualified views, columns and join columns, and each
semantic error with its line and column."""

from __future__ import annotations

import pytest
from ddl_samples import ISSUE_EXAMPLE

from graphframe_cypher.ddl import parse_ddl, resolve_ddl
from graphframe_cypher.errors import GraphDdlError, GraphError


def resolve(text):
    return resolve_ddl(parse_ddl(text))


def error_of(text):
    with pytest.raises(GraphDdlError) as info:
        resolve(text)
    return info.value


def node_types(graph):
    return {nt.name: (nt.properties, nt.key) for nt in graph.node_types}


def test_the_issue_example():
    ddl = resolve(ISSUE_EXAMPLE)
    (graph,) = ddl.graphs
    assert graph.name == "crm_now" and ddl.graph("crm_now") is graph
    assert sorted(nt.name for nt in graph.node_types) == ["Customer", "Interaction", "Rep"]
    customer, rep, interaction = graph.node_mappings
    assert customer.node_type.key == ("customerIdx",)
    assert rep.node_type.key == ("empNo", "empName")  # no KEY: all properties
    assert str(customer.view) == "hive.customers.customers"
    assert (customer.view.data_source, customer.view.schema, customer.view.name) == (
        "hive",
        "customers",
        "customers",
    )
    assert [(p.key, p.column, str(p.type)) for p in customer.properties] == [
        ("customerIdx", "customerIdx", "INTEGER"),
        ("name", "name", "STRING"),
    ]
    assert [p.column for p in customer.key_columns] == ["customerIdx"]
    (rel,) = graph.relationship_mappings
    assert str(rel.relationship_type) == "(Interaction)-[SERVED_BY]->(Rep)"
    assert (str(rel.view), rel.alias) == ("hive.customers.served_by", "edge")
    assert rel.start.node_mapping is interaction and rel.end.node_mapping is rep
    assert [(j.node_column, j.edge_column) for j in rel.start.join] == [
        ("interactionId", "interactionId")
    ]
    assert [(j.node_column, j.edge_column) for j in rel.end.join] == [("empNo", "empNo")]
    assert rel.properties == ()


INHERITANCE = """\
CREATE ELEMENT TYPE Person (name STRING, born DATE?) KEY pk (name)
CREATE GRAPH TYPE staff (
  Employee (empNo INTEGER) KEY ek (empNo),
  Manager EXTENDS Person, Employee (level INTEGER),
  REPORTS_TO (since INTEGER),
  (Person), (Person, Manager),
  (Manager)-[REPORTS_TO]->(Manager)
)
CREATE GRAPH g OF staff (
  (Person) FROM people (full_name AS name),
  (Manager) FROM managers,
  (Person, Manager)-[REPORTS_TO]->(Manager) FROM reports e (since_year AS since)
    START NODES (Manager) FROM managers a JOIN ON a.empNo = e.boss
    END NODES (Person, Employee, Manager) FROM managers b JOIN ON e.report = b.empNo
)
"""


def test_inheritance_gives_labels_properties_and_keys():
    (graph,) = resolve(INHERITANCE).graphs
    person, manager = graph.node_mappings
    assert person.node_type.labels == {"Person"}
    assert manager.node_type.labels == {"Person", "Employee", "Manager"}
    assert [k for k, _ in manager.node_type.properties] == ["name", "born", "empNo", "level"]
    assert manager.node_type.key == ("name", "empNo")
    assert manager.node_type.name == "Employee:Manager:Person"
    # (Person, Manager) and (Manager) are one node type: the same label set
    assert len(graph.node_types) == 2
    assert [(p.key, p.column) for p in person.properties] == [
        ("name", "full_name"),
        ("born", "born"),
    ]
    (rel,) = graph.relationship_mappings
    assert rel.relationship_type.start.labels == manager.node_type.labels
    assert [(p.key, p.column) for p in rel.properties] == [("since", "since_year")]
    assert [(j.node_column, j.edge_column) for j in rel.end.join] == [("empNo", "report")]


def test_views_are_qualified_with_the_schema_in_force():
    ddl = resolve(
        "CREATE GRAPH TYPE t (A (x INTEGER))\n"
        "CREATE GRAPH g0 OF t ((A) FROM v, FROM s.v)\n"
        "SET SCHEMA ds.one;\n"
        "CREATE GRAPH g1 OF t ((A) FROM v, FROM s.v, FROM other.s.v)\n"
        "SET SCHEMA ds.two\n"
        "CREATE GRAPH g2 OF t ((A) FROM v)\n"
    )
    views = {g.name: [v.view.parts for v in g.node_mappings] for g in ddl.graphs}
    assert views == {
        "g0": [("v",), ("s", "v")],
        "g1": [("ds", "one", "v"), ("ds", "s", "v"), ("other", "s", "v")],
        "g2": [("ds", "two", "v")],
    }


def test_inline_element_types_extend_a_shared_graph_type():
    (graph,) = resolve(
        "CREATE GRAPH TYPE t (A (x INTEGER))\n"
        "CREATE GRAPH g OF t (B EXTENDS A (y STRING), (B) FROM bs, (A) FROM as_)\n"
    ).graphs
    assert [sorted(m.node_type.labels) for m in graph.node_mappings] == [["A", "B"], ["A"]]
    assert graph.node_mappings[0].node_type.key == ("x", "y")


def test_relationship_types_between_node_types():
    (graph,) = resolve(
        "CREATE GRAPH g (A (x INTEGER), B (y INTEGER), R, S (w FLOAT),\n"
        "  (A)-[R]->(B), (B)-[S]->(A), (A)-[R]->(A))"
    ).graphs
    assert sorted(str(r) for r in graph.relationship_types) == [
        "(A)-[R]->(A)",
        "(A)-[R]->(B)",
        "(B)-[S]->(A)",
    ]
    s_type = next(r for r in graph.relationship_types if r.rel_type == "S")
    assert [(k, str(t)) for k, t in s_type.properties] == [("w", "FLOAT")]


# -- errors -------------------------------------------------------------------------------------


def test_unknown_element_type_in_a_node_type():
    error = error_of("CREATE GRAPH g (\n  A (x INTEGER),\n  (A) FROM v,\n  (B) FROM w\n)")
    assert (error.line, error.column) == (4, 3)
    assert "unknown element type 'B' (known: A)" in error.message


def test_unknown_element_type_in_a_relationship_type():
    error = error_of(
        "CREATE GRAPH TYPE t (\n  A (x INTEGER),\n  (A)-[R]->(A)\n)\nCREATE GRAPH g OF t ()"
    )
    assert (error.line, error.column) == (3, 3)
    assert "unknown element type 'R'" in error.message


def test_unknown_parent():
    error = error_of("CREATE GRAPH TYPE t (\n  A EXTENDS Z (x INTEGER)\n)")
    assert (error.line, error.column) == (2, 3)
    assert "element type 'A' extends 'Z', which is not defined" in error.message


def test_cyclic_inheritance():
    error = error_of("CREATE GRAPH TYPE t (A EXTENDS B, B EXTENDS A (x INTEGER))")
    assert "cycle: A EXTENDS B EXTENDS A" in error.message
    assert error.line == 1


def test_unknown_graph_type():
    error = error_of("CREATE GRAPH TYPE t (A)\n\nCREATE GRAPH g OF nope ((A) FROM v)")
    assert (error.line, error.column) == (3, 19)
    assert "graph 'g' is OF unknown graph type 'nope' (known: t)" in error.message


@pytest.mark.parametrize(
    "text, what, line",
    [
        ("CREATE GRAPH TYPE t (A)\nCREATE GRAPH TYPE t (B)", "graph type 't'", 2),
        ("CREATE GRAPH g ()\n\nCREATE GRAPH g ()", "graph 'g'", 3),
        ("CREATE ELEMENT TYPE A\nCREATE ELEMENT TYPE A (x INTEGER)", "element type 'A'", 2),
        ("CREATE ELEMENT TYPE A\nCREATE GRAPH TYPE t (\n  A (x INTEGER))", "element type 'A'", 3),
    ],
)
def test_duplicate_names(text, what, line):
    error = error_of(text)
    assert f"duplicate {what} (first defined at line" in error.message
    assert error.line == line


def test_duplicate_property():
    error = error_of(
        "CREATE ELEMENT TYPE A (x INTEGER, y STRING, x STRING)\nCREATE GRAPH TYPE t ((A))"
    )
    assert (error.line, error.column) == (1, 45)
    assert "duplicate property 'x' in element type 'A'" in error.message


def test_key_property_must_be_a_property():
    error = error_of("CREATE GRAPH TYPE t (\n  A (x INTEGER) KEY ak (y)\n)")
    assert (error.line, error.column) == (2, 17)
    assert "key 'ak' of element type 'A' names 'y'" in error.message


def test_conflicting_property_types():
    error = error_of("CREATE GRAPH TYPE t (A (x INTEGER), B (x STRING), C EXTENDS A, B)")
    assert "property 'x' of 'C' is declared both INTEGER and STRING" in error.message


def test_mapping_an_unknown_property():
    error = error_of("CREATE GRAPH g (\n  A (x INTEGER),\n  (A) FROM v (c AS z)\n)")
    assert (error.line, error.column) == (3, 15)
    assert "node type (A) has no property 'z' to map column 'c' to" in error.message


def test_mapping_a_property_twice():
    error = error_of("CREATE GRAPH g (A (x INTEGER), (A) FROM v (c AS x, d AS x))")
    assert "property 'x' is mapped twice" in error.message


def test_a_node_type_without_key_or_properties_cannot_be_mapped():
    error = error_of("CREATE GRAPH g (\n  A,\n  (A) FROM v\n)")
    assert (error.line, error.column) == (3, 7)
    assert "node type (A) has neither a KEY nor properties" in error.message


def test_the_same_view_mapped_twice_to_one_node_type():
    error = error_of("CREATE GRAPH g (A (x INTEGER),\n  (A) FROM v,\n  (A) FROM v)")
    assert error.line == 3
    assert "node type (A) is mapped from view v twice (first at line 2)" in error.message


RELATIONSHIP = """\
CREATE GRAPH TYPE t (A (x INTEGER), B (y INTEGER), R, (A)-[R]->(B))
CREATE GRAPH g OF t (
  {nodes}
  (A)-[R]->(B) FROM r e
    START NODES {start} FROM {start_view} a JOIN ON {join}
    END NODES (B) FROM bs b JOIN ON b.y = e.y
)
"""


def relationship_error(
    nodes="(A) FROM as_, (B) FROM bs,", start="(A)", start_view="as_", join="a.x = e.x"
):
    return error_of(RELATIONSHIP.format(nodes=nodes, start=start, start_view=start_view, join=join))


def test_relationship_endpoint_without_node_mapping():
    error = relationship_error(nodes="(B) FROM bs,")
    assert (error.line, error.column) == (5, 17)
    assert "START NODES (A): the graph maps no view to node type (A)" in error.message


def test_relationship_endpoint_view_not_mapped():
    error = relationship_error(start_view="others")
    assert (error.line, error.column) == (5, 26)
    assert "node type (A) is not mapped from view others (it is mapped from as_)" in error.message


def test_relationship_endpoint_of_the_wrong_node_type():
    error = relationship_error(start="(B)")
    assert (error.line, error.column) == (5, 17)
    assert "START NODES are (B), but the relationship type's start node type is (A)" in (
        error.message
    )


def test_join_on_an_unknown_alias():
    error = relationship_error(join="a.x = z.x")
    assert (error.line, error.column) == (5, 46)
    assert "JOIN ON refers to 'z', which is neither the node view ('a')" in error.message


def test_join_on_one_side_only():
    error = relationship_error(join="a.x = a.y")
    assert "JOIN ON must compare a column of 'a' with one of 'e'" in error.message


# -- SqlGraphSource before it meets Spark ---------------------------------------------------------


def test_sql_source_lists_the_graphs_of_a_file_or_a_text(tmp_path):
    from graphframe_cypher.sources import SqlGraphSource

    path = tmp_path / "crm.ddl"
    path.write_text(ISSUE_EXAMPLE + "CREATE GRAPH other OF crm ((Rep) FROM reps)\n")
    for ddl in (path, str(path)):
        source = SqlGraphSource(ddl)
        assert source.graph_names() == ["crm_now", "other"]
        assert source.has_graph("other") and not source.has_graph("crm")
    assert SqlGraphSource(ISSUE_EXAMPLE).graph_names() == ["crm_now"]


def test_sql_source_errors_name_the_file(tmp_path):
    from graphframe_cypher.sources import SqlGraphSource

    path = tmp_path / "bad.ddl"
    path.write_text("CREATE GRAPH g (\n  (A) FROM v\n)")
    with pytest.raises(GraphDdlError) as info:
        SqlGraphSource(path).graph_names()
    assert str(info.value).startswith(f"GraphDdlError: {path}: Graph DDL: unknown element type")
    assert info.value.line == 2


def test_sql_source_graph_names_must_fit_the_catalog():
    from graphframe_cypher.sources import SqlGraphSource

    with pytest.raises(GraphDdlError) as info:
        SqlGraphSource("CREATE GRAPH `my graph` ()").graph_names()
    assert "invalid graph name 'my graph'" in info.value.message
    assert (info.value.line, info.value.column) == (1, 1)


def test_sql_source_is_read_only_and_needs_a_session():
    from graphframe_cypher.errors import GraphError
    from graphframe_cypher.sources import SqlGraphSource

    source = SqlGraphSource(ISSUE_EXAMPLE)
    with pytest.raises(GraphError, match="register the source with a session first"):
        source.graph("crm_now")
    with pytest.raises(GraphError, match="read-only.*FileGraphSource or HiveGraphSource"):
        source.store("x", None)  # type: ignore[arg-type]
    with pytest.raises(GraphError, match="read-only"):
        source.drop("crm_now")


def test_sql_source_names_a_missing_ddl_file(tmp_path):
    from graphframe_cypher.sources import SqlGraphSource

    with pytest.raises(GraphError, match="no Graph DDL file missing.ddl"):
        SqlGraphSource("missing.ddl")
    with pytest.raises(GraphError, match="cannot read the Graph DDL file"):
        SqlGraphSource(tmp_path / "missing.ddl")
