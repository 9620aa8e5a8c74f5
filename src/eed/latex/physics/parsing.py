"""Parsing an answer in the physics dialect: its readings, element by element, then the
post-parse fixes.

A tuple (top-level commas in a reading) is parsed element by element into a ``sympy.Tuple``, in
order (latex2sympy alone would give an unordered set or an interval).
"""

from __future__ import annotations

import re
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

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
        result = _renamed_functions(result, dict(reading.renames))
    return result


# How latex2sympy names a function called by a placeholder symbol: ``\mathit{PH..}(t)``.
_CALLED_PLACEHOLDER = re.compile(r"\\text\{(\w+)\}")


def _renamed_functions(expr: sympy.Basic, renames: dict[str, str]) -> sympy.Basic:
    """A placeholder called as a function (``\\dot{x}(t)``) gets its final name too, as a
    placeholder symbol does: else every such call would share the placeholder's name."""

    def final_name(call: Any) -> str | None:
        if not isinstance(call, AppliedUndef):
            return None
        found = _CALLED_PLACEHOLDER.fullmatch(call.func.__name__)
        return renames.get(found.group(1)) if found is not None else None

    if not any(final_name(call) for call in expr.atoms(AppliedUndef)):
        return expr
    return expr.replace(
        lambda e: final_name(e) is not None,
        lambda e: sympy.Function(final_name(e))(*e.args),
    )
