"""Random graphs and random valid queries of a core subset of Cypher, as plain data that
both renders to Cypher text and is evaluated by the reference (diff_reference.py).

The subset: MATCH / OPTIONAL MATCH of chains of nodes (variables, labels) and relationships
(variables, types, directions, variable lengths) with WHERE (comparisons, IS NULL, AND / OR /
NOT, pattern predicates, exists()); WITH (projections, grouping with count / sum / min / max /
collect, DISTINCT, WHERE, ORDER BY over every column then SKIP / LIMIT); UNWIND of literal
lists; RETURN like WITH. Labels and types include ones the graph lacks (Z, S).

Expressions are tuples: ("lit", value), ("prop", var, key), ("var", name), ("id", var),
("cmp", op, left, right), ("isnull", expr, negated), ("and" | "or", left, right),
("not", expr), ("pattern", path), ("exists", path); aggregates ("count_star",),
("count" | "sum" | "min" | "max" | "collect", expr).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

LABELS = ("A", "B", "C")
QUERY_LABELS = LABELS + ("Z",)  # Z: no node has it
TYPES = ("T", "U")
QUERY_TYPES = TYPES + ("S",)  # S: no relationship has it
INTS = st.integers(-2, 3)
STRINGS = st.sampled_from(["x", "y", "z"])
# property key -> kind, on nodes (a, b) and relationships (a)
NODE_KEYS = {"a": "int", "b": "str"}
REL_KEYS = {"a": "int"}


# -- graphs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Graph:
    nodes: tuple  # (id, labels frozenset, {key: value})
    relationships: tuple  # (id, type, source, target, {key: value})


@st.composite
def graphs(draw) -> Graph:
    count = draw(st.integers(0, 6))
    nodes = tuple(
        (
            i,
            frozenset(draw(st.sets(st.sampled_from(LABELS), max_size=2))),
            {"a": draw(st.none() | INTS), "b": draw(st.none() | STRINGS)},
        )
        for i in range(count)
    )
    rels = []
    if count:
        for j in range(draw(st.integers(0, 9))):
            rels.append(
                (
                    100 + j,
                    draw(st.sampled_from(TYPES)),
                    draw(st.integers(0, count - 1)),
                    draw(st.integers(0, count - 1)),
                    {"a": draw(st.none() | INTS)},
                )
            )
    return Graph(nodes, tuple(rels))


# -- queries ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeP:
    var: str | None
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelP:
    var: str | None
    types: tuple[str, ...] = ()
    direction: str = "out"  # out, in, both
    length: tuple[int, int] | None = None  # variable length (min, max)


@dataclass(frozen=True)
class Path:
    nodes: tuple[NodeP, ...]
    rels: tuple[RelP, ...] = ()


@dataclass(frozen=True)
class Match:
    optional: bool
    paths: tuple[Path, ...]
    where: tuple | None = None


@dataclass(frozen=True)
class Unwind:
    values: tuple
    alias: str


@dataclass(frozen=True)
class Project:
    """WITH (``final`` False) or RETURN: items (expression, alias); ordered by every column
    (a total order on the rows' values) when ``order`` holds directions."""

    items: tuple[tuple[tuple, str], ...]
    distinct: bool = False
    order: tuple[tuple[bool, bool], ...] | None = None  # (descending, is an element) per item
    skip: int | None = None
    limit: int | None = None
    where: tuple | None = None
    final: bool = False


@dataclass(frozen=True)
class Query:
    clauses: tuple


@dataclass
class Scope:
    """What the clauses so far bind: variable -> kind ('node', 'rel', 'int', 'str',
    'list'); ``maybe_null``: variables of an OPTIONAL MATCH."""

    kinds: dict = field(default_factory=dict)
    nullable: set = field(default_factory=set)
    counter: int = 0

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def of(self, *kinds) -> list[str]:
        return [v for v, k in self.kinds.items() if k in kinds]


@st.composite
def queries(draw) -> Query:
    scope = Scope()
    clauses = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["match", "match", "optional", "unwind", "with"]))
        if kind == "unwind":
            clauses.append(draw(_unwind(scope)))
        elif kind == "with" and scope.kinds:
            clauses.append(draw(_project(scope, final=False)))
        else:
            clauses.append(draw(_match(scope, optional=kind == "optional" and bool(clauses))))
    clauses.append(draw(_project(scope, final=True)))
    return Query(tuple(clauses))


@st.composite
def _unwind(draw, scope: Scope):
    values = tuple(draw(st.lists(st.none() | INTS, max_size=3)))
    alias = scope.fresh("u")
    scope.kinds[alias] = "int"
    return Unwind(values, alias)


