"""The pure pipeline: one pair, in-process, start to finish.

`prepare` reads and canonicalises one answer (the part worth caching: it depends on the string
and the config only). `decide` takes two prepared sides to a Result. `score_pair` runs the
official guards and then both. Nothing here raises on bad input: every failure becomes a Result
with a status and a reason.
"""

from __future__ import annotations

import cmath
import dataclasses
import functools
import itertools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import sympy

from . import units
from .answers import UNREAD_NAME_PREFIX, Answer, Option, option, read_answer
from .budget import AlarmBudget, Budget
from .canonical import (
    Verdict,
    canonicalize,
    clearly_differ,
    equivalence,
    numerically_identical,
    sample_values,
)
from .config import Config
from .distance import FlatTree, fast_distance, flatten
from .errors import BudgetExceeded, ParseError, SimplifyError, UnsupportedError
from .latex import physics
from .latex.surface import surface_key
from .result import Result, Status
from .tree import tree_of

__all__ = [
    "Side",
    "check_inputs",
    "decide",
    "guards",
    "needs_equivalence_check",
    "prepare",
    "score_from_distance",
    "score_pair",
]

logger = logging.getLogger(__name__)

DistanceFn = Callable[[FlatTree, FlatTree, Config], float]


@dataclass(frozen=True)
class Side:
    """One answer (or one part of one), read and canonicalised.

    Exactly one of ``expr`` and ``error`` is set. Every field is stored by the persistent cache
    (`eed.cache`), which derives what it stores from these fields: ``flat`` is marked
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
    name: Any = None  # the name the answer's equation defines (``v`` in ``v = 3``)
    equation_expr: Any = None  # lhs - rhs of ``name = value``, prepared only when needed
    unit: str | None = None  # the unit written after its number
    alternatives: tuple[Side, ...] = ()  # other sides of an equality chain
    option: Option | None = None  # the multiple-choice option the answer names
    # A relation that is the answer (``a + 3z = 0``, ``x > 0``): each link ``expr OP 0``.
    conjuncts: tuple[Side, ...] = ()
    ops: tuple[str, ...] = ()
    prose: str | None = None  # claims made in words (``eed.answers.prose``)
    condition: Side | None = None  # where the answer holds, as a stated relation

    @property
    def ok(self) -> bool:
        return self.error_kind is None and self.expr is not None


@lru_cache(maxsize=64)
def _signature(config: Config) -> str:
    return config.signature()


def prepare(latex: str, config: Config, budget: Budget | None = None) -> Side:
    """Parse and canonicalise one answer; failures are recorded, not raised."""
    start = time.perf_counter()
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
            links = tuple(_prepare_expr(latex, e, config, budget) for e in answer.condition.exprs)
        except SimplifyError:
            links = ()
        if links:
            condition = Side(latex, sympy.S.Zero, conjuncts=links, ops=answer.condition.ops)
    return dataclasses.replace(side, prose=answer.prose, condition=condition)


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
    )


def _nth(values: tuple[Any, ...], i: int) -> Any:
    return values[i] if i < len(values) else None


def _prepare_element(latex: str, answer: Answer, i: int, config: Config, budget: Budget) -> Side:
    """Part ``i`` of an answer with what it states: its value, the name it defines, its unit,
    the relation that is the answer, the other sides of its chain."""
    expr = answer.parts[i]
    if expr == physics.UNREADABLE:
        name = _nth(answer.names, i)
        return Side(latex, error="this element cannot be read", error_kind="parse", name=name)
    side = dataclasses.replace(
        _prepare_expr(latex, expr, config, budget),
        name=_nth(answer.names, i),
        unit=_nth(answer.units, i),
        equation_expr=_nth(answer.equations, i),
    )
    statement = _nth(answer.statements, i)
    if statement is not None:
        conjuncts = tuple(_prepare_expr(latex, e, config, budget) for e in statement.exprs)
        side = dataclasses.replace(side, conjuncts=conjuncts, ops=statement.ops)
    if answer.alternatives and answer.kind == "expression":
        alternatives = tuple(
            dataclasses.replace(_prepare_expr(latex, e, config, budget), unit=unit)
            for e, unit in answer.alternatives
        )
        side = dataclasses.replace(side, alternatives=alternatives)
    return side


def _negated(side: Side, config: Config) -> Side:
    """The side of ``-expr``, from a prepared side of ``expr`` (no second simplify)."""
    expr = -side.expr
    flat, _ = flat_tree(expr, config)
    values = None if side.values is None else tuple(None if v is None else -v for v in side.values)
    return dataclasses.replace(side, expr=expr, flat=flat, values=values)


def _prepare_expr(latex: str, expr: Any, config: Config, budget: Budget) -> Side:
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


def score_from_distance(distance: float, gt_size: float, config: Config) -> float:
    """The official score: 100 for d = 0, else max(0, initial - slope * d / size)."""
    if distance == 0.0:
        return 100.0
    # Same operation order as the official code, for bit-identical floats.
    return float(max(0.0, config.initial_score - config.scoring_slope * distance / gt_size))


def _fail(
    status: Status,
    reason: str,
    config: Config,
    *,
    timed_out: bool = False,
    method: str | None = None,
) -> Result:
    return Result(
        score=0.0,
        status=status,
        reason=reason,
        timed_out=timed_out,
        method=method,
        signature=_signature(config),
    )


def _equivalent(
    reason: str, config: Config, *, method: str | None, timed_out: bool = False, **sizes: float
) -> Result:
    """A 100: the two answers are the same answer."""
    return Result(
        score=100.0,
        status=Status.EQUIVALENT,
        reason=reason,
        distance=0.0,
        relative_distance=0.0,
        timed_out=timed_out,
        method=method,
        signature=_signature(config),
        **sizes,
    )


def guards(gt: str, pred: str, config: Config) -> Result | None:
    """The checks that run on the raw strings, before any parsing."""
    if not pred.strip():
        return _fail(Status.EMPTY, "the prediction is empty", config)
    if not gt.strip():
        return _fail(Status.EMPTY, "the ground truth is empty", config)
    if "\x00" in gt:
        return _fail(Status.GT_PARSE_ERROR, "the ground truth contains a NUL character", config)
    if "\x00" in pred:
        return _fail(Status.PRED_PARSE_ERROR, "the prediction contains a NUL character", config)
    if config.reject_int_sum:
        if "\\int" in pred or "\\int" in gt:
            side = "prediction" if "\\int" in pred else "ground truth"
            return _fail(
                Status.UNSUPPORTED, f"the {side} contains \\int", config, method="guard_int"
            )
        if "\\sum" in pred or "\\sum" in gt:
            side = "prediction" if "\\sum" in pred else "ground truth"
            return _fail(
                Status.UNSUPPORTED, f"the {side} contains \\sum", config, method="guard_sum"
            )
    if gt == pred:
        return _equivalent("the two strings are identical", config, method="identical")
    if config.dialect.typography_blind and surface_key(gt) == surface_key(pred):
        return _equivalent(
            "the two answers differ in typography only (delimiters, \\boxed, \\dfrac)",
            config,
            method="identical",
        )
    if config.length_guard is not None and len(pred) > config.length_guard * len(gt):
        return _fail(
            Status.TOO_LONG,
            f"the prediction is {len(pred)} characters, more than "
            f"{config.length_guard:g}x the ground truth's {len(gt)}",
            config,
            method="guard_length",
        )
    return None


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
            return _fail(status, f"cannot parse the {who}: {side.error}", config)
        if side.error_kind == "timeout":
            return _fail(Status.TIMEOUT, f"{who}: {side.error}", config, timed_out=True)
    for side, who in ((gt, "ground truth"), (pred, "prediction")):
        if side.error_kind is not None:
            return _fail(Status.ERROR, f"{who}: {side.error}", config, timed_out=timed_out)
    if gt.prose and pred.prose and gt.prose != pred.prose:
        # Both answers make claims in words ("violates lepton number"): the words are part of
        # the answer, and equal formulas around them do not make the claims equal.
        return _fail(
            Status.UNSUPPORTED,
            f"both answers state claims in words, and the words differ "
            f"({pred.prose[:60]!r} against {gt.prose[:60]!r})",
            config,
            method="prose",
            timed_out=timed_out,
        )
    single = functools.partial(
        _decide_single,
        config=config,
        budget=budget,
        skip_equivalence=skip_equivalence,
        distance_fn=distance_fn,
    )
    ctx = _Context(config, budget, single)
    result = _decide_forms(gt, pred, ctx)
    if gt.condition is not None and pred.condition is not None and result.score > 0:
        where = _decide_statements(gt.condition, pred.condition, ctx, ordered=True)
        if where.status is not Status.EQUIVALENT:
            result = _capped(result, "the prediction holds under another condition", ctx)
    # The other sides of the ground truth's equality chain state the same value: a prediction
    # may give any of them (the number where the ground truth also gives the formula).
    for alternative in gt.alternatives:
        other = _decide_forms(alternative, pred, ctx)
        if other.score > result.score:
            result = dataclasses.replace(
                other,
                reason=f"{other.reason}; compared with another side of the ground truth's chain",
            )
    return result


def _decide_option(gt: Side, pred: Side, config: Config) -> Result | None:
    """Multiple choice: when both answers name an option and one of them is written as a
    label (``(b)``, ``b) the wave function is unchanged``), the letters decide. Two bare
    letters are symbols (``c`` is not ``C``)."""
    g, p = gt.option, pred.option
    if g is None or p is None or not (g.labelled or p.labelled) or config.answer_type != "auto":
        return None
    same = g.letter == p.letter
    return Result(
        score=100.0 if same else 0.0,
        status=Status.EQUIVALENT if same else Status.SCORED,
        reason=f"multiple choice: option ({p.letter}) against ({g.letter})",
        distance=0.0 if same else None,
        relative_distance=0.0 if same else None,
        method="option",
        signature=_signature(config),
    )


SingleDecider = Callable[[Side, Side], Result]

# A prediction that gives a value where the ground truth states a relation (or the reverse)
# keeps at most this much: it names the quantity but not the answer.
PARTIAL_CAP = 50.0


@dataclass(frozen=True)
class _Context:
    """What every comparison of one pair shares."""

    config: Config
    budget: Budget
    single: SingleDecider


def _decide_forms(gt: Side, pred: Side, ctx: _Context) -> Result:
    """Pick the comparison the answers' forms call for."""
    named = _named_pairs(gt, pred, ctx.config)
    if named is not None:
        return _decide_named(gt, pred, named, ctx)
    if gt.parts or pred.parts:
        return _decide_parts(gt, pred, ctx)
    return _compare(gt, pred, ctx)


