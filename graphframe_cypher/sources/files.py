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
is assumed (a concurrent store may delete the other's aside directory).

Tables are not bucketed: Spark records buckets only in a metastore, and a directory of
files has none (a reader of the files would not know them); store graphs that are read
often with HiveGraphSource, which buckets them for the joins patterns make.

Roots that are URIs of other file systems (``hdfs://namenode/graphs``) are reached through
Hadoop's FileSystem API in Spark's JVM (``backends/spark/hadoop_files.py``,
``filesystem="hadoop"`` forces it for a local path too): the switch is then a
``FileContext.rename`` with OVERWRITE, atomic on HDFS; on object stores (s3a, gs, abfs) a
rename is a copy and a delete, so only the data, not the switch, is all-or-nothing there.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from urllib.parse import urlparse

from ..errors import GraphError
from .layout import Pointer, graph_directory, is_graph_name, is_version
from .stored import StoredGraphSource

FORMATS = ("parquet", "orc", "csv")
POINTER_FILE = "CURRENT"
SCHEMA_FILE = "schema.json"
_VERSION_PREFIX = ".v-"
_TEMPORARY_PREFIX = ".tmp-"
# RFC 4180 quoting; multi-line values allowed. The writer stores an empty string as "" and
# null as nothing; the reader's nullValue must then not be "" (its default, which would read
# "" as null too): an unquoted empty field is null whatever nullValue says.
_CSV_OPTIONS = {"header": "true", "multiLine": "true", "escape": '"', "quote": '"'}
_CSV_READ_OPTIONS = {**_CSV_OPTIONS, "nullValue": "\u0000"}


class FileGraphSource(StoredGraphSource):
    """Graphs stored under ``root`` (a local directory, created when missing, or a Hadoop
    file system URI) as tables of ``format`` ("parquet", "orc" or "csv"). Register it with
    ``session.register_source("fs", FileGraphSource(root))``; then
    ``session.catalog.store("fs.social", graph)`` writes a graph and
    ``FROM GRAPH fs.social`` reads it. ``keep_previous`` older versions of each graph are
    kept after a store (graphs derived from them may still read their files)."""

    def __init__(
        self,
        root: str | os.PathLike,
        format: str = "parquet",
        keep_previous: int = 1,
        filesystem: str = "auto",
    ):
        path, files = _root_and_files(root, filesystem)
        super().__init__(_FileStorage(path, files, _checked_format(format)), keep_previous)

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


def _root_and_files(root: str | os.PathLike, filesystem: str):
    """The root (a local absolute path, or a URI for Hadoop) and how to reach it: local
    paths and ``file:`` URIs with the local file system unless ``filesystem="hadoop"``,
    other URIs (``hdfs://...``) with Hadoop's FileSystem API through Spark's JVM."""
    if filesystem not in ("auto", "local", "hadoop"):
        raise GraphError(f"unknown filesystem {filesystem!r} (use auto, local or hadoop)")
    text = os.fspath(root)
    parsed = urlparse(text)
    remote = len(parsed.scheme) > 1 and parsed.scheme != "file"  # (one letter: a drive)
    if filesystem == "hadoop" or remote:
        if filesystem == "local":
            raise GraphError(f"{text!r} is not a local path")
        if not parsed.scheme:
            text = "file://" + os.path.abspath(text)
        return text.rstrip("/"), None  # Hadoop: the files object is made on attach
    path = parsed.path if parsed.scheme == "file" else text
    return os.path.abspath(path), LocalFiles()


class LocalFiles:
    """File operations on the local file system (see ``_FileStorage``)."""

    def child(self, root: str, name: str) -> str:
        return graph_directory(root, name)

    def join(self, path: str, *parts: str) -> str:
        return os.path.join(path, *parts)

    def uri(self, path: str) -> str:
        # an explicit file: URI, so that Spark never resolves it on another default FS
        return "file://" + path

    def list(self, path: str) -> list[str]:
        return os.listdir(path) if os.path.isdir(path) else []

    def is_file(self, path: str) -> bool:
        return os.path.isfile(path)

    def read_text(self, path: str) -> str | None:
        try:
            with open(path, encoding="utf-8") as f:
                return f.read()
        except FileNotFoundError:
            return None

    def write_atomic(self, path: str, text: str) -> None:
        _atomic_write(path, text)

    def makedirs(self, path: str) -> None:
        os.makedirs(path, exist_ok=True)

    def remove(self, path: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)

    def remove_tree(self, path: str) -> None:
        shutil.rmtree(path, ignore_errors=True)


class _FileStorage:
    """The Storage of a FileGraphSource (see stored.py)."""

    def __init__(self, root: str, files, format: str):
        self.root = root
        self.format = format
        self.native_nested = format != "csv"
        self._files = files
        self._spark = None

    def attach(self, spark) -> None:
        self._spark = spark
        if self._files is None:
            from ..backends.spark.hadoop_files import HadoopFiles

            self._files = HadoopFiles(spark, self.root)

    def describe(self) -> str:
        return f"the directory {self.root}"

    # -- where things are -----------------------------------------------------------------

    def _graph_dir(self, name: str) -> str:
        return self._files.child(self.root, name)

    def _version_dir(self, name: str, version: str) -> str:
        return self._files.join(self._graph_dir(name), _VERSION_PREFIX + version)

    # -- pointers and versions ------------------------------------------------------------

    def graph_names(self) -> list[str]:
        # (directories that are no graph names, e.g. made by hand, are not graphs)
        return [
            entry
            for entry in self._files.list(self.root)
            if is_graph_name(entry)
            and self._files.is_file(self._files.join(self.root, entry, POINTER_FILE))
        ]

    def pointer(self, name: str) -> Pointer | None:
        path = self._files.join(self._graph_dir(name), POINTER_FILE)
        text = self._files.read_text(path)
        return None if text is None else Pointer.from_text(text, f"the pointer file {path}")

    def versions(self, name: str) -> list[str]:
        return [
            entry[len(_VERSION_PREFIX) :]
            for entry in self._files.list(self._graph_dir(name))
            if entry.startswith(_VERSION_PREFIX) and is_version(entry[len(_VERSION_PREFIX) :])
        ]

    def switch(self, name: str, old: Pointer | None, new: Pointer) -> None:
        directory = self._graph_dir(name)
        self._files.write_atomic(self._files.join(directory, POINTER_FILE), new.to_text())
        # temporary pointer files of interrupted switches (one writer per graph)
        for entry in self._files.list(directory):
            if entry.startswith(_TEMPORARY_PREFIX):
                with contextlib.suppress(Exception):
                    self._files.remove(self._files.join(directory, entry))

    def delete_version(self, name: str, version: str) -> None:
        self._files.remove_tree(self._version_dir(name, version))

    def remove_graph(self, name: str) -> None:
        directory = self._graph_dir(name)
        # The pointer first: from then on the graph is gone, whatever is left to delete.
        self._files.remove(self._files.join(directory, POINTER_FILE))
        self._files.remove_tree(directory)

    # -- tables and schema files ----------------------------------------------------------

    def _table_uri(self, name: str, version: str, table: str) -> str:
        return self._files.uri(self._files.join(self._version_dir(name, version), table))

    def bucket_count(self) -> int:
        return 0

    def write_table(self, name: str, version: str, table: str, df, bucket_by=None) -> None:
        self._files.makedirs(self._version_dir(name, version))
        writer = df.write.format(self.format).mode("errorifexists")
        if self.format == "csv":
            writer = writer.options(**_CSV_OPTIONS)
        writer.save(self._table_uri(name, version, table))

    def read_table(self, name: str, version: str, table: str, schema):
        table_format = self._format_of(self._files.join(self._version_dir(name, version), table))
        reader = self._spark.read.format(table_format).schema(schema)
        if table_format == "csv":
            reader = reader.options(**_CSV_READ_OPTIONS)
        return reader.load(self._table_uri(name, version, table))

    def _format_of(self, table_dir: str) -> str:
        """The format a table was written in, from its data files' names: a graph stored
        by a source of another format (or opened with ``--graph``) still reads."""
        for entry in self._files.list(table_dir):
            for known in FORMATS:
                if entry.startswith("part-") and entry.endswith("." + known):
                    return known
        return self.format

    def write_layout(self, name: str, version: str, text: str) -> None:
        path = self._files.join(self._version_dir(name, version), SCHEMA_FILE)
        self._files.write_atomic(path, text)

    def read_layout(self, name: str, version: str) -> str:
        path = self._files.join(self._version_dir(name, version), SCHEMA_FILE)
        text = self._files.read_text(path)
        if text is None:
            raise GraphError(f"the current version of graph {name!r} has no {path}")
        return text


def _atomic_write(path: str, text: str) -> None:
    """Replaces ``path`` by a file holding ``text`` in one atomic step (a temporary file in
    the same directory, fsynced, then ``os.replace``; the directory is fsynced after)."""
    directory = os.path.dirname(path)
    os.makedirs(directory, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=_TEMPORARY_PREFIX, dir=directory)
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
