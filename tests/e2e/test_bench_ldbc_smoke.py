"""Smoke test of bench/ldbc.py on the LDBC SNB Interactive test data set.

The loader reads the whole data set; a few reads run on the shared Spark session, on the part
of the graph they need (persons, messages and places, and the relationships between them:
half the tables, to keep the test quick), and their answers are compared with the pandas
baselines of bench/ldbc_baseline.py, which are themselves pinned to answers checked by hand
against the CSV files. No timing is asserted.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import ldbc  # noqa: E402
from bench.ldbc_baseline import BASELINES, Tables  # noqa: E402
from bench.ldbc_load import data_directory, load_ldbc  # noqa: E402
from bench.ldbc_queries import QUERIES, parameters_for  # noqa: E402

try:
    DATA = data_directory()
except FileNotFoundError:  # pragma: no cover - the shared data sits beside the checkout
    pytest.skip("LDBC test data set not found", allow_module_level=True)


@pytest.fixture(scope="module")
def data():
    return load_ldbc(DATA)


@pytest.fixture(scope="module")
def engine(cypher_session):
    from bench.ldbc_engines import spark_engine

    # Local relations: no Spark job to load the 34 tables (the benchmark caches them, which
    # changes the speed, not the answers).
    engine = spark_engine("local[2]", "2g", session=cypher_session, cache=False)
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def graph(engine, data):
    return engine.load(data.restricted_to({"person", "post", "comment", "place"}))


def test_loader_reads_the_whole_data_set(data):
    # the data set's README: 222 persons, 5,924 posts, 2,218 comments, 805 forums, 825 knows
    counts = {n.labels: n.table.num_rows for n in data.nodes}
    assert counts[("Person",)] == 222
    assert counts[("Message", "Post")] == 5924
    assert counts[("Message", "Comment")] == 2218
    assert counts[("Forum",)] == 805
    assert sum(r.table.num_rows for r in data.relationships if r.rel_type == "KNOWS") == 825
    assert (data.node_count, data.relationship_count) == (34735, 70842)
    element_ids = [i for n in data.nodes for i in n.table["_eid"].to_pylist()]
    assert len(set(element_ids)) == len(element_ids)
    person = next(n for n in data.nodes if n.labels == ("Person",)).table
    first = person.slice(0, 1).to_pylist()[0]
    assert first["speaks"] == ["es", "en"] and len(first["email"]) == 2


def test_baselines_give_the_answers_checked_by_hand(data):
    tables = Tables(data)
    is1 = BASELINES["IS1"](tables, parameters_for(QUERIES["IS1"], DATA, data))
    assert is1 == [("Alfonso", "Alvarez", 410227200000, "148.240.94.143", "Firefox", 745,
                    "female", 1262602398117)]
    ic13 = BASELINES["IC13"](tables, parameters_for(QUERIES["IC13"], DATA, data))
    assert ic13 == [(2,)]
    ic1 = BASELINES["IC1"](tables, parameters_for(QUERIES["IC1"], DATA, data))
    assert [(r[0], r[2]) for r in ic1] == [(8796093022220, 2), (4398046511183, 2)]


def test_engine_reports_its_settings(engine):
    # (also starts the shared Spark session, if no test did, outside the query tests' time)
    info = engine.info()
    assert info["master"].startswith("local") and info["cached_tables"] is False


def test_graph_has_ldbc_labels(graph):
    labels = graph.schema.labels
    assert {"Person", "Message", "Post", "Comment", "Place", "City", "Country"} <= labels
    assert {"KNOWS", "HAS_CREATOR", "REPLY_OF", "IS_LOCATED_IN"} <= graph.schema.relationship_types


@pytest.mark.parametrize("name", ["IS1", "IS3", "IC2"])
def test_cypher_answers_match_the_baselines(engine, graph, data, name):
    query = QUERIES[name]
    parameters = parameters_for(query, DATA, data)
    expected = BASELINES[name](Tables(data), parameters)
    assert expected, "the parameters should give a non-empty answer"
    _, rows = engine.run(graph, query.cypher, parameters)
    assert ldbc.same_answer(expected, rows), ldbc.first_difference(expected, rows)


def test_benchmark_script_path(engine, tmp_path):
    output = tmp_path / "bench-ldbc.json"
    report = ldbc.run_benchmark(engine, [QUERIES["IS1"], QUERIES["IS5"]], repeat=1,
                                directory=DATA, output=output,
                                restrict=lambda data: data.restricted_to({"person", "place"}))
    written = json.loads(output.read_text())
    assert [r["query"] for r in written["results"]] == ["IS1", "IS5"]
    assert written["nodes"] == 222 + 1460
    is1, is5 = report["results"]
    assert is1["status"] == "ok" and is1["verified"] is True and is1["rows"] == 1
    assert len(is1["runs_ms"]) == 1 and is1["answer"][0][0] == "Alfonso"
    assert is5["verified"] is None and is5["rows"] == 0  # no messages loaded
    assert ldbc.format_table(report["results"]).count("\n") == 3
