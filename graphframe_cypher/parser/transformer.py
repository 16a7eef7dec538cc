"""The inline transformer: Lark calls these methods while parsing (LALR reductions) and they
build the immutable AST of :mod:`graphframe_cypher.ast` directly (no parse tree)."""

from __future__ import annotations

from dataclasses import replace

from lark import Token

from .. import ast as A
from .common import is_token, name_of, strip_source, syntax_error, tpos
from .expressions import ExpressionCallbacks, _Labels, _Types
from .postlex import current_state, matching_paren


class _Marker:
    __slots__ = ("kind", "value", "pos")

    def __init__(self, kind, value, pos=None):
        self.kind = kind
        self.value = value
        self.pos = pos


class _Yield:
    __slots__ = ("star", "items", "where", "pos")

    def __init__(self, star, items, where, pos):
        self.star = star
        self.items = items
        self.where = where
        self.pos = pos


_SHORTEST = {"SHORTESTPATH": "shortestPath", "ALLSHORTESTPATHS": "allShortestPaths"}


class CypherTransformer(ExpressionCallbacks):
    # --- the root ---------------------------------------------------------------------------

    def start(self, c):
        body = c[0]
        st = current_state()
        if isinstance(body, A.SingleQuery) and len(body.clauses) == 1:
            call = body.clauses[0]
            if isinstance(call, A.Call):
                body = A.SingleQuery((replace(call, standalone=True),), pos=body.pos)
        return A.Query(body, text=st.text, pos=body.pos)

    def _inner_query(self, body, lbrace: Token) -> A.Query:
        """Wrap a query nested in ``{ ... }`` (EXISTS, CATALOG CREATE) with its own text."""
        text = current_state().text
        start = lbrace.end_pos
        close = matching_paren(text, lbrace.start_pos)
        inner = text[start:close] if close >= 0 else text[start:]
        return A.Query(body, text=inner.strip(), pos=body.pos)

    def regular_query(self, c):
        result = c[0]
        for all_, single, _pos in c[1:]:
            result = A.UnionQuery(result, single, all_, pos=result.pos)
        return result

    def union(self, c):
        all_ = len(c) == 3
        return (all_, c[-1], tpos(c[0]))

    def single_query(self, c):
        if len(c) > 1:
            for clause in c:
                if isinstance(clause, A.Call) and clause.yield_star:
                    raise syntax_error(
                        "Invalid input '*': YIELD * is only allowed in a standalone procedure "
                        "call; list the fields to yield",
                        current_state().yield_stars.get(id(clause), clause.pos),
                        current_state().text,
                    )
        return A.SingleQuery(tuple(c), pos=c[0].pos)

    # --- reading clauses --------------------------------------------------------------------

    def where(self, c):
        return c[1]

    def match_clause(self, c):
        optional = is_token(c[0], "OPTIONAL")
        i = 2 if optional else 1
        pattern = c[i]
        where = c[i + 1] if len(c) > i + 1 else None
        return A.Match(pattern, where, optional, pos=tpos(c[0]))

    def unwind_clause(self, c):
        return A.Unwind(c[1], c[3].name, pos=tpos(c[0]))

    def with_clause(self, c):
        return A.With(c[1], c[2] if len(c) > 2 else None, pos=tpos(c[0]))

    def return_clause(self, c):
        body = c[1]
        pos = tpos(c[0])
        if (
            not body.distinct
            and not body.star
            and len(body.items) == 1
            and body.items[0].alias is None
            and not body.order_by
            and body.skip is None
            and body.limit is None
            and body.items[0].text.upper() == "GRAPH"
            and isinstance(body.items[0].expression, A.Variable)
        ):
            return A.ReturnGraph(pos=pos)
        return A.Return(body, pos=pos)

    def projection_body(self, c):
        distinct = False
        i = 0
        if is_token(c[0], "DISTINCT"):
            distinct = True
            i = 1
        star, items, pos = c[i].value
        order_by = ()
        skip = limit = None
        for m in c[i + 1 :]:
            if m.kind == "order":
                order_by = m.value
            elif m.kind == "skip":
                skip = m.value
            else:
                limit = m.value
        pos = tpos(c[0]) if distinct else pos
        return A.ProjectionBody(distinct, star, items, order_by, skip, limit, pos=pos)

    def projection_items(self, c):
        if is_token(c[0], "STAR"):
            return _Marker("items", (True, tuple(c[1:]), tpos(c[0])))
        return _Marker("items", (False, tuple(c), c[0].pos))

    def projection_item(self, c):
        expr = c[0]
        st = current_state()
        text = st.text
        start = expr.pos.offset
        if len(c) == 3:  # expr AS alias
            end = c[1].start_pos
            alias = c[2].name
        else:
            la = st.lookahead
            end = la.start_pos if la is not None else len(text)
            alias = None
        return A.ReturnItem(expr, alias, strip_source(text[start:end]), pos=expr.pos)

    def order_by(self, c):
        return _Marker("order", tuple(c[2:]))

    def sort_item(self, c):
        descending = len(c) > 1 and c[1].type in ("DESC", "DESCENDING")
        return A.SortItem(c[0], descending, pos=c[0].pos)

    def skip(self, c):
        return _Marker("skip", c[1])

    def limit(self, c):
        return _Marker("limit", c[1])

    # --- updating clauses -------------------------------------------------------------------

    def create_clause(self, c):
        return A.Create(c[1], pos=tpos(c[0]))

    def merge_clause(self, c):
        return A.Merge(c[1], tuple(c[2:]), pos=tpos(c[0]))

    def merge_action(self, c):
        on = "match" if c[1].type == "MATCH" else "create"
        return A.MergeAction(on, c[2], pos=tpos(c[0]))

    def set_clause(self, c):
        return A.Set(tuple(c[1:]), pos=tpos(c[0]))

    def set_property(self, c):
        target = c[0]
        return A.SetItem("property", target=target, value=c[2], pos=target.pos)

    def set_replace(self, c):
        var = c[0]
        return A.SetItem("replace", variable=var.name, value=c[2], pos=var.pos)

    def set_merge(self, c):
        var = c[0]
        return A.SetItem("merge", variable=var.name, value=c[2], pos=var.pos)

    def set_labels(self, c):
        var = c[0]
        return A.SetItem("labels", variable=var.name, labels=tuple(c[1]), pos=var.pos)

    def remove_clause(self, c):
        return A.Remove(tuple(c[1:]), pos=tpos(c[0]))

    def remove_labels(self, c):
        var = c[0]
        return A.RemoveItem("labels", variable=var.name, labels=tuple(c[1]), pos=var.pos)

    def remove_property(self, c):
        target = c[0]
        return A.RemoveItem("property", target=target, pos=target.pos)

    def property_expression(self, c):
        node = c[0]
        for key in c[1:]:
            node = A.Property(node, name_of(key), pos=node.pos)
        return node

    def delete_clause(self, c):
        detach = is_token(c[0], "DETACH")
        exprs = c[2:] if detach else c[1:]
        return A.Delete(tuple(exprs), detach, pos=tpos(c[0]))

    # --- CALL -------------------------------------------------------------------------------

    def namespace_part(self, c):
        return name_of(c[0])

    def procedure_name(self, c):
        parts = list(c[:-1]) + [name_of(c[-1])]
        return _Marker("name", ".".join(parts))

    def procedure_args(self, c):
        return _Marker("args", tuple(c[1:]))

    def yield_item(self, c):
        field = name_of(c[0])
        alias = c[2].name if len(c) == 3 else None
        return A.YieldItem(field, alias, pos=tpos(c[0]))

    def yield_clause(self, c):
        pos = tpos(c[0])
        if is_token(c[1], "STAR"):
            where = c[2] if len(c) > 2 else None
            return _Yield(True, (), where, tpos(c[1]))
        items = tuple(x for x in c[1:] if isinstance(x, A.YieldItem))
        where = c[-1] if not isinstance(c[-1], A.YieldItem) else None
        return _Yield(False, items, where, pos)

    def call_clause(self, c):
        name = c[1].value
        args = None
        y = None
        for m in c[2:]:
            if isinstance(m, _Yield):
                y = m
            else:
                args = m.value
        call = A.Call(
            name,
            args,
            y.items if y else (),
            y.star if y else False,
            y.where if y else None,
            False,
            pos=tpos(c[0]),
        )
        if y is not None and y.star:
            current_state().yield_stars[id(call)] = y.pos
        return call

    # --- multiple-graph clauses -------------------------------------------------------------

    def graph_name(self, c):
        return _Marker("graph_name", tuple(name_of(t) for t in c), tpos(c[0]))

    def graph_ref(self, c):
        name = c[0]
        args = tuple(x for x in c[1:] if isinstance(x, A.GraphRef))
        return A.GraphRef(name.value, args, pos=name.pos)

    def graph_param(self, c):
        tok = c[0]
        return A.GraphRef(parameter=self.parameter(c).name, pos=tpos(tok))

    def from_graph_clause(self, c):
        return A.FromGraph(c[-1], pos=tpos(c[0]))

    def construct_on(self, c):
        return _Marker("on", tuple(c[1:]))

    def construct_clone(self, c):
        return _Marker("clone", tuple(c[1:]))

    def clone_item(self, c):
        alias = c[2].name if len(c) == 3 else None
        return A.CloneItem(c[0], alias, pos=c[0].pos)

    def construct_create(self, c):
        return A.Create(c[1], pos=tpos(c[0]))

    def construct_set(self, c):
        return c[0]

    def construct_clause(self, c):
        on = ()
        clones = []
        creates = []
        sets = []
        for x in c[1:]:
            if isinstance(x, A.Create):
                creates.append(x)
            elif isinstance(x, A.Set):
                sets.append(x)
            elif x.kind == "on":
                on = x.value
            else:
                clones.extend(x.value)
        return A.Construct(on, tuple(clones), tuple(creates), tuple(sets), pos=tpos(c[0]))

    def _graph_ref_of(self, m):
        return A.GraphRef(m.value, pos=m.pos)

    def catalog_create_graph(self, c):
        return A.CatalogCreateGraph(
            self._graph_ref_of(c[3]), self._inner_query(c[5], c[4]), pos=tpos(c[0])
        )

    def catalog_create_view(self, c):
        params = []
        lbrace = None
        body = None
        for x in c[5:]:
            if is_token(x, "PARAM"):
                params.append(self.parameter([x]).name)
            elif is_token(x, "LBRACE"):
                lbrace = x
            elif not isinstance(x, Token):
                body = x
        return A.CatalogCreateView(
            self._graph_ref_of(c[3]),
            tuple(params),
            self._inner_query(body, lbrace),
            pos=tpos(c[0]),
        )

    def catalog_drop_graph(self, c):
        return A.CatalogDropGraph(self._graph_ref_of(c[3]), False, pos=tpos(c[0]))

    def catalog_drop_view(self, c):
        return A.CatalogDropGraph(self._graph_ref_of(c[3]), True, pos=tpos(c[0]))

    # --- patterns ---------------------------------------------------------------------------

    def pattern(self, c):
        return A.Pattern(tuple(c), pos=c[0].pos)

    def pattern_part(self, c):
        x = c[0]
        if isinstance(x, A.PatternPart):
            return x
        return A.PatternPart(x, pos=x.pos)

    def named_pattern_part(self, c):
        var = c[0]
        x = c[2]
        if isinstance(x, A.PatternPart):
            return A.PatternPart(x.element, var.name, x.function, pos=var.pos)
        return A.PatternPart(x, var.name, pos=var.pos)

    def shortest_path_pattern(self, c):
        return A.PatternPart(c[2], None, _SHORTEST[c[0].type], pos=tpos(c[0]))

    def pattern_element(self, c):
        first = c[0]
        nodes = [first]
        rels = []
        for rel, node in c[1:]:
            rels.append(rel)
            nodes.append(node)
        return A.PatternElement(tuple(nodes), tuple(rels), pos=first.pos)

    def parenthesized_pattern_element(self, c):
        return c[1]

    def pattern_element_chain(self, c):
        return (c[0], c[1])

    def relationships_pattern(self, c):
        first = self._node(c[0], c[1])
        nodes = [first]
        rels = []
        for rel, node in c[2:]:
            rels.append(rel)
            nodes.append(node)
        return A.PatternElement(tuple(nodes), tuple(rels), pos=first.pos)

    def node_inner(self, c):
        variable = None
        labels = ()
        props = None
        for x in c:
            if isinstance(x, A.Variable):
                variable = x.name
            elif isinstance(x, _Labels):
                labels = tuple(x)
            else:
                props = x
        return (variable, labels, props)

    def _node(self, open_tok, inner):
        variable, labels, props = inner
        return A.NodePattern(variable, labels, props, pos=tpos(open_tok))

    def node_pattern(self, c):
        return self._node(c[0], c[1])

    def properties(self, c):
        x = c[0]
        if isinstance(x, Token):
            return self.parameter([x])
        return x

    def relationship_types(self, c):
        return _Types(name_of(t) for t in c)

    def range_literal(self, c):
        lo = hi = None
        dots = False
        for x in c[1:]:
            if x.type == "DOTDOT":
                dots = True
            elif dots:
                hi = int(str(x))
            else:
                lo = int(str(x))
        if not dots:
            hi = lo
        return A.RangeSpec(lo, hi, pos=tpos(c[0]))

    def relationship_detail(self, c):
        variable = None
        types = ()
        length = None
        props = None
        for x in c[1:]:
            if isinstance(x, A.Variable):
                variable = x.name
            elif isinstance(x, _Types):
                types = tuple(x)
            elif isinstance(x, A.RangeSpec):
                length = x
            else:
                props = x
        return (variable, types, length, props)

    def relationship_pattern(self, c):
        left = c[0].type in ("LT", "LEFT_ARROW_HEAD")
        right = c[-1].type in ("GT", "RIGHT_ARROW_HEAD")
        detail = next((x for x in c if isinstance(x, tuple)), None)
        variable, types, length, props = detail if detail else (None, (), None, None)
        direction = "both" if left == right else ("in" if left else "out")
        return A.RelationshipPattern(variable, types, props, direction, length, pos=tpos(c[0]))
