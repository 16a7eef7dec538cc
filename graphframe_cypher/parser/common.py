"""Helpers shared by the transformer modules."""

from __future__ import annotations

import re

from lark import Token

from ..ast import Node
from ..errors import CypherSyntaxError, Position
from .literals import unescape_name


def tpos(tok: Token) -> Position:
    return Position(tok.line, tok.column, tok.start_pos)


def pos_of(x) -> Position:
    return tpos(x) if isinstance(x, Token) else x.pos


def name_of(tok: Token) -> str:
    """The unescaped name of an identifier / keyword token."""
    if tok.type == "ESCAPED_NAME":
        return unescape_name(str(tok))
    return str(tok)


def syntax_error(message: str, pos: Position, query: str, code: str = "UnexpectedSyntax"):
    return CypherSyntaxError(message, code=code, position=pos, query=query)


def is_token(x, type_: str | None = None) -> bool:
    return isinstance(x, Token) and (type_ is None or x.type == type_)


def nodes(children) -> list:
    """The AST children (tokens dropped)."""
    return [c for c in children if isinstance(c, Node)]


_INTERESTING = re.compile(r"['\"`/]")
_QUOTED = {
    "'": re.compile(r"'(?:[^'\\]|\\.)*'?", re.S),
    '"': re.compile(r'"(?:[^"\\]|\\.)*"?', re.S),
    "`": re.compile(r"`(?:[^`]|``)*`?"),
}


def comment_end(text: str, j: int) -> int | None:
    """Where the comment starting at ``j`` ends (a ``//`` comment at its line's end), or
    None when no comment starts there."""
    if text.startswith("//", j):
        k = text.find("\n", j)
        return len(text) if k < 0 else k
    if text.startswith("/*", j):
        k = text.find("*/", j + 2)
        return len(text) if k < 0 else k + 2
    return None


def strip_source(text: str) -> str:
    """Strip surrounding whitespace and trailing comments from a span of query text."""
    text = text.strip()
    if "/" not in text:
        return text
    # find where trailing comments start (outside strings / escaped names)
    cut = None
    i = 0
    n = len(text)
    while i < n:
        m = _INTERESTING.search(text, i)
        if m is None:
            break
        j = m.start()
        c = text[j]
        if c == "/":
            end = comment_end(text, j)
            if end is None:
                i = j + 1
                continue
            if cut is None:
                cut = j
            i = end
            if text[i:].strip() == "":
                return text[:cut].rstrip()
            # something follows the comment: keep looking
            if not text[i:].lstrip().startswith("/"):
                cut = None
        else:
            i = _QUOTED[c].match(text, j).end()
    return text
