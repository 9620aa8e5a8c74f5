"""Bare lists: values separated by commas with no brackets around them, ``3, -2``.

A bare list is read as a list of solutions: its values have no order of their own. It is one
only when every element is a bare value (no name, unit, equation or stated relation) and its
only separators are commas: ``a; b`` and ``x = 1 \\quad y = 2`` answer parts of a question in
order, and stay tuples.
"""

from __future__ import annotations

from ..latex.tokens import depths, is_comma, is_tuple_separator, tokenize
from .answer import Answer
from .brackets import strip_decor

__all__ = ["is_bare_list"]


def is_bare_list(answer: Answer, latex: str) -> bool:
    """Whether a tuple read from ``latex`` is a bare list of values."""
    if answer.kind != "tuple" or answer.brackets is not None or len(answer.parts) < 2:
        return False
    described = (answer.names, answer.units, answer.equations, answer.statements)
    if any(x is not None for field in described for x in field):
        return False
    tokens = tokenize(strip_decor(latex))
    separators = [
        t for t, d in zip(tokens, depths(tokens), strict=True) if d == 0 and is_tuple_separator(t)
    ]
    return bool(separators) and all(is_comma(t) for t in separators)
