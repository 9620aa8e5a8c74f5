"""Parsing an answer in the physics dialect: its readings, element by element, then the
post-parse fixes.

A tuple (top-level commas in a reading) is parsed element by element into a ``sympy.Tuple``, in
order (latex2sympy alone would give an unordered set or an interval).
"""

from __future__ import annotations

import sympy

from ...config import Config
from ...errors import ParseError
from ..convert import UNREADABLE, to_sympy
from ..tokens import detokenize, is_comma, split_top_level, tokenize
from .fixes import fix
from .pipeline import Reading, rewrite
from .registry import Switches

__all__ = ["parse"]


def parse(
    latex: str, settings: Config | Switches | None = None, **overrides: bool
) -> list[sympy.Basic]:
    """Parse an answer in the physics dialect: one expression per ``\\pm`` branch (a tuple
    answer gives a ``sympy.Tuple``). Raises ParseError with the reason on failure.

    ``settings`` (a config, or switch values) and ``overrides`` set the rules' switches, as for
    ``rewrite``.
    """
    if not isinstance(latex, str):
        raise TypeError(f"LaTeX input must be str, not {type(latex).__name__}")
    if not latex.strip():
        raise ParseError(latex, "empty input")
    try:
        readings = rewrite(latex, settings, **overrides)
    except RecursionError as exc:
        raise ParseError(latex, "expression nested too deeply to rewrite") from exc
    fast_reader = settings.fast_reader if isinstance(settings, Config) else True
    return [fix(_parse_reading(latex, r, fast_reader)) for r in readings]


def _parse_element(latex: str, text: str, fast_reader: bool) -> sympy.Basic:
    expr = to_sympy(latex, text, fast_reader)
    if not isinstance(expr, sympy.Basic):
        raise ParseError(latex, f"parser returned {type(expr).__name__}, not an expression")
    return expr


def _parse_reading(latex: str, reading: Reading, fast_reader: bool) -> sympy.Basic:
    elements = [detokenize(p).strip() for p in split_top_level(tokenize(reading.text), is_comma)]
    elements = [e for e in elements if e]  # an element a rule emptied (a lone unit) is no value
    if not elements:
        raise ParseError(latex, "nothing left to parse after rewriting")
    parsed: list[sympy.Basic] = []
    failures: list[ParseError] = []
    for text in elements:
        try:
            parsed.append(_parse_element(latex, text, fast_reader))
        except ParseError as exc:
            # One unreadable element of a list does not make the others unreadable.
            failures.append(exc)
            parsed.append(UNREADABLE)
    if len(failures) == len(parsed):
        raise failures[0]
    result = parsed[0] if len(parsed) == 1 else sympy.Tuple(*parsed)
    if reading.renames:
        result = result.xreplace(
            {sympy.Symbol(ph): sympy.Symbol(name) for ph, name in reading.renames}
        )
    return result
