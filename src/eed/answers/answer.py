"""What reading an answer yields: `Answer`, its form and parts, and `Statement`, a relation
that is itself the answer; and the limits on how much of an answer is kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..errors import ParseError

__all__ = [
    "MAX_ALTERNATIVES",
    "MAX_PARTS",
    "Answer",
    "AnswerKind",
    "RealSet",
    "RelationOp",
    "Statement",
    "checked",
]

AnswerKind = Literal["expression", "tuple", "list", "set", "interval", "matrix"]

# A stated relation reads ``expr OP 0`` with OP one of these; ``<``-type relations are turned
# round (``a < b`` is ``b - a > 0``) so that one statement has one form whichever way it is
# written. ``>>`` and ``>~`` (``\\gg``, ``\\gtrsim``) are kept apart from ``>``: "much greater"
# is not "greater".
# "->": a variable's limit (``x \\to a``, in a condition), ``x - a -> 0`` or ``1/x -> 0``.
RelationOp = Literal["=", "!=", ">", ">=", ">>", ">~", "->"]

MAX_PARTS = 12
MAX_ALTERNATIVES = 3


@dataclass(frozen=True)
class Statement:
    """A relation that is itself the answer: ``expr OP 0`` for each link of its chain.

    ``a + 3z = 0`` is ``(a + 3z, "=")``; ``0 < x < 2`` is ``(x, ">"), (2 - x, ">")``.
    ``either``: the links are alternatives (a condition ``for t < 0 or t > 1``), not all
    stated at once.
    """

    exprs: tuple[Any, ...]
    ops: tuple[RelationOp, ...]
    either: bool = False


@dataclass(frozen=True)
class RealSet:
    """An answer read as a subset of the real line (`eed.answers.realsets`).

    ``intervals`` are disjoint and sorted, each ``(start, end, left_open, right_open)`` with
    real-number ends (``-oo``/``oo`` at an open end); a point is ``(a, a, False, False)``, the
    empty set has none. ``variable`` is the symbol a condition or set-builder constrains, None
    for interval notation. ``weak``: a bare ``(a, b)`` of finite ends, which is a point as much
    as an open interval (read as an interval only against a ground truth that is a set).
    ``replaces``: the general reading misreads this form, so the set is the answer's value.
    """

    intervals: tuple[tuple[Any, Any, bool, bool], ...]
    variable: Any = None
    weak: bool = False
    replaces: bool = False


@dataclass(frozen=True)
class Answer:
    """An answer's form and parts."""

    kind: AnswerKind
    parts: tuple[Any, ...]
    brackets: str | None = None  # the outer brackets as written: "[)", "()", "{}"; None if bare
    # Rows and columns: a matrix's as written; a tuple in parentheses or angle brackets is a
    # column vector, (n, 1). None for other answers.
    shape: tuple[int, int] | None = None
    names: tuple[Any | None, ...] = ()  # per part, or empty when unknown
    units: tuple[str | None, ...] = ()  # per part, or empty when unknown
    # Per part (or empty): lhs - rhs of a part written ``name = value``, kept for comparing it
    # with an answer that is an equation.
    equations: tuple[Any | None, ...] = ()
    # Per part (or empty): the relation the part states, when the relation is the answer.
    statements: tuple[Statement | None, ...] = ()
    alternatives: tuple[tuple[Any, str | None], ...] = ()  # (expression, unit)
    # Per part (or empty): the derivatives a chain of three or more sides writes outside its
    # value (``C_v = N_A \\frac{\\partial E}{\\partial T} = ...``), sorted. They say which
    # quantity the value is: a chain that differentiates E another way is about another one.
    derivatives: tuple[tuple[Any, ...], ...] = ()
    # Per part (or empty): the links of its chain to words the reading drops
    # (``E > \\text{Lamb shift}``), as `eed.answers.relations.worded_relations` writes them.
    worded: tuple[tuple[str, ...], ...] = ()
    # Per part (or empty): whether its value is only said to be proportional to the quantity
    # (``E \\propto m c^2``), which is less than an equality.
    proportional: tuple[bool | None, ...] = ()  # None: ``\\sim``, which may say either
    prose: str | None = None  # the claims it makes in words (see `eed.answers.prose`)
    # What it relates its values to in words, when a part does (``E > \\text{Lamb shift}``).
    related_words: str | None = None
    condition: Statement | None = None  # where it holds: ``\\quad (r > R)``
    reals: RealSet | None = None  # the subset of the reals it describes, when it is one


def checked(answer: Answer, latex: str) -> Answer:
    """The answer, when it has at most `MAX_PARTS` parts. Raises ParseError."""
    if len(answer.parts) > MAX_PARTS:
        raise ParseError(latex, f"{len(answer.parts)} elements; at most {MAX_PARTS} are scored")
    return answer
