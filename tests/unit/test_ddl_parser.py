"""The Graph DDL parser (Morpheus syntax): every construct, and syntax errors with their
line, column and what was expected."""

from __future__ import annotations

import pytest
from ddl_samples import ISSUE_EXAMPLE

from graphframe_cypher.ddl import ast as A
from graphframe_cypher.ddl.parser import parse_ddl
from graphframe_cypher.errors import GraphDdlError, GraphError


def statements(text):
    return parse_ddl(text).statements


def test_the_issue_example():
    set_schema, graph_type, graph = statements(ISSUE_EXAMPLE)
    assert (set_schema.data_source, set_schema.schema) == ("hive", "customers")
    assert set_schema.position.line == 1
    assert graph_type.name == "crm" and graph_type.position.line == 2
    customer, rep, interaction, served_by = graph_type.body.element_types
    assert customer.name == "Customer"
    assert [(p.name, str(p.type)) for p in customer.properties] == [
        ("customerIdx", "INTEGER"),
        ("name", "STRING"),
    ]
    assert customer.key == A.KeyDefinition("ck", ("customerIdx",), customer.key.position)
    assert (customer.position.line, customer.position.column) == (3, 3)
    assert rep.key is None and served_by.properties == ()
    assert [n.element_types for n in graph_type.body.node_types] == [
        ("Customer",),
        ("Rep",),
        ("Interaction",),
    ]
    (rel,) = graph_type.body.relationship_types
    assert str(rel) == "(Interaction)-[SERVED_BY]->(Rep)"
    assert graph.name == "crm_now" and graph.graph_type == "crm"
    assert graph.graph_type_position.line == 10
    assert [str(m.node_type) for m in graph.body.node_mappings] == [
        "(Customer)",
        "(Rep)",
        "(Interaction)",
    ]
    (mapping,) = graph.body.relationship_mappings
    (view,) = mapping.views
    assert (str(view.view), view.alias, view.columns) == ("served_by", "edge", ())
    assert str(view.start.node_type) == "(Interaction)"
    assert (str(view.start.view), view.start.alias) == ("interactions", "i")
    (join,) = view.start.join
    assert (str(join.left), str(join.right)) == ("i.interactionId", "edge.interactionId")
    assert (join.position.line, join.position.column) == (15, 59)
    assert (str(view.end.view), view.end.alias) == ("reps", "r")


def test_property_types_nullable_and_lists():
    (element,) = statements(
        "CREATE ELEMENT TYPE T (a INTEGER, b STRING?, c float, d Boolean?, e DATE, "
        "f LOCALDATETIME?, g LIST(STRING), h LIST<INTEGER?>?, i NUMBER, j ANY, k DATETIME)"
    )
    assert [str(p.type) for p in element.properties] == [
        "INTEGER",
        "STRING?",
        "FLOAT",
        "BOOLEAN?",
        "DATE",
        "LOCALDATETIME?",
        "LIST(STRING)",
        "LIST(INTEGER?)?",
        "NUMBER",
        "ANY",
        "DATETIME",
    ]
    assert element.properties[7].type == A.PropertyType(
        "LIST", True, A.PropertyType("INTEGER", True)
    )


def test_global_element_types_keys_and_empty_property_lists():
    first, second = statements(
        "CREATE ELEMENT TYPE Person (name STRING, born INTEGER) KEY pk (name, born)\n"
        "CREATE ELEMENT TYPE Tag ()"
    )
    assert first.key.properties == ("name", "born") and first.key.name == "pk"
    assert second.name == "Tag" and second.properties == ()


def test_extends_one_and_several_parents():
    (graph_type,) = statements(
        "CREATE GRAPH TYPE t (\n"
        "  Person (name STRING), Employee (empNo INTEGER),\n"
        "  Manager EXTENDS Person, Employee (level INTEGER) KEY mk (empNo),\n"
        "  Intern EXTENDS Person,\n"
        "  (Person, Manager)\n"
        ")"
    )
    person, employee, manager, intern = graph_type.body.element_types
    assert manager.parents == ("Person", "Employee")
    assert [p.name for p in manager.properties] == ["level"]
    assert manager.key.properties == ("empNo",)
    assert intern.parents == ("Person",) and intern.properties == ()
    assert graph_type.body.node_types[0].element_types == ("Person", "Manager")


def test_inline_graph_with_column_mappings_and_several_views():
    (graph,) = statements(
        "CREATE GRAPH g (\n"
        "  Person (name STRING, age INTEGER) KEY pk (name),\n"
        "  KNOWS (since INTEGER),\n"
        "  (Person) FROM people (full_name AS name, years AS age),\n"
        "           FROM other.people2, FROM ds.other.people3 (n AS name)\n"
        "           FROM `quoted view`,\n"
        "  (Person)-[KNOWS]->(Person)\n"
        "    FROM knows e (since_year AS since)\n"
        "      START NODES (Person) FROM people a JOIN ON a.name = e.a AND e.x = a.y\n"
        "      END NODES (Person) FROM people b JOIN ON b.name = e.b,\n"
        "    FROM knows2 e\n"
        "      START NODES (Person) FROM people a JOIN ON a.name = e.a\n"
        "      END NODES (Person) FROM people b JOIN ON b.name = e.b\n"
        ")"
    )
    assert graph.graph_type is None
    (mapping,) = graph.body.node_mappings
    assert [v.view.parts for v in mapping.views] == [
        ("people",),
        ("other", "people2"),
        ("ds", "other", "people3"),
        ("quoted view",),
    ]
    first = mapping.views[0]
    assert [(c.column, c.property) for c in first.columns] == [
        ("full_name", "name"),
        ("years", "age"),
    ]
    assert (first.columns[0].position.line, first.columns[0].position.column) == (4, 25)
    (rel_mapping,) = graph.body.relationship_mappings
    assert [str(v.view) for v in rel_mapping.views] == ["knows", "knows2"]
    conditions = rel_mapping.views[0].start.join
    assert [(str(c.left), str(c.right)) for c in conditions] == [
        ("a.name", "e.a"),
        ("e.x", "a.y"),
    ]
    assert [(c.column, c.property) for c in rel_mapping.views[0].columns] == [
        ("since_year", "since")
    ]


