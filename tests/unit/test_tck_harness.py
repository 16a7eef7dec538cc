"""Tests of the openCypher TCK harness (tests/tck) against a fake engine: no Spark.

Covers the TCK value parser, the Cypher-value comparison, feature loading and ids, every
step of the step runner, and (in a pytest subprocess) the plugin: outcomes, expected
failures, --tck-filter, --tck-strict-xpass, the JSON reports and the terminal summary.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graphframe_cypher.errors import CypherSyntaxError, CypherTypeError, UnsupportedFeature
from graphframe_cypher.values import Node, Relationship
from graphframe_cypher.values import Path as GPath

TESTS_DIR = Path(__file__).resolve().parents[1]
REPO = TESTS_DIR.parent
sys.path.insert(0, str(TESTS_DIR))  # the harness is the package tests/tck -> "tck"

from tck.comparison import ResultMismatch, compare_result, value_key  # noqa: E402
from tck.expectations import (  # noqa: E402
    expected_failures_file,
    load_expected_failures,
    render_expected_failures,
)
from tck.failures import TckFailure, TckUnsupported  # noqa: E402
from tck.fake_engine import FakeSession, FakeSessionWithoutProcedures, Response  # noqa: E402
from tck.features import Step, load_feature  # noqa: E402
from tck.report import Recorder, render_summary  # noqa: E402
from tck.steps import ScenarioRunner  # noqa: E402
from tck.tck_values import TckValueError, parse_value  # noqa: E402
from tck.update_expected_failures import updated_entries  # noqa: E402

# --------------------------------------------------------------------------------------
# TCK value syntax
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("1", 1),
        ("-12", -12),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("-0.5", -0.5),
        ("1e10", 1e10),
        ("1.23456789e308", 1.23456789e308),
        (".5", 0.5),
        ("Infinity", math.inf),
        ("-Infinity", -math.inf),
        ("true", True),
        ("false", False),
        ("null", None),
        ("''", ""),
        ("'it\\'s'", "it's"),
        ("'a\\\\b'", "a\\b"),
        ("'tab\\there'", "tab\there"),
        ("'\\u00e9'", "é"),
        ("'🧐🍌'", "🧐🍌"),
        ("[]", []),
        ("[1, 'a', [null]]", [1, "a", [None]]),
        ("{}", {}),
        ("{a: 1, `b c`: [2], ``: 0}", {"a": 1, "b c": [2], "": 0}),
        ("  {k:  'v'}  ", {"k": "v"}),
    ],
)
def test_parse_scalars_and_collections(text, value):
    parsed = parse_value(text)
    assert parsed == value and type(parsed) is type(value)


def test_parse_nan():
    assert math.isnan(parse_value("NaN"))


def test_parse_node_and_relationship():
    node = parse_value("(:A:B {name: 'x', n: 1})")
    assert isinstance(node, Node)
    assert node.labels == {"A", "B"} and node.properties == {"name": "x", "n": 1}
    assert parse_value("()").labels == frozenset()
    rel = parse_value("[:T {w: 1.0}]")
    assert isinstance(rel, Relationship) and rel.type == "T" and rel.properties == {"w": 1.0}
    assert parse_value("[ :`odd type`]").type == "odd type"
    assert parse_value("[(:A), [:T]]")[1].type == "T"  # a list holding a relationship


def test_parse_path_directions():
    path = parse_value("<(:A)-[:T]->(:B)<-[:U {p: 1}]-()>")
    assert isinstance(path, GPath) and len(path) == 2
    a, b, c = path.nodes
    t, u = path.relationships
    assert (t.start_node_id, t.end_node_id) == (a.id, b.id)
    assert (u.start_node_id, u.end_node_id) == (c.id, b.id)
    assert [fwd for *_, fwd in path.steps()] == [True, False]
    assert len(parse_value("<(:A)>")) == 0


@pytest.mark.parametrize("text", ["", "[1,", "'open", "{a 1}", "1 2", "<(:A)-[:T]-(:B)>", "nope"])
def test_parse_errors(text):
    with pytest.raises(TckValueError):
        parse_value(text)


# --------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------


def test_value_key_equivalences():
    assert value_key(1) != value_key(1.0)
    assert value_key(True) != value_key(1)
    assert value_key(math.nan) == value_key(float("nan"))
    # Nodes: labels + properties, never ids.
    assert value_key(Node(1, ["A"], {"p": 1})) == value_key(Node(99, ["A"], {"p": 1}))
    assert value_key(Node(1, ["A"])) != value_key(Node(1, ["B"]))
    assert value_key(Relationship(1, "T", 1, 2)) == value_key(Relationship(5, "T", 7, 8))
    assert value_key([1, 2]) != value_key([2, 1])
    assert value_key([1, 2, 2], True) == value_key([2, 1, 2], True)
    assert value_key([1, 2, 2], True) != value_key([1, 1, 2], True)
    assert value_key({"a": [1, 2]}, True) == value_key({"a": [2, 1]}, True)


def test_path_comparison_is_structural():
    a, b = Node(10, ["A"]), Node(11, ["B"])
    forward = GPath([a, b], [Relationship(20, "T", 10, 11)])
    backward = GPath([a, b], [Relationship(20, "T", 11, 10)])
    assert value_key(forward) == value_key(parse_value("<(:A)-[:T]->(:B)>"))
    assert value_key(backward) == value_key(parse_value("<(:A)<-[:T]-(:B)>"))
    assert value_key(forward) != value_key(backward)


TABLE = [("x", "y"), ("1", "'a'"), ("2", "'b'")]


def test_compare_any_order_and_in_order():
    rows = [{"x": 2, "y": "b"}, {"x": 1, "y": "a"}]
    compare_result(TABLE, ["x", "y"], rows, ordered=False)
    with pytest.raises(ResultMismatch, match="in order"):
        compare_result(TABLE, ["x", "y"], rows, ordered=True)
    compare_result(TABLE, ["x", "y"], list(reversed(rows)), ordered=True)


def test_compare_reports_missing_and_unexpected_rows():
    rows = [{"x": 1, "y": "a"}, {"x": 2.0, "y": "b"}]
    with pytest.raises(ResultMismatch) as info:
        compare_result(TABLE, ["x", "y"], rows, ordered=False)
    message = str(info.value)
    assert "missing rows:" in message and "| 2 " in message
    assert "unexpected rows:" in message and "2.0" in message
    assert isinstance(info.value, TckFailure)


def test_compare_counts_duplicates():
    table = [("x",), ("1",), ("1",)]
    compare_result(table, ["x"], [{"x": 1}, {"x": 1}], ordered=False)
    with pytest.raises(ResultMismatch):
        compare_result(table, ["x"], [{"x": 1}], ordered=False)


def test_compare_columns_exactly_and_in_order():
    with pytest.raises(ResultMismatch, match="columns differ"):
        compare_result(TABLE, ["y", "x"], [], ordered=False)
    with pytest.raises(ResultMismatch, match="columns differ"):
        compare_result(TABLE, ["x"], [], ordered=False)


def test_compare_ignoring_list_order():
    table = [("l",), ("[1, 2]",)]
    compare_result(table, ["l"], [{"l": [2, 1]}], ordered=False, ignore_list_order=True)
    with pytest.raises(ResultMismatch):
        compare_result(table, ["l"], [{"l": [2, 1]}], ordered=False)


def test_compare_entities_and_nan():
    table = [("n", "f"), ("(:A {name: 'x'})", "NaN")]
    compare_result(
        table, ["n", "f"], [{"n": Node(7, ["A"], {"name": "x"}), "f": math.nan}], ordered=True
    )


# --------------------------------------------------------------------------------------
# Feature loading
# --------------------------------------------------------------------------------------

FEATURE = '''\
Feature: Demo1

  Scenario: [1] Plain
    Given an empty graph
    When executing query:
      """
      RETURN 1 AS x
      """
    Then the result should be, in any order:
      | x |
      | 1 |

  @ignore
  Scenario Outline: [2] Outline <v>
    Given any graph
    And parameters are:
      | p | <v> |
    When executing query:
      """
      RETURN $p AS x
      """
    Then the result should be empty

    Examples:
      | v   |
      | 'a' |

    Examples:
      | v |
      | 2 |
      | 3 |

  Scenario: [1] Plain
    Given any graph
'''


def test_load_feature_ids_steps_and_tags():
    scenarios = load_feature(FEATURE, "area/sub/Demo1.feature")
    ids = [s.id for s in scenarios]
    assert ids == [
        "area/sub/Demo1.feature:[1] Plain",
        "area/sub/Demo1.feature:[2] Outline <v>#1",
        "area/sub/Demo1.feature:[2] Outline <v>#2",
        "area/sub/Demo1.feature:[2] Outline <v>#3",
        "area/sub/Demo1.feature:[1] Plain",  # deduplicated by load_scenarios only
    ]
    plain, first, _, third, _ = scenarios
    assert plain.area == "area/sub" and plain.tags == frozenset()
    assert plain.steps[1] == Step("executing query:", "RETURN 1 AS x", None)
    assert plain.steps[2].table == (("x",), ("1",))
    assert first.tags == {"ignore"}
    assert first.name == "[2] Outline 'a'"
    assert first.steps[1].table == (("p", "'a'"),)
    assert third.steps[1].table == (("p", "3"),)


def test_load_scenarios_dedupes_ids(tmp_path):
    from tck.features import load_scenarios

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "Demo1.feature").write_text(FEATURE)
    ids = [s.id for s in load_scenarios(tmp_path)]
    assert len(ids) == len(set(ids)) == 5
    assert ids[-1] == "a/Demo1.feature:[1] Plain~2"


# --------------------------------------------------------------------------------------
# Step runner
# --------------------------------------------------------------------------------------


def run(session, steps, graphs_dir=Path("/nonexistent")):
    runner = ScenarioRunner(session, graphs_dir)
    for step in steps:
        runner.run_step(step)
    return runner


def query(text, control=False):
    return Step(f"executing {'control ' if control else ''}query:", text)


def result(table, how=", in any order"):
    return Step(f"the result should be{how}:", None, tuple(tuple(r) for r in table))


EMPTY = Step("an empty graph")


def test_result_steps_pass_and_fail():
    session = FakeSession({"Q": Response(["x"], [{"x": 2}, {"x": 1}])})
    run(session, [EMPTY, query("Q"), result([("x",), ("1",), ("2",)])])
    run(session, [EMPTY, query("Q"), result([("x",), ("2",), ("1",)], ", in order")])
    with pytest.raises(ResultMismatch):
        run(session, [EMPTY, query("Q"), result([("x",), ("1",), ("2",)], ", in order")])
    with pytest.raises(TckFailure, match="expected no rows"):
        run(session, [EMPTY, query("Q"), Step("the result should be empty")])


def test_ignoring_list_order_forms():
    session = FakeSession({"Q": Response(["l"], [{"l": [2, 1]}, {"l": [3]}])})
    table = [("l",), ("[3]",), ("[1, 2]",)]
    run(session, [EMPTY, query("Q"), result(table, " (ignoring element order for lists)")])
    run(
        session,
        [EMPTY, query("Q"), result(table, ", in any order (ignoring element order for lists)")],
    )
    with pytest.raises(ResultMismatch):
        run(
            session,
            [EMPTY, query("Q"), result(table, ", in order (ignoring element order for lists)")],
        )


def test_parameters_are_parsed_and_passed():
    session = FakeSession({"Q": Response(["x"], [])})
    params = Step("parameters are:", None, (("a", "1"), ("b", "[1, 'x']"), ("c", "{k: null}")))
    run(session, [EMPTY, params, query("Q")])
    assert session.calls[-1][1] == {"a": 1, "b": [1, "x"], "c": {"k": None}}
    run(session, [EMPTY, query("Q")])
    assert session.calls[-1][1] is None


def error_step(error_type, phase, code):
    return Step(f"a {error_type} should be raised at {phase}: {code}")


def test_compile_time_error_expected():
    err = CypherSyntaxError("bad", code="UndefinedVariable")
    session = FakeSession({"Q": Response(error=err)})
    run(
        session, [EMPTY, query("Q"), error_step("SyntaxError", "compile time", "UndefinedVariable")]
    )
    run(session, [EMPTY, query("Q"), error_step("SyntaxError", "any time", "UndefinedVariable")])
    with pytest.raises(TckFailure, match="expected SyntaxError \\(VariableAlreadyBound\\)"):
        run(
            session,
            [EMPTY, query("Q"), error_step("SyntaxError", "compile time", "VariableAlreadyBound")],
        )
    with pytest.raises(TckFailure, match="expected TypeError"):
        run(
            session,
            [EMPTY, query("Q"), error_step("TypeError", "compile time", "UndefinedVariable")],
        )


def test_runtime_error_surfacing_at_collect():
    err = CypherTypeError("bad", code="InvalidArgumentType", phase="runtime")
    session = FakeSession({"Q": Response(["x"], collect_error=err)})
    run(session, [EMPTY, query("Q"), error_step("TypeError", "runtime", "InvalidArgumentType")])
    run(session, [EMPTY, query("Q"), error_step("TypeError", "any time", "*")])
    with pytest.raises(TckFailure, match="at runtime"):
        run(
            session,
            [EMPTY, query("Q"), error_step("TypeError", "compile time", "InvalidArgumentType")],
        )


def test_runtime_expected_accepts_compile_time_detection():
    err = CypherTypeError("bad", code="InvalidArgumentType")  # compile time by default
    session = FakeSession({"Q": Response(error=err)})
    run(session, [EMPTY, query("Q"), error_step("TypeError", "runtime", "InvalidArgumentType")])


def test_error_expected_but_query_succeeds():
    session = FakeSession({"Q": Response(["x"], [{"x": 1}])})
    with pytest.raises(TckFailure, match="but the query succeeded"):
        run(session, [EMPTY, query("Q"), error_step("SyntaxError", "compile time", "X")])


def test_unexpected_error_and_unsupported_feature():
    session = FakeSession(
        {
            "E": Response(error=CypherSyntaxError("boom", code="UnexpectedSyntax")),
            "U": Response(error=UnsupportedFeature("no OPTIONAL CALL yet")),
        }
    )
    with pytest.raises(TckFailure, match="expected a result, but the query failed.*boom"):
        run(session, [EMPTY, query("E"), result([("x",)])])
    with pytest.raises(TckUnsupported, match="UnsupportedFeature.*no OPTIONAL CALL yet"):
        run(session, [EMPTY, query("U"), result([("x",)])])
    with pytest.raises(TckUnsupported, match="no OPTIONAL CALL yet"):
        run(session, [EMPTY, query("U"), error_step("SyntaxError", "compile time", "X")])


def test_unexamined_query_error_fails_the_scenario():
    session = FakeSession({"Q": Response(error=CypherSyntaxError("boom", code="X"))})
    scenario = load_feature(
        "Feature: F\n  Scenario: s\n    Given any graph\n    When executing query:\n"
        '      """\n      Q\n      """\n    Then no side effects\n',
        "F.feature",
    )[0]
    with pytest.raises(TckFailure, match="a query failed and no step expected it"):
        ScenarioRunner(session, Path("/nonexistent")).run(scenario)


def test_engine_bug_propagates_unchanged():
    session = FakeSession({"Q": Response(error=ZeroDivisionError("engine bug"))})
    with pytest.raises(ZeroDivisionError):
        run(session, [EMPTY, query("Q")])


def test_side_effects():
    session = FakeSession(
        {
            # Counters and graph content agree: two nodes, one label name, one property.
            "C": Response(
                counters={"nodes_created": 2, "properties_set": 1, "labels_added": 1},
                updates=True,
                new_elements=(Node(1, ["L"], {"p": 1}), Node(2, ["L"])),
            ),
            "R": Response(["x"], []),
        }
    )
    effects = Step(
        "the side effects should be:",
        None,
        (("+nodes", "2"), ("+properties", "1"), ("+labels", "1")),
    )
    run(session, [EMPTY, query("C"), effects])
    with pytest.raises(TckFailure, match=r"\+nodes: expected 0, got 2"):
        run(session, [EMPTY, query("C"), Step("no side effects")])
    with pytest.raises(TckFailure, match=r"-properties: expected 3, got 0"):
        run(
            session,
            [
                EMPTY,
                query("C"),
                Step(
                    "the side effects should be:",
                    None,
                    (("+nodes", "2"), ("+properties", "1"), ("+labels", "1"), ("-properties", "3")),
                ),
            ],
        )
    run(session, [EMPTY, query("R"), Step("no side effects")])


def test_side_effects_fall_back_to_the_graph_state_diff():
    # Counters counting per node (like the Neo4j driver) disagree with the TCK, which
    # counts label names new to the graph: the graph-state diff decides.
    a, b = Node(1, ["A"], {"p": 1}), Node(2, ["A"])
    session = FakeSession(
        {
            "C": Response(
                counters={"nodes_created": 2, "labels_added": 2, "properties_set": 1},
                updates=True,
                new_elements=(a, b),
            ),
            "S": Response(
                counters={"properties_set": 1},
                updates=True,
                new_elements=(Node(1, ["A"], {"p": 2}),),
                deleted_ids=frozenset({1}),
            ),
        }
    )
    session.setup_elements["SETUP"] = (a,)
    run(
        session,
        [
            EMPTY,
            query("C"),
            Step(
                "the side effects should be:",
                None,
                (("+nodes", "2"), ("+labels", "1"), ("+properties", "1")),
            ),
        ],
    )
    # Overwriting a property: +1 and -1 in the TCK's terms.
    run(
        session,
        [
            EMPTY,
            Step("having executed:", "SETUP"),
            query("S"),
            Step("the side effects should be:", None, (("+properties", "1"), ("-properties", "1"))),
        ],
    )
    with pytest.raises(
        TckFailure,
        match=r"(?s)\+labels: expected 5, got 2.*graph-state diff: "
        r"\+labels: expected 5, got 1",
    ):
        run(
            session,
            [
                EMPTY,
                query("C"),
                Step(
                    "the side effects should be:",
                    None,
                    (("+nodes", "2"), ("+labels", "5"), ("+properties", "1")),
                ),
            ],
        )


def test_side_effects_when_the_graph_cannot_be_read():
    session = FakeSession(
        {
            "C": Response(counters={"nodes_created": 1}, updates=True),
            "MATCH (n) RETURN n": Response(error=ZeroDivisionError("bug")),
        }
    )
    with pytest.raises(TckFailure, match=r"(?s)\+nodes: expected 2, got 1.*ZeroDivisionError"):
        run(
            session,
            [EMPTY, query("C"), Step("the side effects should be:", None, (("+nodes", "2"),))],
        )


def test_side_effect_counters_read_lazily():
    err = CypherTypeError("bad", code="InvalidArgumentType", phase="runtime")
    session = FakeSession({"C": Response(counters_error=err, updates=True)})
    run(session, [EMPTY, query("C")])  # counters not read: no failure
    with pytest.raises(TckFailure, match="reading the side-effect counters failed"):
        run(session, [EMPTY, query("C"), Step("no side effects")])


def test_all_side_effect_keys_map_to_counters():
    names = [
        "nodes_created",
        "nodes_deleted",
        "relationships_created",
        "relationships_deleted",
        "labels_added",
        "labels_removed",
        "properties_set",
        "properties_removed",
    ]
    keys = [
        "+nodes",
        "-nodes",
        "+relationships",
        "-relationships",
        "+labels",
        "-labels",
        "+properties",
        "-properties",
    ]
    session = FakeSession({"C": Response(counters=dict(zip(names, range(1, 9), strict=True)))})
    table = tuple((k, str(i)) for k, i in zip(keys, range(1, 9), strict=True))
    run(session, [EMPTY, query("C"), Step("the side effects should be:", None, table)])


def test_setup_and_control_query_graphs():
    session = FakeSession(
        {
            "CREATE (:B)": Response(counters={"nodes_created": 1}, updates=True),
            "MATCH (n) RETURN n": Response(["n"], [{"n": Node(1, ["A"])}]),
        }
    )
    steps = [
        EMPTY,
        Step("having executed:", "CREATE (:A)"),
        query("CREATE (:B)"),
        query("MATCH (n) RETURN n", control=True),
        result([("n",), ("(:A)",)]),
        # Side effects still refer to the main query, not the control query.
        Step("the side effects should be:", None, (("+nodes", "1"),)),
    ]
    run(session, steps)
    assert session.calls[0][2] == ("CREATE (:A)",)  # main query on the set-up graph
    assert session.calls[1][2] == ("CREATE (:A)", "CREATE (:B)")  # control on the result


def test_named_graph(tmp_path):
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "tree.cypher").write_text("CREATE (:Root)")
    session = FakeSession({"Q": Response(["x"], [])})
    run(session, [Step("the tree graph"), query("Q")], graphs_dir=tmp_path)
    assert session.calls[-1][2] == ("CREATE (:Root)",)
    with pytest.raises(TckFailure, match="not found"):
        run(session, [Step("the other graph")], graphs_dir=tmp_path)


def test_setup_failure_is_a_tck_failure():
    session = FakeSession()
    session.setup_errors["CREATE bad"] = UnsupportedFeature("MERGE")
    with pytest.raises(TckUnsupported, match="setup query failed"):
        run(session, [EMPTY, Step("having executed:", "CREATE bad")])


def test_procedures_registered_and_dropped():
    session = FakeSession({"CALL test.my.proc(1)": Response(["out"], [{"out": "x"}])})
    sig = "test.my.proc(in :: INTEGER?) :: (out :: STRING?)"
    table = (("in", "out"), ("1", "'x'"), ("null", "'nix'"))
    scenario = load_feature(
        "Feature: P\n  Scenario: s\n    Given an empty graph\n"
        f"    And there exists a procedure {sig}:\n"
        "      | in | out |\n      | 1 | 'x' |\n      | null | 'nix' |\n",
        "P.feature",
    )[0]
    runner = run(session, [EMPTY, Step(f"there exists a procedure {sig}:", None, table)])
    assert session.procedures["test.my.proc"] == (
        sig,
        [{"in": 1, "out": "x"}, {"in": None, "out": "nix"}],
    )
    assert runner.procedures == ["test.my.proc"]
    ScenarioRunner(session, Path("/nonexistent")).run(scenario)
    assert session.procedures == {}  # dropped after the scenario


def test_procedures_unsupported_engine():
    step = Step(
        "there exists a procedure test.labels() :: (label :: STRING?):",
        None,
        (("label",), ("'A'",)),
    )
    with pytest.raises(TckUnsupported, match="register_procedure"):
        run(FakeSessionWithoutProcedures(), [EMPTY, step])


def test_unknown_step():
    with pytest.raises(TckFailure, match="unknown TCK step"):
        run(FakeSession(), [Step("the moon is full")])


# --------------------------------------------------------------------------------------
# Expected failures list and reports
# --------------------------------------------------------------------------------------


def test_expected_failures_roundtrip(tmp_path):
    path = tmp_path / "list.txt"
    entries = {"a/B.feature:[2] x#3": "needs MERGE", "a/B.feature:[1] y": ""}
    path.write_text(render_expected_failures(entries) + "\n# trailing comment\n\n")
    assert load_expected_failures(path) == entries
    assert load_expected_failures(tmp_path / "missing.txt") == {}


def test_expected_failures_sorted_naturally():
    text = render_expected_failures(
        {"a.feature:[10] x": "", "a.feature:[2] x#10": "", "a.feature:[2] x#9": ""}
    )
    ids = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert ids == ["a.feature:[2] x#9", "a.feature:[2] x#10", "a.feature:[10] x"]


def test_checked_in_list_parses():
    load_expected_failures()


def test_updated_entries():
    old = {"keep-filtered": "r0", "fixed": "r1", "still": "r2", "skipped": "r3"}
    scenarios = {
        "fixed": {"outcome": "xpassed"},
        "still": {"outcome": "xfailed", "message": "r2: detail"},
        "new": {"outcome": "failed", "message": "expected 1\ngot 2"},
        "ok": {"outcome": "passed"},
        "skipped": {"outcome": "skipped"},
    }
    assert updated_entries(old, scenarios, prune=False) == {
        "keep-filtered": "r0",
        "still": "r2",
        "new": "expected 1",
        "skipped": "r3",
    }
    assert "keep-filtered" not in updated_entries(old, scenarios, prune=True)


def test_recorder_summary():
    rec = Recorder()
    rec.record("a:1", "x/y", "passed")
    rec.record("a:2", "x/y", "failed", "boom")
    rec.record("a:2", "x/y", "passed")  # a later phase cannot undo a failure
    rec.record("b:1", "z", "xfailed")
    rec.record("b:2", "z", "xpassed")
    summary = rec.summary()
    assert summary["areas"]["x/y"] == {
        "passed": 1,
        "failed": 1,
        "expected_failures": 0,
        "now_passing": 0,
        "skipped": 0,
        "total": 2,
    }
    assert summary["totals"]["total"] == 4 and summary["totals"]["now_passing"] == 1
    assert summary["totals"]["passed"] == 2
    assert rec.now_passing() == ["b:2"]
    lines = render_summary(summary)
    assert lines[0].split()[:3] == ["area", "passed", "failed"] and "TOTAL" in lines[-1]


# --------------------------------------------------------------------------------------
# The pytest plugin, end to end in a subprocess on a copy of the harness
# --------------------------------------------------------------------------------------

PLUGIN_FEATURE = '''\
Feature: Fake1

  Scenario: [1] Passing
    Given an empty graph
    When executing query:
      """
      RETURN 1 AS x
      """
    Then the result should be, in any order:
      | x |
      | 1 |
    And no side effects

  Scenario: [2] Unlisted failure
    Given any graph
    When executing query:
      """
      RETURN 2 AS x
      """
    Then the result should be, in any order:
      | x |
      | 3 |

  Scenario: [3] Listed failure
    Given any graph
    When executing query:
      """
      RETURN 2 AS x
      """
    Then the result should be, in order:
      | x |
      | 3 |

  Scenario: [4] Listed but passing
    Given any graph
    When executing query:
      """
      RETURN 1 AS x
      """
    Then the result should be, in order:
      | x |
      | 1 |

  Scenario: [5] Engine bug
    Given any graph
    When executing query:
      """
      BUG
      """
    Then the result should be empty

  @ignore
  Scenario: [6] Ignored
    Given any graph

  Scenario Outline: [7] Outline
    Given any graph
    When executing query:
      """
      RETURN <v> AS x
      """
    Then the result should be, in any order:
      | x   |
      | <v> |

    Examples:
      | v |
      | 1 |
      | 2 |
'''

FAKE_CONFTEST = """\
import pytest
from tck.fake_engine import FakeSession, Response

