"""The graphs and sources the command line opens: ``--graph NAME=PATH`` (a graph stored by
a FileGraphSource), ``--source NAMESPACE=DIR`` (a directory of stored graphs) and
``--ddl [NAMESPACE=]FILE`` (graphs over Hive tables and views mapped by a Graph DDL file).

Option values are checked before Spark starts (``parse_options``); the sources are opened
on the started session (``open_catalog``)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FILE_FORMATS = ("parquet", "orc", "csv")


class OptionError(ValueError):
    """A command-line value that cannot work; the message names the option and the value."""


@dataclass(frozen=True)
class StoredGraph:
    name: str
    path: Path


@dataclass(frozen=True)
class SourceDirectory:
    namespace: str
    root: Path
    format: str = "parquet"


@dataclass(frozen=True)
class DdlFile:
    namespace: str
    path: Path


@dataclass(frozen=True)
class CatalogOptions:
    graphs: tuple[StoredGraph, ...] = ()
    sources: tuple[SourceDirectory, ...] = ()
    ddl_files: tuple[DdlFile, ...] = ()
    namespaces: tuple[str, ...] = field(default=())

    @property
    def needs_hive(self) -> bool:
        return bool(self.ddl_files)


def parse_options(graphs=(), sources=(), ddl_files=()) -> CatalogOptions:
    """Checks the values of --graph, --source and --ddl (names, paths, formats)."""
    stored = tuple(_stored_graph(value) for value in graphs or ())
    dirs = tuple(_source_directory(value) for value in sources or ())
    ddls = tuple(_ddl_file(value) for value in ddl_files or ())
    namespaces = [s.namespace for s in dirs] + [d.namespace for d in ddls]
    repeated = sorted({n for n in namespaces if namespaces.count(n) > 1})
    if repeated:
        raise OptionError(f"the namespace {repeated[0]!r} is given twice (--source / --ddl)")
    if "session" in namespaces:
        raise OptionError("the namespace 'session' is the session's own: pick another name")
    names = [g.name for g in stored]
    if len(set(names)) < len(names):
        raise OptionError("two --graph options give the same name")
    return CatalogOptions(stored, dirs, ddls, tuple(namespaces))


def _assignment(value: str, option: str, example: str) -> tuple[str, str]:
    name, sep, rest = value.partition("=")
    if not sep or not name or not rest:
        raise OptionError(f"{option} {value!r}: expected {example}")
    _check_name(name, option)
    return name, rest


def _check_name(name: str, option: str) -> None:
    from ..api.catalog import split_name
    from ..errors import GraphError

    try:
        namespace, _ = split_name(name)
    except GraphError as exc:
        raise OptionError(f"{option}: {exc.message}") from None
    if namespace is not None:
        raise OptionError(f"{option}: {name!r} must be a plain name (no '.')")


def _existing(path: str, option: str, *, directory: bool) -> Path:
    resolved = Path(os.path.expanduser(path)).resolve()
    ok = resolved.is_dir() if directory else resolved.is_file()
    if not ok:
        kind = "directory" if directory else "file"
        raise OptionError(f"{option}: no such {kind}: {path}")
    return resolved


def _stored_graph(value: str) -> StoredGraph:
    name, path = _assignment(value, "--graph", "NAME=PATH (a graph stored in a directory)")
    return StoredGraph(name, _existing(path, "--graph", directory=True))


def _source_directory(value: str) -> SourceDirectory:
    namespace, rest = _assignment(value, "--source", "NAMESPACE=DIR or NAMESPACE=DIR:FORMAT")
    path, fmt = rest, "parquet"
    head, sep, tail = rest.rpartition(":")
    if sep and tail in FILE_FORMATS:
        path, fmt = head, tail
    root = Path(os.path.expanduser(path)).resolve()
    if root.exists() and not root.is_dir():
        raise OptionError(f"--source: {path} is not a directory")
    return SourceDirectory(namespace, root, fmt)


def _ddl_file(value: str) -> DdlFile:
    namespace, sep, path = value.partition("=")
    if not sep:
        namespace, path = Path(value).stem, value
    if not namespace or not path:
        raise OptionError(f"--ddl {value!r}: expected FILE or NAMESPACE=FILE")
    _check_name(namespace, "--ddl")
    return DdlFile(namespace, _existing(path, "--ddl", directory=False))


def open_catalog(session: Any, options: CatalogOptions) -> dict[str, Any]:
    """Registers the sources on ``session``; returns the --graph graphs by name (in the
    order given). Errors are the sources' own (GraphError, GraphDdlError)."""
    from ..sources import FileGraphSource, SqlGraphSource

    for directory in options.sources:
        directory.root.mkdir(parents=True, exist_ok=True)
        session.register_source(
            directory.namespace, FileGraphSource(str(directory.root), format=directory.format)
        )
    for ddl in options.ddl_files:
        session.register_source(ddl.namespace, SqlGraphSource(str(ddl.path)))
    graphs = {}
    for stored in options.graphs:
        source = FileGraphSource(str(stored.path.parent))
        source.attach(session)
        graphs[stored.name] = source.graph(stored.path.name)
    return graphs
