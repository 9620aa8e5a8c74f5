"""The prepared answer (`Side`): one answer read and canonicalised, the part worth caching
(it depends on the string and the config only)."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Any

import sympy

from ..answers import Answer, Option, RealSet, option, read_answer
from ..budget import AlarmBudget, Budget
from ..canonical import canonicalize, sample_values
from ..config import Config
from ..distance import FlatTree, flatten
from ..errors import BudgetExceeded, ParseError, SimplifyError, UnsupportedError
from ..extract import undoubled
from ..latex import physics
from ..tree import tree_of

__all__ = ["Side", "flat_tree", "negated", "prepare", "prepare_expr"]


@dataclass(frozen=True)
class Side:
    """One answer (or one part of one), read and canonicalised.

    Exactly one of ``expr`` and ``error`` is set. Every field is stored by the persistent cache
    (`eed.batch.cache`), which derives what it stores from these fields: ``flat`` is marked
    ``derived`` and rebuilt from ``expr`` on loading.
    """

    latex: str
    expr: Any = None
    error: str | None = None
    error_kind: str | None = None  # "parse", "simplify", "timeout"
    timed_out: bool = False
    flat: FlatTree | None = field(default=None, metadata={"derived": True})
    tree_error: str | None = None
    values: tuple[complex | None, ...] | None = None  # screening samples
    seconds: float = 0.0  # time spent preparing, for per-pair deadlines
    # Answer forms (physics dialect): the parts of a tuple, set or interval, each a Side.
    kind: str = "expression"
    parts: tuple[Side, ...] = ()
    brackets: str | None = None  # the outer brackets as written ("[)", "()", "{}")
    shape: tuple[int, int] | None = None  # a matrix's rows and columns; (n, 1) for a vector
    name: Any = None  # the name the answer's equation defines (``v`` in ``v = 3``)
    equation_expr: Any = None  # lhs - rhs of ``name = value``, prepared only when needed
    unit: str | None = None  # the unit written after its number
    alternatives: tuple[Side, ...] = ()  # other sides of an equality chain
    derivatives: tuple[Any, ...] = ()  # the derivatives on its chain's other sides
    worded: tuple[str, ...] = ()  # its chain's links to words (``E > \\text{Lamb shift}``)
    # Its value is only proportional (``E \\propto m c^2``); None after ``\\sim``, which may
    # say either.
    proportional: bool | None = False
    option: Option | None = None  # the multiple-choice option the answer names
    # A relation that is the answer (``a + 3z = 0``, ``x > 0``): each link ``expr OP 0``.
    conjuncts: tuple[Side, ...] = ()
    ops: tuple[str, ...] = ()
    either: bool = False  # its links are alternatives (a condition ``t < 0`` or ``t > 1``)
    prose: str | None = None  # claims made in words (``eed.answers.prose``)
    related_words: str | None = None  # what its values are related to in words
    condition: Side | None = None  # where the answer holds, as a stated relation
    reals: RealSet | None = None  # the subset of the reals it describes (``eed.answers.realsets``)

    @property
    def ok(self) -> bool:
        return self.error_kind is None and self.expr is not None


def prepare(latex: str, config: Config, budget: Budget | None = None) -> Side:
    """Parse and canonicalise one answer; failures are recorded, not raised. A dialect that
    reads answer forms reads a text escaped twice (``\\\\frac``) as written once."""
    start = time.perf_counter()
    if config.dialect.reads_forms:
        latex = undoubled(latex)
    side = _prepare(latex, config, budget or AlarmBudget())
    named = option(latex) if config.dialect.reads_forms else None
    return dataclasses.replace(side, seconds=time.perf_counter() - start, option=named)


def _prepare(latex: str, config: Config, budget: Budget) -> Side:
    try:
        answer = budget.run("parse", config.parse_timeout, read_answer, latex, config)
    except ParseError as exc:
        return Side(latex, error=exc.reason, error_kind="parse")
    except BudgetExceeded:
        return Side(
            latex,
            error=f"parsing ran out of its {config.parse_timeout:g} s budget",
            error_kind="timeout",
            timed_out=True,
        )
    side = _prepare_answer(latex, answer, config, budget)
    condition = None
    if answer.condition is not None and side.error_kind is None:
        try:
            links = tuple(prepare_expr(latex, e, config, budget) for e in answer.condition.exprs)
        except SimplifyError:
            links = ()
        if links:
            condition = Side(
                latex,
                sympy.S.Zero,
                conjuncts=links,
                ops=answer.condition.ops,
                either=answer.condition.either,
            )
    return dataclasses.replace(
        side,
        prose=answer.prose,
        related_words=answer.related_words,
        condition=condition,
        reals=answer.reals,
    )


def _prepare_answer(latex: str, answer: Answer, config: Config, budget: Budget) -> Side:
    try:
        if answer.kind == "expression":
            return _prepare_element(latex, answer, 0, config, budget)
        # The parts of one answer share its simplify budget.
        share = config.replace(
            simplify_timeout=max(1.0, config.simplify_timeout / len(answer.parts)),
            profile=config.profile,
        )
        parts = tuple(
            _prepare_element(latex, answer, i, share, budget) for i in range(len(answer.parts))
        )
    except SimplifyError as exc:
        return Side(latex, error=str(exc), error_kind="simplify")
    failed = next((p for p in parts if p.error_kind not in (None, "parse")), None)
    if failed is not None:
        return dataclasses.replace(failed, latex=latex)
    return Side(
        latex,
        sympy.Tuple(*(p.expr if p.ok else physics.UNREADABLE for p in parts)),
        timed_out=any(p.timed_out for p in parts),
        kind=answer.kind,
        parts=parts,
        brackets=answer.brackets,
        shape=answer.shape,
    )


def _nth(values: tuple[Any, ...], i: int) -> Any:
    return values[i] if i < len(values) else None


def _prepare_element(latex: str, answer: Answer, i: int, config: Config, budget: Budget) -> Side:
    """Part ``i`` of an answer with what it states: its value, the name it defines, its unit,
    the relation that is the answer, the other sides of its chain."""
    expr = answer.parts[i]
    # A membership among other elements (``x \in (0, 1), y \in (1, 2)``) reads as
    # ``Eq(x, Interval(0, 1))``, which SymPy evaluates to False: every such element would equal
    # every other. It is compared as the tuple of its variable and its set's ends instead, and
    # one of a set of another kind is not read.
    expr = _membership_tuple(expr) or expr
    if expr == physics.UNREADABLE or _holds_a_set(expr):
        name = _nth(answer.names, i)
        return Side(latex, error="this element cannot be read", error_kind="parse", name=name)
    side = dataclasses.replace(
        prepare_expr(latex, expr, config, budget),
        name=_nth(answer.names, i),
        unit=_nth(answer.units, i),
        equation_expr=_nth(answer.equations, i),
        derivatives=_nth(answer.derivatives, i) or (),
        worded=_nth(answer.worded, i) or (),
        proportional=_nth(answer.proportional, i) if answer.proportional else False,
    )
    statement = _nth(answer.statements, i)
    if statement is not None:
        conjuncts = tuple(prepare_expr(latex, e, config, budget) for e in statement.exprs)
        side = dataclasses.replace(side, conjuncts=conjuncts, ops=statement.ops)
    if answer.alternatives and answer.kind == "expression":
        alternatives = tuple(
            dataclasses.replace(
                prepare_expr(latex, e, config, budget), unit=unit, derivatives=side.derivatives
            )
            for e, unit in answer.alternatives
        )
        side = dataclasses.replace(side, alternatives=alternatives)
    return side


def _membership_tuple(expr: Any) -> sympy.Tuple | None:
    """``Eq(x, Interval(0, 1))`` as ``(relation, x, (0, 1, open, open))``, a tuple SymPy
    leaves alone; None for any other expression, or a set of another kind."""
    if not isinstance(expr, sympy.core.relational.Relational):
        return None
    lhs, rhs = expr.args
    ends = _set_ends(rhs)
    if ends is None or any(isinstance(a, sympy.Set) for a in sympy.preorder_traversal(lhs)):
        return None
    return sympy.Tuple(sympy.Symbol(type(expr).__name__), lhs, ends)


def _set_ends(reals: Any) -> sympy.Tuple | None:
    """An interval as (start, end, left open, right open), a union as its pieces in order, a
    finite set as its sorted elements; None for other sets."""
    if isinstance(reals, sympy.Interval):
        return sympy.Tuple(
            reals.start,
            reals.end,
            sympy.Integer(1 if reals.left_open else 0),
            sympy.Integer(1 if reals.right_open else 0),
        )
    if isinstance(reals, sympy.Union):
        pieces = [_set_ends(piece) for piece in reals.args]
        if any(piece is None for piece in pieces):
            return None
        return sympy.Tuple(*sorted(pieces, key=sympy.default_sort_key))
    if isinstance(reals, sympy.FiniteSet):
        elements = sorted(reals.args, key=sympy.default_sort_key)
        return sympy.Tuple(sympy.Symbol("elements"), *elements)
    return None


def _holds_a_set(expr: Any) -> bool:
    """A relation to a set of SymPy's (``Eq(x, Interval(0, 1))``), which it would evaluate
    away; an interval or a set on its own compares as one."""
    return isinstance(expr, sympy.Basic) and any(
        isinstance(node, sympy.core.relational.Relational)
        and any(isinstance(arg, sympy.Set) for arg in sympy.preorder_traversal(node))
        for node in sympy.preorder_traversal(expr)
    )


def negated(side: Side, config: Config) -> Side:
    """The side of ``-expr``, from a prepared side of ``expr`` (no second simplify)."""
    expr = -side.expr
    flat, _ = flat_tree(expr, config)
    values = None if side.values is None else tuple(None if v is None else -v for v in side.values)
    return dataclasses.replace(side, expr=expr, flat=flat, values=values)


def prepare_expr(latex: str, expr: Any, config: Config, budget: Budget) -> Side:
    """Canonical form, tree and screening values of one expression. Raises SimplifyError."""
    canon = canonicalize(expr, config, budget)
    flat, tree_error = flat_tree(canon.expr, config)
    wanted = config.screening or config.numeric_equivalence
    values = sample_values(canon.expr, config, budget) if wanted else None
    return Side(
        latex,
        canon.expr,
        timed_out=canon.timed_out,
        flat=flat,
        tree_error=tree_error,
        values=values,
    )


def flat_tree(expr: Any, config: Config) -> tuple[FlatTree | None, str | None]:
    """The flat expression tree of a canonical expression, or None and why not."""
    try:
        return flatten(tree_of(expr, config), config), None
    except UnsupportedError as exc:
        return None, exc.reason
