"""Transformer callbacks that build expression nodes (run inline by the LALR parser)."""

from __future__ import annotations

from dataclasses import replace

from lark import Token

from .. import ast as A
from .common import is_token, name_of, nodes, pos_of, syntax_error, tpos
from .literals import (
    INT64_MAX,
    INT64_MIN,
    invalid_number,
    parse_float,
    parse_integer,
    parse_string,
)
from .postlex import current_state

_KEYWORD_OPS = {"OR", "XOR", "AND", "NOT", "IN", "CONTAINS"}


def _op(tok: Token) -> str:
    s = str(tok)
    return s.upper() if tok.type in _KEYWORD_OPS else s


class _Labels(tuple):
    """Label names of ``:A:B`` (a tuple subclass, to tell it apart from other tuples)."""


class _Types(tuple):
    """Relationship type names of ``:A|B``."""


# operators that bind looser than IN, or as tight (left-associative)
_NOT_TIGHTER_THAN_IN = {
    "OR",
    "XOR",
    "AND",
    "=",
    "<>",
    "<",
    ">",
    "<=",
    ">=",
    "IN",
    "STARTS WITH",
    "ENDS WITH",
    "CONTAINS",
    "=~",
}


def _in_first(var: A.Variable, source: A.Expr) -> A.Expr:
    """``var IN source`` with the precedence of ``source``'s operators respected: descend the
    left spine of operators that do not bind tighter than IN (a parenthesised node starts
    before its left operand: stop there)."""
    spine = []
    node = source
    while True:
        if isinstance(node, A.BinaryOp) and node.op in _NOT_TIGHTER_THAN_IN:
            if node.pos != node.left.pos:
                break
            spine.append(node)
            node = node.left
        elif isinstance(node, A.IsNull) and node.pos == node.operand.pos:
            spine.append(node)
            node = node.operand
        else:
            break
    result = A.BinaryOp("IN", var, node, pos=var.pos)
    for parent in reversed(spine):
        if isinstance(parent, A.IsNull):
            result = A.IsNull(result, parent.negated, pos=var.pos)
        else:
            result = A.BinaryOp(parent.op, result, parent.right, pos=var.pos)
    return result


