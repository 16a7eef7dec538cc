"""Locating the grammar file and building the (cached) Lark parser.

The grammar lives at ``grammar/cypher.lark`` at the top of the repository; a wheel ships it
as the package resource ``graphframe_cypher/grammar/cypher.lark``. The package resource is
tried first, then the source-tree path.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from importlib import resources
from pathlib import Path

import lark
from lark import Lark

GRAMMAR_NAME = "cypher.lark"

_lock = threading.Lock()
_parser: Lark | None = None
_grammar_text: str | None = None


def _repo_grammar_path() -> Path:
    # graphframe_cypher/parser/grammar_loader.py -> <repo>/grammar/cypher.lark
    return Path(__file__).resolve().parent.parent.parent / "grammar" / GRAMMAR_NAME


def grammar_text() -> str:
    """The text of the Cypher grammar (package resource first, then the repository)."""
    global _grammar_text
    if _grammar_text is not None:
        return _grammar_text
    text = None
    try:
        res = resources.files("graphframe_cypher").joinpath("grammar", GRAMMAR_NAME)
        if res.is_file():
            text = res.read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, NotADirectoryError, OSError):
        text = None
    if text is None:
        path = _repo_grammar_path()
        if not path.is_file():
            raise FileNotFoundError(
                f"Cypher grammar not found: neither the package resource "
                f"graphframe_cypher/grammar/{GRAMMAR_NAME} nor {path} exists"
            )
        text = path.read_text(encoding="utf-8")
    _grammar_text = text
    return text


def _cache_path(text: str) -> str | bool:
    """Where Lark may cache its parse tables (building them takes about a second), or False.

    A private directory under the user's cache directory (not the shared temp directory: the
    cache is a pickle). Disabled with GRAPHFRAME_CYPHER_PARSER_CACHE=0."""
    if os.environ.get("GRAPHFRAME_CYPHER_PARSER_CACHE", "1").lower() in ("0", "false", "no"):
        return False
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        directory = base / "graphframe_cypher"
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not os.access(directory, os.W_OK):
            return False
    except (OSError, RuntimeError):
        return False
    key = hashlib.sha256(
        f"{text}\0{lark.__version__}\0{sys.version_info[:2]}".encode()
    ).hexdigest()[:24]
    return str(directory / f"cypher-lalr-{key}.cache")


def get_parser() -> Lark:
    """The shared LALR parser, built on first use (thread-safe)."""
    global _parser
    if _parser is not None:
        return _parser
    with _lock:
        if _parser is None:
            from .postlex import CypherPostLex
            from .transformer import CypherTransformer

            text = grammar_text()
            _parser = Lark(
                text,
                parser="lalr",
                lexer="contextual",
                postlex=CypherPostLex(),
                transformer=CypherTransformer(),
                maybe_placeholders=False,
                propagate_positions=False,
                cache=_cache_path(text),
            )
    return _parser
