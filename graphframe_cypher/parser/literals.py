"""Decoding of number and string literals, with the TCK's error codes."""

from __future__ import annotations

import math
import re

from ..errors import CypherSyntaxError, Position

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

_DECIMAL = re.compile(r"0|[1-9][0-9]*")
_LEGACY_OCTAL = re.compile(r"0[0-7]+")


def parse_integer(text: str, pos: Position, query: str) -> int:
    """The value of an unsigned integer literal (decimal, ``0x`` hex, ``0o`` octal).

    The result is NOT range-checked: the caller checks it (a unary minus may apply)."""
    if text[:2] in ("0x", "0X"):
        return int(text[2:], 16)
    if text[:2] == "0o":
        return int(text[2:], 8)
    if _DECIMAL.fullmatch(text):
        return int(text)
    if _LEGACY_OCTAL.fullmatch(text):  # 0755: the legacy octal form
        return int(text[1:], 8)
    raise invalid_number(text, pos, query)


def parse_float(text: str, pos: Position, query: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise CypherSyntaxError(
            f"Floating point number is too large: {text}",
            code="FloatingPointOverflow",
            position=pos,
            query=query,
        )
    return value


def invalid_number(text: str, pos: Position, query: str) -> CypherSyntaxError:
    return CypherSyntaxError(
        f"Invalid number literal '{text}'", code="InvalidNumberLiteral", position=pos, query=query
    )


def integer_overflow(text: str, pos: Position, query: str) -> CypherSyntaxError:
    return CypherSyntaxError(
        f"Integer literal is too large for a 64-bit integer: {text}",
        code="IntegerOverflow",
        position=pos,
        query=query,
    )


_SIMPLE_ESCAPES = {
    "\\": "\\",
    "'": "'",
    '"': '"',
    "b": "\b",
    "B": "\b",
    "f": "\f",
    "F": "\f",
    "n": "\n",
    "N": "\n",
    "r": "\r",
    "R": "\r",
    "t": "\t",
    "T": "\t",
}
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")
_HEX8 = re.compile(r"[0-9a-fA-F]{8}")


def _offset_position(pos: Position, token_text: str, index: int) -> Position:
    """Position of ``token_text[index]`` given the token's position."""
    before = token_text[:index]
    nl = before.count("\n")
    if nl == 0:
        return Position(pos.line, pos.column + index, pos.offset + index)
    return Position(pos.line + nl, index - before.rfind("\n"), pos.offset + index)


def parse_string(token_text: str, pos: Position, query: str) -> str:
    """Decode a quoted string literal (the token text includes the quotes)."""
    body = token_text[1:-1]
    if "\\" not in body:
        return body
    out: list[str] = []
    i = 0
    n = len(body)
    surrogates = False
    while i < n:
        k = body.find("\\", i)
        if k < 0:
            out.append(body[i:])
            break
        out.append(body[i:k])
        c = body[k + 1]  # the lexer guarantees a character after a backslash
        simple = _SIMPLE_ESCAPES.get(c)
        if simple is not None:
            out.append(simple)
            i = k + 2
            continue
        if c in "uU":
            m = (_HEX8.match(body, k + 2) if c == "U" else None) or _HEX4.match(body, k + 2)
            if m is None:
                raise CypherSyntaxError(
                    f"Invalid unicode escape sequence '{body[k : k + 6]}'",
                    code="InvalidUnicodeLiteral",
                    position=_offset_position(pos, token_text, k + 1),
                    query=query,
                )
            cp = int(m.group(0), 16)
            if cp > 0x10FFFF:
                raise CypherSyntaxError(
                    f"Invalid unicode code point '{body[k : m.end()]}'",
                    code="InvalidUnicodeLiteral",
                    position=_offset_position(pos, token_text, k + 1),
                    query=query,
                )
            if 0xD800 <= cp <= 0xDFFF:
                surrogates = True
            out.append(chr(cp))
            i = m.end()
            continue
        raise CypherSyntaxError(
            f"Invalid escape sequence '\\{c}' in string literal",
            code="UnexpectedSyntax",
            position=_offset_position(pos, token_text, k + 1),
            query=query,
        )
    s = "".join(out)
    if surrogates:
        # combine UTF-16 surrogate pairs written as two \\u escapes
        s = s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return s


def unescape_name(token_text: str) -> str:
    """The name inside backticks (doubled backticks stand for one)."""
    return token_text[1:-1].replace("``", "`")
