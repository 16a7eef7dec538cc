"""Shared test set-up: one SparkSession for the whole run, created lazily.

Tests that do not ask for ``spark``, ``cypher_session`` or ``sample_graph`` (all of
tests/unit) never start Spark or even import pyspark. The Spark configuration itself lives in
the library (``graphframe_cypher.local_spark``), so tests, the demo and the CLI run
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
# py4j's classic (unpinned) connection pool: when pytest-timeout interrupts a test in the
# middle of a JVM call, that connection is dropped and later calls get a fresh one. With pinned
# threads the interrupted call's answer would be read by the next test's call.
os.environ.setdefault("PYSPARK_PIN_THREAD", "false")

APP_NAME = "graphframe-cypher-tests"


# Test-run overrides of graphframe_cypher.local_spark's defaults. The rest of the Spark
# configuration (loopback networking: spark.driver.bindAddress=127.0.0.1, spark.ui.enabled=false,
# spark.sql.session.timeZone=UTC, Arrow, log level ERROR) lives there, in one place.
TEST_MASTER = "local[2]"
TEST_CONF = {
    "spark.sql.shuffle.partitions": "2",
    "spark.default.parallelism": "2",
    # Tiny data: keep AQE (it coalesces the few shuffle partitions) but start from 2
    # partitions and skip the skew-join and local-shuffle-reader machinery.
    "spark.sql.adaptive.enabled": "true",
    "spark.sql.adaptive.coalescePartitions.enabled": "true",
    "spark.sql.adaptive.coalescePartitions.initialPartitionNum": "2",
    "spark.sql.adaptive.skewJoin.enabled": "false",
    "spark.sql.adaptive.localShuffleReader.enabled": "false",
}


def _make_spark(hive_directory):
    from graphframe_cypher._java import require_java
    from graphframe_cypher.errors import CypherEnvironmentError

    try:
        require_java()
    except CypherEnvironmentError as err:
        pytest.exit(f"cannot start Spark for the tests:\n{err}", returncode=3)

    from graphframe_cypher import hive_settings, local_spark

    # Hive support with a metastore and warehouse of the run's own (the metastore starts
    # only when a test first uses it).
    conf = {**TEST_CONF, **hive_settings(hive_directory)}
    spark = local_spark(app_name=APP_NAME, master=TEST_MASTER, **conf)
    spark.sparkContext.setLogLevel("ERROR")
    return spark


_SPARK = None  # the session's SparkSession once started (for the timeout hook below)


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    """The one SparkSession of the test run (local[2], UTC, quiet, Hive-enabled with a
    temporary warehouse)."""
    global _SPARK
    session = _make_spark(tmp_path_factory.mktemp("hive"))
    _SPARK = session
    yield session
    _SPARK = None
    session.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # pytest-timeout interrupted a test: stop the Spark jobs it left running so that they do
    # not slow down the rest of the run.
    if call.excinfo is not None and _SPARK is not None and "Timeout" in str(call.excinfo.value):
        try:
            _SPARK.sparkContext.cancelAllJobs()
        except Exception:  # noqa: BLE001 - best effort
            pass
    return report


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