def _compare(gt: Side, pred: Side, ctx: _Context) -> Result:
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
    wanted = _statement(gt, ctx) if gt.ops or ctx.config.answer_type == "equation" else None
    if wanted is not None:
        stated = _statement(pred, ctx)
        if stated is not None:
            return _decide_statements(wanted, stated, ctx)
        bare = [ctx.single(c, pred) for c in wanted.conjuncts] + [ctx.single(gt, pred)]
        best = max(bare, key=lambda r: r.score)
        return _capped(best, "the ground truth states a relation; the prediction a value", ctx)
    if _states_nothing(pred):
        return _tautology(ctx)
    if pred.ops:
        result = _capped(
            ctx.single(gt, pred), "the prediction states a relation; the ground truth a value", ctx
        )
        mine = _statement(gt, ctx) if all(op == "=" for op in pred.ops) else None
        if mine is not None:
            whole = _decide_statements(mine, pred, ctx)
            if whole.score > result.score:
                result = whole
        return result
    if _names_differ_materially(gt, pred):
        # dP/dΩ and d²P/dΩ² are different quantities: the whole equations are compared, or,
        # where a name could not be read, the value keeps at most part of the score.
        mine, theirs = _statement(gt, ctx), _statement(pred, ctx)
        if mine is not None and theirs is not None:
            return _decide_statements(mine, theirs, ctx)
        return _capped(ctx.single(gt, pred), f"the prediction defines {pred.name}", ctx)
    return ctx.single(gt, pred)