def test_several_graphs_comments_and_case_insensitive_keywords():
    parsed = statements(
        "-- a comment\n"
        "set schema db.s\n"
        "/* a block\n comment */\n"
        "create graph type t (A (x INTEGER)) -- trailing\n"
        "Create Graph g1 Of t ((A) From v1)\n"
        "CREATE GRAPH g2 OF t ((A) FROM v2);\n"
        "SET SCHEMA db.other;\n"
        "CREATE GRAPH g3 OF t ((A) FROM v3)\n"
    )
    kinds = [type(s).__name__ for s in parsed]
    assert kinds == [
        "SetSchema",
        "GraphTypeDefinition",
        "GraphDefinition",
        "GraphDefinition",
        "SetSchema",
        "GraphDefinition",
    ]
    assert [s.name for s in parsed if isinstance(s, A.GraphDefinition)] == ["g1", "g2", "g3"]


def test_keywords_are_fine_names_where_a_name_is_expected():
    (graph_type,) = statements(
        "CREATE GRAPH TYPE Type (Key (type STRING, key INTEGER, nodes STRING) KEY key (key), "
        "Nodes, (Key), (Key)-[Nodes]->(Key))"
    )
    assert graph_type.name == "Type"
    assert [e.name for e in graph_type.body.element_types] == ["Key", "Nodes"]
    assert [p.name for p in graph_type.body.element_types[0].properties] == [
        "type",
        "key",
        "nodes",
    ]


def test_quoted_identifiers():
    (element,) = statements("CREATE ELEMENT TYPE `My Type` (`a b` STRING, `x``y` INTEGER)")
    assert element.name == "My Type"
    assert [p.name for p in element.properties] == ["a b", "x`y"]


def test_an_empty_document():
    assert parse_ddl("  -- nothing\n").statements == ()


def test_the_ast_is_immutable():
    (element,) = statements("CREATE ELEMENT TYPE A (x INTEGER)")
    with pytest.raises(AttributeError):
        element.name = "B"  # type: ignore[misc]


# -- errors -------------------------------------------------------------------------------------


def error_of(text, source=""):
    with pytest.raises(GraphDdlError) as info:
        parse_ddl(text, source)
    return info.value


def test_ddl_errors_are_graph_errors_with_the_line_shown():
    error = error_of("CREATE GRAPH g (\n  (A) FROM\n)", "crm.ddl")
    assert isinstance(error, GraphError)
    assert (error.line, error.column) == (3, 1)
    assert "crm.ddl: Graph DDL: expected a name, found ')'" in str(error)
    assert "\n  )\n  ^" in str(error)


def test_what_was_expected_is_named():
    error = error_of("SET SCHEMA a;")
    assert (error.line, error.column) == (1, 13)
    assert "expected '.', found ';'" in error.message
    error = error_of("CREATE GRAPH TYPE t (\n  A (x INTEGER) KEY (x)\n)")
    assert (error.line, error.column) == (2, 21)
    assert "expected a name, found '('" in error.message
    error = error_of("CREATE VIEW v")
    assert (error.line, error.column) == (1, 8)
    assert "expected ELEMENT or GRAPH" in error.message


def test_unexpected_end_names_the_end_position():
    error = error_of("CREATE GRAPH g (\n (A) FROM v,\n")
    assert (error.line, error.column) == (3, 1)
    assert "found the end of the DDL" in error.message
    assert "'('" in error.message and "FROM" in error.message


def test_unexpected_character():
    error = error_of("CREATE GRAPH g (\n  A $\n)")
    assert (error.line, error.column) == (2, 5)
    assert "unexpected character '$'" in error.message


def test_unknown_property_type_lists_the_known_ones():
    error = error_of("CREATE ELEMENT TYPE A (\n  x INTEGER,\n  y TEXTUAL\n)")
    assert (error.line, error.column) == (3, 5)
    assert "unknown property type 'TEXTUAL'" in error.message
    assert "INTEGER" in error.message and "LOCALDATETIME" in error.message


def test_list_types_need_their_element_type():
    assert "LIST needs its element type" in error_of("CREATE ELEMENT TYPE A (x LIST)").message
    assert "takes no element type" in error_of("CREATE ELEMENT TYPE A (x STRING(INTEGER))").message


def test_a_graph_type_cannot_map_views():
    error = error_of("CREATE GRAPH TYPE t (\n  A,\n  (A) FROM v\n)")
    assert (error.line, error.column) == (3, 3)
    assert "graph type 't' holds a mapping" in error.message


def test_a_from_clause_must_follow_a_mapping():
    error = error_of("CREATE GRAPH g (\n  A,\n  FROM v\n)")
    assert (error.line, error.column) == (3, 3)
    assert "a FROM clause must follow a node mapping" in error.message


def test_view_names_have_at_most_three_parts():
    error = error_of("CREATE GRAPH g ((A) FROM a.b.c.d)")
    assert (error.line, error.column) == (1, 26)
    assert "view name 'a.b.c.d' has 4 parts" in error.message
