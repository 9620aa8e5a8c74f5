"""Results that the deciders build: the official score mapping, failures, 100s, caps."""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from ..config import Config
from ..result import Result, Status

__all__ = ["PARTIAL_CAP", "capped", "equivalent", "fail", "score_from_distance", "signature_of"]

# A prediction that gives a value where the ground truth states a relation (or the reverse)
# keeps at most this much: it names the quantity but not the answer.


@lru_cache(maxsize=64)
def signature_of(config: Config) -> str:
    return config.signature()


def score_from_distance(distance: float, gt_size: float, config: Config) -> float:
    """The official score: 100 for d = 0, else max(0, initial - slope * d / size)."""
    if distance == 0.0:
        return 100.0
    # Same operation order as the official code, for bit-identical floats.
    return float(max(0.0, config.initial_score - config.scoring_slope * distance / gt_size))


def fail(
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
        signature=signature_of(config),
    )


def equivalent(
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
        signature=signature_of(config),
        **sizes,
    )


# A prediction that gives a value where the ground truth states a relation (or the reverse)
# keeps at most this much: it names the quantity but not the answer.
PARTIAL_CAP = 50.0


def capped(result: Result, why: str) -> Result:
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
