"""Graph DDL text -> :class:`~graphframe_cypher.ddl.ast.DdlDocument`.

The grammar is ``grammar/graph_ddl.lark`` at the top of the repository; a wheel ships it as
the package resource ``graphframe_cypher/grammar/graph_ddl.lark`` (tried first, like the
Cypher grammar, see ``parser/grammar_loader.py``). Syntax errors become
:class:`GraphDdlError` naming the line, the column and what was expected there.
"""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from ..errors import GraphDdlError, Position
from . import ast as A

GRAMMAR_NAME = "graph_ddl.lark"

# The property types Morpheus's DDL knows (the ones with a '?' suffix are nullable).
PROPERTY_TYPES = (
    "ANY",
    "BOOLEAN",
    "DATE",
    "DATETIME",
    "DURATION",
    "FLOAT",
    "INTEGER",
    "LIST",
    "LOCALDATETIME",
    "LOCALTIME",
    "NUMBER",
    "STRING",
    "TIME",
)
_TYPE_ALIASES = {"INT": "INTEGER", "BOOL": "BOOLEAN", "TEXT": "STRING"}

_lock = threading.Lock()
_parser: Lark | None = None


def _grammar_text() -> str:
    try:
        resource = resources.files("graphframe_cypher").joinpath("grammar", GRAMMAR_NAME)
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, NotADirectoryError, OSError):
        pass
    # graphframe_cypher/ddl/parser.py -> <repo>/grammar/graph_ddl.lark
    path = Path(__file__).resolve().parent.parent.parent / "grammar" / GRAMMAR_NAME
    if not path.is_file():
        raise FileNotFoundError(
            f"Graph DDL grammar not found: neither the package resource "
            f"graphframe_cypher/grammar/{GRAMMAR_NAME} nor {path} exists"
        )
    return path.read_text(encoding="utf-8")


def _get_parser() -> Lark:
    global _parser
    with _lock:
        if _parser is None:
            _parser = Lark(
                _grammar_text(),
                parser="lalr",
                lexer="contextual",
                propagate_positions=True,
                maybe_placeholders=True,
            )
    return _parser


def parse_ddl(text: str, source: str = "") -> A.DdlDocument:
    """The syntax tree of a Graph DDL text; ``source`` (a file name) prefixes messages."""
    try:
        tree = _get_parser().parse(text)
    except UnexpectedInput as error:
        raise _syntax_error(error, text, source) from None
    return A.DdlDocument(_Builder(text, source).statements(tree), text, source)


# -- syntax errors ----------------------------------------------------------------------------

_TERMINAL_NAMES = {
    "IDENTIFIER": "a name",
    "QUOTED_IDENTIFIER": "a name",
    "_LPAR": "'('",
    "_RPAR": "')'",
    "LPAR": "'('",
    "RPAR": "')'",
    "_SEMI": "';'",
    "QMARK": "'?'",
    "COMMA": "','",
    "DOT": "'.'",
    "MINUS": "'-'",
    "LSQB": "'['",
    "RSQB": "']'",
    "EQUAL": "'='",
    "LESSTHAN": "'<'",
    "MORETHAN": "'>'",
    "__ANON_0": "'->'",
    "$END": "the end of the DDL",
}


def _describe_terminal(name: str) -> str:
    if name in _TERMINAL_NAMES:
        return _TERMINAL_NAMES[name]
    if name.isalpha() and name.isupper():
        return name  # a keyword
    return f"'{name}'" if len(name) <= 2 else name


def _expected_text(expected) -> str:
    names = sorted({_describe_terminal(t) for t in expected})
    if not names:
        return "something else"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]


def _syntax_error(error: UnexpectedInput, text: str, source: str) -> GraphDdlError:
    line, column = getattr(error, "line", 0) or 0, getattr(error, "column", 0) or 0
    if isinstance(error, UnexpectedToken):
        if error.token.type == "$END":
            found = "the end of the DDL"
            line, column = _end_position(text)
        else:
            found = repr(str(error.token))
        message = f"expected {_expected_text(error.expected)}, found {found}"
    elif isinstance(error, UnexpectedCharacters):
        char = text[error.pos_in_stream] if error.pos_in_stream < len(text) else ""
        message = f"unexpected character {char!r}"
    elif isinstance(error, UnexpectedEOF):
        line, column = _end_position(text)
        message = f"unexpected end of the DDL, expected {_expected_text(error.expected)}"
    else:  # pragma: no cover - Lark raises only the three kinds above
        message = str(error)
    return ddl_error(message, Position(line, column), text, source)


def _end_position(text: str) -> tuple[int, int]:
    lines = text.split("\n")
    return len(lines), len(lines[-1]) + 1


