"""Answers that describe subsets of the real line, compared as sets.

A condition (``t \\geq 2``), interval notation (``[2, \\infty)``), a union of intervals and
set-builder notation (``\\{x \\mid x \\geq 2\\}``) of one real variable are the same answer when
they describe the same set (`eed.answers.realsets` reads them). Two sets that differ keep at
most `PARTIAL_CAP` of whatever the general comparison gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from ..answers import RealSet, forced_form
from ..canonical import numbers_differ
from ..errors import BudgetExceeded
from ..result import Result
from .context import Context
from .expressions import real_number
from .outcomes import equivalent
from .side import Side

__all__ = ["SetVerdict", "compare_reals"]


@dataclass(frozen=True)
class SetVerdict:
    """Both answers are sets of reals: whether they are the same set, and why not."""

    same: bool
    reason: str
    timed_out: bool = False

    def result(self, ctx: Context) -> Result:
        """The 100 of two answers that describe the same set."""
        assert self.same
        return equivalent(self.reason, ctx.config, method="set", timed_out=self.timed_out)


def compare_reals(gt: Side, pred: Side, ctx: Context) -> SetVerdict | None:
    """Compare two answers as subsets of the reals; None when they are not both read as one.

    The ground truth's form decides: a bare ``(a, b)`` ground truth is a point (a tuple of
    coordinates), which no set answers; the same text as a prediction is read as an open
    interval when the ground truth is a set. Conditions on two differently named variables
    (``0 < x < 1`` against ``0 < y < 1``) are about different quantities: not the same answer.
    """
    forced = forced_form(ctx.config)
    if forced is not None and forced.name != "interval":
        return None
    g, p = gt.reals, pred.reals
    if g is None or p is None or (g.weak and p.weak):
        return None
    if g.weak:
        return SetVerdict(False, "the ground truth is a point (a tuple), the prediction a set")
    if g.variable is not None and p.variable is not None and g.variable != p.variable:
        return SetVerdict(False, f"a condition on {p.variable}, not on {g.variable}")
    try:
        same = _same_intervals(g, p, ctx)
    except BudgetExceeded:
        return SetVerdict(False, "the sets could not be compared in the budget", timed_out=True)
    if same:
        return SetVerdict(True, f"the same set of reals, {_show(g)}")
    return SetVerdict(False, f"another set of reals: {_show(p)} instead of {_show(g)}")


def _same_intervals(g: RealSet, p: RealSet, ctx: Context) -> bool:
    if len(g.intervals) != len(p.intervals):
        return False
    for (ga, gb, glo, gro), (pa, pb, plo, pro) in zip(g.intervals, p.intervals, strict=True):
        if (glo, gro) != (plo, pro):
            return False
        if not (_same_number(ga, pa, ctx) and _same_number(gb, pb, ctx)):
            return False
    return True


def _same_number(a: Any, b: Any, ctx: Context) -> bool:
    """Two ends proven equal, or an exact end and a decimal that rounds it to the places
    written, within the tolerance of the numeric tier that scores 100 (``2.6667`` for
    ``8/3``). Two decimals are two stated numbers: ``5.44`` is not ``5.45``."""
    if a == b:
        return True
    if not (a.is_finite and b.is_finite):
        return False
    if ctx.budget.run("equals", ctx.config.equals_timeout, numbers_differ, a, b):
        return False
    difference = ctx.budget.run("equals", ctx.config.equals_timeout, sympy.simplify, a - b)
    if difference == 0:
        return True
    if a.has(sympy.Float) == b.has(sympy.Float):
        return False
    exact, decimal = (b, a) if a.has(sympy.Float) else (a, b)
    return isinstance(decimal, sympy.Float) and _rounds(exact, decimal, ctx)


def _rounds(exact: Any, decimal: sympy.Float, ctx: Context) -> bool:
    tiers = ctx.config.numeric_tiers
    bound = max((t for t, score in tiers or () if score >= 100.0), default=None)
    x, y = real_number(exact), real_number(decimal)
    if bound is None or x is None or y is None or x == 0.0:
        return False
    written = f"{y:.15g}"
    if "e" in written:
        return False
    places = len(written.partition(".")[2])
    rounded = abs(x - y) <= 0.5 * 10.0**-places * (1 + 1e-9)
    return rounded and abs(x - y) / max(abs(x), abs(y)) <= bound


def _show(reals: RealSet) -> str:
    if not reals.intervals:
        return "∅"
    pieces = [
        f"{{{a}}}" if a == b else f"{'(['[not lo]}{a}, {b}{')]'[not ro]}"
        for a, b, lo, ro in reals.intervals
    ]
    return " ∪ ".join(pieces)
