"""FileGraphSource: graphs stored as Parquet (default), ORC or CSV tables under a root
directory.

Layout of graph ``social`` (a name ``a.b`` is one directory named ``a.b``)::

    <root>/social/CURRENT                  the pointer: {"current": v, "previous": [...]}
    <root>/social/.v-<version>/schema.json the schema file (sources/layout.py)
    <root>/social/.v-<version>/n0_person/  one table per label combination ...
    <root>/social/.v-<version>/r0_knows/   ... and per relationship type

What a store guarantees (local file systems, POSIX): the new version is written completely
in its own directory, then ``CURRENT`` is replaced by ``os.replace`` of a fully written and
fsynced temporary file, which is atomic: a reader sees the old version or the new one,
never a mix, and a store that fails or is interrupted (error, crash, Ctrl-C) before that
point leaves the previous version current and readable. Directories of failed stores are
never read and are deleted by the next store of the graph. One writer per graph at a time
is assumed (a concurrent store may delete the other's aside directory). Only local paths
(or ``file:`` URIs) are supported: other file systems (HDFS, object stores) would need a
Hadoop FileSystem rename for the switch, which this source does not do.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from urllib.parse import urlparse

from ..errors import GraphError
from .layout import Pointer, graph_directory, is_version
from .stored import StoredGraphSource

FORMATS = ("parquet", "orc", "csv")
POINTER_FILE = "CURRENT"
SCHEMA_FILE = "schema.json"
_VERSION_PREFIX = ".v-"
# RFC 4180 quoting; multi-line values allowed. The writer stores an empty string as "" and
# null as nothing; the reader's nullValue must then not be "" (its default, which would read
# "" as null too): an unquoted empty field is null whatever nullValue says.
_CSV_OPTIONS = {"header": "true", "multiLine": "true", "escape": '"', "quote": '"'}
_CSV_READ_OPTIONS = {**_CSV_OPTIONS, "nullValue": "\u0000"}


class FileGraphSource(StoredGraphSource):
    """Graphs stored under ``root`` (a local directory, created when missing) as tables of
    ``format`` ("parquet", "orc" or "csv"). Register it with
    ``session.register_source("fs", FileGraphSource(root))``; then
    ``session.catalog.store("fs.social", graph)`` writes a graph and
    ``FROM GRAPH fs.social`` reads it. ``keep_previous`` older versions of each graph are
    kept after a store (graphs derived from them may still read their files)."""

    def __init__(self, root: str | os.PathLike, format: str = "parquet", keep_previous: int = 1):
        super().__init__(_FileStorage(_local_root(root), _checked_format(format)), keep_previous)

    @property
    def root(self) -> str:
        return self._storage.root

    @property
    def format(self) -> str:
        return self._storage.format


def _checked_format(format: str) -> str:
    if format not in FORMATS:
        raise GraphError(f"unknown file format {format!r} (use one of {', '.join(FORMATS)})")
    return format


def _local_root(root: str | os.PathLike) -> str:
    text = os.fspath(root)
    parsed = urlparse(text)
    if parsed.scheme == "file":
        text = parsed.path
    elif len(parsed.scheme) > 1:  # (one letter: a Windows drive)
        raise GraphError(
            f"FileGraphSource stores graphs on the local file system only, not {text!r} "
            "(atomic stores rely on a local rename)"
        )
    return os.path.abspath(text)


class _FileStorage:
    """The Storage of a FileGraphSource (see stored.py)."""

    def __init__(self, root: str, format: str):
        self.root = root
        self.format = format
        self.native_nested = format != "csv"
        self._spark = None

    def attach(self, spark) -> None:
        self._spark = spark

    def describe(self) -> str:
        return f"the directory {self.root}"

    # -- where things are -----------------------------------------------------------------

    def _graph_dir(self, name: str) -> str:
        return graph_directory(self.root, name)

    def _version_dir(self, name: str, version: str) -> str:
        return os.path.join(self._graph_dir(name), _VERSION_PREFIX + version)

    def _table_uri(self, name: str, version: str, table: str) -> str:
        # an explicit file: URI, so that Spark never resolves it on another default FS
        return "file://" + os.path.join(self._version_dir(name, version), table)

    # -- pointers and versions ------------------------------------------------------------

    def graph_names(self) -> list[str]:
        if not os.path.isdir(self.root):
            return []
        return [
            entry
            for entry in os.listdir(self.root)
            if not entry.startswith(".")
            and os.path.isfile(os.path.join(self.root, entry, POINTER_FILE))
        ]

    def pointer(self, name: str) -> Pointer | None:
        path = os.path.join(self._graph_dir(name), POINTER_FILE)
        try:
            with open(path, encoding="utf-8") as f:
                return Pointer.from_text(f.read(), f"the pointer file {path}")
        except FileNotFoundError:
            return None

    def versions(self, name: str) -> list[str]:
        directory = self._graph_dir(name)
        if not os.path.isdir(directory):
            return []
        return [
            entry[len(_VERSION_PREFIX) :]
            for entry in os.listdir(directory)
            if entry.startswith(_VERSION_PREFIX) and is_version(entry[len(_VERSION_PREFIX) :])
        ]

    def switch(self, name: str, old: Pointer | None, new: Pointer) -> None:
        _atomic_write(os.path.join(self._graph_dir(name), POINTER_FILE), new.to_text())

    def delete_version(self, name: str, version: str) -> None:
        shutil.rmtree(self._version_dir(name, version), ignore_errors=True)

    def remove_graph(self, name: str) -> None:
        directory = self._graph_dir(name)
        # The pointer first: from then on the graph is gone, whatever is left to delete.
        os.remove(os.path.join(directory, POINTER_FILE))
        shutil.rmtree(directory, ignore_errors=True)

    # -- tables and schema files ----------------------------------------------------------

    def write_table(self, name: str, version: str, table: str, df) -> None:
        os.makedirs(self._version_dir(name, version), exist_ok=True)
        writer = df.write.format(self.format).mode("errorifexists")
        if self.format == "csv":
            writer = writer.options(**_CSV_OPTIONS)
        writer.save(self._table_uri(name, version, table))

    def read_table(self, name: str, version: str, table: str, schema):
        reader = self._spark.read.format(self.format).schema(schema)
        if self.format == "csv":
            reader = reader.options(**_CSV_READ_OPTIONS)
        return reader.load(self._table_uri(name, version, table))

    def write_layout(self, name: str, version: str, text: str) -> None:
        os.makedirs(self._version_dir(name, version), exist_ok=True)
        _atomic_write(os.path.join(self._version_dir(name, version), SCHEMA_FILE), text)

    def read_layout(self, name: str, version: str) -> str:
        path = os.path.join(self._version_dir(name, version), SCHEMA_FILE)
        try:
            with open(path, encoding="utf-8") as f:
                return f.read()
        except FileNotFoundError:
            raise GraphError(f"the current version of graph {name!r} has no {path}") from None


def _atomic_write(path: str, text: str) -> None:
    """Replaces ``path`` by a file holding ``text`` in one atomic step (a temporary file in
    the same directory, fsynced, then ``os.replace``; the directory is fsynced after)."""
    directory = os.path.dirname(path)
    os.makedirs(directory, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
