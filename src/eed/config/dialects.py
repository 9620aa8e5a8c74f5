"""Dialects: how answers are read, as objects whose fields say what each reading does.

A dialect is chosen by a profile. Code that behaves differently by dialect asks the dialect
object a question (``config.dialect.reads_forms``); it never compares names. The latex layer
keeps the reader of each dialect in its own registry (`eed.latex.readers`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["DIALECTS", "OFFICIAL", "PHYSICS", "Dialect", "dialect_named"]


@dataclass(frozen=True)
class Dialect:
    """What a way of reading answers does, beyond turning LaTeX into SymPy."""

    name: str
    # Reads answer forms (tuples, sets, intervals, relations, conditions, multiple-choice
    # labels, claims in words). Otherwise every answer is one expression.
    reads_forms: bool
    # Derivatives are nodes of their own in the expression tree.
    derivative_nodes: bool
    # Answers that differ in typography only (outer delimiters, one \boxed) are the same.
    typography_blind: bool
    # Undefined values (0/0) and non-expressions never equal anything.
    rejects_undefined: bool
    # How many times one answer may be canonicalised (an equation's lhs - rhs as well).
    canonical_rounds: int
    # Config fields that only this dialect reads: they are in the signature only here.
    switches: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.name


# The official scorer's reading (`eed.latex.legacy`): one expression, official quirks included.
OFFICIAL = Dialect(
    "phybench",
    reads_forms=False,
    derivative_nodes=False,
    typography_blind=False,
    rejects_undefined=False,
    canonical_rounds=1,
)

# Answers as physicists write them (`eed.latex.physics`).
PHYSICS = Dialect(
    "physics",
    reads_forms=True,
    derivative_nodes=True,
    typography_blind=True,
    rejects_undefined=True,
    canonical_rounds=2,
    switches=("e_as_charge",),
)

DIALECTS: Mapping[str, Dialect] = MappingProxyType({d.name: d for d in (OFFICIAL, PHYSICS)})


def dialect_named(name: str | Dialect) -> Dialect:
    """The dialect of that name (a Dialect passes through)."""
    if isinstance(name, Dialect):
        return name
    try:
        return DIALECTS[name]
    except (KeyError, TypeError):
        known = ", ".join(sorted(DIALECTS))
        raise ValueError(f"unknown dialect {name!r}; known dialects: {known}") from None
