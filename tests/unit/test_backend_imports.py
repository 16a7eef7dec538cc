"""Only backends/spark imports pyspark (py4j) and only backends/duckdb imports duckdb.

The imports are read from the sources (every ``import`` statement, also inside functions),
so a lazy import counts too. A few modules outside backends/spark still import pyspark
until the backend seam of issue 12 moves that code behind it: they are listed here, the
list may only shrink, and a listed module that no longer imports pyspark fails the test
so that it is taken off.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "graphframe_cypher"

ENGINE_MODULES = {
    "pyspark": "backends/spark",
    "py4j": "backends/spark",
    "duckdb": "backends/duckdb",
}

# Spark code outside backends/spark that the backend seam will move (issue 12, item 1).
PENDING_SPARK_IMPORTS = {"api/session.py", "api/multigraph.py", "sample/__init__.py"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def engine_imports() -> dict[str, set[str]]:
    """Source file (relative to the package) -> the engine libraries it imports."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        engines = imported_roots(path) & set(ENGINE_MODULES)
        if engines:
            found[path.relative_to(PACKAGE).as_posix()] = engines
    return found


def test_engine_libraries_are_imported_only_by_their_backend():
    misplaced = [
        f"{module} imports {library}"
        for module, libraries in engine_imports().items()
        for library in libraries
        if not module.startswith(ENGINE_MODULES[library] + "/")
        and not (library == "pyspark" and module in PENDING_SPARK_IMPORTS)
    ]
    assert misplaced == []


def test_pending_spark_imports_are_still_there():
    imports = engine_imports()
    stale = sorted(m for m in PENDING_SPARK_IMPORTS if "pyspark" not in imports.get(m, set()))
    assert stale == [], f"no longer import pyspark, take them off the list: {stale}"


def test_the_scan_sees_lazy_imports(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    import duckdb.typing\n    from pyspark.sql import F\n")
    assert imported_roots(module) == {"duckdb", "pyspark"}