@pytest.fixture(scope="session")
def cypher_session():
    return FakeSession({
        "RETURN 1 AS x": Response(["x"], [{"x": 1}]),
        "RETURN 2 AS x": Response(["x"], [{"x": 2}]),
        "BUG": Response(error=RuntimeError("engine exploded")),
    })
"""

LISTED = (
    "area/sub/Fake1.feature:[3] Listed failure # known bug\n"
    "area/sub/Fake1.feature:[4] Listed but passing\n"
    "area/sub/Fake1.feature:[99] Renamed long ago\n"
)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    """A copy of the harness with a fake-engine conftest and a tiny TCK."""
    root = tmp_path_factory.mktemp("tck-sandbox")
    harness = root / "tests" / "tck"
    shutil.copytree(TESTS_DIR / "tck", harness, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "tests" / "conftest.py").write_text(FAKE_CONFTEST)
    (harness / "expected_failures.txt").write_text("# header\n" + LISTED)
    features = root / "tckdata" / "features" / "area" / "sub"
    features.mkdir(parents=True)
    (features / "Fake1.feature").write_text(PLUGIN_FEATURE)
    (root / "tckdata" / "graphs").mkdir()
    return root


def run_pytest(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update(CYPHER_TCK_DIR=str(root / "tckdata"), PYTHONPATH=str(REPO))
    for name in (
        "CYPHER_TCK_FILTER",
        "CYPHER_TCK_STRICT_XPASS",
        "CYPHER_TCK_REPORT_DIR",
        "CYPHER_TCK_ENGINE",
    ):
        env.pop(name, None)
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "--rootdir",
        str(root),
        "-c",
        os.devnull,
        "-rA",
        str(root / "tests" / "tck"),
        *args,
    ]
    return subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=120)


def test_plugin_full_run(sandbox):
    proc = run_pytest(sandbox)
    out = proc.stdout
    assert proc.returncode == 1, out + proc.stderr
    assert "3 failed" not in out and "2 failed" in out, out
    results = json.loads((sandbox / "reports" / "tck-results.json").read_text())
    outcomes = {k.split(":", 1)[1]: v["outcome"] for k, v in results["scenarios"].items()}
    assert outcomes == {
        "[1] Passing": "passed",
        "[2] Unlisted failure": "failed",
        "[3] Listed failure": "xfailed",
        "[4] Listed but passing": "xpassed",
        "[5] Engine bug": "failed",
        "[6] Ignored": "skipped",
        "[7] Outline#1": "passed",
        "[7] Outline#2": "passed",
    }
    assert results["complete"] is True
    bug = results["scenarios"]["area/sub/Fake1.feature:[5] Engine bug"]["message"]
    assert "engine exploded" in bug
    assert (
        "known bug" in results["scenarios"]["area/sub/Fake1.feature:[3] Listed failure"]["message"]
    )
    summary = json.loads((sandbox / "reports" / "tck-summary.json").read_text())
    assert summary["areas"]["area/sub"] == {
        "passed": 4,
        "failed": 2,
        "expected_failures": 1,
        "now_passing": 1,
        "skipped": 1,
        "total": 8,
    }
    assert "openCypher TCK summary" in out and "area/sub" in out
    assert "1 expected failures now pass" in out and "[4] Listed but passing" in out
    # The engine bug shows its traceback; a plain mismatch shows the diff.
    assert "RuntimeError: engine exploded" in out and "fake_engine.py" in out
    assert "missing rows:" in out
    assert "1 ids in tests/tck/expected_failures.txt name no TCK scenario" in out
    assert "[99] Renamed long ago" in out


def test_plugin_filter_and_strict_xpass(sandbox):
    proc = run_pytest(sandbox, "--tck-filter", r"Outline")
    assert proc.returncode == 0, proc.stdout
    assert "2 passed" in proc.stdout
    results = json.loads((sandbox / "reports" / "tck-results.json").read_text())
    assert len(results["scenarios"]) == 2 and results["complete"] is False

    proc = run_pytest(sandbox, "--tck-filter", r"\[4\]", "--tck-strict-xpass")
    assert proc.returncode == 1, proc.stdout
    assert "now passes, remove it from tests/tck/expected_failures.txt" in proc.stdout


def test_plugin_tests_are_marked_tck(sandbox):
    proc = run_pytest(sandbox, "-m", "not tck")
    assert "8 deselected" in proc.stdout, proc.stdout


def test_update_script_regenerates_list(sandbox):
    run_pytest(sandbox)
    listing = sandbox / "tests" / "tck" / "expected_failures.txt"
    script = sandbox / "tests" / "tck" / "update_expected_failures.py"
    results = sandbox / "reports" / "tck-results.json"

    def update(*extra: str) -> dict[str, str]:
        proc = subprocess.run(
            [sys.executable, str(script), "--results", str(results), "--list", str(listing)]
            + list(extra),
            capture_output=True,
            text=True,
            env=dict(os.environ, PYTHONPATH=str(REPO)),
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        return load_expected_failures(listing)

    failing = {
        "area/sub/Fake1.feature:[2] Unlisted failure",
        "area/sub/Fake1.feature:[3] Listed failure",
        "area/sub/Fake1.feature:[5] Engine bug",
    }
    try:
        entries = update()
        # Entries the run says nothing about stay unless --prune is given.
        assert entries.keys() == failing | {"area/sub/Fake1.feature:[99] Renamed long ago"}
        assert entries["area/sub/Fake1.feature:[3] Listed failure"] == "known bug"
        assert "engine exploded" in entries["area/sub/Fake1.feature:[5] Engine bug"]
        assert update("--prune").keys() == failing
    finally:
        listing.write_text("# header\n" + LISTED)  # restore for other tests


def test_each_engine_has_its_own_expected_failures_list():
    assert expected_failures_file("spark").name == "expected_failures.txt"
    assert expected_failures_file("duckdb").name == "expected_failures_duckdb.txt"
    assert expected_failures_file("duckdb").is_file()
    with pytest.raises(ValueError, match="unknown TCK engine"):
        expected_failures_file("sqlite")

