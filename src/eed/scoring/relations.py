"""Stated relations: the relation is the answer, compared link by link."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from ..answers import UNREAD_NAME_PREFIX
from ..errors import BudgetExceeded, SimplifyError
from ..result import Result, Status
from .context import Context
from .expressions import real_number
from .matching import best_matching, mean_of
from .outcomes import capped, equivalent, fail
from .side import Side, negated, prepare_expr

__all__ = [
    "decide_statements",
    "is_zero",
    "names_differ_materially",
    "statement",
    "states_nothing",
    "tautology",
]


def states_nothing(side: Side) -> bool:
    """A tautology: a stated ``0 = 0`` link, or a name defined as itself (``v = v``)."""
    zero_link = any(
        op == "=" and is_zero(c) for c, op in zip(side.conjuncts, side.ops, strict=True)
    )
    return zero_link or (side.equation_expr is not None and side.equation_expr == 0)


def tautology(ctx: Context) -> Result:
    return fail(
        Status.SCORED,
        "the prediction states a tautology, not an answer",
        ctx.config,
        method="relation",
    )


def names_differ_materially(gt: Side, pred: Side) -> bool:
    """Both answers define names, they differ, and a name is a derivative, a known function of
    something (``\\sin x``, ``\\ln T``) or could not be read (a renamed symbol, ``r`` for
    ``a_0``, does not count: models name quantities their own way, but ``\\cos x`` is not
    another name for ``\\sin x``)."""
    g, p = gt.name, pred.name
    if g is None or p is None or g == p:
        return False
    if isinstance(p, (sympy.Symbol, AppliedUndef)) and _heads(p) & (
        _quantities(gt.expr) - _heads(g)
    ):
        # ``x = -\omega^2 x`` for ``x'' = -\omega^2 x``: the new name is a quantity the value
        # is written in, so the equation says something else (here, that x is 0). A product
        # is left out: latex2sympy reads ``E(r)`` as ``E r``, whose ``r`` is no new name.
        return True
    dots = _dotted(g), _dotted(p)
    if dots[0] and dots[1] and dots[0] != dots[1]:
        # Newton's dots: another order (``\ddot x``) or another quantity (``\dot v``), also
        # as a factor of the name (``m \ddot x``).
        return True
    orders = _orders(g), _orders(p)
    if any(orders[0][q] != count for q, count in orders[1].items() if q in orders[0]):
        # ``y`` for ``\ddot y``: the quantity itself, not its derivative (``a`` for ``\ddot y``
        # stays a renaming).
        return True
    primes = _primes(g), _primes(p)
    if any(primes[0][base] != count for base, count in primes[1].items() if base in primes[0]):
        return True  # ``x''`` for ``x'``: another order of the same quantity
    return any(
        isinstance(n, sympy.Basic)
        and (n.has(sympy.Derivative) or _known_function(n) or str(n).startswith(UNREAD_NAME_PREFIX))
        for n in (g, p)
    )


# How latex2sympy names a symbol written with Newton's dots (``dot{x}_1``, ``dot{x_1}``,
# ``dot{dotx}``, ``vec{ddotr}``, ``"\ddot r"``): the accent words follow the start, a brace, a
# backslash, a quotation mark or another dot, before any subscript. Fonts and vector marks do
# not change the quantity (latex2sympy drops ``\mathbf`` itself, so ``\vec`` must go too).
_ACCENT_START = r"(?:^|(?<=[{\\\"\s])|(?<=dot))"
_DOT = re.compile(_ACCENT_START + r"(d{0,2})dot")
_FONT = re.compile(_ACCENT_START + r"(?:vec|mathbf|boldsymbol|bm|mathrm|mathit|overrightarrow)")
_SPELLING = re.compile(r"[{}\\\"\s]")


def _spelled(factor: Any) -> str:
    """The name of a symbol, or of a called name's function (``x`` for ``x(t)``)."""
    return str(factor.name) if isinstance(factor, sympy.Symbol) else str(factor.func.__name__)


