"""Answer forms: what kind of answer a LaTeX string is, and its parts as SymPy expressions.

The ``phybench`` dialect knows one form, a single expression. The ``physics`` dialect reads:

- ``expression``: one expression (a relation's chosen side, see `eed.latex.physics`);
- ``tuple``: top-level elements in order, ``(a, b)``, ``a; b``, ``x = 1 \\quad y = 2``;
- ``set``: ``\\pm``/``\\mp`` branches (``a \\pm b`` is the set ``{a + b, a - b}``);
- ``interval``: two elements between brackets of which at least one is square, ``[a, b)``.

An answer written as an equation also keeps ``lhs - rhs``, so that an equation whose both sides
matter (``x^2 + y^2 = R^2``) can be compared as one (see `eed.scoring`). Its left side counts as
a *name* when it is a symbol or a function of symbols (``v``, ``v_0``, ``T(t)``): then only the
right side is the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

import sympy
from sympy.core.function import AppliedUndef

from .config import Config
from .errors import ParseError
from .latex import parse_latex, physics

__all__ = ["Answer", "AnswerKind", "read_answer"]

AnswerKind = Literal["expression", "tuple", "set", "interval"]

# Outer decorations that do not belong to an interval's brackets.
_DECOR = re.compile(r"\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big)|\$|\\displaystyle|\s")
_BOXED = re.compile(r"^\\boxed\{(.*)\}$", re.S)
MAX_PARTS = 12


@dataclass(frozen=True)
class Answer:
    """An answer's form and parts."""

    kind: AnswerKind
    parts: tuple[Any, ...]
    brackets: str | None = None  # an interval's, e.g. "[)"
    equation: Any | None = None  # lhs - rhs, when written as one equation
    lhs_is_name: bool = True


def read_answer(latex: str, config: Config) -> Answer:
    """Read an answer in the config's dialect. Raises ParseError."""
    if config.dialect != "physics":
        return Answer("expression", (parse_latex(latex, config),))
    interval = _read_interval(latex, config)
    if interval is not None:
        return interval
    readings = physics.parse(latex, e_as_charge=config.e_as_charge)
    if len(readings) > 1:
        parts: list[Any] = []
        for r in readings:
            parts.extend(r.args if isinstance(r, sympy.Tuple) else [r])
        return _checked(Answer("set", tuple(parts)), latex)
    (reading,) = readings
    if isinstance(reading, sympy.Tuple):
        return _checked(Answer("tuple", tuple(reading.args)), latex)
    equation, lhs_is_name = _equation(latex, config)
    return Answer("expression", (reading,), equation=equation, lhs_is_name=lhs_is_name)


def _checked(answer: Answer, latex: str) -> Answer:
    if len(answer.parts) > MAX_PARTS:
        raise ParseError(latex, f"{len(answer.parts)} elements; at most {MAX_PARTS} are scored")
    return answer


def _read_interval(latex: str, config: Config) -> Answer | None:
    """``[a, b)`` and friends: two elements between brackets, at least one of them square."""
    text = _DECOR.sub("", latex)
    boxed = _BOXED.match(text)
    if boxed:
        text = boxed.group(1)
    if len(text) < 2 or text[0] not in "[(" or text[-1] not in "])" or text[0] + text[-1] == "()":
        return None
    inner = text[1:-1]
    if inner.count(",") != 1 or _depth_dips(inner):
        return None
    try:
        readings = physics.parse(inner, e_as_charge=config.e_as_charge)
    except ParseError:
        return None
    if len(readings) != 1 or not isinstance(readings[0], sympy.Tuple) or len(readings[0]) != 2:
        return None
    return Answer("interval", tuple(readings[0].args), brackets=text[0] + text[-1])


def _depth_dips(text: str) -> bool:
    """True when the brackets of ``text`` close below its start (so the outer pair was not one)."""
    depth = 0
    for c in text:
        depth += c in "([{"
        depth -= c in ")]}"
        if depth < 0:
            return True
    return False


def _equation(latex: str, config: Config) -> tuple[Any | None, bool]:
    """``lhs - rhs`` of an answer written as a single equation, and whether lhs is a name."""
    if latex.count("=") != 1 or "\\neq" in latex:
        return None, True
    try:
        sides = physics.relation_sides(latex)
        if len(sides) != 2:
            return None, True
        lhs = physics.parse(sides[0], e_as_charge=config.e_as_charge)
        rhs = physics.parse(sides[1], e_as_charge=config.e_as_charge)
    except (ParseError, ValueError, TypeError):
        return None, True
    if len(lhs) != 1 or len(rhs) != 1:
        return None, True
    left, right = lhs[0], rhs[0]
    if not (isinstance(left, sympy.Expr) and isinstance(right, sympy.Expr)):
        return None, True
    return sympy.Add(left, -right), _is_name(left)


def _is_name(expr: Any) -> bool:
    if isinstance(expr, sympy.Symbol):
        return True
    if isinstance(expr, (AppliedUndef, sympy.Function)):
        return all(isinstance(a, (sympy.Symbol, sympy.Number)) for a in expr.args)
    return False
