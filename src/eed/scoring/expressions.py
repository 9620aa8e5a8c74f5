"""Two single expressions: units, undefined values, equivalence, numeric tiers, tree distance."""

from __future__ import annotations

import cmath
import dataclasses
import re
from collections.abc import Callable
from typing import Any

import sympy

from .. import units
from ..answers import forced_form
from ..budget import Budget
from ..canonical import (
    Verdict,
    clearly_differ,
    differ_at_a_point,
    equivalence,
    numbers_differ,
    numerically_identical,
)
from ..config import Config
from ..distance import FlatTree
from ..errors import BudgetExceeded, SimplifyError
from ..result import Result, Status
from .outcomes import equivalent, fail, score_from_distance, signature_of
from .precision import agree_as_written, written_halfwidth
from .side import Side, prepare_expr

__all__ = ["DistanceFn", "decide_single", "real_number"]


DistanceFn = Callable[[FlatTree, FlatTree, Config], float]


def decide_single(
    gt: Side,
    pred: Side,
    *,
    config: Config,
    budget: Budget,
    skip_equivalence: str | None,
    distance_fn: DistanceFn,
) -> Result:
    """Decide two single expressions: equivalence, numeric tiers, then the tree distance."""
    if not (gt.ok and pred.ok):
        who = "ground truth" if not gt.ok else "prediction"
        return fail(Status.SCORED, f"the {who}'s element cannot be read", config)
    for reread, note in _REREADINGS if config.dialect.reads_forms else ():
        swapped = reread(gt, pred, config, budget)
        if swapped is None:
            continue
        # Only the verdict "equal" is taken from the answers read so; any other score is the
        # one of the answers as written.
        trial = decide_single(
            *swapped,
            config=config,
            budget=budget,
            skip_equivalence=skip_equivalence,
            distance_fn=distance_fn,
        )
        if trial.status is Status.EQUIVALENT:
            return dataclasses.replace(trial, reason=f"{trial.reason}; {note}")
    unit_note = ""
    converted = _convert_units(gt, pred, config, budget) if config.units else None
    if isinstance(converted, Result):
        return converted
    if converted is not None:
        gt, pred, unit_note = converted
    result = _decide_expressions(
        gt,
        pred,
        config=config,
        budget=budget,
        skip_equivalence=skip_equivalence,
        distance_fn=distance_fn,
        # A converted number's digits are no longer those written: the tiers alone decide.
        as_written=converted is None,
    )
    if unit_note:
        result = dataclasses.replace(result, reason=f"{result.reason}; {unit_note}")
    return result


_HBAR_TEXT = re.compile(r"\\(?:hbar|hslash)|ħ|ℏ")
_COMMANDS = re.compile(r"\\[A-Za-z]+")


def _planck(gt: Side, pred: Side, config: Config, budget: Budget) -> tuple[Side, Side] | None:
    """The two answers with ``h / 2\\pi`` for ``\\hbar``, when one answer writes ``\\hbar`` and
    the other writes ``h`` (and not ``\\hbar``): then the two constants are one. Else None:
    ``\\hbar`` against ``h``, each alone, are two symbols that differ by 2 pi."""
    found = [
        {s.name: s for s in side.expr.free_symbols if isinstance(s, sympy.Symbol)}
        if isinstance(side.expr, sympy.Basic)
        else {}
        for side in (gt, pred)
    ]
    uses = [("hbar" in f, "h" in f) for f in found]
    if uses not in ([(True, False), (False, True)], [(False, True), (True, False)]):
        return None
    which = 0 if uses[0][0] else 1
    side, other = (gt, pred)[which], (pred, gt)[which]
    # The whole answers, not only this element: an answer that writes both hbar and h (a
    # height, say) elsewhere keeps them apart.
    if _HBAR_TEXT.search(other.latex) or "h" in _COMMANDS.sub(" ", side.latex):
        return None
    h = found[1 - which]["h"]
    expr = side.expr.xreplace({found[which]["hbar"]: h / (2 * sympy.pi)})
    try:
        new = dataclasses.replace(
            prepare_expr(side.latex, expr, config, budget), unit=side.unit, name=side.name
        )
    except SimplifyError:
        return None
    return (new, pred) if which == 0 else (gt, new)


