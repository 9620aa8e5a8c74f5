"""From two prepared answers to a Result: the choice of comparison their forms call for."""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import Any

from sympy.core.function import AppliedUndef

from .. import units
from ..answers import forced_form, plain_words, text_of
from ..budget import AlarmBudget, Budget
from ..canonical import clearly_differ
from ..config import Config
from ..distance import fast_distance
from ..errors import ParseError
from ..latex import physics
from ..latex.tokens import depths, detokenize, is_char
from ..result import Result, Status
from .compound import decide_named, decide_parts, named_pairs
from .context import Context
from .expressions import DistanceFn, decide_single, real_number
from .functions import with_bound_variables
from .outcomes import capped, equivalent, fail, signature_of
from .realsets import compare_reals
from .relations import (
    constant_ratio,
    decide_statements,
    names_differ_materially,
    statement,
    states_nothing,
    tautology,
)
from .side import Side, prepare

__all__ = ["decide", "needs_equivalence_check"]


def needs_equivalence_check(gt: Side, pred: Side, config: Config) -> bool:
    """Whether deciding this pair will run the expensive SymPy equivalence steps."""
    if not (gt.ok and pred.ok):
        return False
    compound = (gt.parts, pred.parts, gt.conjuncts, pred.conjuncts, gt.alternatives)
    if any(compound) or gt.equation_expr is not None or pred.equation_expr is not None:
        return True  # compound answers compare several part pairs
    return not (config.screening and clearly_differ(gt.values, pred.values))


def decide(
    gt: Side,
    pred: Side,
    config: Config,
    budget: Budget | None = None,
    *,
    skip_equivalence: str | None = None,
    distance_fn: DistanceFn = fast_distance,
) -> Result:
    """From two prepared sides to a Result.

    ``skip_equivalence`` (a reason) skips the SymPy equivalence steps, as the official scorer
    does when their budget runs out: the pair is then "not equal" and marked timed out.
    """
    budget = budget or AlarmBudget()
    timed_out = gt.timed_out or pred.timed_out
    chosen = _decide_option(gt, pred, config)
    if chosen is not None:
        return chosen
    for side, who, status in (
        (gt, "ground truth", Status.GT_PARSE_ERROR),
        (pred, "prediction", Status.PRED_PARSE_ERROR),
    ):
        if side.error_kind == "parse":
            return fail(status, f"cannot parse the {who}: {side.error}", config)
        if side.error_kind == "timeout":
            return fail(Status.TIMEOUT, f"{who}: {side.error}", config, timed_out=True)
    for side, who in ((gt, "ground truth"), (pred, "prediction")):
        if side.error_kind is not None:
            return fail(Status.ERROR, f"{who}: {side.error}", config, timed_out=timed_out)
    if config.dialect.reads_forms:
        text = _decide_text(gt, pred, config, timed_out)
        if text is not None:
            return text
    if gt.prose and pred.prose and gt.prose != pred.prose:
        # Both answers make claims in words ("violates lepton number"): the words are part of
        # the answer, and equal formulas around them do not make the claims equal.
        return fail(
            Status.UNSUPPORTED,
            f"both answers state claims in words, and the words differ "
            f"({pred.prose[:60]!r} against {gt.prose[:60]!r})",
            config,
            method="prose",
            timed_out=timed_out,
        )
    single = functools.partial(
        decide_single,
        config=config,
        budget=budget,
        skip_equivalence=skip_equivalence,
        distance_fn=distance_fn,
    )
    ctx = Context(config, budget, single, compare)
    result = _decide_forms(gt, pred, ctx)
    if result.score < 100.0 and _same_proportionality(gt, pred, ctx):
        result = equivalent(
            "the same proportionality, up to a positive number factor",
            config,
            method="relation",
            timed_out=result.timed_out,
        )
    if gt.condition is not None and pred.condition is not None and result.score > 0:
        where = decide_statements(gt.condition, pred.condition, ctx, ordered=True)
        if where.status is not Status.EQUIVALENT or _alternatives_differ(
            gt.condition, pred.condition
        ):
            result = capped(result, "the prediction holds under another condition")
    differs = _proportionality_differs(gt, pred) if result.score > 0 else None
    if differs is not None:
        result = capped(result, differs)
    if gt.related_words != pred.related_words and gt.related_words and pred.related_words:
        result = capped(result, "the answers relate their values to other words")
    # The other sides of the ground truth's equality chain state the same value: a prediction
    # may give any of them (the number where the ground truth also gives the formula).
    for alternative in gt.alternatives:
        other = _decide_forms(alternative, pred, ctx)
        if other.score > result.score:
            result = dataclasses.replace(
                other,
                reason=f"{other.reason}; compared with another side of the ground truth's chain",
            )
    if result.score < 100.0 and config.dialect.reads_forms:
        for other_reading in (_decide_unmarked, _decide_decimal_comma):
            reread = other_reading(gt, pred, ctx, budget)
            if reread is not None and reread.score > result.score:
                result = reread
    return result


