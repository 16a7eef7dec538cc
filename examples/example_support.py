"""What the example scripts share: a quiet local session, the shared sample data, and
printing a titled query with its result table."""

from __future__ import annotations

import os
from pathlib import Path

from graphframe_cypher import CypherSession

REPOSITORY = Path(__file__).resolve().parents[1]


def start_session(session: CypherSession | None = None) -> CypherSession:
    """``session`` if given (the tests pass theirs), else a local one without Spark's
    start-up chatter."""
    if session is not None:
        return session
    from graphframe_cypher.cli import filtered_child_stderr, quiet_spark_logging

    quiet_spark_logging()
    with filtered_child_stderr():
        return CypherSession.local()


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
