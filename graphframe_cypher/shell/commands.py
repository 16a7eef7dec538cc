"""The shell's ``:commands``. Each is a function of the shell and the text after the
command's name, registered with its usage line and one-line help."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..values import format_value
from .graphs import UnknownGraph
from .habits import ParameterSyntaxError, parse_assignment
from .rendering import FORMATS

if TYPE_CHECKING:
    from .app import Shell


class ExitShell(Exception):
    """Raised by ``:quit``: leave the shell."""


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    summary: str
    run: Callable[[Shell, str], None]
    needs_argument: bool = False


COMMANDS: dict[str, Command] = {}
ALIASES = {":exit": ":quit", ":q": ":quit", ":h": ":help", ":?": ":help"}
# Commands whose argument is a file name (completed from the file system).
FILE_COMMANDS = frozenset({":source"})


def _command(usage: str, summary: str, needs_argument: bool = False):
    def register(run: Callable[[Shell, str], None]) -> Callable[[Shell, str], None]:
        name = usage.split()[0]
        COMMANDS[name] = Command(name, usage, summary, run, needs_argument)
        return run

    return register


def run_command(shell: Shell, line: str) -> None:
    name, _, argument = line.strip().rstrip(";").partition(" ")
    command = COMMANDS.get(ALIASES.get(name.lower(), name.lower()))
    if command is None:
        shell.error(f"unknown command {name}: :help lists the commands")
    elif command.needs_argument and not argument.strip():
        shell.error(f"usage: {command.usage}")
    else:
        command.run(shell, argument.strip())


@_command(":help", "list the commands")
def _help(shell: Shell, argument: str) -> None:
    width = max(len(c.usage) for c in COMMANDS.values())
    lines = [f"  {c.usage.ljust(width)}  {c.summary}" for c in COMMANDS.values()]
    shell.say(
        "Queries end with ';' and may span lines; $name uses a parameter (:params).\n"
        "Ctrl-C cancels a running query (or clears the input), Ctrl-D leaves.\n"
        "Commands:\n" + "\n".join(lines)
    )


@_command(":graphs", "list the named graphs (* marks the working graph)")
def _graphs(shell: Shell, argument: str) -> None:
    for name in shell.graphs.names():
        marker = "*" if name == shell.current else " "
        shell.say(f"{marker} {name}")


@_command(":use NAME", "make graph NAME the working graph", needs_argument=True)
def _use(shell: Shell, argument: str) -> None:
    try:
        shell.use(argument)
    except UnknownGraph as err:
        shell.error(str(err))
        return
    shell.say(f"Working graph: {shell.current}")


@_command(":schema", "labels, relationship types and properties of the working graph")
def _schema(shell: Shell, argument: str) -> None:
    shell.say(f"Graph {shell.current}\n{shell.graph.schema}")


@_command(":explain QUERY", "the query's logical plan and Spark's physical plan", True)
def _explain(shell: Shell, argument: str) -> None:
    graph, parameters = shell.graph, dict(shell.parameters)
    plan = shell.run(lambda: shell.session.explain(argument, parameters, graph), argument)
    if plan is not None:
        shell.say(plan)


@_command(":params [MAP]", "show or set the query parameters: JSON or a Cypher map")
def _params(shell: Shell, argument: str) -> None:
    if argument:
        value = _parameters(shell, argument)
        if value is None:
            return
        shell.parameters = value
    if not shell.parameters:
        shell.say("No parameters.")
    for name, value in sorted(shell.parameters.items()):
        shell.say(f"  ${name} = {format_value(value)}")


def _parameters(shell: Shell, text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:  # not JSON: evaluate it as a Cypher expression
        query = f"RETURN {text} AS parameters"
        found = shell.run(lambda: shell.session.cypher(query).records.collect(), query)
        if found is None:
            return None
        value = found[0]["parameters"]
    if not isinstance(value, dict):
        shell.error("parameters must be a map, e.g. :params {name: 'Alice', minAge: 30}")
        return None
    return value


@_command(":param NAME => VALUE", "set one parameter (a Cypher expression), as cypher-shell")
def _param(shell: Shell, argument: str) -> None:
    if not argument:  # cypher-shell's bare :param lists them, as :params does
        _params(shell, "")
        return
    if argument.lstrip().startswith("{"):  # cypher-shell 5 takes a map here too
        _params(shell, argument)
        return
    try:
        name, expression = parse_assignment(argument)
    except ParameterSyntaxError as err:
        shell.error(str(err))
        return
    query = f"RETURN {expression} AS value"
    parameters = dict(shell.parameters)
    found = shell.run(lambda: shell.session.cypher(query, parameters).records.collect(), query)
    if found is not None:
        shell.parameters[name] = found[0]["value"]
        shell.say(f"  ${name} = {format_value(shell.parameters[name])}")


@_command(":source FILE", "run the queries and commands in FILE", needs_argument=True)
def _source(shell: Shell, argument: str) -> None:
    try:
        with open(argument, encoding="utf-8") as fh:
            script = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        shell.error(f"cannot read {argument}: {exc}")
        return
    shell.execute(script)


@_command(":format " + "|".join(FORMATS), "how results print")
def _format_command(shell: Shell, argument: str) -> None:
    if argument:
        if argument not in FORMATS:
            shell.error(f"unknown format '{argument}': use one of {', '.join(FORMATS)}")
            return
        shell.format = argument
    shell.say(f"Output format: {shell.format}")


@_command(":quit", "leave the shell (Ctrl-D does too)")
def _quit(shell: Shell, argument: str) -> None:
    raise ExitShell
