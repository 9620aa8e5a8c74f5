"""The pure pipeline: one pair, in-process, start to finish.

`prepare` reads and canonicalises one answer (the part worth caching: it depends on the string
and the config only). `decide` takes two prepared sides to a Result. `score_pair` runs the
official guards and then both. Nothing here raises on bad input: every failure becomes a Result
with a status and a reason.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .budget import AlarmBudget, Budget
from .canonical import Verdict, canonicalize, clearly_differ, equivalence, sample_values
from .config import Config
from .distance import FlatTree, fast_distance, flatten
from .errors import BudgetExceeded, ParseError, SimplifyError, UnsupportedError
from .latex import parse_latex
from .result import Result, Status
from .tree import to_tree

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
    """One answer, read and canonicalised. Exactly one of ``expr`` and ``error`` is set."""

    latex: str
    expr: Any = None
    error: str | None = None
    error_kind: str | None = None  # "parse", "simplify", "timeout"
    timed_out: bool = False
    flat: FlatTree | None = None
    tree_error: str | None = None
    values: tuple[complex | None, ...] | None = None  # screening samples
    seconds: float = 0.0  # time spent preparing, for per-pair deadlines

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
    return dataclasses.replace(side, seconds=time.perf_counter() - start)


def _prepare(latex: str, config: Config, budget: Budget) -> Side:
    try:
        parsed = budget.run("parse", config.parse_timeout, parse_latex, latex, config)
    except ParseError as exc:
        return Side(latex, error=exc.reason, error_kind="parse")
    except BudgetExceeded:
        return Side(
            latex,
            error=f"parsing ran out of its {config.parse_timeout:g} s budget",
            error_kind="timeout",
            timed_out=True,
        )
    try:
        canon = canonicalize(parsed, config, budget)
    except SimplifyError as exc:
        return Side(latex, error=str(exc), error_kind="simplify")
    flat: FlatTree | None = None
    tree_error: str | None = None
    try:
        flat = flatten(to_tree(canon.expr), config)
    except UnsupportedError as exc:
        tree_error = exc.reason
    values = sample_values(canon.expr, config, budget) if config.screening else None
    return Side(
        latex,
        canon.expr,
        timed_out=canon.timed_out,
        flat=flat,
        tree_error=tree_error,
        values=values,
    )


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
        return Result(
            score=100.0,
            status=Status.EQUIVALENT,
            reason="the two strings are identical",
            distance=0.0,
            relative_distance=0.0,
            method="identical",
            signature=_signature(config),
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
    if verdict.equivalent:
        how = (
            "structurally equal or a zero difference"
            if verdict.method == "simplify"
            else "SymPy equals"
        )
        return Result(
            score=100.0,
            status=Status.EQUIVALENT,
            reason=f"equivalent ({how})",
            distance=0.0,
            relative_distance=0.0,
            timed_out=timed_out,
            method=verdict.method,
            signature=_signature(config),
        )
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
        return Result(
            score=100.0,
            status=Status.EQUIVALENT,
            reason="identical expression trees",
            distance=0.0,
            relative_distance=0.0,
            gt_size=size,
            pred_size=pred.flat.size,
            timed_out=timed_out,
            method="tree",
            signature=_signature(config),
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