def _states_nothing(side: Side) -> bool:
    """A tautology: a stated ``0 = 0`` link, or a name defined as itself (``v = v``)."""
    zero_link = any(
        op == "=" and _is_zero(c) for c, op in zip(side.conjuncts, side.ops, strict=True)
    )
    return zero_link or (side.equation_expr is not None and side.equation_expr == 0)


def _tautology(ctx: _Context) -> Result:
    return _fail(
        Status.SCORED,
        "the prediction states a tautology, not an answer",
        ctx.config,
        method="relation",
    )


def _names_differ_materially(gt: Side, pred: Side) -> bool:
    """Both answers define names, they differ, and a name is a derivative or could not be read
    (a renamed symbol, ``r`` for ``a_0``, does not count)."""
    g, p = gt.name, pred.name
    if g is None or p is None or g == p:
        return False
    return any(
        isinstance(n, sympy.Basic)
        and (n.has(sympy.Derivative) or str(n).startswith(UNREAD_NAME_PREFIX))
        for n in (g, p)
    )


def _capped(result: Result, why: str, ctx: _Context) -> Result:
    """``result`` kept below 100, at most `PARTIAL_CAP`, with the reason."""
    if result.score <= PARTIAL_CAP and result.status is not Status.EQUIVALENT:
        return dataclasses.replace(result, reason=f"{result.reason}; {why}")
    return dataclasses.replace(
        result,
        score=min(result.score, PARTIAL_CAP),
        status=Status.SCORED,
        reason=f"{why} (at most {PARTIAL_CAP:g}); {result.reason}",
        method="relation",
    )


