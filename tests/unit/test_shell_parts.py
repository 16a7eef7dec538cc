"""The interactive shell's parts without Spark: input scanning, highlighting, completion,
commands, named graphs, rendering and the query runner (on stand-in sessions).

tests/e2e/test_shell.py drives the real shell in a pseudo-terminal.
"""

from __future__ import annotations

import io
import subprocess
import sys
from types import SimpleNamespace

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from graphframe_cypher import types as T
from graphframe_cypher.errors import CypherSyntaxError, Position
from graphframe_cypher.graph.model import (
    GraphSchema,
    NodeTableSpec,
    PropertyColumn,
    RelationshipTableSpec,
)
from graphframe_cypher.shell.app import Shell
from graphframe_cypher.shell.completion import CompletionSource, CypherCompleter
from graphframe_cypher.shell.graphs import GraphRegistry, UnknownGraph, graph_after
from graphframe_cypher.shell.highlight import classify
from graphframe_cypher.shell.hints import schema_names, unknown_names_hint
from graphframe_cypher.shell.rendering import (
    counters_text,
    error_text,
    fit_widths,
    progress_text,
    render,
)
from graphframe_cypher.shell.runner import QueryRunner
from graphframe_cypher.shell.statements import ends_statement, input_finished, script_items
from graphframe_cypher.values import Node

# -- input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "finished"),
    [
        ("RETURN 1;", True),
        ("RETURN 1", False),
        ("MATCH (n)\nRETURN n;  \n", True),
        ("RETURN ';", False),  # inside a string
        ("RETURN 1 /* ; ", False),  # inside a comment
        ("RETURN 1; // done", True),
        ("RETURN `a;", False),
    ],
)
def test_ends_statement(text, finished):
    assert ends_statement(text) is finished


def test_commands_and_empty_input_are_finished_at_enter():
    assert input_finished(":use sample")
    assert input_finished("   ")
    assert not input_finished("MATCH (n)")


def test_script_items_separate_commands_and_queries():
    script = "// setup\n:use sample\nMATCH (n)\nRETURN n; RETURN 2;\n:schema;\nRETURN 3"
    assert script_items(script) == [
        ":use sample",
        "MATCH (n)\nRETURN n",
        "RETURN 2",
        ":schema",
        "RETURN 3",
    ]


def test_a_colon_inside_a_query_is_not_a_command():
    assert script_items("MATCH (n\n:Person) RETURN n;") == ["MATCH (n\n:Person) RETURN n"]


# -- highlighting ---------------------------------------------------------------------------


def test_highlighting_classes():
    styles = dict(
        (text, style)
        for style, text in classify(
            "MATCH (p:Person) WHERE p.age > $min // c\nRETURN toUpper(p.name), 'x', 1.5"
        )
        if style
    )
    assert styles == {
        "MATCH": "keyword",
        "Person": "label",
        "WHERE": "keyword",
        "$min": "parameter",
        "// c": "comment",
        "RETURN": "keyword",
        "toUpper": "function",
        "'x'": "string",
        "1.5": "number",
    }


def test_highlighting_a_command():
    assert classify(":use sample") == [("command", ":use"), ("", " sample")]


# -- completion -----------------------------------------------------------------------------


def _schema() -> GraphSchema:
    person = NodeTableSpec(
        None, "id", frozenset({"Person"}), (PropertyColumn("name", "name", T.STRING),)
    )
    company = NodeTableSpec(None, "id", frozenset({"Company", "Big Co"}))
    knows = RelationshipTableSpec(
        None, "id", "s", "d", "KNOWS", (PropertyColumn("since", "since", T.INTEGER),)
    )
    return GraphSchema((person, company), (knows,))


def _complete(text: str) -> list[str]:
    source = CompletionSource(
        schema=_schema,
        graph_names=lambda: ["session.sample", "sample", "session.scratch", "scratch"],
        parameters=lambda: ["minAge"],
        commands=[":help", ":use", ":schema"],
        command_arguments={":format": ("table", "csv", "json")},
    )
    completer = CypherCompleter(source)
    found = completer.get_completions(Document(text), CompleteEvent(completion_requested=True))
    return [c.text for c in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MATCH (p:Per", ["Person"]),
        ("MATCH (p:", ["`Big Co`", "Company", "Person"]),
        ("MATCH (a)-[r:KN", ["KNOWS"]),
        ("MATCH (p) WHERE p.na", ["name"]),
        ("MATCH (p) WHERE p.age > $mi", ["$minAge"]),
        ("MATCH (p) RET", ["RETURN"]),
        ("MATCH (p) RETURN toUp", ["toUpper"]),
        (":sc", [":schema"]),
        (":use scr", ["scratch"]),
        (":format j", ["json"]),
    ],
)
def test_completion(text, expected):
    assert _complete(text) == expected


