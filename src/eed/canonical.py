"""Stages 2 and 3: canonical forms under time budgets, and the equivalence check.

Each side is posified (every symbol made positive), simplified, and the posify substitution is
undone, as the official scorer does. The pair is then equivalent when the two forms are
structurally equal, when their expanded difference simplifies to 0, or when SymPy's ``equals``
says so. A simplify that runs out of budget keeps its input; an ``equals`` that runs out answers
"not equal". Either way the overrun is recorded.
"""

from __future__ import annotations

import cmath
import hashlib
import logging
from dataclasses import dataclass
from typing import Any

import sympy
from sympy.core.evalf import PrecisionExhausted

from .budget import AlarmBudget, Budget
from .config import Config
from .errors import BudgetExceeded, SimplifyError

__all__ = [
    "Canonical",
    "Verdict",
    "canonicalize",
    "clearly_differ",
    "differ_at_a_point",
    "equivalence",
    "numbers_differ",
    "numerically_identical",
    "sample_values",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Canonical:
    """One side's canonical form and whether its simplify ran out of budget."""

    expr: Any
    timed_out: bool = False


@dataclass(frozen=True)
class Verdict:
    """The equivalence check's answer; ``method`` is the step that proved equivalence."""

    equivalent: bool
    method: str | None = None
    timed_out: bool = False


def _simplify(expr: Any) -> Any:
    return sympy.simplify(expr)


def canonicalize(expr: Any, config: Config, budget: Budget | None = None) -> Canonical:
    """posify, simplify under the budget, then undo posify."""
    budget = budget or AlarmBudget()
    if config.equivalence_under_posify:
        return _canonicalize_positive(expr, config, budget)
    try:
        positive, back = sympy.posify(expr)
    except Exception as exc:
        raise SimplifyError(f"posify failed: {type(exc).__name__}: {exc}") from exc
    canon = _simplify_within(positive, config, budget)
    try:
        return Canonical(canon.expr.subs(back), canon.timed_out)
    except Exception as exc:
        raise SimplifyError(f"undoing posify failed: {type(exc).__name__}: {exc}") from exc


def positive_symbols(expr: Any) -> Any:
    """Every symbol replaced by a positive symbol of the same name.

    Unlike posify's dummies, the replacements depend on the name only, so both sides of a pair
    get the same symbols and the whole comparison runs under the positivity assumptions.
    """
    subs = {
        s: sympy.Symbol(s.name, positive=True)
        for s in expr.free_symbols
        if isinstance(s, sympy.Symbol)
        and not isinstance(s, sympy.Dummy)
        and s.is_positive is not True
    }
    return expr.xreplace(subs) if subs else expr


def _canonicalize_positive(expr: Any, config: Config, budget: Budget) -> Canonical:
    try:
        positive = positive_symbols(expr)
    except Exception as exc:
        raise SimplifyError(f"making symbols positive failed: {type(exc).__name__}: {exc}") from exc
    return _simplify_within(positive, config, budget)


def _simplify_within(expr: Any, config: Config, budget: Budget) -> Canonical:
    """simplify under the budget; on overrun the input is kept, as the official scorer does."""
    try:
        return Canonical(budget.run("simplify", config.simplify_timeout, _simplify, expr))
    except BudgetExceeded:
        logger.info(
            "simplify ran out of its %gs budget; keeping the input", config.simplify_timeout
        )
        return Canonical(expr, timed_out=True)
    except Exception as exc:
        if config.keep_unsimplified_on_error:
            logger.info("simplify failed (%s: %s); keeping the input", type(exc).__name__, exc)
            return Canonical(expr)
        raise SimplifyError(f"simplify failed: {type(exc).__name__}: {exc}") from exc


def _expanded_difference(gt: Any, pred: Any) -> Any:
    return sympy.expand(gt - pred)


def _equals(gt: Any, pred: Any) -> bool:
    return bool(gt.equals(pred))


# How far numeric evaluation may raise its precision to tell two numbers apart, in digits.
_MAX_DIGITS = 4000


def numbers_differ(a: Any, b: Any) -> bool:
    """Two exact expressions without symbols that numeric evaluation, raising its precision as
    far as it must, proves different: ``1`` and ``2^{1/2^{1000}}`` differ in the 302nd digit,
    which ``simplify`` would spend its whole budget on. False when equal or too close to tell,
    and for a decimal: ``x^{0.5}`` is ``\\sqrt{x}`` to the decimal's own precision only."""
    if not _exact(a, b):
        return False
    difference = a - b
    return not difference.free_symbols and _proved_nonzero(difference, {})


def _exact(a: Any, b: Any) -> bool:
    """Two expressions with no decimal in either: what evaluation may prove different."""
    return (
        isinstance(a, sympy.Expr)
        and isinstance(b, sympy.Expr)
        and not (a.has(sympy.Float) or b.has(sympy.Float))
    )


def equivalence(gt: Any, pred: Any, config: Config, budget: Budget | None = None) -> Verdict:
    """Decide whether two canonical forms are equal, the official way. Two numbers that
    evaluation proves different are not equal (the official way would reach the same verdict,
    or run out of its budget on the way)."""
    budget = budget or AlarmBudget()
    timed_out = False
    try:
        if gt == pred:
            return Verdict(True, "simplify")
        try:
            if budget.run("equals", config.equals_timeout, numbers_differ, gt, pred):
                return Verdict(False, None)
        except BudgetExceeded:
            timed_out = True
        zero: Any = None
        try:
            # The official code does not bound expand; a huge power would hang it.
            zero = budget.run("expand", config.simplify_timeout, _expanded_difference, gt, pred)
            zero = budget.run("simplify", config.simplify_timeout, _simplify, zero)
        except BudgetExceeded:
            logger.info("difference simplify ran out of its %gs budget", config.simplify_timeout)
            timed_out = True
        if zero == 0:
            return Verdict(True, "simplify", timed_out)
        try:
            if budget.run("equals", config.equals_timeout, _equals, gt, pred):
                return Verdict(True, "equals", timed_out)
        except BudgetExceeded:
            logger.info(
                "equals ran out of its %gs budget; taking 'not equal'", config.equals_timeout
            )
            timed_out = True
    except Exception as exc:
        raise SimplifyError(f"equivalence check failed: {type(exc).__name__}: {exc}") from exc
    return Verdict(False, None, timed_out)


# Numeric screening. Each symbol gets a deterministic positive value per point, derived from its
# name, so both sides of a pair (and every cached side) see the same values without coordination.
_SCREEN_DIGITS = 30
_IDENTITY_RTOL = 1e-20
_IDENTITY_MIN_POINTS = 3
_SCREEN_RTOL = 1e-14  # evalf(30) is accurate to ~1e-28 relative; this leaves a wide margin


def _point_value(name: str, k: int, seed: int) -> sympy.Rational:
    h = hashlib.sha256(f"{seed}:{k}:{name}".encode()).digest()
    # Positive values in [0.5, 2.5), as posify would have them, exact rationals.
    return sympy.Rational(500 + int.from_bytes(h[:4], "big") % 2000, 1000)


def _evaluate_at(expr: Any, subs: dict[Any, Any]) -> tuple[complex | None]:
    """The value at one point, as a 1-tuple; None when it is not a finite number."""
    try:
        value = complex(expr.evalf(_SCREEN_DIGITS, subs=subs))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError):
        return (None,)
    return (value if cmath.isfinite(value) else None,)


