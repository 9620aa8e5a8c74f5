"""Unread names: a left side that names a value but could not be read, kept as its text.

``(\\partial C_v/\\partial V)_T = ...`` still says what the value is of; its name is a symbol
holding the text, so that two different unread names never match.
"""

from __future__ import annotations

from typing import Any

import sympy

__all__ = ["UNREAD_NAME_PREFIX", "is_unread", "unread_name"]

UNREAD_NAME_PREFIX = "\u27e8unread name\u27e9 "


def is_unread(expr: Any) -> bool:
    """Whether an expression is a name made by `unread_name`."""
    return isinstance(expr, sympy.Symbol) and expr.name.startswith(UNREAD_NAME_PREFIX)


def unread_name(text: str) -> sympy.Symbol:
    """A name whose LaTeX could not be read, as a symbol holding its text (spaces folded)."""
    return sympy.Symbol(UNREAD_NAME_PREFIX + " ".join(text.split()))