def _statement(side: Side, ctx: _Context) -> Side | None:
    """The side as a stated relation: its own, or ``lhs - rhs = 0`` of its definition."""
    if side.ops:
        return side
    if side.equation_expr is None:
        return None
    try:
        eq = _prepare_expr(side.latex, side.equation_expr, ctx.config, ctx.budget)
    except SimplifyError:
        return None
    return dataclasses.replace(side, conjuncts=(eq,), ops=("=",))


def _is_zero(side: Side) -> bool:
    return side.ok and side.expr == 0


def _decide_statements(gt: Side, pred: Side, ctx: _Context, *, ordered: bool = False) -> Result:
    """Two stated relations: the same relation, link by link, in any order.

    A link ``a OP 0`` matches ``b OP 0`` when ``a = c b`` for a constant ``c``: nonzero for
    ``=`` and ``!=``, positive for inequalities (a negative ``c`` turns an inequality round).
    A strict and a non-strict inequality differ.
    """
    links = list(zip(gt.conjuncts, gt.ops, strict=True))
    theirs = list(zip(pred.conjuncts, pred.ops, strict=True))
    if any(op == "=" and _is_zero(c) for c, op in links):
        return _fail(Status.UNSUPPORTED, "the ground truth states a tautology", ctx.config)
    if _states_nothing(pred):
        return _tautology(ctx)
    if ordered:  # conditions of a cases environment belong to their rows
        chosen = [
            _compare_link(g, go, p, po, ctx)
            for (g, go), (p, po) in zip(links, theirs, strict=False)
        ]
        summary = f"conditions {len(links)} vs {len(theirs)}, in order"
        count = max(len(links), len(theirs))
        return _mean_of(chosen, count, summary, [], 100.0, gt, pred, ctx.config)
    table = [[_compare_link(g, go, p, po, ctx) for p, po in theirs] for g, go in links]
    if len(links) == 1 and len(theirs) == 1:
        return table[0][0]
    matching = _best_matching([[r.score for r in row] for row in table])
    chosen = [table[i][j] for i, j in matching]
    summary = f"relation of {len(links)} vs {len(theirs)} links, best matching"
    count = max(len(links), len(theirs))
    return _mean_of(chosen, count, summary, [], 100.0, gt, pred, ctx.config)


def _compare_link(g: Side, gop: str, p: Side, pop: str, ctx: _Context) -> Result:
    """One link of two relations (see `_decide_statements`)."""
    result = ctx.single(g, p)
    if result.status is not Status.EQUIVALENT and g.ok and p.ok:
        result = _scaled_link(g, gop, p, result, ctx)
    if gop != pop:
        return _capped(result, f"relation {_OP_TEXT[pop]} instead of {_OP_TEXT[gop]}", ctx)
    return result