def _evaluate(expr: Any, points: int, seed: int) -> tuple[complex | None, ...]:
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    if not symbols:
        # A constant has the same value at every point: evaluating it once is enough.
        return _evaluate_at(expr, {}) * points
    out: list[complex | None] = []
    for k in range(points):
        out += _evaluate_at(expr, {s: _point_value(s.name, k, seed) for s in symbols})
    return tuple(out)


def sample_values(
    expr: Any, config: Config, budget: Budget | None = None
) -> tuple[complex | None, ...] | None:
    """Values of an expression at the config's seeded points; None entries are unusable."""
    if not isinstance(expr, sympy.Expr):
        return None
    budget = budget or AlarmBudget()
    try:
        return budget.run(
            "screen",
            config.screening_timeout,
            _evaluate,
            expr,
            config.screening_points,
            config.screening_seed,
        )
    except BudgetExceeded:
        return None
    except Exception as exc:  # evaluation problems only mean "unclear"
        logger.debug("screening evaluation failed: %s", exc)
        return None


_VANISHING = 1e-250


def numerically_identical(
    a: tuple[complex | None, ...] | None, b: tuple[complex | None, ...] | None
) -> bool:
    """True when two sides agree to 20 digits at every seeded point (all of them usable).

    A probabilistic identity test: two different closed-form expressions agreeing to 20 digits
    at several random positive points is vanishingly unlikely.
    """
    if a is None or b is None or len(a) < _IDENTITY_MIN_POINTS or len(a) != len(b):
        return False
    informative = 0
    for x, y in zip(a, b, strict=True):
        if x is None or y is None:
            return False
        if abs(x - y) > _IDENTITY_RTOL * max(abs(x), abs(y)):
            return False
        # Two values that both vanish (exp(-1e12 t) underflows to 0.0) say nothing.
        informative += max(abs(x), abs(y)) > _VANISHING
    return informative >= _IDENTITY_MIN_POINTS