def ddl_error(message: str, position: Position | None, text: str, source: str) -> GraphDdlError:
    """A GraphDdlError at ``position`` of the DDL ``text`` (showing the line with a caret)."""
    prefix = f"{source}: " if source else ""
    error = GraphDdlError(f"{prefix}Graph DDL: {message}", position=position)
    return error.with_query(text) if text else error


# -- tree -> AST ------------------------------------------------------------------------------


def _pos(item) -> Position:
    if isinstance(item, Token):
        return Position(item.line or 0, item.column or 0, item.start_pos or 0)
    meta = item.meta
    if getattr(meta, "empty", True):
        return Position(0, 0, 0)
    return Position(meta.line, meta.column, meta.start_pos)


def _name(token: Token) -> str:
    if token.type == "QUOTED_IDENTIFIER":
        return str(token)[1:-1].replace("``", "`")
    return str(token)


class _Builder:
    """Builds the AST from Lark's tree, folding continuation segments (see the grammar)."""

    def __init__(self, text: str, source: str):
        self.text = text
        self.source = source

    def error(self, message: str, at) -> GraphDdlError:
        position = at if isinstance(at, Position) else _pos(at)
        return ddl_error(message, position, self.text, self.source)

    def statements(self, tree: Tree) -> tuple[A.Statement, ...]:
        return tuple(getattr(self, f"_{child.data}")(child) for child in tree.children)

    def _set_schema(self, tree: Tree) -> A.SetSchema:
        _set, _schema, data_source, schema = tree.children
        return A.SetSchema(_name(data_source), _name(schema), _pos(tree))

    def _global_element_type(self, tree: Tree) -> A.ElementTypeDefinition:
        return self.element_type(tree.children[-1])

    def _graph_type(self, tree: Tree) -> A.GraphTypeDefinition:
        name, body = tree.children[3], tree.children[4]
        built = self.body(body)
        if built.node_mappings or built.relationship_mappings:
            mapping = (built.node_mappings or built.relationship_mappings)[0]
            raise self.error(
                f"graph type {_name(name)!r} holds a mapping (FROM ...): views are mapped in "
                "CREATE GRAPH, a graph type only declares element, node and relationship types",
                mapping.position,
            )
        return A.GraphTypeDefinition(_name(name), built, _pos(tree))

    def _graph(self, tree: Tree) -> A.GraphDefinition:
        _create, _graph, name, _of, type_name, body = tree.children
        return A.GraphDefinition(
            _name(name),
            _name(type_name) if type_name is not None else None,
            self.body(body),
            _pos(tree),
            _pos(type_name) if type_name is not None else None,
        )

    # -- bodies -------------------------------------------------------------------------

    def body(self, tree: Tree) -> A.GraphBody:
        items: list = []
        open_extends = False  # whether items[-1] is `A EXTENDS B` with nothing after B
        for segment in (c for c in tree.children if c is not None):
            kind = segment.data
            if kind == "element_type":
                open_extends = self._element_segment(items, segment, open_extends)
                continue
            open_extends = False
            if kind == "node_type":
                items.append(self.node_type(segment))
            elif kind == "relationship_type":
                items.append(self.relationship_type(segment))
            elif kind == "node_mapping":
                node_type = self.node_type(segment.children[0])
                views = [self.node_view(v) for v in segment.children[1:]]
                items.append(A.NodeMapping(node_type, tuple(views), _pos(segment)))
            elif kind == "relationship_mapping":
                rel_type = self.relationship_type(segment.children[0])
                views = [self.relationship_view(v) for v in segment.children[1:]]
                items.append(A.RelationshipMapping(rel_type, tuple(views), _pos(segment)))
            elif kind == "node_views":
                self._continue_mapping(items, segment, A.NodeMapping, self.node_view)
            else:
                self._continue_mapping(
                    items, segment, A.RelationshipMapping, self.relationship_view
                )
        return _body_of(items)

    def _element_segment(self, items: list, segment: Tree, open_extends: bool) -> bool:
        """Adds an element type segment; returns whether an EXTENDS list is still open."""
        element = self.element_type(segment)
        _name_token, _extends, _parent, properties, key = segment.children
        closed = properties is not None or key is not None
        if open_extends and not element.parents:
            # `A EXTENDS B, C (...)`: Morpheus reads C as a second parent of A (a parent
            # list continues across commas), and what follows C belongs to A.
            previous = items[-1]
            items[-1] = A.ElementTypeDefinition(
                previous.name,
                (*previous.parents, element.name),
                element.properties,
                element.key,
                previous.position,
            )
            return not closed
        items.append(element)
        return bool(element.parents) and not closed

    def _continue_mapping(self, items: list, segment: Tree, kind, build_view) -> None:
        previous = items[-1] if items else None
        views = tuple(build_view(v) for v in segment.children)
        if not isinstance(previous, kind):
            what = "node" if kind is A.NodeMapping else "relationship"
            raise self.error(
                f"a FROM clause must follow a {what} mapping: write the "
                f"{'node type (A)' if what == 'node' else 'relationship type (A)-[R]->(B)'} "
                "before FROM",
                segment,
            )
        items[-1] = type(previous)(
            previous.node_type if kind is A.NodeMapping else previous.relationship_type,
            previous.views + views,
            previous.position,
        )

    # -- element types ------------------------------------------------------------------

    def element_type(self, tree: Tree) -> A.ElementTypeDefinition:
        name, _extends, parent, properties, key = tree.children
        props = (
            tuple(self.property(p) for p in properties.children if p is not None)
            if (properties is not None)
            else ()
        )
        return A.ElementTypeDefinition(
            _name(name),
            (_name(parent),) if parent is not None else (),
            props,
            self.key(key) if key is not None else None,
            _pos(name),
        )

    def property(self, tree: Tree) -> A.Property:
        name, type_tree = tree.children
        return A.Property(_name(name), self.property_type(type_tree), _pos(name))

    def property_type(self, tree: Tree) -> A.PropertyType:
        name_token, argument, qmark = tree.children
        name = _name(name_token).upper()
        name = _TYPE_ALIASES.get(name, name)
        if name not in PROPERTY_TYPES:
            raise self.error(
                f"unknown property type {_name(name_token)!r}, expected one of "
                f"{', '.join(PROPERTY_TYPES)} (with '?' for a nullable property)",
                name_token,
            )
        element = self.property_type(argument.children[0]) if argument is not None else None
        if name == "LIST" and element is None:
            raise self.error("LIST needs its element type: LIST(STRING)", name_token)
        if name != "LIST" and element is not None:
            raise self.error(f"{name} takes no element type", name_token)
        return A.PropertyType(name, qmark is not None, element)

    def key(self, tree: Tree) -> A.KeyDefinition:
        _key, name, *properties = tree.children
        return A.KeyDefinition(_name(name), tuple(_name(p) for p in properties), _pos(tree))

    # -- node and relationship types -----------------------------------------------------

    def node_type(self, tree: Tree) -> A.NodeTypeReference:
        return A.NodeTypeReference(tuple(_name(t) for t in tree.children), _pos(tree))

    def relationship_type(self, tree: Tree) -> A.RelationshipTypeReference:
        start, rel, end = tree.children
        return A.RelationshipTypeReference(
            self.node_type(start), _name(rel), self.node_type(end), _pos(tree)
        )

    # -- mappings -----------------------------------------------------------------------

    def view_id(self, tree: Tree) -> A.ViewId:
        parts = tuple(_name(t) for t in tree.children)
        if len(parts) > 3:
            raise self.error(
                f"view name {'.'.join(parts)!r} has {len(parts)} parts: write view, "
                "schema.view or datasource.schema.view",
                tree,
            )
        return A.ViewId(parts, _pos(tree))

    def column_mapping(self, tree: Tree | None) -> tuple[A.ColumnMapping, ...]:
        if tree is None:
            return ()
        out = []
        for item in tree.children:
            column, _as, prop = item.children
            out.append(A.ColumnMapping(_name(column), _name(prop), _pos(column)))
        return tuple(out)

    def node_view(self, tree: Tree) -> A.NodeView:
        _from, view, columns = tree.children
        return A.NodeView(self.view_id(view), self.column_mapping(columns), _pos(tree))

    def relationship_view(self, tree: Tree) -> A.RelationshipView:
        _from, view, alias, columns, _s, _n, start, _e, _n2, end = tree.children
        return A.RelationshipView(
            self.view_id(view),
            _name(alias),
            self.column_mapping(columns),
            self.endpoint(start),
            self.endpoint(end),
            _pos(tree),
        )

    def endpoint(self, tree: Tree) -> A.Endpoint:
        node_type, _from, view, alias, _join, _on, *rest = tree.children
        conditions = [c for c in rest if isinstance(c, Tree)]
        return A.Endpoint(
            self.node_type(node_type),
            self.view_id(view),
            _name(alias),
            tuple(self.join_condition(c) for c in conditions),
            _pos(tree),
        )

    def join_condition(self, tree: Tree) -> A.JoinCondition:
        left, right = tree.children
        return A.JoinCondition(self.column_ref(left), self.column_ref(right), _pos(tree))

    def column_ref(self, tree: Tree) -> A.ColumnReference:
        parts = [_name(t) for t in tree.children]
        return A.ColumnReference(".".join(parts[:-1]), parts[-1], _pos(tree))


def _body_of(items: list) -> A.GraphBody:
    def of(kind):
        return tuple(i for i in items if isinstance(i, kind))

    return A.GraphBody(
        of(A.ElementTypeDefinition),
        of(A.NodeTypeReference),
        of(A.RelationshipTypeReference),
        of(A.NodeMapping),
        of(A.RelationshipMapping),
    )
