"""Syntax highlighting of the shell's input: a prompt_toolkit lexer over the shared scanner.

Highlighting classifies whole documents (a block comment or string may span lines) and then
cuts the styled fragments into lines, as prompt_toolkit asks for them line by line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.lexers import Lexer
from prompt_toolkit.styles import Style

from .statements import Token, tokenize
from .vocabulary import keywords

STYLE = Style.from_dict(
    {
        "keyword": "bold ansiblue",
        "function": "ansicyan",
        "label": "ansimagenta",
        "string": "ansigreen",
        "number": "ansiyellow",
        "parameter": "ansiyellow bold",
        "comment": "ansibrightblack italic",
        "command": "bold ansired",
    }
)

_COMMAND = re.compile(r"\s*:\S*")
_DIRECT_STYLES = {
    "comment": "comment",
    "string": "string",
    "number": "number",
    "param": "parameter",
}


def classify(text: str) -> list[tuple[str, str]]:
    """(style class, text) for every piece of ``text``; the empty class for plain text."""
    command = _COMMAND.match(text)
    if command:  # a shell command: highlight its name only
        return [("command", command.group()), ("", text[command.end() :])]
    tokens = tokenize(text)
    return [(_style_of(tokens, i), token.text) for i, token in enumerate(tokens)]


def _style_of(tokens: list[Token], i: int) -> str:
    token = tokens[i]
    if token.kind in _DIRECT_STYLES:
        return _DIRECT_STYLES[token.kind]
    if token.kind not in ("word", "name"):
        return ""
    before, after = _neighbour(tokens, i, -1), _neighbour(tokens, i, 1)
    if before is not None and before.text == ":":
        return "label"  # a label or relationship type (or a map key: rare enough)
    if token.kind == "word" and after is not None and after.text == "(":
        return "keyword" if token.text.upper() in keywords() else "function"
    if token.kind == "word" and token.text.upper() in keywords():
        return "keyword"
    return ""


def _neighbour(tokens: list[Token], i: int, step: int) -> Token | None:
    j = i + step
    while 0 <= j < len(tokens) and tokens[j].kind == "space":
        j += step
    return tokens[j] if 0 <= j < len(tokens) else None


class CypherLexer(Lexer):
    def lex_document(self, document: Document) -> Callable[[int], StyleAndTextTuples]:
        lines: list[StyleAndTextTuples] = [[]]
        for style, text in classify(document.text):
            css = f"class:{style}" if style else ""
            first, *rest = text.split("\n")
            lines[-1].append((css, first))
            for piece in rest:
                lines.append([(css, piece)])

        def get_line(lineno: int) -> StyleAndTextTuples:
            return lines[lineno] if 0 <= lineno < len(lines) else []

        return get_line
