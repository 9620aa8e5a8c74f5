"""How a Result becomes a reward: the shapes every trainer adapter shares."""

from __future__ import annotations

from typing import Literal

from ..result import Result, Status

__all__ = ["SHAPES", "Shape", "check_shape", "gold_failed", "reward_value"]

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