def _order(factor: Any) -> tuple[int, str] | None:
    """A symbol or called name (``\\dot x``, ``\\ddot{x}(t)``, ``x``) as (how many Newton's
    dots, the quantity), fonts and vector marks left out; None for anything else."""
    if not isinstance(factor, (sympy.Symbol, AppliedUndef)):
        return None
    head, underscore, subscript = _spelled(factor).partition("_")
    count = sum(len(m.group(1)) + 1 for m in _DOT.finditer(head))
    base = _FONT.sub("", _DOT.sub("", head)).replace("overline", "bar")
    return count, _SPELLING.sub("", base + underscore + subscript)


def _dots(name: Any) -> tuple[int, str] | None:
    """A name written with Newton's dots, as (how many, the quantity dotted); None for any
    other name. A dotted name against an undotted one stays a renaming (``a`` for
    ``\\ddot x``), unless it is the quantity dotted (see `_orders`)."""
    order = _order(name)
    return order if order is not None and order[0] else None


def _orders(name: Any) -> dict[str, int]:
    """The quantities the factors of a name are, each with its number of Newton's dots (0 for
    an undotted factor)."""
    orders = (_order(factor) for factor in _factors(name))
    return {quantity: count for count, quantity in filter(None, orders)}


def _heads(name: Any) -> set[str]:
    """The names of the symbols and functions a name is made of (``x`` for ``x(t)``)."""
    return {_spelled(f) for f in _factors(name)}


def _quantities(expr: Any) -> set[str]:
    """The names of the symbols and functions an expression is written in."""
    if not isinstance(expr, sympy.Basic):
        return set()
    symbols = {s.name for s in expr.free_symbols if isinstance(s, sympy.Symbol)}
    return symbols | {f.func.__name__ for f in expr.atoms(AppliedUndef)}


def _factors(name: Any) -> list[Any]:
    """The symbols and called names a name is made of (``m`` and ``\\ddot x`` in
    ``m \\ddot x``)."""
    if isinstance(name, (sympy.Symbol, AppliedUndef)):
        return [name]
    if isinstance(name, (sympy.Mul, sympy.Pow)):
        return sorted(name.atoms(sympy.Symbol, AppliedUndef), key=sympy.default_sort_key)
    return []


def _dotted(name: Any) -> tuple[tuple[int, str], ...]:
    """The factors of a name written with Newton's dots, as (how many, the quantity dotted),
    sorted; empty when none is."""
    return tuple(sorted(d for d in map(_dots, _factors(name)) if d is not None))


def _primes(name: Any) -> dict[str, int]:
    """The primed factors of a name: how many primes each base carries (``x''`` is x: 2).
    Only the same base with another number of primes differs: physics also writes primes
    for quantities in another frame, so ``U'`` for ``E'`` or ``J''`` for ``J'_U`` are
    renamings, as unmarked names are."""
    out: dict[str, int] = {}
    for factor in _factors(name):
        text = _spelled(factor)
        count = len(text) - len(text.rstrip("'"))
        if count and _dots(factor) is None:
            out[text[:-count]] = count
    return out


def _known_function(name: sympy.Basic) -> bool:
    """``\\sin x``: a function SymPy knows, applied to something; ``g(t)`` is a name."""
    return isinstance(name, sympy.Function) and not isinstance(name, AppliedUndef)


def statement(side: Side, ctx: Context) -> Side | None:
    """The side as a stated relation: its own, or ``lhs - rhs = 0`` of its definition."""
    if side.ops:
        return side
    if side.equation_expr is None:
        return None
    try:
        eq = prepare_expr(side.latex, side.equation_expr, ctx.config, ctx.budget)
    except SimplifyError:
        return None
    return dataclasses.replace(side, conjuncts=(eq,), ops=("=",))


def is_zero(side: Side) -> bool:
    return side.ok and side.expr == 0