def _decide_text(gt: Side, pred: Side, config: Config, timed_out: bool) -> Result | None:
    """A text answer (``\\text{The wave is circularly polarised}``) is compared as text: equal
    words (after case, spacing and final punctuation are folded) are equal answers. When the
    ground truth is text and the words differ, the pair is ``unsupported``: whether two
    sentences say the same thing is not decided here, and letters are no expression tree. A
    prediction in words against a ground truth that is not scores 0."""
    g, p = text_of(gt.expr, gt.latex), text_of(pred.expr, pred.latex)
    if g is None and p is None:
        return None
    g_words = g if g is not None else plain_words(gt.latex, config)
    p_words = p if p is not None else plain_words(pred.latex, config)
    if g_words is not None and g_words == p_words:
        return equivalent("the same text", config, method="text", timed_out=timed_out)
    if g is not None:
        theirs = "is not text" if p_words is None else f"says {p_words[:60]!r}"
        return fail(
            Status.UNSUPPORTED,
            f"the ground truth is a text answer ({g[:60]!r}) and the prediction {theirs}",
            config,
            method="prose",
            timed_out=timed_out,
        )
    assert p is not None
    return fail(
        Status.SCORED,
        f"the prediction answers in words ({p[:60]!r}); the ground truth is not text",
        config,
        method="prose",
        timed_out=timed_out,
    )


def _decide_unmarked(gt: Side, pred: Side, ctx: Context, budget: Budget) -> Result | None:
    """A ground truth that is one number with a degree or percent mark (``45^\\circ``,
    ``1.3\\%``) says what unit the question asks in: a prediction may give the number without
    the mark (``45``, ``1.3``), or with another unit of angle (``45\\text{ degrees}``). The
    mark is read as usual as well (``\\frac{\\pi}{4}``,
    ``0.013``). A prediction's own mark is always read: ``1.3\\%`` against a ground truth
    ``1.3`` is 0.013, not 1.3."""
    if gt.parts or pred.parts or not pred.ok:
        return None
    if pred.unit is None and _MARKED.search(pred.latex):
        return None  # the prediction writes a mark of its own (``5000\\%``, ``30'``): it is read
    tokens = physics.clean(gt.latex, ctx.config)
    if gt.name is not None:  # ``\\theta = 45^\\circ`` defines a name: its value is the answer
        levels = depths(tokens)
        signs = [i for i, t in enumerate(tokens) if levels[i] == 0 and is_char(t, "=")]
        tokens = tokens[signs[-1] + 1 :] if signs else tokens
    marked = physics.marked_number(tokens)
    if marked is None:
        return None
    bare = prepare(detokenize(marked[0]), ctx.config, budget)
    if not bare.ok:
        return None
    if pred.unit is not None:
        converted = units.convert(1.0, pred.unit, marked[1])
        if converted is None or converted.value is None:
            return None  # a unit of another kind (``30\\text{ degrees Fahrenheit}``, a time)
    # The number keeps its mark as a unit: a prediction with a unit of its own is converted
    # (``45\\text{ degrees}``, not ``45\\text{ rad}``), one without is compared as written.
    result = compare(dataclasses.replace(bare, unit=marked[1]), pred, ctx)
    return dataclasses.replace(
        result,
        reason=f"{result.reason}; compared with the ground truth's number without its mark",
    )


# Marks and units a prediction may write after its number: degrees, minutes, percent, words.
_MARKED = re.compile(r"%|\\circ|°|'|\\prime|percent|pct|\\text|\\mathrm|\\mbox|[A-Za-z]{2,}\s*$")

_DECIMAL_COMMA = re.compile(r"\$?\s*(?:\\boxed\{)?\s*([-+]?)(\d+),(\d+)\s*\}?\s*\$?")


