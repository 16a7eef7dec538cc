"""Fixtures of the embedded (DuckDB) engine's tests: no Spark, no Java."""

from __future__ import annotations

import pytest

pytest.importorskip("duckdb")


@pytest.fixture(scope="module")
def embedded():
    from graphframe_cypher import CypherSession

    return CypherSession.embedded()


@pytest.fixture(scope="module")
def sample(embedded):
    from graphframe_cypher.sample import load_sample_graph

    return load_sample_graph(embedded)


@pytest.fixture
def rows(sample):
    """Runs a query on the sample graph and returns its rows as dicts."""

    def run(query: str, parameters=None):
        return sample.cypher(query, parameters).records.collect()

    return run
