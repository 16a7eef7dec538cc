"""Turning Lark's exceptions into :class:`CypherSyntaxError` with plain-words messages."""

from __future__ import annotations

from copy import copy

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.parsers.lalr_analysis import Shift

from ..errors import CypherSyntaxError, Position
from .postlex import NAME_KEYWORDS, RESERVED_WORDS

# terminals that can start an expression (besides keyword ones)
_EXPRESSION_STARTERS = {
    "INTEGER",
    "FLOAT",
    "HEX_INTEGER",
    "OCTAL_INTEGER",
    "INVALID_NUMBER",
    "STRING",
    "PARAM",
    "NAME",
    "ESCAPED_NAME",
    "LBRACK",
    "LBRACE",
    "LPAREN",
    "NODE_OPEN",
    "PCOMP_OPEN",
    "PLUS",
    "MINUS",
    "NOT",
    "CASE",
    "TRUE",
    "FALSE",
    "NULL",
    "EXISTS",
    "ALL",
    "ANY",
    "NONE",
    "SINGLE",
    "REDUCE",
    "GRAPH",
    "FILTER",
    "EXTRACT",
    "FROM",
    "CONSTRUCT",
    "CLONE",
    "NEW",
    "CATALOG",
    "VIEW",
    "DROP",
    "SHORTESTPATH",
    "ALLSHORTESTPATHS",
}
_NAME_TERMINALS = {"NAME", "ESCAPED_NAME"}
# Keywords a pattern position also accepts as variable names: listing them would bury the
# "a node pattern" the user needs to read.
_KEYWORDS_STARTING_NAMES = {
    "GRAPH",
    "ANY",
    "NONE",
    "SINGLE",
    "REDUCE",
    "FILTER",
    "EXTRACT",
    "FROM",
    "CONSTRUCT",
    "CLONE",
    "NEW",
    "CATALOG",
    "VIEW",
    "DROP",
}
_IGNORED = {"WS", "LINE_COMMENT", "BLOCK_COMMENT"}

_PUNCTUATION = {
    "EQ": "=",
    "NEQ": "<>",
    "LTE": "<=",
    "GTE": ">=",
    "LT": "<",
    "GT": ">",
    "REGEX_MATCH": "=~",
    "PLUS_EQ": "+=",
    "PLUS": "+",
    "MINUS": "-",
    "STAR": "*",
    "SLASH": "/",
    "PERCENT": "%",
    "CARET": "^",
    "DOTDOT": "..",
    "LPAREN": "(",
    "NODE_OPEN": "(",
    "LBRACK": "[",
    "PCOMP_OPEN": "[",
    "LBRACE": "{",
    "RPAR": ")",
    "RSQB": "]",
    "RBRACE": "}",
    "COMMA": ",",
    "DOT": ".",
    "COLON": ":",
    "VBAR": "|",
    "_SEMI": ";",
    "SEMICOLON": ";",
    "DASH": "-",
    "LEFT_ARROW_HEAD": "<",
    "RIGHT_ARROW_HEAD": ">",
}
_DESCRIPTIONS = {
    "INTEGER": "an integer",
    "FLOAT": "a float",
    "STRING": "a string",
    "PARAM": "a parameter",
    "NAME": "a name",
    "ESCAPED_NAME": "a name",
    "$END": "end of input",
}


def _describe_one(term: str) -> str | None:
    if term in _PUNCTUATION:
        return f"'{_PUNCTUATION[term]}'"
    if term in _DESCRIPTIONS:
        return _DESCRIPTIONS[term]
    if term in _IGNORED or term.startswith("__") or term in ("HEX_INTEGER", "OCTAL_INTEGER"):
        return None
    if term == "INVALID_NUMBER":
        return None
    if term.isupper() and term.isalpha():
        return term  # a keyword
    return term.lower()


_OPERATORS = {
    "EQ",
    "NEQ",
    "LT",
    "GT",
    "LTE",
    "GTE",
    "REGEX_MATCH",
    "PLUS",
    "MINUS",
    "STAR",
    "SLASH",
    "PERCENT",
    "CARET",
    "AND",
    "OR",
    "XOR",
    "IN",
    "IS",
    "CONTAINS",
    "STARTS",
    "ENDS",
    "DOT",
    "LBRACK",
    "COLON",
    "LPAREN",
    "LBRACE",
}
_CLAUSE_STARTS = {
    "MATCH",
    "OPTIONAL",
    "UNWIND",
    "WITH",
    "RETURN",
    "CREATE",
    "MERGE",
    "SET",
    "REMOVE",
    "DELETE",
    "DETACH",
    "CALL",
    "FROM",
    "CONSTRUCT",
    "UNION",
}