def _scaled_link(g: Side, gop: str, p: Side, direct: Result, ctx: _Context) -> Result:
    """``g`` against ``c p`` for a constant ``c`` (``direct`` is the comparison with c = 1):
    equivalent when ``c`` is allowed for the relation, 0 when it turns an inequality round."""
    ordered = gop not in ("=", "!=")
    flipped = ctx.single(g, _negated(p, ctx.config))
    ratio = -1.0 if flipped.status is Status.EQUIVALENT else _constant_ratio(g, p, ctx)
    timed_out = direct.timed_out or flipped.timed_out
    if ratio is None:
        return flipped if flipped.score > direct.score and not ordered else direct
    if ratio < 0 and ordered:
        return _fail(
            Status.SCORED,
            "the prediction's inequality points the other way",
            ctx.config,
            method="relation",
            timed_out=timed_out,
        )
    scaled = "the same up to a sign" if ratio == -1.0 else f"the same up to {ratio:.4g}x"
    return _equivalent(
        f"equivalent relations ({scaled})", ctx.config, method="relation", timed_out=timed_out
    )


_OP_TEXT = {"=": "=", "!=": "≠", ">": ">", ">=": "≥", ">>": "≫", ">~": "≳"}


def _constant_ratio(g: Side, p: Side, ctx: _Context) -> float | None:
    """The constant ``c`` with ``g = c p``, or None when there is none (or it is not found in
    the equivalence budget)."""
    if _is_zero(p) or _is_zero(g):
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
    value = _real_number(ratio)
    return value if value is not None and value != 0.0 else None


def _decide_single(
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
        return _fail(Status.SCORED, f"the {who}'s element cannot be read", config)
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
    )
    if unit_note:
        result = dataclasses.replace(result, reason=f"{result.reason}; {unit_note}")
    return result


