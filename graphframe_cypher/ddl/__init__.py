"""Graph DDL: mapping SQL tables and views onto property graphs, in Morpheus's syntax.

- ``ast.py``: the parsed document (immutable, with source positions).
- ``parser.py``: DDL text -> AST (``parse_ddl``), errors naming line, column and what was
  expected.
- ``resolve.py``: AST -> resolved graph definitions (``resolve_ddl``): node types with their
  full label sets, properties and keys, relationship types, and each mapping's view and
  columns. Backend-neutral: nothing here touches Spark.

The Spark side lives in ``backends/spark/sql_graph.py``; users meet it through
``graphframe_cypher.sources.SqlGraphSource``.
"""

from __future__ import annotations

from .parser import parse_ddl
from .resolve import resolve_ddl

__all__ = ["parse_ddl", "resolve_ddl"]
