"""One side of a relation read as exactly one expression."""

from __future__ import annotations

from typing import Any

import sympy

from ..config import Config
from ..errors import ParseError
from ..latex import physics

__all__ = ["parse_single"]


def parse_single(text: str, config: Config) -> Any | None:
    """One expression from a side's text, or None when it does not read as exactly one."""
    try:
        readings = physics.parse(text, config)
    except (ParseError, ValueError, TypeError):
        return None
    if len(readings) != 1 or not isinstance(readings[0], sympy.Expr):
        return None
    if readings[0].has(physics.UNREADABLE):
        return None
    return readings[0]
