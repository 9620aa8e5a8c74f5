"""Reading an answer: its form (expression, tuple, list, set, interval, matrix), its parts, and
for each part the name it defines, its unit, its equation, the relation it states; and for a
single expression, the other values of its equality chain."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import sympy

from ..config import Config
from ..errors import ParseError
from ..latex import parse_latex, physics
from .answer import MAX_ALTERNATIVES, Answer, AnswerKind, RealSet, checked
from .brackets import outer_brackets
from .forms import special_readers
from .lists import is_bare_list, one_name_values
from .realsets import read_real_set
from .relations import condition, element_form, is_name, worded_relations
from .sides import parse_single
from .words import prose, related_words

__all__ = ["read_answer"]


def read_answer(latex: str, config: Config) -> Answer:
    """Read an answer in the config's dialect. Raises ParseError."""
    if not config.dialect.reads_forms:
        return Answer("expression", (parse_latex(latex, config),))
    latex = _listed_set(latex)
    reals = read_real_set(latex, config)
    # Membership, set-builder, ``-[0, 1)``, conditions joined by words: the set is the value.
    answer = _reals_answer(reals) if reals is not None and reals.replaces else None
    try:
        answer = answer or _read_physics(latex, config)
    except ParseError:
        if reals is None:
            raise
        # ``[0, 1) \cup (2, 3)``: brackets that pair ``[`` with ``)`` split the general reading
        # into elements at the comma, but interval notation read it.
        answer = _reals_answer(reals)
    return dataclasses.replace(
        answer,
        prose=prose(latex),
        related_words=related_words(latex) if any(answer.worded) else None,
        condition=condition(latex, config, read_real_set),
        reals=reals,
    )


# ``x \\in \\{1, 2\\}``: a variable said to be one of a listed set of values.
_MEMBER_OF_LISTED = re.compile(
    r"\s*[A-Za-z](?:_\{?\w+\}?)?\s*\\in\s*(\\\{.*\\\}|\\left\s*\\\{.*\\right\s*\\\})\s*", re.DOTALL
)


def _listed_set(latex: str) -> str:
    """The set of ``x \\in \\{1, 2\\}``: its values are the answer, as in ``\\{1, 2\\}``."""
    found = _MEMBER_OF_LISTED.fullmatch(latex)
    return found.group(1) if found else latex


def _reals_answer(reals: RealSet) -> Answer:
    """A set of reals as an answer: an interval, or the SymPy set as one expression."""
    if len(reals.intervals) == 1 and reals.intervals[0][0] != reals.intervals[0][1]:
        a, b, lo, ro = reals.intervals[0]
        return Answer("interval", (a, b), brackets="([)"[not lo] + ")]"[not ro])
    pieces = [
        sympy.FiniteSet(a) if a == b else sympy.Interval(a, b, lo, ro)
        for a, b, lo, ro in reals.intervals
    ]
    return Answer("expression", (sympy.Union(*pieces),))


def _read_physics(latex: str, config: Config) -> Answer:
    for reader in special_readers():
        special = reader(latex, config)
        if special is not None:
            return special
    readings = physics.parse(latex, config)
    if len(readings) > 1:
        answer = checked(Answer("set", _branch_parts(readings, latex)), latex)
        elements = physics.elements(latex)
        if len(elements) == 1 and not isinstance(readings[0], sympy.Tuple):
            # ``\frac{dr}{d\theta} = \pm\sqrt{..}``: both branches are values of one name.
            answer = dataclasses.replace(
                answer,
                names=(_pm_name(elements[0], config),) * len(answer.parts),
                proportional=(elements[0].proportional,) * len(answer.parts),
            )
        return answer
    (reading,) = readings
    elements = physics.elements(latex)
    if isinstance(reading, sympy.Tuple):
        brackets = outer_brackets(latex)
        kind: AnswerKind = "set" if brackets == "{}" else "tuple"
        # A tuple in parentheses or angle brackets is a vector: a column, against a matrix.
        shape = (len(reading.args), 1) if brackets in ("()", "<>") else None
        answer = checked(Answer(kind, tuple(reading.args), brackets=brackets, shape=shape), latex)
        if len(elements) != len(answer.parts):
            return answer  # the elements were split differently: no names or units
        answer = one_name_values(_with_elements(answer, elements, config), elements)
        return dataclasses.replace(answer, kind="list") if is_bare_list(answer, latex) else answer
    answer = Answer("expression", (reading,))
    if len(elements) != 1:
        return answer
    answer = _with_elements(answer, elements, config)
    if answer.statements[0] is None and prose(latex) is None:
        # (A chain interleaved with sentences is no chain of one value's forms.)
        answer = dataclasses.replace(answer, alternatives=_alternatives(elements[0], config))
    return answer


