"""One pair, start to finish: the orchestrator.

The steps are the same on every path: `screen` the raw input (its type, then the guards on the
prediction's `answer_text`, which it returns), `prepare` each answer, `decide`.
`run_pair` runs them in this process, in order; `eed.score`, `score_many` and the CLI run the
same steps through the batch engine, which prepares each distinct answer once and bounds every
step by a process; `explain` runs `run_pair` in a worker and keeps the prepared answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..budget import AlarmBudget, Budget
from ..config import Config
from ..distance import fast_distance
from ..result import Result
from .decide import decide
from .expressions import DistanceFn
from .guards import screen
from .side import Side, prepare

__all__ = ["PairRun", "needs_prediction", "run_pair", "score_pair"]


@dataclass(frozen=True)
class PairRun:
    """The Result of one pair, the prediction's text as it was read, and the prepared answers
    it was decided from (None when a check before parsing decided it, or when the prediction
    was not needed)."""

    result: Result
    pred_text: str = ""
    gt: Side | None = None
    pred: Side | None = None


def needs_prediction(gt: Side) -> bool:
    """Whether the prediction must be read: the official order lets a ground truth that cannot
    be parsed decide the pair alone."""
    return gt.error_kind != "parse"


def run_pair(
    gt: object,
    pred: object,
    config: Config,
    budget: Budget | None = None,
    *,
    distance_fn: DistanceFn = fast_distance,
) -> PairRun:
    """Score one pair in this process, keeping its prepared answers."""
    text, early = screen(gt, pred, config)
    if early is not None:
        return PairRun(early, text)
    assert isinstance(gt, str)
    budget = budget or AlarmBudget()
    gt_side = prepare(gt, config, budget)
    if not needs_prediction(gt_side):
        alone = decide(gt_side, Side(text), config, budget, distance_fn=distance_fn)
        return PairRun(alone, text, gt_side)
    pred_side = prepare(text, config, budget)
    result = decide(gt_side, pred_side, config, budget, distance_fn=distance_fn)
    return PairRun(result, text, gt_side, pred_side)


def score_pair(
    gt: object,
    pred: object,
    config: Config,
    budget: Budget | None = None,
    *,
    distance_fn: DistanceFn = fast_distance,
) -> Result:
    """The Result of `run_pair`: the plain path, with no cache and no process isolation."""
    return run_pair(gt, pred, config, budget, distance_fn=distance_fn).result