def _euler(gt: Side, pred: Side, config: Config, budget: Budget) -> tuple[Side, Side] | None:
    """The two answers with Euler's number for the symbol ``e``, when one answer reads the letter
    ``e`` as Euler's number (the base of a power that is no positive integer: ``e^{-1}``) and
    the other as the symbol (``\\frac{1}{e}``), each only so: the same letter, read two ways.
    Else None; also when Euler's number is written as such (``\\exp``, ``\\mathrm{e}``)."""
    if not (isinstance(gt.expr, sympy.Basic) and isinstance(pred.expr, sympy.Basic)):
        return None
    uses = [(_has_euler(side.expr), _e_symbol(side.expr)) for side in (gt, pred)]
    if uses == [(True, None), (False, uses[1][1])] and uses[1][1] is not None:
        which = 1
    elif uses == [(False, uses[0][1]), (True, None)] and uses[0][1] is not None:
        which = 0
    else:
        return None
    side = (gt, pred)[which]
    if _EXPLICIT_EULER.search((pred, gt)[which].latex):
        return None  # ``\\exp(3)`` or ``\\mathrm{e}`` says Euler's number; ``e^3`` is a charge
    symbol = uses[which][1]
    expr = side.expr.xreplace({symbol: sympy.E})
    try:
        new = dataclasses.replace(
            prepare_expr(side.latex, expr, config, budget), unit=side.unit, name=side.name
        )
    except SimplifyError:
        return None
    return (new, pred) if which == 0 else (gt, new)


# Euler's number written as such, not as the letter e.
_EXPLICIT_EULER = re.compile(
    r"\\exp(?![A-Za-z])|\\(?:mathrm|text|rm|operatorname|mathit)\s*\{?\s*e(?![A-Za-z])"
)


def _has_euler(expr: sympy.Basic) -> bool:
    return bool(expr.has(sympy.E) or expr.atoms(sympy.exp))


def _e_symbol(expr: sympy.Basic) -> sympy.Symbol | None:
    return next((s for s in expr.free_symbols if getattr(s, "name", None) == "e"), None)


# Readings of one letter that the two answers may make differently; each is tried for the
# verdict "equal" only.
_REREADINGS = (
    (_planck, "hbar read as h/(2 pi)"),
    (_euler, "e read as Euler's number in both answers"),
)


def _bare_unit(side: Side, unit: str) -> Side | None:
    """``1000 N`` read as 1000 newtons, when the other answer writes the unit ``N`` in a font
    (``1\\,000\\,\\mathrm{N}``): the side with its number alone and the symbol's name as its
    unit, or None. Only the very same unit counts (``N`` for ``\\mathrm{N}``, not ``kN``): the
    letter could be a variable, and only an answer that writes it as that unit says it is."""
    expr = side.expr
    if side.unit is not None or not isinstance(expr, sympy.Mul) or len(expr.args) != 2:
        return None
    number, symbol = expr.args
    if not (number.is_number and isinstance(symbol, sympy.Symbol)):
        return None
    if not units.same_unit(symbol.name, unit):
        return None
    return dataclasses.replace(side, expr=number, unit=symbol.name)


