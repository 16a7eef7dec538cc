"""The Cypher parser: query text -> :class:`graphframe_cypher.ast.Query`.

Built on a Lark LALR(1) grammar (``grammar/cypher.lark``) with the contextual lexer, a small
post-lexer for the places where Cypher needs more lookahead (see :mod:`.postlex`) and an inline
transformer that builds the AST while parsing. Any failure raises
:class:`graphframe_cypher.errors.CypherSyntaxError` with the TCK detail code
(``UnexpectedSyntax``, ``InvalidNumberLiteral``, ``IntegerOverflow``,
``FloatingPointOverflow``, ``InvalidUnicodeLiteral``) and the position in the query.
"""

from __future__ import annotations

from functools import lru_cache

from lark.exceptions import UnexpectedInput

from ..ast import Query
from ..errors import CypherSyntaxError
from . import checks, postlex
from .errors import convert
from .grammar_loader import get_parser, grammar_text

__all__ = ["parse", "get_parser", "grammar_text"]


def parse(text: str) -> Query:
    """Parse one Cypher statement (an optional trailing ``;`` is allowed).

    The AST is immutable, so results are memoised by query text (setup queries such as the
    TCK's graph scripts are parsed again and again)."""
    if not isinstance(text, str):
        raise TypeError(f"query text must be a str, not {type(text).__name__}")
    return _parse_cached(text)


@lru_cache(maxsize=1024)
def _parse_cached(text: str) -> Query:
    return _parse(text)


def _parse(text: str) -> Query:
    parser = get_parser()
    token = postlex.begin(text)
    try:
        try:
            query = parser.parse(text)
        except UnexpectedInput as exc:
            raise convert(exc, text) from None
        st = postlex.current_state()
        checks.check_overflows(st)
        if st.pattern_predicates:
            checks.check_pattern_predicates(query, text)
        return query
    except CypherSyntaxError as err:
        err.with_query(text)
        raise
    except RecursionError:
        raise CypherSyntaxError(
            "Query is nested too deeply to parse", code="UnexpectedSyntax", query=text
        ) from None
    finally:
        postlex.end(token)
