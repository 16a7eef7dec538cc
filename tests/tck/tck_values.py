"""Parser for the TCK's value syntax, used in expected result tables and parameters.

The syntax is Cypher literal syntax plus graph entities::

    1  -2  1.5  1e10  NaN  Infinity  -Infinity  'text'  true  false  null
    [1, 'a']  {k: 1, `odd key`: 2}
    (:L1:L2 {p: 1})                 a node (labels and properties only: the TCK has no ids)
    [:T {p: 1}]                     a relationship
    <(:A)-[:T]->(:B)<-[:U]-()>      a path

Values become the Python values the engine returns (int, float, str, bool, None, list,
dict, and Node/Relationship/Path from graphframe_cypher.values). Nodes and relationships get
fresh synthetic negative ids: the comparison ignores ids, but a path needs them to know in
which direction each of its relationships points.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from graphframe_cypher.values import Node, Path, Relationship

_synthetic_ids = itertools.count(-1, -1)

_NUMBER = re.compile(r"-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?")
_HEX_OR_OCTAL = re.compile(r"-?0(?:x[0-9a-fA-F]+|o[0-7]+)")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WORDS = {"null": None, "true": True, "false": False}
_ESCAPES = {
    "\\": "\\",
    "'": "'",
    '"': '"',
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "b": "\b",
    "f": "\f",
}


class TckValueError(ValueError):
    """Text that is not a TCK value."""


def parse_value(text: str) -> Any:
    """Parse one complete TCK value; trailing text is an error."""
    parser = _Parser(text)
    value = parser.value()
    parser.skip_ws()
    if not parser.at_end():
        parser.fail("unexpected trailing text")
    return value


class _Parser:
    """Recursive-descent parser over a string with a cursor."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    # -- cursor helpers -------------------------------------------------------------

    def fail(self, message: str) -> None:
        raise TckValueError(f"{message} at offset {self.pos} in {self.text!r}")

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def skip_ws(self) -> None:
        while not self.at_end() and self.text[self.pos].isspace():
            self.pos += 1

    def peek(self, literal: str) -> bool:
        self.skip_ws()
        return self.text.startswith(literal, self.pos)

    def accept(self, literal: str) -> bool:
        if self.peek(literal):
            self.pos += len(literal)
            return True
        return False

    def expect(self, literal: str) -> None:
        if not self.accept(literal):
            self.fail(f"expected {literal!r}")

    def match(self, pattern: re.Pattern[str]) -> str | None:
        self.skip_ws()
        m = pattern.match(self.text, self.pos)
        if not m:
            return None
        self.pos = m.end()
        return m.group(0)

    # -- grammar --------------------------------------------------------------------

    def value(self) -> Any:
        self.skip_ws()
        if self.at_end():
            self.fail("expected a value")
        char = self.text[self.pos]
        if char in "'\"":
            return self.string()
        if char == "{":
            return self.map()
        if char == "(":
            return self.node()
        if char == "<":
            return self.path()
        if char == "[":
            # A relationship starts with '[:'; anything else is a list.
            return self.relationship() if self._is_relationship() else self.list()
        return self.scalar()

    def _is_relationship(self) -> bool:
        save = self.pos
        self.pos += 1
        is_rel = self.peek(":")
        self.pos = save
        return is_rel

    def scalar(self) -> Any:
        for word in ("-Infinity", "Infinity", "NaN"):
            if self.accept(word):
                return float(word.replace("Infinity", "inf"))
        number = self._number()
        if number is not None:
            return number
        word = self.match(_IDENT)
        if word is not None and word.lower() in _WORDS:
            return _WORDS[word.lower()]
        self.fail("expected a value")

    def _number(self) -> int | float | None:
        text = self.match(_HEX_OR_OCTAL)
        if text is not None:
            sign = -1 if text.startswith("-") else 1
            digits = text.lstrip("-")
            return sign * int(digits[2:], 16 if digits[1] == "x" else 8)
        text = self.match(_NUMBER)
        if text is None:
            return None
        if any(c in text for c in ".eE"):
            return float(text)
        return int(text)

    def string(self) -> str:
        quote = self.text[self.pos]
        self.pos += 1
        out: list[str] = []
        while True:
            if self.at_end():
                self.fail("unterminated string")
            char = self.text[self.pos]
            self.pos += 1
            if char == quote:
                return "".join(out)
            if char != "\\":
                out.append(char)
                continue
            out.append(self._escape())

    def _escape(self) -> str:
        if self.at_end():
            self.fail("unterminated escape")
        char = self.text[self.pos]
        self.pos += 1
        if char in _ESCAPES:
            return _ESCAPES[char]
        if char in "uU":
            width = 4 if char == "u" else 8
            digits = self.text[self.pos : self.pos + width]
            if len(digits) != width:
                self.fail("bad unicode escape")
            self.pos += width
            return chr(int(digits, 16))
        # Unknown escapes keep the backslash, as Cypher does not define them.
        return "\\" + char

    def list(self) -> list[Any]:
        self.expect("[")
        items: list[Any] = []
        if self.accept("]"):
            return items
        while True:
            items.append(self.value())
            if self.accept("]"):
                return items
            self.expect(",")

    def key(self) -> str:
        self.skip_ws()
        if self.accept("`"):
            out: list[str] = []
            # A doubled backtick inside a backticked name stands for one backtick.
            while True:
                end = self.text.find("`", self.pos)
                if end < 0:
                    self.fail("unterminated backticked name")
                out.append(self.text[self.pos : end])
                self.pos = end + 1
                if self.text.startswith("`", self.pos):
                    out.append("`")
                    self.pos += 1
                    continue
                return "".join(out)
        name = self.match(_IDENT)
        if name is None:
            self.fail("expected a name")
        return name

    def map(self) -> dict[str, Any]:
        self.expect("{")
        entries: dict[str, Any] = {}
        if self.accept("}"):
            return entries
        while True:
            name = self.key()
            self.expect(":")
            entries[name] = self.value()
            if self.accept("}"):
                return entries
            self.expect(",")

    def _properties(self) -> dict[str, Any]:
        return self.map() if self.peek("{") else {}

    def node(self) -> Node:
        self.expect("(")
        labels: list[str] = []
        while self.accept(":"):
            labels.append(self.key())
        props = self._properties()
        self.expect(")")
        return Node(next(_synthetic_ids), labels, props)

    def _rel_body(self) -> tuple[str, dict[str, Any]]:
        self.expect("[")
        self.expect(":")
        rel_type = self.key()
        props = self._properties()
        self.expect("]")
        return rel_type, props

    def relationship(self) -> Relationship:
        rel_type, props = self._rel_body()
        return Relationship(next(_synthetic_ids), rel_type, None, None, props)

    def path(self) -> Path:
        self.expect("<")
        nodes = [self.node()]
        rels: list[Relationship] = []
        while not self.accept(">"):
            backward = self.accept("<-")
            if not backward:
                self.expect("-")
            rel_type, props = self._rel_body()
            forward = self.accept("->")
            if not forward:
                self.expect("-")
            if forward == backward:
                self.fail("a path relationship needs exactly one direction")
            nxt = self.node()
            start, end = (nodes[-1], nxt) if forward else (nxt, nodes[-1])
            rels.append(Relationship(next(_synthetic_ids), rel_type, start.id, end.id, props))
            nodes.append(nxt)
        return Path(nodes, rels)