def _convert_units(
    gt: Side, pred: Side, config: Config, budget: Budget
) -> tuple[Side, Side, str] | Result | None:
    """Two numbers with units: both in the ground truth's unit (with a note), a zero Result
    when the units measure different things, or None to compare as written.

    Temperatures are compared in kelvin: a relative tolerance means nothing on a scale with an
    offset zero (0 °C against 273 K), and either order gives the same verdict."""
    if (gt.unit is None) != (pred.unit is None):
        # ``1000 N`` against ``1\\,000\\,\\mathrm{N}``: the same letter, in italics on one side.
        plain, other = (gt, pred) if gt.unit is None else (pred, gt)
        bare = _bare_unit(plain, other.unit or "")
        if bare is None:
            return None
        side = dataclasses.replace(
            prepare_expr(plain.latex, bare.expr, config, budget), unit=bare.unit, name=plain.name
        )
        note = f"the symbol {bare.unit} read as the unit the other answer writes"
        return (side, pred, note) if plain is gt else (gt, side, note)
    if gt.unit is None or pred.unit is None:
        return None
    g, p = real_number(gt.expr), real_number(pred.expr)
    if g is None or p is None:
        return None
    kg, kp = units.in_kelvin(g, gt.unit), units.in_kelvin(p, pred.unit)
    if kg is not None and kp is not None:
        if kg == g and kp == p:
            return None
        gside = dataclasses.replace(
            prepare_expr(gt.latex, sympy.Float(kg, 15), config, budget), unit="K", name=gt.name
        )
        pside = dataclasses.replace(
            prepare_expr(pred.latex, sympy.Float(kp, 15), config, budget),
            unit="K",
            name=pred.name,
        )
        return gside, pside, "temperatures compared in kelvin"
    conversion = units.convert(p, pred.unit, gt.unit)
    if conversion is None:
        return None
    if conversion.value is None:
        return Result(
            score=0.0,
            status=Status.SCORED,
            reason=conversion.reason,
            timed_out=gt.timed_out or pred.timed_out,
            method="units",
            signature=signature_of(config),
        )
    if conversion.value == p:
        return None
    value = sympy.Float(conversion.value, 15)
    side = dataclasses.replace(
        prepare_expr(pred.latex, value, config, budget), unit=gt.unit, name=pred.name
    )
    return gt, side, f"prediction {conversion.reason}"


def _not_an_expression(gt: Side, pred: Side, config: Config, timed_out: bool) -> Result | None:
    """A side that reads as a statement or a set (``\\textbf{y=5}``, an empty set), which the
    arithmetic checks cannot take: equal only when identical, else unsupported."""
    odd = [
        (who, side.expr)
        for who, side in (("ground truth", gt), ("prediction", pred))
        if not isinstance(side.expr, sympy.Expr)
    ]
    if not odd:
        return None
    if gt.expr == pred.expr:
        return equivalent("identical readings", config, method="simplify", timed_out=timed_out)
    who, expr = odd[0]
    return fail(
        Status.UNSUPPORTED,
        f"the {who} reads as {type(expr).__name__}, not an expression",
        config,
        timed_out=timed_out,
    )


_UNDEFINED = (sympy.nan, sympy.zoo)


def _undefined(gt: Side, pred: Side, config: Config, timed_out: bool) -> Result | None:
    """An undefined value (``0/0``, ``1/0``) equals nothing, itself included."""
    for who, side, status in (
        ("ground truth", gt, Status.UNSUPPORTED),
        ("prediction", pred, Status.SCORED),
    ):
        if side.expr.has(*_UNDEFINED):
            return fail(
                status,
                f"the {who} is undefined ({side.expr})",
                config,
                timed_out=timed_out,
                method="undefined",
            )
    return None


def _decide_expressions(
    gt: Side,
    pred: Side,
    *,
    config: Config,
    budget: Budget,
    skip_equivalence: str | None,
    distance_fn: DistanceFn,
    as_written: bool = False,
) -> Result:
    timed_out = gt.timed_out or pred.timed_out
    if config.dialect.rejects_undefined:
        odd = _not_an_expression(gt, pred, config, timed_out) or _undefined(
            gt, pred, config, timed_out
        )
        if odd is not None:
            return odd
    try:
        if skip_equivalence is not None:
            verdict = Verdict(False, None, timed_out=True)
        elif config.screening and clearly_differ(gt.values, pred.values):
            # Numerically different at a shared point: the expensive checks cannot succeed.
            verdict = Verdict(False)
        else:
            verdict = equivalence(gt.expr, pred.expr, config, budget)
    except SimplifyError as exc:
        return fail(Status.ERROR, str(exc), config, timed_out=timed_out)
    timed_out = timed_out or verdict.timed_out
    if (
        not verdict.equivalent
        and config.numeric_equivalence
        and numerically_identical(gt.values, pred.values)
        and not _proved_different(gt, pred, config, budget)
    ):
        verdict = Verdict(True, "numeric", verdict.timed_out)
    if verdict.equivalent:
        how = {
            "simplify": "structurally equal or a zero difference",
            "equals": "SymPy equals",
            "numeric": f"equal to 20 digits at {config.screening_points} random points",
        }[verdict.method or "simplify"]
        return equivalent(f"equivalent ({how})", config, method=verdict.method, timed_out=timed_out)
    numeric = _numeric_tier(gt, pred, config, timed_out, as_written=as_written)
    if numeric is not None:
        return numeric
    for side, who in ((gt, "ground truth"), (pred, "prediction")):
        if side.flat is None:
            return fail(
                Status.UNSUPPORTED,
                f"the {who} has no expression tree: {side.tree_error}",
                config,
                timed_out=timed_out,
            )
    assert gt.flat is not None and pred.flat is not None
    # The prediction is the source tree, the ground truth the target.
    distance = distance_fn(pred.flat, gt.flat, config)
    size = gt.flat.size
    score = score_from_distance(distance, size, config)
    relative = distance / size
    if distance == 0.0:
        return equivalent(
            "identical expression trees",
            config,
            method="tree",
            timed_out=timed_out,
            gt_size=size,
            pred_size=pred.flat.size,
        )
    reason = f"tree distance {distance:g} over GT size {size:g} (relative {relative:.3f})"
    if skip_equivalence is not None:
        reason += f"; equivalence not checked: {skip_equivalence}"
    return Result(
        score=score,
        status=Status.SCORED,
        reason=reason,
        distance=float(distance),
        relative_distance=float(relative),
        gt_size=float(size),
        pred_size=float(pred.flat.size),
        timed_out=timed_out,
        method="distance" if skip_equivalence is None else "distance_unchecked",
        signature=signature_of(config),
    )