def _branch_parts(readings: list[Any], latex: str) -> tuple[Any, ...]:
    """The parts of an answer with ``\\pm`` branches. In a set in braces or a bare list, each
    element's branches are its values (``\\{2 \\pm \\sqrt{3}, 0\\}`` has three): an element
    that is the same in every branch is one value, not one per branch. Otherwise every branch's
    parts are kept."""
    same_length = all(isinstance(r, sympy.Tuple) and len(r) == len(readings[0]) for r in readings)
    if same_length and outer_brackets(latex) in ("{}", None):
        merged: list[Any] = []
        for i in range(len(readings[0])):
            column: list[Any] = []
            for r in readings:
                if r.args[i] not in column:
                    column.append(r.args[i])
            merged.extend(column)
        return tuple(merged)
    parts: list[Any] = []
    for r in readings:
        parts.extend(r.args if isinstance(r, sympy.Tuple) else [r])
    return tuple(parts)


def _pm_name(element: physics.Element, config: Config) -> Any | None:
    """The name a ``\\pm`` answer's equation defines (its value has two readings)."""
    if len(element.sides) != 2 or element.relations[:1] != ("=",):
        return None
    lhs = parse_single(element.sides[0], config)
    return lhs if lhs is not None and is_name(lhs) else None


def _with_elements(answer: Answer, elements: list[physics.Element], config: Config) -> Answer:
    """Names, units, equations and statements, one per part."""
    forms = [element_form(e, config) for e in elements]
    return dataclasses.replace(
        answer,
        names=tuple(name for name, _, _ in forms),
        units=tuple(e.units[e.chosen] for e in elements),
        equations=tuple(eq for _, eq, _ in forms),
        statements=tuple(st for _, _, st in forms),
        derivatives=tuple(_chain_derivatives(e, config) for e in elements),
        worded=tuple(worded_relations(e) for e in elements),
        proportional=tuple(e.proportional for e in elements),
    )


# How a derivative is written (``d``, ``\\partial``, a prime): other sides are not read again.
_RATE = re.compile(r"d|\\partial|'|\\prime")


def _chain_derivatives(element: physics.Element, config: Config) -> tuple[Any, ...]:
    """The derivatives written on the sides of a chain of three or more sides, other than the
    chosen value (two sides are a definition or an equation, whose left side is compared)."""
    if len(element.sides) < 3:
        return ()
    found: set[Any] = set()
    for i, text in enumerate(element.sides):
        side = parse_single(text, config) if i != element.chosen and _RATE.search(text) else None
        if side is not None:
            found |= {d for written in side.atoms(sympy.Derivative) for d in _plain(written)}
    return tuple(sorted(found, key=sympy.default_sort_key))


def _plain(derivative: Any) -> set[Any]:
    """The derivatives a written one comes to: ``\\partial (N_A E)/\\partial T`` is
    ``N_A \\partial E/\\partial T``."""
    try:
        return set(derivative.doit().atoms(sympy.Derivative))
    except (TypeError, ValueError, NotImplementedError, AttributeError):
        return {derivative}


def _alternatives(element: physics.Element, config: Config) -> tuple[tuple[Any, str | None], ...]:
    """The other right-hand sides of an equality chain, each with its unit."""
    if len(element.sides) < 3 or not element.equalities:
        return ()
    out = []
    for i, text in enumerate(element.sides[1:], start=1):
        if i == element.chosen or not text:
            continue
        expr = parse_single(text, config)
        if expr is not None:
            out.append((expr, element.units[i]))
    return tuple(out[:MAX_ALTERNATIVES])
