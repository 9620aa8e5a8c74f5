"""What every comparison of one pair shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..budget import Budget
from ..config import Config
from ..result import Result
from .side import Side

__all__ = ["Context", "SingleDecider"]


SingleDecider = Callable[[Side, Side], Result]


@dataclass(frozen=True)
class Context:
    """What every comparison of one pair shares."""

    config: Config
    budget: Budget
    single: SingleDecider  # two single expressions
    # Two elements of any form; a function of the context, so that compound forms can compare
    # their elements without importing the code that picks the comparison.
    compare_with: Callable[[Side, Side, Context], Result]

    def compare(self, gt: Side, pred: Side) -> Result:
        return self.compare_with(gt, pred, self)
