"""Shared test set-up: one SparkSession for the whole run, created lazily.

Tests that do not ask for ``spark``, ``cypher_session`` or ``sample_graph`` (all of
tests/unit) never start Spark or even import pyspark. The Spark configuration itself lives in
the library (``graphframe_cypher.session.local_spark``), so tests, the demo and the CLI run
Spark the same way.
"""

from __future__ import annotations

import os
import sys

import pytest

# Must be set before pyspark is imported anywhere: bind Spark to loopback (no network lookups
# of the host name) and make Python workers use this interpreter (the venv's).
os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)

APP_NAME = "graphframe-cypher-tests"


def _fallback_local_spark():
    """Used only while ``graphframe_cypher.session.local_spark`` does not exist yet.

    TODO: remove once the library provides local_spark(); the config below must then live
    only there.
    """
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName(APP_NAME)
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        # Tiny data: keep AQE (it coalesces the few shuffle partitions) but start small and
        # skip the skew-join and local-shuffle-reader machinery.
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.sql.adaptive.coalescePartitions.enabled", "true")
        .config("spark.sql.adaptive.coalescePartitions.initialPartitionNum", "2")
        .config("spark.sql.adaptive.skewJoin.enabled", "false")
        .config("spark.sql.adaptive.localShuffleReader.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _make_spark():
    from graphframe_cypher._java import require_java
    from graphframe_cypher.errors import EnvironmentError_

    try:
        require_java()
    except EnvironmentError_ as err:
        pytest.exit(f"cannot start Spark for the tests:\n{err}", returncode=3)

    try:
        from graphframe_cypher.session import local_spark
    except ImportError:
        return _fallback_local_spark()
    spark = local_spark()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


@pytest.fixture(scope="session")
def spark():
    """The one SparkSession of the test run (local[2], UTC, quiet)."""
    session = _make_spark()
    yield session
    session.stop()


@pytest.fixture(scope="session")
def cypher_session(spark):
    """A ``graphframe_cypher.CypherSession`` over the shared SparkSession."""
    from graphframe_cypher import CypherSession

    return CypherSession(spark)


@pytest.fixture(scope="session")
def sample_graph(cypher_session):
    """The bundled sample social graph (see graphframe_cypher/sample)."""
    from graphframe_cypher.sample import load_sample_graph

    return load_sample_graph(cypher_session)
