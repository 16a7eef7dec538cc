"""File operations through Hadoop's FileSystem API in Spark's JVM, for a FileGraphSource
whose root is not a local path (``hdfs://...``; see ``sources/files.py``).

The atomic step of a store, replacing the graph's pointer file, is a
``FileContext.rename(..., OVERWRITE)`` of a fully written temporary file: atomic on HDFS
(and on the local file system); on object stores (s3a, gs, abfs) a rename is a copy and a
delete, so a reader may briefly see no pointer there: stores stay all-or-nothing for the
data, but the switch itself is not atomic.
"""

from __future__ import annotations

import uuid

from ...errors import GraphError
from ...sources.layout import is_graph_name


class HadoopFiles:
    """The file operations of ``sources.files.LocalFiles`` over a Hadoop file system."""

    def __init__(self, spark, root: str):
        self._jvm = spark.sparkContext._jvm
        self._gateway = spark.sparkContext._gateway
        self._conf = spark.sparkContext._jsc.hadoopConfiguration()
        try:
            self._fs = self._path(root).getFileSystem(self._conf)
        except Exception as error:  # noqa: BLE001 - a Py4J error with a JVM trace
            first = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
            raise GraphError(f"cannot reach the file system of {root!r}: {first}") from None

    def _path(self, path: str):
        return self._jvm.org.apache.hadoop.fs.Path(path)

    def child(self, root: str, name: str) -> str:
        # Catalog names have no separators, and no part is "." or "..": checked again here.
        if not is_graph_name(name):
            raise GraphError(f"graph name {name!r} escapes the root directory {root!r}")
        return f"{root}/{name}"

    def join(self, path: str, *parts: str) -> str:
        return "/".join((path, *parts))

    def uri(self, path: str) -> str:
        return path

    def list(self, path: str) -> list[str]:
        if not self._fs.exists(self._path(path)):
            return []
        return [status.getPath().getName() for status in self._fs.listStatus(self._path(path))]

    def is_file(self, path: str) -> bool:
        p = self._path(path)
        return bool(self._fs.exists(p) and self._fs.getFileStatus(p).isFile())

    def read_text(self, path: str) -> str | None:
        if not self.is_file(path):
            return None
        stream = self._fs.open(self._path(path))
        try:
            return self._jvm.org.apache.commons.io.IOUtils.toString(stream, "UTF-8")
        finally:
            stream.close()

    def write_atomic(self, path: str, text: str) -> None:
        parent, _, name = path.rpartition("/")
        temporary = f"{parent}/.tmp-{name}-{uuid.uuid4().hex[:8]}"
        self.makedirs(parent)
        stream = self._fs.create(self._path(temporary), True)
        try:
            stream.write(bytearray(text.encode("utf-8")))
            stream.hsync()
        finally:
            stream.close()
        hadoop = self._jvm.org.apache.hadoop.fs
        options = self._gateway.new_array(hadoop.Options.Rename, 1)
        options[0] = hadoop.Options.Rename.OVERWRITE
        context = hadoop.FileContext.getFileContext(self._fs.getUri(), self._conf)
        context.rename(self._path(temporary), self._path(path), options)

    def makedirs(self, path: str) -> None:
        self._fs.mkdirs(self._path(path))

    def remove(self, path: str) -> None:
        self._fs.delete(self._path(path), False)

    def remove_tree(self, path: str) -> None:
        self._fs.delete(self._path(path), True)
