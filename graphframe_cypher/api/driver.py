"""The Neo4j Python driver's ways of reading a result, for code written against it.

``result.keys()``, ``result.single()``, ``result.value()``, ``result.values()`` and
``result.data()`` read a :class:`CypherResult` as the driver's ``Result`` does; records are
:class:`Record`: a read-only row addressed by column name or position.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..errors import CypherError

__all__ = ["Record", "ResultMethods", "ResultNotSingleError"]


class ResultNotSingleError(CypherError):
    """``result.single(strict=True)`` on a result without exactly one record."""

    error_type = "ResultNotSingleError"


class Record(Mapping[str, Any]):
    """One row of a result: ``record["name"]``, ``record[0]``, ``record.get("name")``,
    ``record.keys()``, ``record.values()``, ``record.data()`` and ``record.value()``."""

    __slots__ = ("_keys", "_values")

    def __init__(self, keys: Sequence[str], values: Sequence[Any]):
        if len(keys) != len(values):
            raise ValueError(f"a record of {len(keys)} keys got {len(values)} values")
        self._keys = tuple(keys)
        self._values = tuple(values)

    @classmethod
    def of(cls, keys: Sequence[str], row: Mapping[str, Any]) -> Record:
        return cls(keys, [row[k] for k in keys])

    def __getitem__(self, key: str | int) -> Any:
        return self._values[self.index(key)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def index(self, key: str | int) -> int:
        """The position of a column given by name or position (IndexError/KeyError)."""
        if isinstance(key, int):
            if not -len(self._keys) <= key < len(self._keys):
                raise IndexError(f"record index {key} out of range ({len(self._keys)} columns)")
            return key % len(self._keys)
        try:
            return self._keys.index(key)
        except ValueError:
            raise KeyError(f"no column {key!r} in the record: {list(self._keys)}") from None

    def keys(self) -> list[str]:  # type: ignore[override]
        return list(self._keys)

    def values(self, *keys: str | int) -> list[Any]:  # type: ignore[override]
        return [self[k] for k in keys] if keys else list(self._values)

    def items(self, *keys: str | int) -> list[tuple[str, Any]]:  # type: ignore[override]
        chosen = keys or self._keys
        return [(self._keys[self.index(k)], self[k]) for k in chosen]

    def value(self, key: str | int = 0, default: Any = None) -> Any:
        """One value by name or position; ``default`` when there is no such column."""
        try:
            return self[key]
        except (KeyError, IndexError):
            return default

    def data(self, *keys: str | int) -> dict[str, Any]:
        return dict(self.items(*keys))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            return self._keys == other._keys and self._values == other._values
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._keys, self._values))

    def __repr__(self) -> str:
        from ..values import format_value

        body = " ".join(f"{k}={format_value(v)}" for k, v in zip(self._keys, self._values))
        return f"<Record {body}>"


class ResultMethods:
    """The driver's accessors of a result, over ``self.records`` (rows as dicts)."""

    records: Any

    def keys(self) -> list[str]:
        """The column names, in RETURN order."""
        return list(self.records.columns)

    def _rows(self) -> list[Record]:
        columns = self.keys()
        return [Record.of(columns, row) for row in self.records.collect()]

    def single(self, strict: bool = False) -> Record | None:
        """The one record of the result. Without records: None (``strict``: an error).
        With more than one: the first and a warning (``strict``: an error). Reads at most
        two rows."""
        rows = self._first_rows(2)
        if len(rows) == 1:
            return rows[0]
        found = "no records" if not rows else "more than one record"
        if strict:
            raise ResultNotSingleError(f"expected exactly one record, the result has {found}")
        warnings.warn(f"single(): the result has {found}", stacklevel=2)
        return rows[0] if rows else None

    def _first_rows(self, count: int) -> list[Record]:
        return [Record.of(self.keys(), row) for row in self.records.head(count)]

    def value(self, key: str | int = 0, default: Any = None) -> list[Any]:
        """One column's values (by name or position), ``default`` where it is missing."""
        return [row.value(key, default) for row in self._rows()]

    def values(self, *keys: str | int) -> list[list[Any]]:
        """Each record's values (of ``keys`` only, when given)."""
        return [row.values(*keys) for row in self._rows()]

    def data(self, *keys: str | int) -> list[dict[str, Any]]:
        """Each record as a dict (of ``keys`` only, when given)."""
        return [row.data(*keys) for row in self._rows()]