class ExpressionCallbacks:
    # --- names ------------------------------------------------------------------------------

    def variable(self, c):
        tok = c[0]
        return A.Variable(name_of(tok), pos=tpos(tok))

    def property_key(self, c):
        return c[0]

    def node_label(self, c):
        return name_of(c[0])

    def node_labels(self, c):
        return _Labels(c)

    # --- literals ---------------------------------------------------------------------------

    def integer(self, c):
        tok = c[0]
        st = current_state()
        pos = tpos(tok)
        value = parse_integer(str(tok), pos, st.text)
        lit = A.Literal(value, pos=pos)
        if value > INT64_MAX:
            st.overflows[id(lit)] = (lit, str(tok))
        return lit

    def float(self, c):
        tok = c[0]
        pos = tpos(tok)
        return A.Literal(parse_float(str(tok), pos, current_state().text), pos=pos)

    def invalid_number(self, c):
        tok = c[0]
        raise invalid_number(str(tok), tpos(tok), current_state().text)

    def string(self, c):
        tok = c[0]
        pos = tpos(tok)
        return A.Literal(parse_string(str(tok), pos, current_state().text), pos=pos)

    def true(self, c):
        return A.Literal(True, pos=tpos(c[0]))

    def false(self, c):
        return A.Literal(False, pos=tpos(c[0]))

    def null(self, c):
        return A.Literal(None, pos=tpos(c[0]))

    def parameter(self, c):
        tok = c[0]
        name = str(tok)[1:]
        if name.startswith("`"):
            name = name[1:-1].replace("``", "`")
        return A.Parameter(name, pos=tpos(tok))

    def list_literal(self, c):
        return A.ListLiteral(tuple(c[1:]), pos=tpos(c[0]))

    def list_literal_in_first(self, c):
        # LBRACK variable IN source ("," expression)+ : the grammar took `source` as a whole
        # expression; re-associate `x IN source` where the operators of `source` bind looser
        # than (or, left-associative, as tight as) IN.
        first = _in_first(c[1], c[3])
        return A.ListLiteral((first, *c[4:]), pos=tpos(c[0]))

    def map_entry(self, c):
        return (name_of(c[0]), c[1])

    def map_literal(self, c):
        return A.MapLiteral(tuple(c[1:]), pos=tpos(c[0]))

    # --- operators --------------------------------------------------------------------------

    def binary(self, c):
        left, op, right = c
        return A.BinaryOp(_op(op), left, right, pos=left.pos)

    def comparison_op(self, c):
        return c[0]

    def comparison(self, c):
        # a < b < c  ->  (a < b) AND (b < c)
        result = None
        left = c[0]
        for i in range(1, len(c), 2):
            op, right = c[i], c[i + 1]
            cmp = A.BinaryOp(str(op), left, right, pos=left.pos)
            result = cmp if result is None else A.BinaryOp("AND", result, cmp, pos=result.pos)
            left = right
        return result

    def string_predicate(self, c):
        left, right = c[0], c[-1]
        op = " ".join(str(t).upper() for t in c[1:-1])
        return A.BinaryOp(op, left, right, pos=left.pos)

    def is_null(self, c):
        return A.IsNull(c[0], negated=len(c) == 4, pos=c[0].pos)

    def unary(self, c):
        op, operand = c
        pos = tpos(op)
        if op.type == "NOT":
            return A.UnaryOp("NOT", operand, pos=pos)
        sop = str(op)
        if type(operand) is A.Literal and type(operand.value) in (int, float):
            # fold the sign into numeric literals: -9223372036854775808 is in range
            if sop == "+":
                return replace(operand, pos=pos)
            st = current_state()
            value = -operand.value
            lit = A.Literal(value, pos=pos)
            pending = st.overflows.pop(id(operand), None)
            if pending is not None and value < INT64_MIN:
                st.overflows[id(lit)] = (lit, "-" + pending[1])
            elif type(value) is int and value > INT64_MAX:  # -(-x): keep checking
                st.overflows[id(lit)] = (lit, str(value))
            return lit
        return A.UnaryOp(sop, operand, pos=pos)

    # --- postfix ----------------------------------------------------------------------------

    def has_labels(self, c):
        subject, labels = c
        return A.HasLabels(subject, tuple(labels), pos=subject.pos)

    def property(self, c):
        subject, key = c
        return A.Property(subject, name_of(key), pos=subject.pos)

    def index(self, c):
        subject, _lbrack, key = c
        return A.DynamicProperty(subject, key, pos=subject.pos)

    def slice(self, c):
        subject = c[0]
        i = 2
        start = end = None
        if not is_token(c[i], "DOTDOT"):
            start = c[i]
            i += 1
        i += 1  # DOTDOT
        if i < len(c):
            end = c[i]
        return A.Slice(subject, start, end, pos=subject.pos)

    def _function_name(self, callee) -> str:
        parts = []
        node = callee
        while isinstance(node, A.Property):
            parts.append(node.key)
            node = node.subject
        if not isinstance(node, A.Variable):
            raise syntax_error(
                "Invalid input '(': only functions can be called",
                callee.pos,
                current_state().text,
            )
        parts.append(node.name)
        return ".".join(reversed(parts))

    def call(self, c):
        callee = c[0]
        name = self._function_name(callee)
        distinct = len(c) > 2 and is_token(c[2], "DISTINCT")
        args = tuple(c[3:] if distinct else c[2:])
        return A.FunctionCall(name, args, distinct, pos=callee.pos)

    def count_star(self, c):
        callee = c[0]
        name = self._function_name(callee)
        if name.lower() != "count":
            raise syntax_error(
                f"Invalid input '*': only count(*) takes '*' as its argument, not {name}(*)",
                tpos(c[2]),
                current_state().text,
            )
        return A.CountStar(pos=callee.pos)

    # --- compound atoms ---------------------------------------------------------------------

    def parenthesized(self, c):
        return replace(c[1], pos=tpos(c[0]))

    def case_alternative(self, c):
        return (c[1], c[3])

    def case_expression(self, c):
        pos = tpos(c[0])
        subject = None
        alternatives = []
        default = None
        i = 1
        if not isinstance(c[1], tuple):
            subject = c[1]
            i = 2
        while isinstance(c[i], tuple):
            alternatives.append(c[i])
            i += 1
        if is_token(c[i], "ELSE"):
            default = c[i + 1]
        return A.CaseExpr(subject, tuple(alternatives), default, pos=pos)

    def _filter_parts(self, rest):
        """``[WHERE pred] [projection]`` -> (pred, projection)."""
        predicate = projection = None
        i = 0
        if i < len(rest) and is_token(rest[i], "WHERE"):
            predicate = rest[i + 1]
            i += 2
        if i < len(rest):
            projection = rest[i]
        return predicate, projection

    def list_comprehension(self, c):
        # LBRACK variable IN source [WHERE pred] [projection]
        predicate, projection = self._filter_parts(c[4:])
        return A.ListComprehension(c[1].name, c[3], predicate, projection, pos=tpos(c[0]))

    def pattern_comprehension(self, c):
        pos = tpos(c[0])
        variable = None
        i = 1
        if isinstance(c[1], A.Variable):
            variable = c[1].name
            i = 3
        element = c[i]
        predicate, projection = self._filter_parts(c[i + 1 :])
        part = A.PatternPart(element, variable, None, pos=element.pos)
        return A.PatternComprehension(part, predicate, projection, pos=pos)

    def quantifier(self, c):
        kind = str(c[0]).lower()
        predicate, _ = self._filter_parts(c[5:])
        return A.Quantifier(kind, c[2].name, c[4], predicate, pos=tpos(c[0]))

    def reduce(self, c):
        # REDUCE LPAREN acc EQ init variable IN source expression
        return A.Reduce(c[2].name, c[4], c[5].name, c[7], c[8], pos=tpos(c[0]))

    def pattern_predicate(self, c):
        element = c[0]
        current_state().pattern_predicates = True
        return A.PatternPredicate(A.PatternPart(element, pos=element.pos), pos=element.pos)

    def exists_function(self, c):
        return A.FunctionCall(str(c[0]), (c[2],), pos=tpos(c[0]))

    def exists_pattern(self, c):
        return ("pattern", c[0], c[1] if len(c) > 1 else None)

    def exists_query(self, c):
        return ("query", c[0])

    def exists_subquery(self, c):
        pos = tpos(c[0])
        body = c[2]
        if body[0] == "pattern":
            return A.ExistsSubquery(pattern=body[1], where=body[2], pos=pos)
        inner = self._inner_query(body[1], c[1])
        return A.ExistsSubquery(query=inner, pos=pos)

    def map_projection(self, c):
        var = c[0]
        return A.MapProjection(var.name, tuple(c[2:]), pos=var.pos)

    def mp_property(self, c):
        return A.MapProjectionItem("property", name_of(c[0]), pos=tpos(c[0]))

    def mp_all(self, c):
        return A.MapProjectionItem("all", pos=tpos(c[0]))

    def mp_literal(self, c):
        return A.MapProjectionItem("literal", name_of(c[0]), c[1], pos=tpos(c[0]))

    def mp_variable(self, c):
        var = c[0]
        return A.MapProjectionItem("variable", var.name, var, pos=var.pos)


__all__ = ["ExpressionCallbacks", "_Labels", "_Types", "nodes", "pos_of"]
