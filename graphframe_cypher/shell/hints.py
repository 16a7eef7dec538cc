"""Hints after a query that found nothing: labels and relationship types the query names
that the working graph does not have (a typo such as ``:Persn`` is not an error in Cypher,
it just matches nothing)."""

from __future__ import annotations

from .statements import Token, innermost_bracket, tokenize


def schema_names(query: str) -> tuple[set[str], set[str]]:
    """(labels, relationship types) written in ``query``: ``:Name`` in a node pattern or a
    label predicate, ``:TYPE`` (and ``|TYPE``) in a relationship pattern."""
    tokens = [t for t in tokenize(query) if t.kind not in ("space", "comment")]
    labels: set[str] = set()
    types: set[str] = set()
    for i in range(1, len(tokens)):
        name, before = tokens[i], tokens[i - 1]
        if name.kind not in ("word", "name") or before.text not in (":", "|"):
            continue
        bracket = innermost_bracket(tokens[:i])
        if bracket == "[":
            types.add(_unquoted(name))
        elif before.text == ":" and bracket in ("(", None):
            labels.add(_unquoted(name))
    return labels, types


def unknown_names_hint(query: str, schema) -> str:
    """A note on the labels and types of ``query`` missing from ``schema``, or ''."""
    labels, types = schema_names(query)
    notes = []
    missing = sorted(labels - schema.labels)
    if missing:
        known = ", ".join(sorted(schema.labels)) or "none"
        notes.append(f"no label {_listed(missing)} (labels: {known})")
    missing = sorted(types - schema.relationship_types)
    if missing:
        known = ", ".join(sorted(schema.relationship_types)) or "none"
        notes.append(f"no relationship type {_listed(missing)} (types: {known})")
    return f"Note: the graph has {'; '.join(notes)}." if notes else ""


def _listed(names: list[str]) -> str:
    return ", ".join(f":{n}" for n in names)


def _unquoted(token: Token) -> str:
    if token.kind == "name":
        return token.text[1:-1].replace("``", "`")
    return token.text
