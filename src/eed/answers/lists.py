"""Bare lists: values separated by commas with no brackets around them, ``3, -2``.

A bare list is read as a list of solutions: its values have no order of their own. It is one
only when every element is a bare constant (no name, unit, equation, stated relation or free
symbol) and its only separators are commas: ``a; b``, ``x = 1 \\quad y = 2`` and
``T_1 = m g, T_2 = 2 m g`` answer parts of a question in order, and so, most often, do
symbolic values (``m g, 2 m g``); they stay tuples.

A name given to the first value only names them all: ``x = 2, 3`` lists two values of ``x``
(`one_name_values`), so it is the list ``2, 3``, never ``x = 2`` followed by another quantity.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from ..latex import physics
from ..latex.tokens import depths, is_comma, is_tuple_separator, tokenize
from .answer import Answer
from .brackets import braced_list, strip_decor

__all__ = ["is_bare_list", "one_name_values"]

# "and" or "or" between the values of a list (``12 \\text{ and } 13``, ``1 or 2``) is a comma.
_CONJUNCTION = re.compile(
    r"\\(?:text|textrm|mathrm)\s*\{\s*(?:and|or)\s*\}|(?<=\s)(?:and|or)(?=\s)"
    r"|(?<=[)\]])(?:and|or)(?=[(\[])"
)


def is_bare_list(answer: Answer, latex: str) -> bool:
    """Whether a tuple read from ``latex`` is a bare list of values."""
    if answer.kind != "tuple" or answer.brackets is not None or len(answer.parts) < 2:
        return False
    described = (answer.names, answer.units, answer.equations, answer.statements)
    if any(x is not None for field in described for x in field):
        return False
    if braced_list(strip_decor(latex)):
        # ``{x, x - 1}``: braces around a whole list render as nothing in LaTeX; a writer who
        # puts them there lists values, as a set whose backslashes were lost does.
        return True
    if any(getattr(part, "free_symbols", True) for part in answer.parts):
        return False
    tokens = tokenize(strip_decor(_CONJUNCTION.sub(",", latex)))
    separators = [
        t for t, d in zip(tokens, depths(tokens), strict=True) if d == 0 and is_tuple_separator(t)
    ]
    return bool(separators) and all(is_comma(t) for t in separators)


def one_name_values(answer: Answer, elements: Sequence[physics.Element]) -> Answer:
    """``x = 2, 3`` as the values ``2, 3`` of one name: the first element's name, equation and
    unit are dropped when it says ``name = value`` and every other element is a bare value.

    A bare value has no relation, no name and no symbol the first value lacks: in
    ``\\mu^+ \\to e^+ + \\nu_e, \\text{...}`` or ``\\langle U^2 \\rangle \\propto T, at\\;low``
    the later elements are other statements, not more values of one name."""
    if answer.kind != "tuple" or len(answer.parts) < 2 or len(answer.names) != len(answer.parts):
        return answer
    if len(elements) != len(answer.parts) or elements[0].relations != ("=",):
        return answer
    if answer.names[0] is None or any(n is not None for n in answer.names[1:]):
        return answer
    if any(x is not None for x in (*answer.equations[1:], *answer.statements)):
        return answer
    if any(e.relations or len(e.sides) != 1 for e in elements[1:]):
        return answer
    known = _symbols(answer.parts[0])
    if any(not _symbols(part) <= known for part in answer.parts[1:]):
        return answer
    return dataclasses.replace(answer, names=(), equations=(), statements=())


def _symbols(expr: Any) -> set[Any]:
    return set(getattr(expr, "free_symbols", ()))