def test_no_completion_of_an_empty_word():
    assert _complete("MATCH (p) ") == []


# -- hints ----------------------------------------------------------------------------------


def test_names_a_query_uses():
    query = "MATCH (p:Persn)-[:KNOWS|:LIKES]->(f:`Big Co`) WHERE f:Admin RETURN {a:b}, p"
    assert schema_names(query) == ({"Persn", "Big Co", "Admin"}, {"KNOWS", "LIKES"})


def test_hint_names_what_the_graph_lacks():
    hint = unknown_names_hint("MATCH (p:Persn)-[:KNOWS|LIKES]->(:Company) RETURN p", _schema())
    assert hint == (
        "Note: the graph has no label :Persn (labels: Big Co, Company, Person); "
        "no relationship type :LIKES (types: KNOWS)."
    )
    assert unknown_names_hint("MATCH (p:Person)-[:KNOWS]->() RETURN p", _schema()) == ""


# -- named graphs ---------------------------------------------------------------------------


class FakeCatalog:
    """The graph catalog's API (issue 4): store / graph / drop / names / in."""

    def __init__(self):
        self.graphs = {}

    def store(self, name, graph):
        if name in self.graphs:
            raise ValueError("exists")
        self.graphs[name] = graph

    def graph(self, name):
        return self.graphs[name]

    def drop(self, name):
        del self.graphs[name]

    def names(self):
        return sorted(self.graphs)

    def __contains__(self, name):
        return name in self.graphs


@pytest.mark.parametrize("session", [SimpleNamespace(), SimpleNamespace(catalog=FakeCatalog())])
def test_graph_registry_with_and_without_a_catalog(session):
    graphs = GraphRegistry(session)
    assert graphs.store("sample", "g1") == "session.sample"
    assert graphs.graph("sample") == "g1" and graphs.graph("session.sample") == "g1"
    graphs.store("sample", "g2")  # replacing a graph
    assert graphs.graph("sample") == "g2"
    assert graphs.names() == ["session.sample"]
    with pytest.raises(UnknownGraph, match="no graph named 'other'.*session.sample"):
        graphs.graph("other")


def test_a_short_name_finds_the_one_graph_of_that_name_in_any_namespace():
    catalog = FakeCatalog()
    catalog.store("fs.social", "g")
    catalog.store("fs.sample", "g2")
    catalog.store("session.sample", "g3")
    graphs = GraphRegistry(SimpleNamespace(catalog=catalog))
    assert graphs.resolve("social") == "fs.social"
    assert graphs.resolve("sample") == "session.sample"  # the session's own comes first
    assert graphs.resolve("fs.sample") == "fs.sample"


def test_only_updates_change_the_working_graph():
    def result(graph, updates):
        counters = SimpleNamespace(contains_updates=updates)
        return SimpleNamespace(graph=graph, counters=counters)

    assert graph_after(result("new", True), "old") == "new"
    assert graph_after(result("constructed", False), "old") == "old"  # CONSTRUCT
    assert graph_after(result(None, False), "old") == "old"


# -- rendering ------------------------------------------------------------------------------


def test_table_truncates_wide_values_and_prints_the_count_and_time():
    out = io.StringIO()
    node = Node(1, ["Person"], {"name": "Ann"})
    render(
        ["n", "text"], [[node, "x" * 200]], "table", out, footer_note="0.12 s", max_cell_width=20
    )
    text = out.getvalue()
    assert "(:Person {name: 'Ann'})"[:15] in text
    assert "x" * 200 not in text and "…" in text
    assert "(1 row, 0.12 s)" in text