def decide_statements(gt: Side, pred: Side, ctx: Context, *, ordered: bool = False) -> Result:
    """Two stated relations: the same relation, link by link, in any order.

    A link ``a OP 0`` matches ``b OP 0`` when ``a = c b`` for a constant ``c``: nonzero for
    ``=`` and ``!=``, positive for inequalities (a negative ``c`` turns an inequality round).
    A strict and a non-strict inequality differ.
    """
    links = list(zip(gt.conjuncts, gt.ops, strict=True))
    theirs = list(zip(pred.conjuncts, pred.ops, strict=True))
    if any(op == "=" and is_zero(c) for c, op in links):
        return fail(Status.UNSUPPORTED, "the ground truth states a tautology", ctx.config)
    if states_nothing(pred):
        return tautology(ctx)
    if ordered:  # conditions of a cases environment belong to their rows
        chosen = [
            _compare_link(g, go, p, po, ctx)
            for (g, go), (p, po) in zip(links, theirs, strict=False)
        ]
        summary = f"conditions {len(links)} vs {len(theirs)}, in order"
        count = max(len(links), len(theirs))
        return mean_of(chosen, count, summary, [], 100.0, gt, pred, ctx.config)
    table = [[_compare_link(g, go, p, po, ctx) for p, po in theirs] for g, go in links]
    if len(links) == 1 and len(theirs) == 1:
        return table[0][0]
    matching = best_matching([[r.score for r in row] for row in table])
    chosen = [table[i][j] for i, j in matching]
    summary = f"relation of {len(links)} vs {len(theirs)} links, best matching"
    count = max(len(links), len(theirs))
    return mean_of(chosen, count, summary, [], 100.0, gt, pred, ctx.config)


def _compare_link(g: Side, gop: str, p: Side, pop: str, ctx: Context) -> Result:
    """One link of two relations (see `decide_statements`)."""
    result = ctx.single(g, p)
    if result.status is not Status.EQUIVALENT and g.ok and p.ok:
        result = _scaled_link(g, gop, p, result, ctx)
    if gop != pop:
        return capped(result, f"relation {_OP_TEXT[pop]} instead of {_OP_TEXT[gop]}")
    return result


def _scaled_link(g: Side, gop: str, p: Side, direct: Result, ctx: Context) -> Result:
    """``g`` against ``c p`` for a constant ``c`` (``direct`` is the comparison with c = 1):
    equivalent when ``c`` is allowed for the relation, 0 when it turns an inequality round."""
    ordered = gop not in ("=", "!=")
    flipped = ctx.single(g, negated(p, ctx.config))
    ratio = -1.0 if flipped.status is Status.EQUIVALENT else constant_ratio(g, p, ctx)
    timed_out = direct.timed_out or flipped.timed_out
    if ratio is None:
        return flipped if flipped.score > direct.score and not ordered else direct
    if ratio < 0 and ordered:
        # A limit's link is ``x - a`` or ``\pm 1/x``: a negative ratio is the other infinity.
        turned = "limit is the other infinity" if gop == "->" else "inequality points the other way"
        return fail(
            Status.SCORED,
            f"the prediction's {turned}",
            ctx.config,
            method="relation",
            timed_out=timed_out,
        )
    scaled = "the same up to a sign" if ratio == -1.0 else f"the same up to {ratio:.4g}x"
    return equivalent(
        f"equivalent relations ({scaled})", ctx.config, method="relation", timed_out=timed_out
    )


_OP_TEXT = {"=": "=", "!=": "≠", ">": ">", ">=": "≥", ">>": "≫", ">~": "≳", "->": "→"}


def constant_ratio(g: Side, p: Side, ctx: Context) -> float | None:
    """The constant ``c`` with ``g = c p``, or None when there is none (or it is not found in
    the equivalence budget)."""
    if is_zero(p) or is_zero(g):
        return None
    if g.values is not None and p.values is not None:
        # Screening values: a ratio that varies between sample points is no constant.
        ratios = {
            round((a / b).real, 9)
            for a, b in zip(g.values, p.values, strict=False)
            if a is not None and b is not None and b != 0 and abs((a / b).imag) < 1e-9
        }
        if len(ratios) > 1:
            return None
    try:
        ratio = ctx.budget.run("equals", ctx.config.equals_timeout, sympy.simplify, g.expr / p.expr)
    except BudgetExceeded:
        return None
    except Exception:  # SymPy raises many kinds on odd input: no ratio found
        return None
    if not isinstance(ratio, sympy.Expr) or ratio.free_symbols or not ratio.is_number:
        return None
    value = real_number(ratio)
    return value if value is not None and value != 0.0 else None
