"""A naive evaluator of the query subset of diff_queries.py: rows are dicts, patterns are
matched by backtracking with relationship uniqueness per MATCH clause, expressions follow
Cypher's three-valued logic. Written for obviousness, not speed; no Spark.

Values: None, int, str, ("node", id), ("rel", id); collected lists are tuples sorted for
comparison (collect's order is not defined)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cmp_to_key

from diff_queries import Graph, Match, Path, Project, Query, Unwind


class Reference:
    def __init__(self, graph: Graph):
        self.nodes = {i: (labels, props) for i, labels, props in graph.nodes}
        self.rels = {i: (t, s, d, props) for i, t, s, d, props in graph.relationships}

    # -- queries --------------------------------------------------------------------------

    def run(self, query: Query) -> list[tuple]:
        rows: list[dict] = [{}]
        for clause in query.clauses:
            if isinstance(clause, Match):
                rows = self._match(rows, clause)
            elif isinstance(clause, Unwind):
                rows = [{**row, clause.alias: v} for row in rows for v in clause.values]
            else:
                rows = self._project(rows, clause)
        final = query.clauses[-1]
        return [tuple(row[alias] for _, alias in final.items) for row in rows]

    def _match(self, rows: list[dict], clause: Match) -> list[dict]:
        out = []
        for row in rows:
            found = [
                r
                for r, _ in self._paths(row, clause.paths, frozenset())
                if clause.where is None or self.value(clause.where, r) is True
            ]
            if found:
                out += found
            elif clause.optional:
                new = {v for p in clause.paths for v in _variables(p)} - set(row)
                out.append({**row, **{v: None for v in new}})
        return out

    def _project(self, rows: list[dict], clause: Project) -> list[dict]:
        aggregates = [(e, a) for e, a in clause.items if _is_aggregate(e)]
        if aggregates:
            keys = [(e, a) for e, a in clause.items if not _is_aggregate(e)]
            groups: dict[tuple, list[dict]] = {}
            for row in rows:
                groups.setdefault(tuple(self.value(e, row) for e, _ in keys), []).append(row)
            if not keys and not groups:
                groups[()] = []
            out = []
            for key, members in groups.items():
                projected = {a: v for (_, a), v in zip(keys, key)}
                for e, a in aggregates:
                    projected[a] = self._aggregate(e, members)
                out.append(projected)
        else:
            out = [{a: self.value(e, row) for e, a in clause.items} for row in rows]
        if clause.distinct:
            unique: dict = {}
            for row in out:
                unique.setdefault(tuple(row.items()), row)
            out = list(unique.values())
        if clause.order is not None:
            directions = [(a, desc) for (_, a), (desc, _) in zip(clause.items, clause.order)]
            out.sort(key=cmp_to_key(lambda x, y: _compare_rows(x, y, directions)))
        if clause.skip is not None:
            out = out[clause.skip :]
        if clause.limit is not None:
            out = out[: clause.limit]
        if clause.where is not None:
            out = [row for row in out if self.value(clause.where, row) is True]
        return out

    def _aggregate(self, expr, rows: list[dict]):
        if expr[0] == "count_star":
            return len(rows)
        values = [v for v in (self.value(expr[1], row) for row in rows) if v is not None]
        if expr[0] == "count":
            return len(values)
        if expr[0] == "sum":
            return sum(values)
        if expr[0] == "min":
            return min(values) if values else None
        if expr[0] == "max":
            return max(values) if values else None
        return tuple(sorted(values, key=repr))

    # -- patterns -------------------------------------------------------------------------

    def _paths(self, row: dict, paths, used: frozenset) -> Iterator[tuple[dict, frozenset]]:
        if not paths:
            yield row, used
            return
        for extended, now_used in self._path(row, paths[0], used):
            yield from self._paths(extended, paths[1:], now_used)

    def _path(self, row: dict, path: Path, used: frozenset) -> Iterator[tuple[dict, frozenset]]:
        for start in self.nodes:
            bound = self._bind_node(row, path.nodes[0], start)
            if bound is not None:
                yield from self._steps(bound, path, 0, start, used)

    def _steps(self, row, path: Path, index: int, at: int, used) -> Iterator:
        if index == len(path.rels):
            yield row, used
            return
        rel = path.rels[index]
        if rel.length is None:
            for rid, far in self._hops(at, rel):
                if rid in used:
                    continue
                bound = self._bind_rel(row, rel, rid)
                bound = self._bind_node(bound, path.nodes[index + 1], far) if bound is not None else None
                if bound is not None:
                    yield from self._steps(bound, path, index + 1, far, used | {rid})
            return
        low, high = rel.length
        for far, walked in self._walks(at, rel, used, high):
            if len(walked) >= low:
                bound = self._bind_node(row, path.nodes[index + 1], far)
                if bound is not None:
                    yield from self._steps(bound, path, index + 1, far, used | set(walked))

    def _walks(self, at: int, rel, used, high: int, walked=()) -> Iterator[tuple[int, tuple]]:
        yield at, walked
        if len(walked) == high:
            return
        for rid, far in self._hops(at, rel):
            if rid not in used and rid not in walked:
                yield from self._walks(far, rel, used, high, walked + (rid,))

    def _hops(self, at: int, rel) -> Iterator[tuple[int, int]]:
        """(relationship id, far end) of each traversal of ``rel`` from node ``at``; an
        undirected self-loop is traversed once."""
        for rid, (rtype, src, dst, _) in self.rels.items():
            if rel.types and rtype not in rel.types:
                continue
            if rel.direction in ("out", "both") and src == at:
                yield rid, dst
            elif rel.direction in ("in", "both") and dst == at:
                yield rid, src

    def _bind_node(self, row: dict, node, nid: int) -> dict | None:
        labels, _ = self.nodes[nid]
        if not set(node.labels) <= labels:
            return None
        if node.var is None:
            return row
        if node.var in row:
            return row if row[node.var] == ("node", nid) else None
        return {**row, node.var: ("node", nid)}

    def _bind_rel(self, row: dict, rel, rid: int) -> dict | None:
        if rel.var is None:
            return row
        if rel.var in row:
            return row if row[rel.var] == ("rel", rid) else None
        return {**row, rel.var: ("rel", rid)}

    # -- expressions ----------------------------------------------------------------------

    def value(self, expr, row: dict):
        tag = expr[0]
        if tag == "lit":
            return expr[1]
        if tag == "var":
            return row[expr[1]]
        if tag == "prop":
            element = row[expr[1]]
            if element is None:
                return None
            if element[0] == "node":
                return self.nodes[element[1]][1].get(expr[2])
            return self.rels[element[1]][3].get(expr[2])
        if tag == "id":
            element = row[expr[1]]
            return None if element is None else element[1]
        if tag == "cmp":
            return _compare(expr[1], self.value(expr[2], row), self.value(expr[3], row))
        if tag == "isnull":
            is_null = self.value(expr[1], row) is None
            return not is_null if expr[2] else is_null
        if tag == "not":
            v = self.value(expr[1], row)
            return None if v is None else not v
        if tag == "and":
            a, b = self.value(expr[1], row), self.value(expr[2], row)
            if a is False or b is False:
                return False
            return None if a is None or b is None else True
        if tag == "or":
            a, b = self.value(expr[1], row), self.value(expr[2], row)
            if a is True or b is True:
                return True
            return None if a is None or b is None else False
        if tag in ("pattern", "exists"):
            path = expr[1]
            if any(n.var is not None and row.get(n.var) is None for n in path.nodes):
                # a pattern through a null (a missing OPTIONAL MATCH node) is null
                return None
            return any(True for _ in self._path(row, path, frozenset()))
        raise AssertionError(f"not an expression: {expr!r}")


def _compare(op: str, a, b):
    if a is None or b is None:
        return None
    return {
        "=": a == b,
        "<>": a != b,
        "<": a < b,
        "<=": a <= b,
        ">": a > b,
        ">=": a >= b,
    }[op]


def _order_value(v):
    return v[1] if isinstance(v, tuple) and len(v) == 2 and v[0] in ("node", "rel") else v


def _compare_rows(x: dict, y: dict, directions) -> int:
    for alias, descending in directions:
        a, b = _order_value(x[alias]), _order_value(y[alias])
        if a == b:
            continue
        # ascending: nulls last; descending: nulls first (the reverse order)
        if a is None:
            result = 1
        elif b is None:
            result = -1
        else:
            result = -1 if a < b else 1
        return -result if descending else result
    return 0


def _is_aggregate(expr) -> bool:
    return expr[0] in ("count_star", "count", "sum", "min", "max", "collect")


def _variables(path: Path) -> list[str]:
    return [n.var for n in path.nodes if n.var] + [r.var for r in path.rels if r.var]
