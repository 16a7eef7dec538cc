"""Per-parse state and the post-lexer that removes the grammar's LALR(1) ambiguities.

Cypher needs unbounded lookahead in two places, which the post-lexer resolves by looking at
the query text before the parser sees the token:

* ``(`` opening a node pattern in an expression (a pattern predicate such as
  ``WHERE (a)-->(b)``) versus a parenthesised expression (``(a) - 1``): a ``(`` whose matching
  ``)`` is followed by a relationship pattern and another node's ``(`` (``-->(``,
  ``<-[...]-(``) becomes ``NODE_OPEN``.
* ``[`` opening a pattern comprehension (``[(a)-->(b) | b]``, ``[p = (a)-->(b) | p]``)
  versus a list literal or list comprehension: it becomes ``PCOMP_OPEN``.

The post-lexer also records the parser's current lookahead token, which the transformer uses
to find where a projection item's source text ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from lark import Token

from .common import comment_end


class ParseState:
    """What one parse() call shares between the post-lexer and the transformer."""

    __slots__ = (
        "text",
        "lookahead",
        "overflows",
        "pattern_predicates",
        "yield_stars",
        "paren_matches",
    )

    def __init__(self, text: str):
        self.text = text
        # the token the parser is looking at (None once the input is exhausted)
        self.lookahead: Token | None = None
        # id(Literal) -> Literal for integer literals outside the signed 64-bit range; a unary
        # minus may still bring them into range (-9223372036854775808)
        self.overflows: dict[int, Any] = {}
        # whether any pattern predicate was built (enables the context check)
        self.pattern_predicates = False
        # id(Call) -> position of the '*' of its YIELD * (for error messages)
        self.yield_stars: dict[int, Any] = {}
        # offset of "(" -> offset of its ")" (-1: unmatched), filled by one scan per outer "("
        self.paren_matches: dict[int, int] = {}


_STATE: ContextVar[ParseState | None] = ContextVar("graphframe_cypher_parse_state", default=None)


def current_state() -> ParseState:
    st = _STATE.get()
    if st is None:  # pragma: no cover - only when the Lark object is used directly
        st = ParseState("")
        _STATE.set(st)
    return st


def begin(text: str):
    """Start a parse; returns the token to pass to :func:`end`."""
    return _STATE.set(ParseState(text))


def end(token) -> None:
    _STATE.reset(token)


# --- text scanning --------------------------------------------------------------------------

_INTERESTING = {
    "(": re.compile(r"[()'\"`/]"),
    "[": re.compile(r"[\[\]'\"`/]"),
    "{": re.compile(r"[{}'\"`/]"),
}
_CLOSING = {"(": ")", "[": "]", "{": "}"}
_SKIP_QUOTED = {
    "'": re.compile(r"'(?:[^'\\]|\\.)*'?", re.S),
    '"': re.compile(r'"(?:[^"\\]|\\.)*"?', re.S),
    "`": re.compile(r"`(?:[^`]|``)*`?"),
}
# what follows the ")" of a node pattern that starts a relationship chain
_DASH = "[-\u00ad\u2010-\u2015\u2212\ufe58\ufe63\uff0d]"
_GAP = r"(?:\s|//[^\n]*|/\*(?:[^*]|\*(?!/))*\*/)*"
# "<"? dash, then "[" (a relationship detail) or a second dash
_ARROW_START = re.compile(rf"{_GAP}(?:[<\u27e8\u3008\ufe64\uff1c]{_GAP})?{_DASH}{_GAP}(\[|{_DASH})")
# after a detail's "]": dash
_ARROW_DASH = re.compile(rf"{_GAP}{_DASH}")
# then an optional ">" and the "(" of the next node
_ARROW_END = re.compile(rf"{_GAP}(?:[>\u27e9\u3009\ufe65\uff1e]{_GAP})?\(")
_PCOMP_START = re.compile(r"\[\s*(?:(?:[^\W\d]\w*|`(?:[^`]|``)*`)\s*=\s*)?(?=\()")


def matching_paren(text: str, i: int) -> int:
    """Index of the bracket closing the ``(``, ``[`` or ``{`` at ``i`` (skipping strings,
    names in backticks and comments), or -1."""
    depth = 0
    j = i
    opening = text[i]
    closing = _CLOSING[opening]
    search = _INTERESTING[opening].search
    while True:
        m = search(text, j)
        if m is None:
            return -1
        j = m.start()
        c = text[j]
        if c == opening:
            depth += 1
            j += 1
        elif c == closing:
            depth -= 1
            if depth == 0:
                return j
            j += 1
        elif c == "/":
            end = comment_end(text, j)
            j = j + 1 if end is None else end
        else:
            j = _SKIP_QUOTED[c].match(text, j).end()


_PARENS = re.compile(r"[()'\"`/]")


def _match_parens(text: str, i: int, matches: dict[int, int]) -> None:
    """Record the closing offset of the ``(`` at ``i`` and of every ``(`` nested in it (one
    linear scan, so deeply nested parentheses stay linear overall)."""
    stack: list[int] = []
    j = i
    search = _PARENS.search
    while True:
        m = search(text, j)
        if m is None:
            break
        j = m.start()
        c = text[j]
        if c == "(":
            stack.append(j)
            j += 1
        elif c == ")":
            matches[stack.pop()] = j
            if not stack:
                return
            j += 1
        elif c == "/":
            end = comment_end(text, j)
            j = j + 1 if end is None else end
        else:
            j = _SKIP_QUOTED[c].match(text, j).end()
    for k in stack:
        matches[k] = -1


def opens_node_chain(text: str, i: int, matches: dict[int, int] | None = None) -> bool:
    """Whether the ``(`` at ``i`` opens a node pattern followed by a relationship."""
    if matches is None:
        matches = {}
    k = matches.get(i)
    if k is None:
        _match_parens(text, i, matches)
        k = matches[i]
    return k >= 0 and _relationship_follows(text, k + 1)


def _relationship_follows(text: str, j: int) -> bool:
    """Whether a relationship pattern and the "(" of a node start at ``j``: ``-->(``,
    ``<-[...]-(``... (so ``(x) - -1`` stays arithmetic)."""
    m = _ARROW_START.match(text, j)
    if m is None:
        return False
    j = m.end()
    if m.group(1) == "[":
        k = matching_paren(text, m.start(1))
        if k < 0:
            return False
        m = _ARROW_DASH.match(text, k + 1)
        if m is None:
            return False
        j = m.end()
    return _ARROW_END.match(text, j) is not None


def opens_pattern_comprehension(text: str, i: int, matches: dict[int, int] | None = None) -> bool:
    m = _PCOMP_START.match(text, i)
    return m is not None and opens_node_chain(text, m.end(), matches)


# A "(" right after these is a call's argument list, never a node pattern.
_CALL_PAREN_AFTER = frozenset(
    {
        "NAME",
        "ESCAPED_NAME",
        "EXISTS",
        "ALL",
        "ANY",
        "NONE",
        "SINGLE",
        "REDUCE",
        "SHORTESTPATH",
        "ALLSHORTESTPATHS",
        "FILTER",
        "EXTRACT",
        "VIEW",
        "RPAR",
        "RSQB",
    }
)
# A "[" right after these is an index or a slice. (A relationship detail "-[" never holds a
# "(", so it never looks like a pattern comprehension.)
_INDEX_BRACKET_AFTER = frozenset(
    {
        "NAME",
        "ESCAPED_NAME",
        "PARAM",
        "RPAR",
        "RSQB",
        "RBRACE",
        "STRING",
        "INTEGER",
        "FLOAT",
        "HEX_INTEGER",
        "OCTAL_INTEGER",
        "TRUE",
        "FALSE",
        "NULL",
        "END",
    }
)


# openCypher's reserved words: a variable only when in NAME_KEYWORDS (below). Where the parser
# accepts a name but not the keyword, the contextual lexer makes such a word a NAME; turning
# it back into its keyword makes the parser report it (`WHERE RETURN n`, `MATCH (null)`). Where any
# word is accepted (labels, types, property and map keys) the keyword is lexed as such and
# the grammar takes it as a name.
RESERVED_WORDS = frozenset(
    """ALL AS ASC ASCENDING BY CALL CASE CONTAINS CREATE DELETE DESC DESCENDING DETACH DISTINCT
    ELSE END ENDS EXISTS FALSE IN IS LIMIT MATCH MERGE NOT NULL ON OPTIONAL OR ORDER REMOVE
    RETURN SET SKIP STARTS THEN TRUE UNION UNWIND WHEN WHERE WITH XOR AND YIELD CONSTRAINT DO
    FOR REQUIRE UNIQUE MANDATORY SCALAR OF ADD""".split()
)


# The reserved words that are still names where a variable may stand (grammar rule
# `keyword_name`, as Neo4j and Morpheus parse them): the contextual lexer gives them as
# keywords there and the grammar takes them as names.
NAME_KEYWORDS = frozenset(
    """ADD ASC ASCENDING BY CALL CONSTRAINT CREATE DELETE DESC DESCENDING DETACH DO ELSE END
    FOR LIMIT MANDATORY MATCH MERGE OF ON OPTIONAL ORDER REMOVE REQUIRE RETURN SCALAR SET SKIP
    THEN UNION UNIQUE UNWIND WHERE WITH YIELD""".split()
)


class CypherPostLex:
    """Lark post-lexer: re-types ``(``/``[`` tokens (see module doc), tracks the lookahead."""

    always_accept = ("LPAREN", "LBRACK")

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        st = current_state()
        text = st.text
        matches = st.paren_matches
        prev = None
        for tok in stream:
            t = tok.type
            if t == "LPAREN":
                if prev not in _CALL_PAREN_AFTER and opens_node_chain(text, tok.start_pos, matches):
                    tok.type = "NODE_OPEN"
            elif t == "NAME":
                upper = tok.upper()
                if upper in RESERVED_WORDS:
                    tok.type = upper
            elif t == "LBRACK":
                if prev not in _INDEX_BRACKET_AFTER and opens_pattern_comprehension(
                    text, tok.start_pos, matches
                ):
                    tok.type = "PCOMP_OPEN"
            prev = tok.type
            st.lookahead = tok
            yield tok
        st.lookahead = None
