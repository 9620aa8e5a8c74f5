"""How a Result becomes a reward: the shapes every trainer adapter shares."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from ..result import Result, Status

__all__ = ["SHAPES", "Shape", "check_shape", "gold_failed", "reward_value", "trl_columns"]

Shape = Literal["eed", "scaled", "binary"]
SHAPES: tuple[Shape, ...] = ("eed", "scaled", "binary")


def check_shape(shape: str) -> Shape:
    """``shape`` if it names a shape, else ValueError."""
    for known in SHAPES:
        if shape == known:
            return known
    raise ValueError(f"shape must be one of {', '.join(SHAPES)}, not {shape!r}")


def gold_failed(r: Result) -> bool:
    """Whether the ground truth itself could not be scored against: a trainer should not learn
    from such an item, whatever the completion says."""
    if r.status is Status.GT_PARSE_ERROR:
        return True
    return r.status is Status.EMPTY and bool(r.reason) and "ground truth" in (r.reason or "")


def reward_value(r: Result, shape: Shape) -> float:
    """The reward for a scored pair, in the given shape (the caller handles `gold_failed`)."""
    if shape == "binary":
        return 1.0 if r.status is Status.EQUIVALENT else 0.0
    if shape == "scaled":
        return r.score / 100.0
    return r.score


def trl_columns(
    owner: str,
    completions: Sequence[Any] | None,
    solution: Sequence[str] | None,
    kwargs: Mapping[str, Any],
    solution_key: str,
) -> tuple[Sequence[Any], Sequence[str]]:
    """The completions and gold answers of a TRL reward call (the gold answers may come as the
    dataset column ``solution_key``), checked to be there and of one length."""
    if completions is None:
        raise TypeError(f"{owner} needs completions=")
    if solution is None:
        solution = kwargs.get(solution_key)
    if solution is None:
        raise TypeError(f"{owner} needs solution= (or the {solution_key!r} column)")
    if len(solution) != len(completions):
        raise ValueError(f"{len(completions)} completions but {len(solution)} solutions")
    return completions, solution