def _decide_decimal_comma(gt: Side, pred: Side, ctx: Context, budget: Budget) -> Result | None:
    """A prediction written ``1000,99``, ``1,22`` or ``0,111`` (two digit runs joined by one
    comma, no space, which is no thousands grouping) against a ground truth that is one number:
    the comma is a decimal comma. A list of two numbers cannot answer one number, so only the
    decimal reading can be right. ``2, 5`` (a space) is a list, ``1,220`` is 1220, and the
    ground truth's own comma is not reinterpreted: ``1,22`` may list two answers."""
    if gt.parts or not gt.ok or real_number(gt.expr) is None:
        return None
    match = _DECIMAL_COMMA.fullmatch(pred.latex.strip())
    if match is None:
        return None
    sign, whole, fraction = match.groups()
    if len(fraction) == 3 and len(whole) <= 3 and whole != "0":
        return None  # a thousands grouping, read as such
    decimal = prepare(f"{sign}{whole}.{fraction}", ctx.config, budget)
    if not decimal.ok:
        return None
    result = compare(gt, decimal, ctx)
    return dataclasses.replace(
        result, reason=f"{result.reason}; the prediction's comma read as a decimal comma"
    )


def _decide_option(gt: Side, pred: Side, config: Config) -> Result | None:
    """Multiple choice: when both answers name an option and one of them is written as a
    label (``(b)``, ``b) the wave function is unchanged``), the letters decide. Two bare
    letters are symbols (``c`` is not ``C``)."""
    g, p = gt.option, pred.option
    if g is None or p is None or not (g.labelled or p.labelled) or forced_form(config) is not None:
        return None
    same = g.letter == p.letter
    return Result(
        score=100.0 if same else 0.0,
        status=Status.EQUIVALENT if same else Status.SCORED,
        reason=f"multiple choice: option ({p.letter}) against ({g.letter})",
        distance=0.0 if same else None,
        relative_distance=0.0 if same else None,
        method="option",
        signature=signature_of(config),
    )


def _decide_forms(gt: Side, pred: Side, ctx: Context) -> Result:
    """Pick the comparison the answers' forms call for."""
    sets = compare_reals(gt, pred, ctx)
    if sets is not None and sets.same:
        return sets.result(ctx)
    result = _decide_general(gt, pred, ctx)
    return result if sets is None else capped(result, sets.reason)


def _decide_general(gt: Side, pred: Side, ctx: Context) -> Result:
    named = named_pairs(gt, pred, ctx.config)
    if named is not None:
        return decide_named(gt, pred, named, ctx)
    if gt.parts or pred.parts:
        return decide_parts(gt, pred, ctx)
    return compare(gt, pred, ctx)


def compare(gt: Side, pred: Side, ctx: Context) -> Result:
    """Two elements, each a value, a definition (``v = ...``) or a stated relation (see
    `_compare`). Two chains whose other sides differentiate one quantity in other ways
    (``C_v = N_A \\frac{\\partial E}{\\partial T} = X`` and the same with
    ``\\partial^2 E/\\partial T^2``) say that the value is of different quantities: they
    keep at most part of the score, however equal their values; so do two elements related to
    words in different ways (``E > \\text{Lamb shift}`` and ``E \\geq \\text{Lamb shift}``),
    as the words are not read."""
    result = _compare(gt, pred, ctx)
    if _other_derivatives(gt.derivatives, pred.derivatives):
        return capped(result, "the chains write other derivatives beside their values")
    if gt.worded != pred.worded:
        return capped(result, "the answers relate their values to words in different ways")
    return result


def _other_derivatives(gt: tuple[Any, ...], pred: tuple[Any, ...]) -> bool:
    """Whether two chains differentiate the same quantity in other ways (``\\partial^2
    E/\\partial T^2`` beside ``\\partial E/\\partial T``) and share no derivative. A
    derivative of another quantity (``\\partial U/\\partial T``) is a renaming, allowed as
    names are."""
    if not gt or not pred or set(gt) & set(pred):
        return False
    return bool({_quantity(d) for d in gt} & {_quantity(d) for d in pred})


def _quantity(derivative: Any) -> Any:
    """What a derivative differentiates, whatever it is taken with respect to: ``E`` of
    ``\\partial E(T)/\\partial T``, read as the function ``E(T)``."""
    expr = derivative.expr
    return expr.func if isinstance(expr, AppliedUndef) else expr


