"""Tab completion: shell commands and their arguments, and in queries keywords, functions,
labels, relationship types, property keys and parameters from the working graph's schema.

What to offer depends on the text just before the word being typed: ``:`` inside ``( )``
asks for a label, inside ``[ ]`` for a relationship type; ``.`` for a property key; ``$`` for
a parameter; anything else for a keyword or function.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from prompt_toolkit.completion import CompleteEvent, Completer, Completion, PathCompleter
from prompt_toolkit.document import Document

from .statements import innermost_bracket, is_command, tokenize
from .vocabulary import function_names, keywords

_IDENTIFIER = re.compile(r"[^\W\d]\w*")


@dataclass
class CompletionSource:
    """What the completer may offer, read afresh for every completion (the working graph
    and the parameters change while the shell runs)."""

    schema: Callable[[], object | None] = lambda: None  # a GraphSchema or None
    graph_names: Callable[[], Iterable[str]] = lambda: ()
    parameters: Callable[[], Iterable[str]] = lambda: ()
    commands: Iterable[str] = ()
    command_arguments: dict[str, Iterable[str]] = field(default_factory=dict)
    path_commands: frozenset[str] = frozenset()


class CypherCompleter(Completer):
    def __init__(self, source: CompletionSource):
        self._source = source
        self._paths = PathCompleter(expanduser=True)

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterator[Completion]:
        text = document.text_before_cursor
        if is_command(document.text):
            yield from self._command_completions(text, complete_event)
        else:
            yield from self._query_completions(text)

    # -- commands -------------------------------------------------------------------------

    def _command_completions(self, text: str, event: CompleteEvent) -> Iterator[Completion]:
        name, space, argument = text.lstrip().partition(" ")
        if not space:
            yield from _matching(name, self._source.commands, "command")
        elif name in self._source.path_commands:
            yield from self._paths.get_completions(Document(argument.lstrip()), event)
        elif name == ":use":
            yield from _matching(argument.strip(), self._source.graph_names(), "graph")
        else:
            choices = self._source.command_arguments.get(name, ())
            yield from _matching(argument.strip(), choices, "")

    # -- queries --------------------------------------------------------------------------

    def _query_completions(self, text: str) -> Iterator[Completion]:
        tokens = tokenize(text)
        last = tokens[-1] if tokens else None
        if last is not None and last.kind == "param":
            names = [f"${_quoted(p)}" for p in self._source.parameters()]
            yield from _matching(last.text, names, "parameter")
            return
        typing = last is not None and last.kind == "word"
        prefix = last.text if typing else ""
        before = tokens[-2] if typing and len(tokens) > 1 else (None if typing else last)
        schema = self._source.schema()
        if before is not None and before.text == ":" and schema is not None:
            if innermost_bracket(tokens) == "[":
                yield from _matching(prefix, map(_quoted, schema.relationship_types), "type")
            else:
                yield from _matching(prefix, map(_quoted, schema.labels), "label")
        elif before is not None and before.text == "." and schema is not None:
            yield from _matching(prefix, map(_quoted, schema.property_keys), "property")
        elif prefix:
            yield from _matching(prefix, keywords(), "keyword")
            yield from _matching(prefix, function_names(), "function")


def _matching(prefix: str, choices: Iterable[str], meta: str) -> Iterator[Completion]:
    """Choices starting with ``prefix`` (case-insensitively), replacing the prefix."""
    low = prefix.lower()
    for choice in sorted(set(choices), key=str.lower):
        if choice.lower().startswith(low) and choice != prefix:
            yield Completion(choice, start_position=-len(prefix), display_meta=meta)


def _quoted(name: str) -> str:
    return name if _IDENTIFIER.fullmatch(name) else "`" + name.replace("`", "``") + "`"