@st.composite
def _path(draw, scope: Scope, new_vars: dict, bound_only: bool = False) -> Path:
    """A chain; ``bound_only`` (pattern predicates): new nodes and relationships are
    anonymous, the first node is a bound one."""
    length = draw(st.integers(1 if bound_only else 0, 2))
    nodes, rels = [], []
    for i in range(length + 1):
        if i:
            rels.append(draw(_rel(scope, new_vars, bound_only)))
        nodes.append(draw(_node(scope, new_vars, bound_only, first=i == 0)))
    return Path(tuple(nodes), tuple(rels))


@st.composite
def _node(draw, scope: Scope, new_vars: dict, bound_only: bool, first: bool) -> NodeP:
    bound = scope.of("node") + [v for v, k in new_vars.items() if k == "node"]
    if bound_only:
        # (whether a pattern through a null node holds is left out of the comparison)
        bound = [v for v in bound if v not in scope.nullable]
    labels = tuple(draw(st.lists(st.sampled_from(QUERY_LABELS), max_size=1)))
    if bound and draw(st.booleans() if not (bound_only and first) else st.just(True)):
        return NodeP(draw(st.sampled_from(bound)), labels)
    if bound_only or draw(st.integers(0, 3)) == 0:
        return NodeP(None, labels)
    var = scope.fresh("n")
    new_vars[var] = "node"
    return NodeP(var, labels)


@st.composite
def _rel(draw, scope: Scope, new_vars: dict, bound_only: bool) -> RelP:
    types = tuple(draw(st.lists(st.sampled_from(QUERY_TYPES), max_size=2, unique=True)))
    direction = draw(st.sampled_from(["out", "in", "both"]))
    if draw(st.integers(0, 4)) == 0:
        low = draw(st.integers(0, 2))
        return RelP(None, types, direction, (low, low + draw(st.integers(0, 2))))
    if bound_only or draw(st.booleans()):
        return RelP(None, types, direction)
    var = scope.fresh("r")
    new_vars[var] = "rel"
    return RelP(var, types, direction)


@st.composite
def _match(draw, scope: Scope, optional: bool) -> Match:
    new_vars: dict = {}
    paths = tuple(draw(_path(scope, new_vars)) for _ in range(draw(st.integers(1, 2))))
    scope.kinds.update(new_vars)
    if optional:
        scope.nullable |= set(new_vars)
    where = draw(st.none() | _predicate(scope, 2)) if draw(st.booleans()) else None
    return Match(optional, paths, where)


@st.composite
def _project(draw, scope: Scope, final: bool) -> Project:
    usable = list(scope.kinds)
    chosen = (
        draw(st.lists(st.sampled_from(usable), min_size=1, max_size=3, unique=True))
        if usable
        else []
    )
    items: list = []
    kinds: dict = {}
    aggregate = not usable or draw(st.integers(0, 2)) == 0
    for var in chosen:
        kind = scope.kinds[var]
        if kind in ("node", "rel") and draw(st.booleans()):
            key, key_kind = draw(st.sampled_from(sorted((NODE_KEYS if kind == "node" else REL_KEYS).items())))
            alias = scope.fresh("p")
            items.append((("prop", var, key), alias))
            kinds[alias] = key_kind
        else:
            items.append((("var", var), var))
            kinds[var] = kind
    if aggregate:
        alias = scope.fresh("g")
        agg, agg_kind = draw(_aggregate(scope))
        items.append((agg, alias))
        kinds[alias] = agg_kind
    distinct = draw(st.booleans())
    order = skip = limit = None
    if "list" not in kinds.values() and draw(st.booleans()):
        order = tuple(
            (draw(st.booleans()), kinds[alias] in ("node", "rel")) for _, alias in items
        )
        skip = draw(st.none() | st.integers(0, 2))
        limit = draw(st.none() | st.integers(0, 3))
    scope.kinds = kinds
    scope.nullable = {a for e, a in items if e[0] == "var" and e[1] in scope.nullable}
    where = None
    if not final and draw(st.integers(0, 2)) == 0:
        where = draw(_predicate(scope, 1))
    return Project(tuple(items), distinct, order, skip, limit, where, final)


@st.composite
def _aggregate(draw, scope: Scope):
    ints = [("prop", v, "a") for v in scope.of("node", "rel")] + [
        ("var", v) for v in scope.of("int")
    ]
    fn = draw(st.sampled_from(["count_star", "count", "sum", "min", "max", "collect"]))
    if fn == "count_star" or not ints:
        return ("count_star",), "int"
    arg = draw(st.sampled_from(ints))
    return (fn, arg), ("list" if fn == "collect" else "int")