def differ_at_a_point(a: Any, b: Any, config: Config) -> bool:
    """Two expressions that evaluation proves different at the config's first seeded point
    (`numbers_differ`). Values in double precision cannot tell ``\\pi`` from ``\\pi +
    10^{-30}``: this is asked before two values that agree to 20 digits are called the same."""
    if not _exact(a, b):
        return False
    difference = a - b
    # Substituted by evaluation, not exactly: ``2^{10^{30} N}`` at N = 3/2 is a number far too
    # large to write out, but not to evaluate.
    subs = {s: _point_value(s.name, 0, config.screening_seed) for s in difference.free_symbols}
    return _proved_nonzero(difference, subs) or _apart(a, b, subs)


# Each side to this many digits; sides further apart than the tolerance are different. (A
# complex difference with a zero part has no relative precision to prove, so the strict
# evaluation of the difference gives up on it.)
_SIDE_DIGITS = 110
_APART = sympy.Float("1e-100", _SIDE_DIGITS)


def _apart(a: Any, b: Any, subs: dict[Any, Any]) -> bool:
    try:
        difference = abs((a - b).evalf(_SIDE_DIGITS, subs=subs))
        scale = abs(a.evalf(_SIDE_DIGITS, subs=subs))
        return bool(difference.is_Float and scale.is_Float and difference > _APART * scale > 0)
    except (TypeError, ValueError, ArithmeticError, AttributeError):
        return False


def _proved_nonzero(expr: Any, subs: dict[Any, Any]) -> bool:
    try:
        value = expr.evalf(15, subs=subs, maxn=_MAX_DIGITS, strict=True)
    except (PrecisionExhausted, TypeError, ValueError, ArithmeticError, AttributeError):
        return False  # equal, or too close to tell
    return isinstance(value, sympy.Float) and value != 0


def clearly_differ(
    a: tuple[complex | None, ...] | None, b: tuple[complex | None, ...] | None
) -> bool:
    """True when two sides take clearly different values at some shared point.

    Anything unclear (no values, NaN, overflow, near-equal) answers False, so the full
    equivalence check runs.
    """
    if a is None or b is None:
        return False
    for x, y in zip(a, b, strict=False):
        if x is None or y is None:
            continue
        scale = max(abs(x), abs(y))
        if scale > 1e-200 and abs(x - y) > _SCREEN_RTOL * scale:
            return True
    return False