def _compare(gt: Side, pred: Side, ctx: Context) -> Result:
    """Two elements, each a value, a definition (``v = ...``) or a stated relation.

    - When the ground truth states a relation, the prediction must state the same one; a bare
      value keeps at most `PARTIAL_CAP`.
    - When the ground truth is a value, a prediction stating a relation keeps at most
      `PARTIAL_CAP`, unless it is an equation that states the ground truth's definition
      (``g_g - g_l = 0`` for ``g_l = g_g``).
    - A definition is compared by its value, whatever name the prediction gives it (models
      often name a quantity their own way, ``r`` for the ground truth's ``a_0``); a
      prediction that defines a name as itself (``v = v``) states nothing.
    """
    if not (gt.ok and pred.ok):
        return ctx.single(gt, pred)
    forced = forced_form(ctx.config)
    wanted = statement(gt, ctx) if gt.ops or (forced is not None and forced.relation) else None
    if wanted is not None:
        stated = statement(pred, ctx)
        if stated is not None:
            return decide_statements(wanted, stated, ctx)
        bare = [ctx.single(c, pred) for c in wanted.conjuncts] + [ctx.single(gt, pred)]
        best = max(bare, key=lambda r: r.score)
        return capped(best, "the ground truth states a relation; the prediction a value")
    if states_nothing(pred):
        return tautology(ctx)
    if pred.ops:
        result = capped(
            ctx.single(gt, pred), "the prediction states a relation; the ground truth a value"
        )
        mine = statement(gt, ctx) if all(op == "=" for op in pred.ops) else None
        if mine is not None:
            whole = decide_statements(mine, pred, ctx)
            if whole.score > result.score:
                result = whole
        return result
    if names_differ_materially(gt, pred):
        # dP/dΩ and d²P/dΩ² are different quantities: the whole equations are compared, or,
        # where a name could not be read, the value keeps at most part of the score.
        mine, theirs = statement(gt, ctx), statement(pred, ctx)
        if mine is not None and theirs is not None:
            return decide_statements(mine, theirs, ctx)
        return capped(ctx.single(gt, pred), f"the prediction defines {pred.name}")
    bound = with_bound_variables(gt, pred, ctx)
    if bound is not None:
        result = ctx.single(*bound)
        return dataclasses.replace(
            result, reason=f"{result.reason}; the functions' variables renamed alike"
        )
    return ctx.single(gt, pred)


def _proportionality_differs(gt: Side, pred: Side) -> str | None:
    """Why the two answers do not state the same kind of relation, or None when they do.
    ``E \\propto m c^2`` states less than ``E = m c^2``: a prediction that only states a
    proportionality does not answer an equality, and one that names its value with an equality
    does not answer a proportionality. A bare value states no relation and answers, or is
    answered by, either (``x^2`` for ``F \\propto x^2``: how F depends on x)."""
    gt_parts, pred_parts = gt.parts or (gt,), pred.parts or (pred,)
    gt_count = sum(p.proportional is True for p in gt_parts)
    pred_count = sum(p.proportional is True for p in pred_parts)
    if pred_count > gt_count and any(_equality(p) for p in gt_parts):
        return (
            "the prediction states only a proportionality where the ground truth states an equality"
        )
    if gt_count > pred_count and any(_equality(p) for p in pred_parts):
        return "the prediction states an equality; the ground truth a proportionality"
    return None


def _same_proportionality(gt: Side, pred: Side, ctx: Context) -> bool:
    """Two proportionalities whose values differ by a positive number (``F \\propto 3x^2`` for
    ``F \\propto x^2``): a proportionality says nothing of a number factor. A factor with a
    symbol (``m x^2``) or a negative one (a restoring ``-x``) is another statement."""
    if gt.proportional is not True or pred.proportional is not True or gt.parts or pred.parts:
        return False
    if not (gt.ok and pred.ok) or names_differ_materially(gt, pred):
        return False
    # Only the values may differ: what else the answers state (a unit, links to words or to
    # other relations, a chain's derivatives) keeps its own check and cap.
    stated = ("unit", "worded", "ops", "derivatives", "related_words", "prose")
    if any(getattr(gt, f) != getattr(pred, f) for f in stated):
        return False
    if not (_only_proportional(gt.latex) and _only_proportional(pred.latex)):
        return False  # ``F \\propto x^2 \\gg 1``: the reading keeps one side of the chain
    ratio = constant_ratio(gt, pred, ctx)
    # A ratio of 1 is equal values: a score below 100 then comes from another check.
    return ratio is not None and ratio > 0 and ratio != 1.0


def _alternatives_differ(gt: Side, pred: Side) -> bool:
    """One condition's links are alternatives (``or``), the other's all hold. Points are
    exempt: ``at x = 0 and x = L`` says the same as ``at x = 0 or x = L``."""
    return gt.either is not pred.either and set(gt.ops + pred.ops) != {"="}


def _only_proportional(latex: str) -> bool:
    """One element, ``name \\propto value`` and nothing more."""
    try:
        found = physics.elements(latex)
    except (ParseError, ValueError, TypeError, RecursionError):
        return False
    return len(found) == 1 and found[0].only_proportional


def _equality(side: Side) -> bool:
    """A value named with an equality (``E = m c^2``): no bare value, no ``\\sim``."""
    return side.name is not None and side.proportional is False
