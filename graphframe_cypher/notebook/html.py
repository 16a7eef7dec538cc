"""How results, records, graphs and schemas show in a notebook (``_repr_html_``): a result
as a table of its first rows with the row count and column types, a graph as its schema
with counts, values as Neo4j Browser writes them."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from ..values import format_value

DEFAULT_MAX_ROWS = 20
# Longer cells are cut (with an ellipsis) so one value cannot take over the page.
MAX_CELL_CHARACTERS = 200

_STYLE = (
    "<style>.gfc-table td, .gfc-table th {text-align: left; font-family: monospace;"
    " white-space: pre} .gfc-type {font-weight: normal; color: #888}</style>"
)


def _cell(value: Any) -> str:
    text = format_value(value)
    if len(text) > MAX_CELL_CHARACTERS:
        text = text[: MAX_CELL_CHARACTERS - 1] + "…"
    return html.escape(text)


def table_html(
    columns: Sequence[str],
    types: Sequence[Any],
    rows: Sequence[Sequence[Any]],
    caption: str,
) -> str:
    """An HTML table: a header of column names with their Cypher types, the rows' values
    as Cypher writes them, and ``caption`` under it."""
    head = "".join(
        f"<th>{html.escape(c)}<br><span class='gfc-type'>{html.escape(str(t))}</span></th>"
        for c, t in zip(columns, types, strict=True)
    )
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    return (
        f"{_STYLE}<table class='gfc-table'><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table><p>{html.escape(caption)}</p>"
    )


def records_html(records: Any, max_rows: int = DEFAULT_MAX_ROWS) -> str:
    """The first ``max_rows`` rows (one more is read to know whether there are more; only
    then are all rows counted)."""
    rows = [[row[c] for c in records.columns] for row in records.head(max_rows + 1)]
    if len(rows) > max_rows:
        total = len(records)
        caption = f"first {max_rows} of {total} rows"
    else:
        caption = f"{len(rows)} row" + ("" if len(rows) == 1 else "s")
    return table_html(records.columns, records.types, rows[:max_rows], caption)


def result_html(result: Any, max_rows: int = DEFAULT_MAX_ROWS) -> str:
    parts = [records_html(result.records, max_rows)] if result.records.columns else []
    counters = result.counters
    if counters.contains_updates:
        from ..shell.rendering import counters_text

        parts.append(f"<p>{html.escape(counters_text(counters))}</p>")
    if result.graph is not None:
        parts.append("<p>The query returns a graph: <code>result.graph</code></p>")
    return "".join(parts) or "<p>(no columns)</p>"


def schema_html(schema: Any, counts: dict[str, int] | None = None) -> str:
    """Label combinations and relationship types with their properties (and counts)."""
    counts = counts or {}
    rows = []
    for labels, props in sorted(schema.label_combinations().items(), key=lambda i: sorted(i[0])):
        name = _labels_text(labels)
        rows.append(("node", name, props, counts.get(name)))
    for rel_type, props in sorted(schema.relationship_type_properties().items()):
        rows.append(("relationship", f":{rel_type}", props, counts.get(f"[:{rel_type}]")))
    body = "".join(
        f"<tr><td>{kind}</td><td>{html.escape(name)}</td>"
        f"<td>{html.escape(_properties_text(props))}</td>"
        f"<td>{'' if count is None else count}</td></tr>"
        for kind, name, props, count in rows
    )
    head = "<tr><th></th><th>label / type</th><th>properties</th>"
    head += "<th>count</th></tr>" if counts else "<th></th></tr>"
    return f"{_STYLE}<table class='gfc-table'><thead>{head}</thead><tbody>{body}</tbody></table>"


def _labels_text(labels: Any) -> str:
    return ":" + ":".join(sorted(labels)) if labels else "(no label)"


def _properties_text(props: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {t}" for k, t in sorted(props.items())) + "}"


def graph_counts(graph: Any) -> dict[str, int]:
    """Nodes per label combination (``:A:B``) and relationships per type (``[:T]``)."""
    nodes = graph.cypher(
        "MATCH (n) WITH labels(n) AS labels, count(*) AS n RETURN labels, n"
    ).records.collect()
    rels = graph.cypher("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n").records.collect()
    counts = {_labels_text(r["labels"]): r["n"] for r in nodes}
    counts.update({f"[:{r['type']}]": r["n"] for r in rels})
    return counts


def graph_html(graph: Any) -> str:
    counts = graph_counts(graph)
    nodes = sum(n for k, n in counts.items() if not k.startswith("[:"))
    rels = sum(n for k, n in counts.items() if k.startswith("[:"))
    title = f"<p>PropertyGraph: {nodes} nodes, {rels} relationships</p>"
    return title + schema_html(graph.schema, counts)
