"""Typed errors raised by the lower-level stages. `eed.score` never raises them: it turns each
into a Result with a status and a reason."""

from __future__ import annotations

__all__ = [
    "BudgetExceeded",
    "EEDError",
    "ParseError",
    "SimplifyError",
    "UnsupportedError",
    "describe",
]


class EEDError(Exception):
    """Base class of every error this library raises on purpose."""


class ParseError(EEDError, ValueError):
    """LaTeX could not be read. Carries the input and the reason."""

    def __init__(self, latex: str, reason: str) -> None:
        super().__init__(f"cannot parse LaTeX: {reason}")
        self.latex = latex
        self.reason = reason


class UnsupportedError(EEDError, ValueError):
    """The input holds a construct EED cannot score (integrals, sums, relations, sets...)."""

    def __init__(self, reason: str, latex: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.latex = latex


class SimplifyError(EEDError):
    """SymPy failed while canonicalising or comparing expressions."""


class BudgetExceeded(BaseException):
    """A stage ran out of its time budget.

    A BaseException, so that SymPy's broad ``except Exception`` clauses cannot swallow it.
    """

    def __init__(self, stage: str, seconds: float) -> None:
        super().__init__(f"{stage} exceeded its {seconds:g} s budget")
        self.stage = stage
        self.seconds = seconds


def describe(exc: BaseException) -> str:
    """``Type: first line of the message``, for one-line reasons."""
    lines = str(exc).strip().splitlines()
    head = lines[0] if lines else ""
    return f"{type(exc).__name__}: {head}" if head else type(exc).__name__
