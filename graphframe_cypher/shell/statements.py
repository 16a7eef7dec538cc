"""Cypher input as tokens: one scanner shared by statement splitting (scripts, the shell's
"is this input finished?" check), syntax highlighting and completion.

The scanner only knows what matters for those jobs: string literals, backtick names,
comments, parameters, numbers, words and single punctuation characters. Unterminated strings,
names and block comments run to the end of the text and are marked ``closed=False`` (the shell
then keeps reading lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<string>'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")
  | (?P<name>`(?:``|[^`])*`)
  | (?P<open>/\*.*|'.*|".*|`.*)             # unterminated: to the end of the text
  | (?P<param>\$(?:\w+|`(?:``|[^`])*`)?)
  | (?P<number>0[xX][0-9a-fA-F]+|(?:\d+(?:\.\d+)?|(?<!\.)\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[^\W\d]\w*)
  | (?P<space>\s+)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)

# Unterminated tokens, by their opening characters.
_OPEN_KINDS = {"/*": "comment", "'": "string", '"': "string", "`": "name"}

# Kinds that are not code: a statement made only of these is empty.
_NOT_CODE = ("space", "comment")


@dataclass(frozen=True)
class Token:
    kind: str  # comment | string | name | param | number | word | space | punct
    text: str
    start: int
    closed: bool = True

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def is_code(self) -> bool:
        return self.kind not in _NOT_CODE


def tokenize(text: str) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup or "punct", match.group()
        if kind == "open":
            opener = "/*" if value.startswith("/*") else value[0]
            tokens.append(Token(_OPEN_KINDS[opener], value, match.start(), closed=False))
        else:
            tokens.append(Token(kind, value, match.start()))
    return tokens


def split_statements(text: str) -> list[str]:
    """Split a script on ``;`` outside string literals, backtick names and comments.

    Empty statements (and statements that are only comments) are dropped.
    """
    statements: list[str] = []
    start, has_code = 0, False
    for token in tokenize(text):
        if token.kind == "punct" and token.text == ";":
            if has_code:
                statements.append(text[start : token.start].strip())
            start, has_code = token.end, False
        else:
            has_code = has_code or token.is_code
    if has_code:
        statements.append(text[start:].strip())
    return statements


def ends_statement(text: str) -> bool:
    """Whether ``text`` is finished input for the shell: its last code token is a ``;``
    outside any string, name or comment."""
    code = [t for t in tokenize(text) if t.is_code or not t.closed]
    return bool(code) and code[-1].closed and code[-1].kind == "punct" and code[-1].text == ";"


def is_command(text: str) -> bool:
    """Shell commands (``:use sample``) start with a colon and end at the line's end."""
    return text.lstrip().startswith(":")


def input_finished(text: str) -> bool:
    """Whether the shell should act on its input buffer when Enter is pressed: an empty
    buffer, a command, or queries ending with ``;``."""
    return not text.strip() or is_command(text) or ends_statement(text)


def script_items(text: str) -> list[str]:
    """Commands and queries of a shell script or input buffer, in order: a line starting
    with ``:`` (outside a query) is one command; queries end with ``;`` (the last may not)."""
    items: list[str] = []
    pending = ""
    for line in text.splitlines(keepends=True):
        if is_command(line) and not split_statements(pending):  # no query open
            items.append(line.strip().rstrip(";").rstrip())
            pending = ""
            continue
        pending += line
        if ends_statement(pending):
            items.extend(split_statements(pending))
            pending = ""
    items.extend(split_statements(pending))
    return items


def innermost_bracket(tokens: list[Token]) -> str | None:
    """The innermost unclosed ``(``, ``[`` or ``{`` in the tokens, if any."""
    closing = {")": "(", "]": "[", "}": "{"}
    stack: list[str] = []
    for token in tokens:
        if token.kind != "punct":
            continue
        if token.text in "([{":
            stack.append(token.text)
        elif token.text in closing and stack and stack[-1] == closing[token.text]:
            stack.pop()
    return stack[-1] if stack else None
