"""Graph sources: where graphs live outside the session.

- ``SqlGraphSource`` (``sources/sql.py``): graphs mapped onto SQL tables and views (Hive, the
  Spark catalog) by a Graph DDL file.
- ``FileGraphSource`` (``sources/files.py``): graphs stored as Parquet, ORC or CSV tables
  under a root directory.
- ``HiveGraphSource`` (``sources/hive.py``): graphs stored as managed tables of a Hive
  database of the Spark catalog.

The last two share their layout (``layout.py``: one table per label combination and per
relationship type plus a schema file) and their versioned, atomic stores (``stored.py``).

Register one under a namespace: ``session.register_source("fs", FileGraphSource(root))``;
``FROM GRAPH fs.name`` then reads from it. The classes are imported on first use, so that
importing this package starts nothing.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "SqlGraphSource": ".sql",
    "FileGraphSource": ".files",
    "HiveGraphSource": ".hive",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name], __name__), name)