def precise_expected(state) -> set[str] | None:
    """The terminals that the parser can really accept in ``state`` (a Lark ParserState):
    LALR merges lookaheads, so the parse table alone over-approximates. None if unknown."""
    try:
        table = state.parse_conf.parse_table.states[state.position]
        conf = copy(state.parse_conf)
        conf.callbacks = {}
    except AttributeError:
        return None
    out = set()
    for term, (action, _arg) in table.items():
        if not term.isupper():
            continue
        if action is Shift:  # certainly accepted; only reductions need checking
            out.add(term)
            continue
        try:
            try:
                cursor = state.copy(deepcopy_values=False)
            except TypeError:  # older Lark
                cursor = state.copy()
            cursor.parse_conf = conf
            cursor.feed_token(Token(term, ""), term == "$END")
        except Exception:  # noqa: BLE001 - not accepted
            continue
        out.add(term)
    return out or None


def describe_expected(expected) -> str:
    exp = {t for t in expected if t not in _IGNORED}
    if exp & _NAME_TERMINALS:  # there they are names: "a name" says it
        exp -= NAME_KEYWORDS
    parts: list[str] = []
    if "STRING" in exp and "INTEGER" in exp:
        parts.append("an expression")
        exp -= _EXPRESSION_STARTERS
        exp -= _NAME_TERMINALS
    elif "LPAREN" in exp and "NODE_OPEN" in exp:
        if exp & _NAME_TERMINALS:
            parts.append("a pattern")
        else:
            parts.append("a node pattern")
        exp -= {"LPAREN", "NODE_OPEN", "SHORTESTPATH", "ALLSHORTESTPATHS"}
        exp -= _NAME_TERMINALS
        exp -= _EXPRESSION_STARTERS & _KEYWORDS_STARTING_NAMES
    elif exp & _NAME_TERMINALS:
        parts.append("a name")
        # every keyword is accepted as a name there: do not list them
        exp = {t for t in exp if not (t.isalpha() and t.isupper())} - _NAME_TERMINALS
    if len(exp & _CLAUSE_STARTS) >= 3:
        exp -= _CLAUSE_STARTS
        parts.append("a clause")
    if len(exp & _OPERATORS) >= 3:
        exp -= _OPERATORS
        parts.append("an operator")
    if "$END" in exp:
        exp.discard("$END")
        tail = ["end of input"]
    else:
        tail = []
    words = []
    for t in sorted(exp, key=lambda t: (t in _PUNCTUATION, t)):
        d = _describe_one(t)
        if d is not None and d not in words and d not in parts:
            words.append(d)
    if len(words) > 10:
        words = words[:10] + ["..."]
    parts.extend(words)
    parts.extend(tail)
    if not parts:
        return "something else"
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " or " + parts[-1]


def position_at(text: str, offset: int) -> Position:
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Position(line, col, offset)


def _found(token) -> str:
    if token.type == "$END":
        return "end of input"
    value = str(token)
    if len(value) > 40:
        value = value[:37] + "..."
    return f"'{value}'"


def convert(exc: UnexpectedInput, text: str) -> CypherSyntaxError:
    """The CypherSyntaxError for a Lark parse failure."""
    precise = precise_expected(getattr(exc, "state", None))
    if isinstance(exc, UnexpectedToken):
        tok = exc.token
        expected = describe_expected(precise if precise is not None else exc.expected)
        if tok.type == "$END":
            pos = position_at(text, len(text.rstrip()))
            msg = f"Unexpected end of input: expected {expected}"
        else:
            pos = Position(tok.line, tok.column, tok.start_pos)
            if tok.type == "INVALID_NUMBER":
                return CypherSyntaxError(
                    f"Invalid input '{tok}': not a valid number here (expected {expected})",
                    code="UnexpectedSyntax",
                    position=pos,
                    query=text,
                )
            msg = f"Invalid input {_found(tok)}: expected {expected}"
            accepted = precise if precise is not None else set(exc.expected)
            if tok.type in RESERVED_WORDS and "NAME" in accepted and "STRING" not in accepted:
                msg = (
                    f"Invalid input '{tok}': {tok.upper()} is a reserved word and cannot be "
                    f"used as a name here (escape it: `{tok}`); expected {expected}"
                )
        return CypherSyntaxError(msg, code="UnexpectedSyntax", position=pos, query=text)
    if isinstance(exc, UnexpectedCharacters):
        offset = exc.pos_in_stream
        pos = Position(exc.line, exc.column, offset)
        char = text[offset] if offset < len(text) else ""
        if char in ("'", '"'):
            msg = "Unterminated string literal: missing closing quote " + char
        elif char == "`":
            msg = "Unterminated escaped name: missing closing backtick"
        elif text.startswith("/*", offset):
            msg = "Unterminated comment: missing '*/'"
        else:
            allowed = precise if precise is not None else (exc.allowed or ())
            msg = f"Invalid input '{char}': expected {describe_expected(allowed)}"
        return CypherSyntaxError(msg, code="UnexpectedSyntax", position=pos, query=text)
    if isinstance(exc, UnexpectedEOF):
        pos = position_at(text, len(text.rstrip()))
        return CypherSyntaxError(
            f"Unexpected end of input: expected {describe_expected(exc.expected)}",
            code="UnexpectedSyntax",
            position=pos,
            query=text,
        )
    return CypherSyntaxError(str(exc), code="UnexpectedSyntax", query=text)
