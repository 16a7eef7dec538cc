"""The DuckDB backend: the relational plan run in process by DuckDB (no Java, no Spark).

``EmbeddedSession`` (also ``CypherSession.embedded()``) holds a DuckDB connection and the
graphs' element tables; ``SqlPlanCompiler`` (``executor.py``) compiles a relational plan to
one SQL query, ``SqlExpressionCompiler`` (``expressions.py``, ``functions.py``,
``aggregates.py``) the expression IR, ``var_expand.py`` variable-length paths as a
recursive CTE, ``representation.py`` says how Cypher values live in DuckDB columns.
Only this package imports duckdb, and only when a session is made.

What the backend seam (issue 12, item 1) must provide so that ``api/`` can drive either
engine, as this package had to work around without it: run a relational plan and return
rows (here ``EmbeddedSession._execute``), evaluate a constant expression (the planner's
``evaluate_constant``), apply a stage's creations and changes to a graph (Spark:
``backends/spark/updates.py``; not here yet), retag and union graphs for multiple-graph
queries, convert result values to Python (``representation.to_python``), translate engine
errors into CypherErrors (``errors.py``), and cancel / report progress. The session,
catalog, records and staged query runner of ``api/`` should then be engine-neutral.

Not supported yet (each fails with UnsupportedFeature naming the construct): values of
type ANY / NUMBER (mixed-type columns and lists), maps with runtime keys, SET / REMOVE /
DELETE / MERGE (CREATE works), FROM GRAPH / CONSTRUCT / RETURN GRAPH and the catalog,
shortest paths, ORDER BY maps and paths, comparisons of lists of floats, toString of
floats in scientific notation. ``functions.unimplemented_functions()`` lists the functions
without a handler (startNode/endNode: the planner makes them joins).
"""

from __future__ import annotations

from .session import EmbeddedSession

__all__ = ["EmbeddedSession"]
