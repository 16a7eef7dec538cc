"""What the example scripts share: a quiet local session (Hive-enabled when asked), the
shared sample data, and printing a titled query with its result table."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from graphframe_cypher import CypherSession

REPOSITORY = Path(__file__).resolve().parents[1]


def start_session(session: CypherSession | None = None, hive: bool = False) -> CypherSession:
    """``session`` if given (the tests pass theirs), else a local one without Spark's
    start-up chatter. ``hive=True``: the session must have Hive support; a local one gets
    its metastore and warehouse in ``hive_directory()``, kept between runs."""
    if session is not None:
        if hive:
            require_hive(session)
        return session
    from graphframe_cypher import hive_settings
    from graphframe_cypher.cli import filtered_child_stderr, quiet_spark_logging

    quiet_spark_logging()
    settings = hive_settings(hive_directory()) if hive else {}
    with filtered_child_stderr():
        return CypherSession.local(**settings)


def hive_directory() -> Path:
    """Where the examples' Hive metastore and warehouse live when they start their own
    session: ``$GRAPHFRAME_CYPHER_HIVE``, else a folder in the system's temporary directory."""
    default = Path(tempfile.gettempdir()) / "graphframe-cypher-examples" / "hive"
    return Path(os.environ.get("GRAPHFRAME_CYPHER_HIVE", default))


def require_hive(session: CypherSession) -> None:
    """Stops with a clear message when ``session`` has no Hive support (Hive tables and
    views need ``graphframe_cypher.hive_settings``)."""
    catalog = session.spark.conf.get("spark.sql.catalogImplementation", "in-memory")
    if catalog != "hive":
        raise SystemExit(
            "this example needs a Hive-enabled Spark session "
            "(CypherSession.local(**graphframe_cypher.hive_settings(directory)))"
        )


def shared_data(*parts: str) -> Path:
    """A path in the shared sample data: ``../shared/data`` beside the repository, or
    ``$GRAPHFRAME_CYPHER_DATA``."""
    root = Path(os.environ.get("GRAPHFRAME_CYPHER_DATA", REPOSITORY.parent / "shared" / "data"))
    path = root.joinpath(*parts)
    if not path.exists():
        raise SystemExit(f"sample data not found: {path} (set GRAPHFRAME_CYPHER_DATA)")
    return path


def show(title: str, graph_or_session, query: str, parameters=None):
    """Prints the query and its result table; returns the result."""
    text = "\n".join(line.strip() for line in query.strip().splitlines())
    print(f"== {title}\n{text}")
    result = graph_or_session.cypher(text, parameters)
    if result.graph is not None and not result.records.columns:
        print(result.graph.schema)
    else:
        result.records.show()
    print()
    return result


def print_hive_tables(session: CypherSession, database: str) -> None:
    """One line each for the tables and the views of a Hive database."""
    entries = session.spark.catalog.listTables(database)
    tables = sorted(t.name for t in entries if t.tableType != "VIEW")
    views = sorted(t.name for t in entries if t.tableType == "VIEW")
    print(f"Hive database `{database}`:")
    print(f"  tables: {', '.join(tables) or '-'}")
    print(f"  views:  {', '.join(views) or '-'}\n")
