"""Intervals: two elements between brackets of which at least one is square, ``[a, b)``."""

from __future__ import annotations

import sympy

from ..config import Config
from ..errors import ParseError
from ..latex import physics
from .answer import Answer
from .brackets import depth_dips, strip_decor

__all__ = ["read_interval"]


def read_interval(latex: str, config: Config) -> Answer | None:
    """``[a, b)`` and friends: two elements between brackets, at least one of them square."""
    text = strip_decor(latex)
    if len(text) < 2 or text[0] not in "[(" or text[-1] not in "])" or text[0] + text[-1] == "()":
        return None
    inner = text[1:-1]
    if inner.count(",") != 1 or depth_dips(inner):
        return None
    try:
        readings = physics.parse(inner, config)
    except ParseError:
        return None
    if len(readings) != 1 or not isinstance(readings[0], sympy.Tuple) or len(readings[0]) != 2:
        return None
    return Answer("interval", tuple(readings[0].args), brackets=text[0] + text[-1])