def _operand(draw, scope: Scope, kind: str):
    options = [("lit", draw(INTS if kind == "int" else STRINGS))]
    keys = [k for k, v in NODE_KEYS.items() if v == kind]
    options += [("prop", v, k) for v in scope.of("node") for k in keys]
    if kind == "int":
        options += [("prop", v, "a") for v in scope.of("rel")]
        options += [("var", v) for v in scope.of("int")]
        options += [("id", v) for v in scope.of("node")]
    else:
        options += [("var", v) for v in scope.of("str")]
    return draw(st.sampled_from(options))


@st.composite
def _predicate(draw, scope: Scope, depth: int):
    choice = draw(st.integers(0, 6 if depth > 0 else 3))
    if choice in (0, 1):
        kind = draw(st.sampled_from(["int", "str"]))
        op = draw(st.sampled_from(["=", "<>", "<", "<=", ">", ">="]))
        return ("cmp", op, _operand(draw, scope, kind), _operand(draw, scope, kind))
    if choice == 2:
        return ("isnull", _operand(draw, scope, draw(st.sampled_from(["int", "str"]))), draw(st.booleans()))
    if choice == 3:
        if not [v for v in scope.of("node") if v not in scope.nullable]:
            return ("cmp", "=", ("lit", 1), ("lit", 1))
        path = draw(_path(scope, {}, bound_only=True))
        return (draw(st.sampled_from(["pattern", "exists"])), path)
    if choice == 4:
        return ("not", draw(_predicate(scope, depth - 1)))
    op = "and" if choice == 5 else "or"
    return (op, draw(_predicate(scope, depth - 1)), draw(_predicate(scope, depth - 1)))


# -- rendering ----------------------------------------------------------------------------


def render(query: Query) -> str:
    return "\n".join(_clause(c) for c in query.clauses)


def _clause(clause) -> str:
    if isinstance(clause, Match):
        text = ("OPTIONAL MATCH " if clause.optional else "MATCH ") + ", ".join(
            _path_text(p) for p in clause.paths
        )
        return text + (f" WHERE {expr_text(clause.where)}" if clause.where else "")
    if isinstance(clause, Unwind):
        values = ", ".join("null" if v is None else str(v) for v in clause.values)
        return f"UNWIND [{values}] AS {clause.alias}"
    head = "RETURN " if clause.final else "WITH "
    if clause.distinct:
        head += "DISTINCT "
    text = head + ", ".join(f"{expr_text(e)} AS {alias}" for e, alias in clause.items)
    if clause.order is not None:
        keys = [
            (f"id({alias})" if element else alias) + (" DESC" if desc else "")
            for (_, alias), (desc, element) in zip(clause.items, clause.order)
        ]
        text += " ORDER BY " + ", ".join(keys)
    if clause.skip is not None:
        text += f" SKIP {clause.skip}"
    if clause.limit is not None:
        text += f" LIMIT {clause.limit}"
    if clause.where is not None:
        text += f" WHERE {expr_text(clause.where)}"
    return text


def _path_text(path: Path) -> str:
    parts = [_node_text(path.nodes[0])]
    for rel, node in zip(path.rels, path.nodes[1:]):
        parts.append(_rel_text(rel) + _node_text(node))
    return "".join(parts)


def _node_text(node: NodeP) -> str:
    return "(" + (node.var or "") + "".join(f":{label}" for label in node.labels) + ")"


def _rel_text(rel: RelP) -> str:
    inner = (rel.var or "") + (":" + "|".join(rel.types) if rel.types else "")
    if rel.length is not None:
        inner += f"*{rel.length[0]}..{rel.length[1]}"
    body = f"[{inner}]" if inner else ""
    left = "<-" if rel.direction == "in" else "-"
    right = "->" if rel.direction == "out" else "-"
    return left + body + right


def expr_text(expr) -> str:
    tag = expr[0]
    if tag == "lit":
        value = expr[1]
        return "null" if value is None else (f"'{value}'" if isinstance(value, str) else str(value))
    if tag == "prop":
        return f"{expr[1]}.{expr[2]}"
    if tag == "var":
        return expr[1]
    if tag == "id":
        return f"id({expr[1]})"
    if tag == "cmp":
        return f"({expr_text(expr[2])} {expr[1]} {expr_text(expr[3])})"
    if tag == "isnull":
        return f"({expr_text(expr[1])} IS {'NOT ' if expr[2] else ''}NULL)"
    if tag in ("and", "or"):
        return f"({expr_text(expr[1])} {tag.upper()} {expr_text(expr[2])})"
    if tag == "not":
        return f"(NOT {expr_text(expr[1])})"
    if tag == "pattern":
        return _path_text(expr[1])
    if tag == "exists":
        return f"exists({_path_text(expr[1])})"
    if tag == "count_star":
        return "count(*)"
    return f"{tag}({expr_text(expr[1])})"