def _convert_units(
    gt: Side, pred: Side, config: Config, budget: Budget
) -> tuple[Side, Side, str] | Result | None:
    """Two numbers with units: both in the ground truth's unit (with a note), a zero Result
    when the units measure different things, or None to compare as written.

    Temperatures are compared in kelvin: a relative tolerance means nothing on a scale with an
    offset zero (0 °C against 273 K), and either order gives the same verdict."""
    if gt.unit is None or pred.unit is None:
        return None
    g, p = _real_number(gt.expr), _real_number(pred.expr)
    if g is None or p is None:
        return None
    kg, kp = units.in_kelvin(g, gt.unit), units.in_kelvin(p, pred.unit)
    if kg is not None and kp is not None:
        if kg == g and kp == p:
            return None
        gside = dataclasses.replace(
            _prepare_expr(gt.latex, sympy.Float(kg, 15), config, budget), unit="K", name=gt.name
        )
        pside = dataclasses.replace(
            _prepare_expr(pred.latex, sympy.Float(kp, 15), config, budget),
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
            signature=_signature(config),
        )
    if conversion.value == p:
        return None
    value = sympy.Float(conversion.value, 15)
    side = dataclasses.replace(
        _prepare_expr(pred.latex, value, config, budget), unit=gt.unit, name=pred.name
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
        return _equivalent("identical readings", config, method="simplify", timed_out=timed_out)
    who, expr = odd[0]
    return _fail(
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
            return _fail(
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
        return _fail(Status.ERROR, str(exc), config, timed_out=timed_out)
    timed_out = timed_out or verdict.timed_out
    if (
        not verdict.equivalent
        and config.numeric_equivalence
        and numerically_identical(gt.values, pred.values)
    ):
        verdict = Verdict(True, "numeric", verdict.timed_out)
    if verdict.equivalent:
        how = {
            "simplify": "structurally equal or a zero difference",
            "equals": "SymPy equals",
            "numeric": f"equal to 20 digits at {config.screening_points} random points",
        }[verdict.method or "simplify"]
        return _equivalent(
            f"equivalent ({how})", config, method=verdict.method, timed_out=timed_out
        )
    numeric = _numeric_tier(gt.expr, pred.expr, config, timed_out)
    if numeric is not None:
        return numeric
    for side, who in ((gt, "ground truth"), (pred, "prediction")):
        if side.flat is None:
            return _fail(
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
        return _equivalent(
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
        signature=_signature(config),
    )


def _numeric_tier(gt: Any, pred: Any, config: Config, timed_out: bool) -> Result | None:
    """Numbers within a relative tolerance score by tier, when the config has tiers."""
    tiers = config.numeric_tiers
    if not tiers or config.answer_type not in ("auto", "number"):
        return None
    g, p = _real_number(gt), _real_number(pred)
    if g is None or p is None or g == 0.0:
        return None
    # Relative to the larger magnitude, so that swapping the two never changes the tier.
    error = abs(p - g) / max(abs(g), abs(p))
    # Two different integers are two different counts, not one value rounded two ways.
    exact = isinstance(gt, sympy.Integer) and isinstance(pred, sympy.Integer) and gt != pred
    for bound, score in tiers:
        if exact and score >= 100.0:
            continue
        if error <= bound:
            status = Status.EQUIVALENT if score >= 100.0 else Status.SCORED
            return Result(
                score=float(min(score, 100.0)),
                status=status,
                reason=f"numbers {p:.6g} and {g:.6g} differ by {100 * error:.3g}% "
                f"(within {100 * bound:g}%: {score:g})",
                timed_out=timed_out,
                method="numeric",
                signature=_signature(config),
            )
    return None


def _real_number(expr: Any) -> float | None:
    if not isinstance(expr, sympy.Expr) or not expr.is_number:
        return None
    try:
        value = complex(expr.evalf(30))
    except (TypeError, ValueError, OverflowError):
        return None
    if value.imag != 0.0 or not cmath.isfinite(value):
        return None
    return value.real


def _brackets(side: Side) -> str | None:
    """How an answer's outer brackets read: an interval's own, "()" for a tuple written in
    parentheses, "{}" for a set written in braces, None for a bare list."""
    if side.kind == "interval":
        return side.brackets
    return side.brackets if side.parts else None


def _decide_parts(gt: Side, pred: Side, ctx: _Context) -> Result:
    """Tuples, sets and intervals: the mean of per-element scores.

    Tuples and intervals compare in order; sets (and any pair where the answer type is "set")
    by the best one-to-one matching. Missing or extra elements score 0: the mean runs over the
    larger count. When either answer is an interval and the two are written with different
    brackets (``(0, 9)`` and ``[0, 9)``), or one is a set in braces and the other a tuple in
    parentheses (``\\{1, 2\\}`` and ``(1, 2)``), the answer keeps at most half.
    """
    config = ctx.config
    gparts, pparts = gt.parts or (gt,), pred.parts or (pred,)
    unordered = config.answer_type == "set" or (
        config.answer_type == "auto" and "set" in (gt.kind, pred.kind)
    )
    if unordered:
        table = [[_compare(g, p, ctx) for p in pparts] for g in gparts]
        matching = _best_matching([[r.score for r in row] for row in table])
        chosen = [table[i][j] for i, j in matching]
    else:
        chosen = [_compare(g, p, ctx) for g, p in zip(gparts, pparts, strict=False)]
    notes = []
    cap = 100.0
    gb, pb = _brackets(gt), _brackets(pred)
    if "interval" in (gt.kind, pred.kind):
        clash = (gb or "()") != (pb or "()")
    else:  # a set in braces is not a tuple in parentheses; a bare list may be either
        clash = {gb, pb} == {"{}", "()"}
    if clash:
        cap = PARTIAL_CAP
        notes.append(f"brackets {pb or 'none'} instead of {gb or 'none'}")
    how = "best matching" if unordered else "in order"
    summary = f"{gt.kind} of {len(gparts)} vs {len(pparts)} elements, {how}"
    count = max(len(gparts), len(pparts))
    return _mean_of(chosen, count, summary, notes, cap, gt, pred, config)


def _named_pairs(gt: Side, pred: Side, config: Config) -> list[tuple[Side, Side | None]] | None:
    """Pair elements by the names their equations define, when both answers name them.

    Applies when one answer lists several elements, every ground-truth element defines a
    distinct name, the prediction's names are distinct, and at least one name is shared:
    ``B_z = ...`` against ``E_z = ..., B_z = ...`` compares the two ``B_z``.
    """
    if config.answer_type != "auto" or {"set", "interval"} & {gt.kind, pred.kind}:
        return None
    gparts, pparts = gt.parts or (gt,), pred.parts or (pred,)
    if len(gparts) == 1 and len(pparts) == 1:
        return None
    gnames = [g.name for g in gparts]
    pnames = [p.name for p in pparts if p.name is not None]
    if None in gnames or len(set(gnames)) != len(gnames) or len(set(pnames)) != len(pnames):
        return None
    by_name = {p.name: p for p in pparts if p.name is not None}
    if not any(n in by_name for n in gnames):
        return None
    return [(g, by_name.get(g.name)) for g in gparts]


def _decide_named(
    gt: Side,
    pred: Side,
    pairs: list[tuple[Side, Side | None]],
    ctx: _Context,
) -> Result:
    """The mean over the ground truth's named elements of the score of the prediction's element
    of the same name (0 when the prediction does not give it). Other quantities the prediction
    lists are not the question's and are not scored."""
    chosen = [_compare(g, p, ctx) for g, p in pairs if p is not None]
    missing = [str(g.name) for g, p in pairs if p is None]
    notes = [f"not given: {', '.join(missing)}"] if missing else []
    gcount, pcount = len(gt.parts or (gt,)), len(pred.parts or (pred,))
    summary = f"{gcount} vs {pcount} elements, matched by name"
    return _mean_of(chosen, len(pairs), summary, notes, 100.0, gt, pred, ctx.config)


def _mean_of(
    chosen: list[Result],
    count: int,
    summary: str,
    notes: list[str],
    cap: float,
    gt: Side,
    pred: Side,
    config: Config,
) -> Result:
    """One Result for several element comparisons: the mean over ``count`` (a missing element
    scores 0), at most ``cap``; equivalent only when every element is."""
    scores = [r.score for r in chosen] + [0.0] * (count - len(chosen))
    score = min(sum(scores) / count, cap)
    timed_out = any(r.timed_out for r in chosen) or gt.timed_out or pred.timed_out
    all_equal = score == 100.0 and all(r.status is Status.EQUIVALENT for r in chosen)
    dists = [r.distance for r in chosen if r.distance is not None]
    sizes = [r.gt_size for r in chosen if r.gt_size is not None]
    distance = float(sum(dists)) if dists else None
    size = float(sum(sizes)) if sizes else None
    listed = ", ".join(f"{x:.3g}" for x in scores)
    reason = f"{summary}: [{listed}] -> mean {score:.4g}"
    if notes:
        reason += "; " + "; ".join(notes)
    return Result(
        score=100.0 if all_equal else min(score, 99.999999),
        status=Status.EQUIVALENT if all_equal else Status.SCORED,
        reason=reason,
        distance=distance,
        relative_distance=distance / size if distance is not None and size else None,
        gt_size=size,
        pred_size=None,
        timed_out=timed_out,
        method="elements",
        signature=_signature(config),
    )


def _best_matching(scores: list[list[float]]) -> list[tuple[int, int]]:
    """The one-to-one matching of rows to columns with the largest total score."""
    rows, cols = len(scores), len(scores[0]) if scores else 0
    if rows == 0 or cols == 0:
        return []
    if max(rows, cols) > 7:  # brute force is factorial: take the greedy matching instead
        cells = sorted(
            ((scores[i][j], i, j) for i in range(rows) for j in range(cols)), reverse=True
        )
        used_rows: set[int] = set()
        used_cols: set[int] = set()
        greedy = []
        for _, i, j in cells:
            if i not in used_rows and j not in used_cols:
                used_rows.add(i)
                used_cols.add(j)
                greedy.append((i, j))
        return sorted(greedy)
    if rows <= cols:
        best = max(
            itertools.permutations(range(cols), rows),
            key=lambda perm: sum(scores[i][j] for i, j in enumerate(perm)),
        )
        return list(enumerate(best))
    flipped = _best_matching([list(col) for col in zip(*scores, strict=True)])
    return [(i, j) for j, i in flipped]


def check_inputs(gt: object, pred: object) -> None:
    """TypeError for anything but two strings."""
    for name, value in (("gt", gt), ("pred", pred)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str of LaTeX, not {type(value).__name__}")


def score_pair(
    gt: str,
    pred: str,
    config: Config,
    budget: Budget | None = None,
    *,
    distance_fn: DistanceFn = fast_distance,
) -> Result:
    """Score one pair in-process: guards, then prepare both sides, then decide.

    This is the plain path with no cache and no isolation; `eed.score` adds both.
    """
    check_inputs(gt, pred)
    early = guards(gt, pred, config)
    if early is not None:
        return early
    budget = budget or AlarmBudget()
    gt_side = prepare(gt, config, budget)
    if gt_side.error_kind == "parse":  # the official order: the GT's failure wins
        return decide(gt_side, Side(pred), config, budget, distance_fn=distance_fn)
    pred_side = prepare(pred, config, budget)
    return decide(gt_side, pred_side, config, budget, distance_fn=distance_fn)