def test_columns_give_way_widest_first_and_none_disappears():
    cells = [["x" * 50, "y" * 40, "Acme"]]
    widths = fit_widths(["p", "w", "c.name"], cells, 60, 80)
    assert widths[2] == 6 and sum(widths) + 3 * 3 + 1 <= 80
    assert abs(widths[0] - widths[1]) <= 1  # both long columns were cut to the same width
    assert fit_widths(["a"], [["1"]], 60, 10) == [1]


def test_csv_and_json():
    out = io.StringIO()
    render(["a", "b"], [[1, None]], "csv", out)
    assert out.getvalue() == "a,b\n1,\n"
    out = io.StringIO()
    render(["a"], [[[1, 2]]], "json", out)
    assert out.getvalue().replace(" ", "").replace("\n", "") == '[{"a":[1,2]}]'


def test_messages():
    from graphframe_cypher.api.result import Counters

    assert counters_text(Counters(nodes_created=2, properties_set=4)) == (
        "Nodes created: 2, properties set: 4"
    )
    progress = SimpleNamespace(
        jobs=1, stages_done=1, stages_total=2, tasks_done=3, tasks_total=4, fraction=0.75
    )
    assert "75%" in progress_text(progress, 2.0) and "tasks 3/4" in progress_text(progress, 2.0)
    assert "running" in progress_text(SimpleNamespace(jobs=0), 1.5)
    error = CypherSyntaxError("bad", "UnexpectedSyntax", Position(1, 8, 7), "MATCH (n RETURN n")
    assert error_text(error).endswith("  MATCH (n RETURN n\n         ^")
    assert error_text(ValueError("boom\nmore")) == "internal error: ValueError: boom"


# -- running --------------------------------------------------------------------------------


class FakeSession:
    """Job control as CypherSession offers it, recording what the runner asks."""

    def __init__(self):
        self.groups = []
        self.cancelled = []

    def job_group(self, group_id, description=""):
        import contextlib

        self.groups.append(group_id)
        return contextlib.nullcontext()

    def job_progress(self, group_id):
        return SimpleNamespace(jobs=0)

    def cancel_job_group(self, group_id):
        self.cancelled.append(group_id)

    def cancel_all_jobs(self):
        self.cancelled.append("*")


def test_runner_returns_values_and_errors():
    session = FakeSession()
    runner = QueryRunner(session, io.StringIO())
    assert runner.run(lambda: 42).value == 42
    outcome = runner.run(lambda: 1 / 0)
    assert isinstance(outcome.error, ZeroDivisionError) and outcome.value is None
    assert len(set(session.groups)) == 2  # one job group per query


def _shell(out):
    session = FakeSession()
    graphs = GraphRegistry(session)
    graphs.store("sample", SimpleNamespace(schema=_schema()))
    graphs.store("scratch", SimpleNamespace(schema=GraphSchema()))
    return Shell(session, graphs, "sample", out=out)


def test_commands_on_a_stand_in_shell(tmp_path):
    out = io.StringIO()
    shell = _shell(out)
    shell.execute(":use scratch")
    assert shell.current == "session.scratch" and shell.prompt() == "scratch> "
    shell.execute(":use nowhere\n:use")
    assert "no graph named 'nowhere'" in out.getvalue() and "usage: :use NAME" in out.getvalue()
    shell.execute(':params {"minAge": 30}\n:format csv\n:graphs\n:nonsense')
    assert shell.parameters == {"minAge": 30} and shell.format == "csv"
    assert "* session.scratch" in out.getvalue()
    assert "unknown command :nonsense" in out.getvalue()
    shell.execute(":use sample\n:schema")
    assert ":Person {name: STRING}" in out.getvalue()
    script = tmp_path / "s.cypher"
    script.write_text(":format table\n")
    shell.execute(f":source {script}")
    assert shell.format == "table"
    shell.execute(":help")
    assert ":explain QUERY" in out.getvalue()


def test_a_dropped_working_graph_is_an_error_not_a_crash():
    out = io.StringIO()
    shell = _shell(out)
    shell.current = "session.gone"
    assert shell.execute("RETURN 1;\n:schema") is False
    assert "no graph named 'session.gone'" in out.getvalue()


def test_the_shell_does_not_import_pyspark():
    code = (
        "import sys, graphframe_cypher.cli, graphframe_cypher.shell.app, "
        "graphframe_cypher.shell.completion, graphframe_cypher.shell.highlight; "
        "sys.exit('pyspark' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
