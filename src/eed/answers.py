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

Each element also keeps what the scorer needs to read it as a physicist would:

- ``names``: the name its equation defines (``B_z`` in ``B_z = q\\beta\\gamma y/\\chi``), so that
  a prediction listing several quantities is compared quantity by quantity;
- ``units``: the unit written after its number (``\\text{MeV}``), for unit conversion;
- ``alternatives`` (single expressions): the other sides of an equality chain, which state the
  same value (``145`` in ``E = m c^2 (1 + x) = 145\\,\\text{MeV}``).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any, Literal

import sympy
from sympy.core.function import AppliedUndef

from .config import Config
from .errors import ParseError
from .latex import parse_latex, physics

__all__ = ["Answer", "AnswerKind", "Option", "Relation", "option", "read_answer"]

AnswerKind = Literal["expression", "tuple", "set", "interval"]
Relation = Literal["<", ">", "!="]

_RELATIONS: dict[str, Relation] = {
    **dict.fromkeys(("<", "\\lt", "\\le", "\\leq", "\\leqslant", "\\ll", "\\lesssim"), "<"),
    **dict.fromkeys((">", "\\gt", "\\ge", "\\geq", "\\geqslant", "\\gg", "\\gtrsim"), ">"),
    **dict.fromkeys(("\\neq", "\\ne"), "!="),
}

# Outer decorations that do not belong to an interval's brackets.
_DECOR = re.compile(r"\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big)|\$|\\displaystyle|\s")
_BOXED = re.compile(r"^\\boxed\{(.*)\}$", re.S)
MAX_PARTS = 12
MAX_ALTERNATIVES = 3


@dataclass(frozen=True)
class Answer:
    """An answer's form and parts."""

    kind: AnswerKind
    parts: tuple[Any, ...]
    brackets: str | None = None  # an interval's, e.g. "[)"
    equation: Any | None = None  # lhs - rhs, when written as one equation
    lhs_is_name: bool = True
    relation: Relation | None = None  # an inequality before the chosen side: "<", ">", "!="
    names: tuple[Any | None, ...] = ()  # per part, or empty when unknown
    units: tuple[str | None, ...] = ()  # per part, or empty when unknown
    alternatives: tuple[tuple[Any, str | None], ...] = ()  # (expression, unit)


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
    elements = physics.elements(latex)
    if isinstance(reading, sympy.Tuple):
        answer = _checked(Answer("tuple", tuple(reading.args)), latex)
        if len(elements) != len(answer.parts):
            return answer  # the elements were split differently: no names or units
        return dataclasses.replace(
            answer,
            names=tuple(_name(e, config) for e in elements),
            units=tuple(e.units[e.chosen] for e in elements),
        )
    equation, lhs_is_name = _equation(latex, elements[-1] if elements else None, config)
    answer = Answer("expression", (reading,), equation=equation, lhs_is_name=lhs_is_name)
    if len(elements) != 1:
        return answer
    (element,) = elements
    return dataclasses.replace(
        answer,
        relation=_relation(element),
        names=(_name(element, config),),
        units=(element.units[element.chosen],),
        alternatives=_alternatives(element, config),
    )


def _relation(element: physics.Element) -> Relation | None:
    """The inequality that states the chosen side (``<`` in ``\\delta < 0``), or None."""
    if element.chosen == 0 or element.chosen > len(element.relations):
        return None
    return _RELATIONS.get(element.relations[element.chosen - 1])


def _parse_single(text: str, config: Config) -> Any | None:
    """One expression from a side's text, or None when it does not read as exactly one."""
    try:
        readings = physics.parse(text, e_as_charge=config.e_as_charge)
    except (ParseError, ValueError, TypeError):
        return None
    if len(readings) != 1 or not isinstance(readings[0], sympy.Expr):
        return None
    if readings[0].has(physics.UNREADABLE):
        return None
    return readings[0]


def _name(element: physics.Element, config: Config) -> Any | None:
    """The name an element's equality defines (``v`` in ``v = 3``), or None."""
    if len(element.sides) < 2 or element.chosen == 0 or not element.equalities:
        return None
    expr = _parse_single(element.sides[0], config)
    return expr if expr is not None and _is_name(expr) else None


def _alternatives(element: physics.Element, config: Config) -> tuple[tuple[Any, str | None], ...]:
    """The other right-hand sides of an equality chain, each with its unit."""
    if len(element.sides) < 3 or not element.equalities:
        return ()
    out = []
    for i, text in enumerate(element.sides[1:], start=1):
        if i == element.chosen or not text:
            continue
        expr = _parse_single(text, config)
        if expr is not None:
            out.append((expr, element.units[i]))
    return tuple(out[:MAX_ALTERNATIVES])


@dataclass(frozen=True)
class Option:
    """A multiple-choice answer: its letter, and whether it was written as a label."""

    letter: str
    labelled: bool  # "(b)", "b)" or "(b) the wave function is unchanged"; not a bare "b"


# Formatting that never changes which option an answer names.
_OPTION_NOISE = re.compile(
    r"\\(?:text(?:bf|rm|it)?|mathrm|mathbf|textsf|boxed|fbox|quad|qquad|left|right)\b"
    r"|\\[,;:! ]|[${}~]|\\\(|\\\)|\\\[|\\\]"
)
_OPTION = re.compile(r"\(\s*([A-Za-z])\s*\)|([A-Za-z])\s*\)")
_PROSE = re.compile(r"[A-Za-z][A-Za-z\s,.;:'\-]*")
_BARE_OPTION = re.compile(r"[A-Ea-e]")
_VERDICTS = frozenset({"true", "false", "yes", "no", "correct", "incorrect"})


def option(latex: str) -> Option | None:
    """The option an answer names: a label alone (``(a)``, ``\\text{B)}``), a label opening
    a sentence of prose (``(b) the wave function is unchanged``), or a bare letter A-E."""
    text = " ".join(_OPTION_NOISE.sub(" ", latex).split())
    if _BARE_OPTION.fullmatch(text):
        return Option(text.lower(), labelled=False)
    match = _OPTION.match(text)
    if match is None:
        return None
    rest = text[match.end() :].strip()
    if rest and not (_PROSE.fullmatch(rest) and re.search(r"[A-Za-z]{2}", rest)):
        return None  # math after the label: an answer to part (b), not option (b)
    if rest.strip(" .").lower() in _VERDICTS:
        return None  # "(a) True": part (a)'s verdict
    return Option((match.group(1) or match.group(2)).lower(), labelled=True)


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


def _equation(
    latex: str, element: physics.Element | None, config: Config
) -> tuple[Any | None, bool]:
    """``lhs - rhs`` of an answer written as a single equation (its last element's chain), and
    whether lhs is a name."""
    if latex.count("=") != 1 or "\\neq" in latex or element is None or len(element.sides) != 2:
        return None, True
    try:
        lhs = physics.parse(element.sides[0], e_as_charge=config.e_as_charge)
        rhs = physics.parse(element.sides[1], e_as_charge=config.e_as_charge)
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