def _proved_different(gt: Side, pred: Side, config: Config, budget: Budget) -> bool:
    """Whether evaluation at a seeded point proves two sides different that agree in double
    precision (`differ_at_a_point`); not when it runs out of its budget."""
    try:
        return bool(
            budget.run(
                "equals", config.equals_timeout, differ_at_a_point, gt.expr, pred.expr, config
            )
        )
    except BudgetExceeded:
        return False


def _numeric_tier(
    gt_side: Side, pred_side: Side, config: Config, timed_out: bool, *, as_written: bool
) -> Result | None:
    """Numbers within a relative tolerance score by tier, when the config has tiers.

    The top tier also needs the numbers to agree as written (`precision.agree_as_written`)
    where their digits are the ones written (no unit conversion)."""
    tiers = config.numeric_tiers
    forced = forced_form(config)
    if not tiers or (forced is not None and not forced.numeric):
        return None
    gt, pred = gt_side.expr, pred_side.expr
    g, p = real_number(gt), real_number(pred)
    if g is None or p is None or g == 0.0:
        return None
    # Relative to the larger magnitude, so that swapping the two never changes the tier.
    error = abs(p - g) / max(abs(g), abs(p))
    # Two different integers are two different counts, not one value rounded two ways.
    exact = isinstance(gt, sympy.Integer) and isinstance(pred, sympy.Integer) and gt != pred
    note = ""
    if not exact and numbers_differ(gt, pred):
        # Nor are two exact values that differ, however little (``\\pi + 10^{-30}``,
        # ``\\frac{99}{70}`` for ``\\sqrt{2}``): neither is a rounding of the other.
        exact, note = True, "; two exact values that differ"
    if as_written and not exact:
        halves = written_halfwidth(gt_side.latex, g), written_halfwidth(pred_side.latex, p)
        exact = not agree_as_written(g, p, *halves)
        note = "; the digits written disagree" if exact else ""
    for bound, score in tiers:
        if exact and score >= 100.0:
            continue
        if error <= bound:
            status = Status.EQUIVALENT if score >= 100.0 else Status.SCORED
            return Result(
                score=float(min(score, 100.0)),
                status=status,
                reason=f"numbers {p:.6g} and {g:.6g} differ by {100 * error:.3g}% "
                f"(within {100 * bound:g}%: {score:g}){note}",
                timed_out=timed_out,
                method="numeric",
                signature=signature_of(config),
            )
    return None


def real_number(expr: Any) -> float | None:
    if not isinstance(expr, sympy.Expr) or not expr.is_number:
        return None
    try:
        value = complex(expr.evalf(30))
    except (TypeError, ValueError, OverflowError):
        return None
    if value.imag != 0.0 or not cmath.isfinite(value):
        return None
    return value.real
