"""What a score is: a frozen Result with a status and a reason."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any

__all__ = ["Result", "Status"]


class Status(str, Enum):
    """How a pair was decided."""

    EQUIVALENT = "equivalent"  # score 100
    SCORED = "scored"  # a tree distance was computed
    GT_PARSE_ERROR = "gt_parse_error"
    PRED_PARSE_ERROR = "pred_parse_error"
    UNSUPPORTED = "unsupported"  # integrals, sums, relations, sets, matrices...
    EMPTY = "empty"  # an empty or blank answer
    TOO_LONG = "too_long"  # the official length guard fired
    TIMEOUT = "timeout"  # the pair's whole budget ran out
    ERROR = "error"  # SymPy or a worker failed
    INVALID_INPUT = "invalid_input"  # a batch item that is not a str

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Result:
    """The score of one (ground truth, prediction) pair, with what decided it.

    ``method`` names the step that decided: ``identical`` (same string), ``simplify``
    (structurally equal after simplify, or a zero difference), ``equals`` (SymPy's ``equals``),
    ``tree`` (identical trees), ``distance`` (a partial score), ``distance_unchecked`` (a partial
    score given without the equivalence check, whose time ran out), ``numeric`` (equal at random
    points, or numbers within a tolerance tier), ``elements`` (the mean over the elements of a
    list, set or interval), ``units`` (numbers whose units measure different things),
    ``option`` (multiple-choice letters), or a guard such as ``guard_sum``.
    """

    score: float
    status: Status
    reason: str | None = None
    distance: float | None = None
    relative_distance: float | None = None
    gt_size: float | None = None
    pred_size: float | None = None
    timed_out: bool = False
    method: str | None = None
    signature: str = ""

    @property
    def ok(self) -> bool:
        """True when the pair was read and scored (equivalent or a partial score)."""
        return self.status in (Status.EQUIVALENT, Status.SCORED)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["status"] = self.status.value
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Result:
        fields = dict(d)
        fields["status"] = Status(fields["status"])
        return cls(**{k: fields[k] for k in cls.__dataclass_fields__ if k in fields})

    def as_official_tuple(self) -> tuple[float, float, float, float]:
        """``(score, relative_distance, gt_size, distance)`` with the official -1 conventions."""
        if self.status is Status.EQUIVALENT:
            if self.method == "identical":
                return (100.0, 0.0, -1.0, 0.0)
            if self.method == "tree":
                return (100.0, 0.0, float(self.gt_size or 0.0), 0.0)
            return (100.0, 0.0, 0.0, 0.0)
        if self.status is Status.SCORED:  # "distance" or "distance_unchecked"
            assert self.distance is not None and self.gt_size is not None
            return (self.score, float(self.relative_distance or 0.0), self.gt_size, self.distance)
        if self.method == "guard_sum":
            return (0.0, -1.0, -1.0, 1.0)
        return (0.0, -1.0, -1.0, -1.0)
