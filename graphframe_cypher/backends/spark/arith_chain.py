"""Chains of arithmetic as one fold: ``a + b - c * d ...`` left-deep, each step checked.

An integer step with its overflow check reads the accumulator and the operand several
times. Nesting the steps as expressions repeats each operand k times per level (k^n);
binding each level in its own lambda is linear in size but nests n lambdas, and Spark's
analyzer needs a pass per nesting level. A chain is instead one ``aggregate`` over the
array of its steps (operator code, operand): linear in the query text, one lambda,
whatever the length. ``WITH x + 1 AS x`` chains become such chains once projections are
collapsed.

The compiler builds a chain step by step and makes it a column once, at its end
(``ops.materialized``); a chain of one step with short operands stays a plain expression
(no lambda, which Spark evaluates without code generation).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pyspark.sql import Column
from pyspark.sql import functions as F

from .lambdas import lambda_fn, repeatable

StepBody = Callable[[str, Column, Column], Column]


@dataclass(frozen=True)
class ArithChain:
    """A compiled chain not yet made a column, so that a following operator extends it.
    ``kind`` names the accumulator's physical layout (chains of two layouts never merge);
    ``body`` builds one step from the operator, the accumulator and the operand."""

    kind: str
    body: StepBody
    start: Column
    steps: Column  # array<struct<op: int, x>>
    ops: tuple[str, ...]  # the operator of each code (codes are positions)
    last: Column  # the last operand (for the plain form of a one-step chain)
    length: int = 1

    @staticmethod
    def first(kind: str, body: StepBody, a: Column, op: str, b: Column) -> ArithChain:
        return ArithChain(kind, body, a, F.array(_step(0, b)), (op,), b)

    def extended(self, op: str, operand: Column) -> ArithChain:
        ops = self.ops if op in self.ops else (*self.ops, op)
        steps = F.array_append(self.steps, _step(ops.index(op), operand))
        return ArithChain(
            self.kind, self.body, self.start, steps, ops, operand, self.length + 1
        )

    def column(self) -> Column:
        if self.length == 1 and repeatable(self.start) and repeatable(self.last):
            return self.body(self.ops[0], self.start, self.last)
        return F.aggregate(self.steps, self.start, lambda_fn(self._step))

    def _step(self, acc: Column, step: Column) -> Column:
        code, x = step.getField("op"), step.getField("x")
        if len(self.ops) == 1:
            return self.body(self.ops[0], acc, x)
        result = F.when(code == 0, self.body(self.ops[0], acc, x))
        for i, op in enumerate(self.ops[1:], start=1):
            result = result.when(code == i, self.body(op, acc, x))
        return result


def _step(code: int, operand: Column) -> Column:
    return F.struct(F.lit(code).alias("op"), operand.alias("x"))
