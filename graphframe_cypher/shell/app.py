"""The interactive shell: its state (working graph, parameters, output format), the
read-eval-print loop on prompt_toolkit, and running queries and commands.

Input is multi-line: Enter runs the buffer once it ends with ``;`` (or is a ``:command``),
otherwise it starts a new line. History persists in ``~/.graphframe_cypher_history``
(``GRAPHFRAME_CYPHER_HISTORY`` names another file).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from .commands import COMMANDS, FILE_COMMANDS, ExitShell, run_command
from .graphs import GraphRegistry, UnknownGraph, graph_after, short_name
from .hints import unknown_names_hint
from .rendering import (
    FORMATS,
    MAX_CELL_WIDTH,
    counters_text,
    elapsed_text,
    error_text,
    render,
    result_table,
)
from .habits import EXPLAIN, PROFILE, plan_prefix
from .runner import QueryRunner
from .statements import input_finished, is_command, script_items

HISTORY_ENV = "GRAPHFRAME_CYPHER_HISTORY"
DEFAULT_HISTORY = "~/.graphframe_cypher_history"


class Shell:
    def __init__(
        self,
        session: Any,
        graphs: GraphRegistry,
        current: str,
        out: TextIO | None = None,
        fmt: str = "table",
        debug: bool = False,
    ):
        self.session = session
        self.graphs = graphs
        self.current = graphs.resolve(current) or current
        self.parameters: dict[str, Any] = {}
        self.format = fmt
        self.out = out or sys.stdout
        self.runner = QueryRunner(session, self.out)
        self.debug = debug  # print tracebacks of internal errors

    # -- state ----------------------------------------------------------------------------

    @property
    def graph(self):
        return self.graphs.graph(self.current)

    def use(self, name: str) -> None:
        self.graphs.graph(name)  # raises UnknownGraph
        self.current = self.graphs.resolve(name) or name

    def prompt(self) -> str:
        return f"{short_name(self.current)}> "

    # -- output ---------------------------------------------------------------------------

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def error(self, text: str) -> None:
        self.say(text)

    # -- running --------------------------------------------------------------------------

    def execute(self, text: str) -> bool:
        """Run the commands and queries in ``text`` in order; stop at the first failing
        query. True when every query succeeded."""
        for item in script_items(text):
            try:
                if is_command(item):
                    run_command(self, item)
                elif not self.run_query(item):
                    return False
            except (UnknownGraph, OSError) as err:  # e.g. the working graph was dropped
                self.error(str(err))
                return False
        return True

    def run(self, work: Callable[[], Any], description: str) -> Any:
        """``work()``'s value, or None after printing why there is none (error, Ctrl-C)."""
        outcome = self._run(work, description)
        return outcome.value if outcome is not None else None

    def _run(self, work: Callable[[], Any], description: str):
        outcome = self.runner.run(work, description)
        if outcome.cancelled:
            self.error(f"Query cancelled after {elapsed_text(outcome.seconds)}.")
            return None
        if isinstance(outcome.error, (SystemExit, KeyboardInterrupt)):
            raise outcome.error
        if outcome.error is not None:
            self.error(error_text(outcome.error))
            if self.debug:
                traceback.print_exception(outcome.error, file=self.out)
            return None
        return outcome

    def run_query(self, query: str) -> bool:
        """Run one query on the working graph and print its result; False on failure.
        ``EXPLAIN query`` shows its plans, ``PROFILE query`` its result and the plan it ran
        with (rows and times per operator)."""
        graph, parameters = self.graph, dict(self.parameters)
        mode, query = plan_prefix(query)
        if mode == EXPLAIN:
            plan = self.run(lambda: self.session.explain(query, parameters, graph), query)
            if plan is not None:
                self.say(plan)
            return plan is not None

        def work():
            result = graph.cypher(query, parameters)
            columns, rows = result_table(result)
            profile = self.session.profile(result) if mode == PROFILE else None
            return result, graph_after(result, graph), columns, rows, profile

        outcome = self._run(work, query)
        if outcome is None:
            return False
        result, next_graph, columns, rows, profile = outcome.value
        if next_graph is not graph:  # an update: later queries see its changes
            self.say(counters_text(result.counters))
            self.graphs.store(self.current, next_graph)
        render(
            columns,
            rows,
            self.format,
            self.out,
            footer_note=elapsed_text(outcome.seconds),
            max_cell_width=MAX_CELL_WIDTH,
        )
        if profile is not None:
            self.say(profile)
        if not rows and self.format == "table":
            hint = unknown_names_hint(query, graph.schema)
            if hint:
                self.say(hint)
        self.out.flush()
        return True

    # -- the loop -------------------------------------------------------------------------

    def loop(self) -> None:
        """Read and run input until Ctrl-D or :quit."""
        reader = _prompt_session(self)
        while True:
            try:
                text = reader.prompt(self.prompt())
            except KeyboardInterrupt:  # Ctrl-C at the prompt drops the input
                continue
            except EOFError:  # Ctrl-D
                break
            try:
                self.execute(text)
            except ExitShell:
                break
            except KeyboardInterrupt:  # Ctrl-C while printing a result
                self.error("\nInterrupted.")


def _prompt_session(shell: Shell):
    from prompt_toolkit import PromptSession
    from prompt_toolkit.application import get_app
    from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
    from prompt_toolkit.filters import Condition

    from .completion import CompletionSource, CypherCompleter
    from .highlight import STYLE, CypherLexer

    source = CompletionSource(
        schema=lambda: shell.graph.schema,
        graph_names=lambda: _graph_names(shell),
        parameters=lambda: shell.parameters.keys(),
        commands=list(COMMANDS),
        command_arguments={":format": FORMATS},
        path_commands=FILE_COMMANDS,
    )
    # Enter starts a new line until the input is finished (see input_finished).
    multiline = Condition(lambda: not input_finished(get_app().current_buffer.text))
    return PromptSession(
        history=_history(),
        lexer=CypherLexer(),
        style=STYLE,
        include_default_pygments_style=False,
        completer=CypherCompleter(source),
        complete_while_typing=True,
        auto_suggest=AutoSuggestFromHistory(),
        multiline=multiline,
        prompt_continuation=lambda width, line, wrap: "...> ".rjust(width),
    )


def _graph_names(shell: Shell) -> list[str]:
    names = shell.graphs.names()
    return [*names, *(short_name(n) for n in names)]


def _history():
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    path = Path(os.path.expanduser(os.environ.get(HISTORY_ENV) or DEFAULT_HISTORY))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=True)
    except OSError:  # e.g. a read-only home: history for this session only
        return InMemoryHistory()
    return FileHistory(str(path))


def run_interactive(
    session: Any,
    graphs: dict[str, Any],
    working: str,
    debug: bool = False,
    parameters: dict[str, Any] | None = None,
) -> None:
    """Store ``graphs`` (name -> graph) in the session's catalog (or the shell's own), greet,
    and run the shell on ``working`` until the user leaves."""
    registry = GraphRegistry(session)
    for name, graph in graphs.items():
        if registry.resolve(name) is None:
            registry.store(name, graph)
    shell = Shell(session, registry, working, debug=debug)
    shell.parameters = dict(parameters or {})
    from .. import __version__

    shell.say(
        f"graphframe-cypher {__version__} on {session.engine_description()}. "
        f"Working graph: {shell.current}.\n"
        "Queries end with ';'. :help lists the commands, Ctrl-D leaves."
    )
    shell.loop()
