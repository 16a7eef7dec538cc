"""How elements look in pictures: a colour per label (Neo4j Browser's palette) and the
caption a node shows."""

from __future__ import annotations

from typing import Any

from ..values import Node, format_value

# Neo4j Browser's default label colours, in the order it hands them out.
PALETTE = (
    "#F79767",
    "#57C7E3",
    "#F16667",
    "#D9C8AE",
    "#8DCC93",
    "#ECB5C9",
    "#4C8EDA",
    "#FFC454",
    "#DA7194",
    "#569480",
)
MISSING_COLOUR = "#A5ABB6"  # endpoints the source did not hold
# Properties that name a node, tried in this order for its caption.
CAPTION_KEYS = ("name", "title", "caption", "label", "id")


class Colours:
    """A colour per label, handed out in order of first use (so one picture's colours
    follow what it shows, not every label the graph has)."""

    def __init__(self) -> None:
        self._by_label: dict[str, str] = {}

    def of(self, node: Node) -> str:
        if not node.labels:
            return MISSING_COLOUR
        label = min(node.labels)
        if label not in self._by_label:
            self._by_label[label] = PALETTE[len(self._by_label) % len(PALETTE)]
        return self._by_label[label]

    def legend(self) -> dict[str, str]:
        return dict(self._by_label)


def caption(node: Node) -> str:
    for key in CAPTION_KEYS:
        value = node.get(key)
        if value is not None:
            return str(value)
    return ":" + ":".join(sorted(node.labels)) if node.labels else str(node.id)


def hover_text(element: Any) -> str:
    """Neo4j Browser's text of an element: labels or type, then one property a line."""
    head = format_value(element).split(" {", 1)[0].strip("()[]") or str(element.id)
    lines = [f"{head}  <id>: {element.id}"]
    lines += [f"{key}: {format_value(value)}" for key, value in sorted(element.items())]
    return "\n".join(lines)
