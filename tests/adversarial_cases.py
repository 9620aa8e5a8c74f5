"""Predictions that carry no answer, built from real ground truths (issue: sound verdicts).

For each ground truth: ``0`` and ``1`` (unless the answer, or a side of its equality chain,
is that number), the left-hand name alone, ``name = name``, ``0 = 0``, the empty string,
``\\boxed{}``, the answer negated or with a negligible term added (``+ 10^{-30}``, to an exact
answer), its relations weakened or turned round, its interval brackets swapped, and its
derivative order changed. None of them may score 100 in the default profile.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import sympy

from eed import PROFILES
from eed.answers import read_answer
from eed.errors import ParseError
from eed.latex import physics

DEFAULT = PROFILES["default"]

_WEAKER = {"<": r"\leq", ">": r"\geq", r"\lt": r"\leq", r"\gt": r"\geq"}
_STRICTER = {r"\leq": "<", r"\geq": ">", r"\le": "<", r"\ge": ">"}
_TURNED = {
    "<": ">",
    ">": "<",
    r"\leq": r"\geq",
    r"\geq": r"\leq",
    r"\le": r"\ge",
    r"\ge": r"\le",
    r"\lt": r"\gt",
    r"\gt": r"\lt",
}
_RELATION = re.compile(r"\\(?:leq|geq|le|ge|lt|gt)(?![A-Za-z])|(?<![\\{\[])[<>]")
_DERIVATIVE = re.compile(r"\\frac\{\s*(d|\\partial)(?!\s*\^)")
_DENOMINATOR = re.compile(r"\}\{\s*(d|\\partial)\s*(\\[A-Za-z]+|[A-Za-z])\s*\}")


def _values(gt: str) -> list[object]:
    """The numbers the ground truth states as its single value: the value itself, and the
    other sides of its equality chain (``\\mathbf{H} \\cdot \\mathbf{E} = 0`` states 0, so
    ``0`` answers it)."""
    try:
        answer = read_answer(gt, DEFAULT)
    except (ParseError, ValueError, TypeError, RecursionError):
        return []
    if answer.kind != "expression" or answer.statements not in ((), (None,)):
        return []
    exprs = [answer.parts[0], *(expr for expr, _ in answer.alternatives)]
    try:
        return [sympy.nsimplify(e) if getattr(e, "is_number", False) else None for e in exprs]
    except (TypeError, ValueError, AttributeError):
        return []


def _value(gt: str) -> object | None:
    """The ground truth's single value when it is a number, else None."""
    values = _values(gt)
    return values[0] if values else None


def _replace_relations(gt: str, table: dict[str, str]) -> str | None:
    changed = _RELATION.sub(lambda m: table.get(m.group(0), m.group(0)), gt)
    return changed if changed != gt else None


def _swap_brackets(gt: str) -> str | None:
    text = gt.strip()
    if len(text) > 2 and text[0] in "[(" and text[-1] in "])" and text[0] + text[-1] != "()":
        swap = {"[": "(", "(": "[", "]": ")", ")": "]"}
        return swap[text[0]] + text[1:-1] + swap[text[-1]]
    return None


def _derivative_order(gt: str) -> str | None:
    if not _DERIVATIVE.search(gt):
        return None
    text = _DERIVATIVE.sub(lambda m: r"\frac{" + m.group(1) + "^{2} ", gt, count=1)
    text2 = _DENOMINATOR.sub(
        lambda m: "}{" + m.group(1) + " " + m.group(2) + "^{2}}", text, count=1
    )
    return text2 if text2 != text else None


def _definition(gt: str) -> tuple[str, str] | None:
    """(name, value) texts when the ground truth is one ``name = value`` equation."""
    try:
        elements = physics.elements(gt)
        answer = read_answer(gt, DEFAULT)
    except (ParseError, ValueError, TypeError, RecursionError):
        return None
    if len(elements) != 1 or answer.names in ((), (None,)):
        return None
    (element,) = elements
    if len(element.sides) != 2 or not element.sides[0].strip():
        return None
    return element.sides[0], element.sides[1]


# A decimal states its value to its digits (a term far below them is within its rounding), and
# a unit or a word is not part of a sum: such answers get no negligible term.
_INEXACT = re.compile(
    r"\d\.\d|\\(?:text|mathrm|operatorname|mbox|,|;|quad)|(?<![\\A-Za-z])[A-Za-z]{3,}"
)


def _exact(value: str) -> bool:
    """Whether a negligible term can be added: no decimal, unit or word, and no infinite value
    (``\\infty + 10^{-30}`` is ``\\infty``)."""
    number = _value(value)
    infinite = number is not None and getattr(number, "is_finite", True) is False
    return _INEXACT.search(value) is None and not infinite


def adversarial(gt: str) -> Iterator[tuple[str, str]]:
    """(kind, prediction) pairs that carry no answer to ``gt``."""
    value = _value(gt)
    stated = _values(gt)
    if 0 not in stated:
        yield "zero", "0"
    if 1 not in stated:
        yield "one", "1"
    yield "tautology 0 = 0", "0 = 0"
    yield "empty", ""
    yield "empty box", r"\boxed{}"
    # The ground truth itself, as a bound or a negation in the words around it.
    yield "bound in words", f"so the answer is at least ${gt}$"
    yield "negated in words", f"The answer is not ${gt}$."
    yield "boxed bound in words", f"so it is more than \\boxed{{{gt}}}"
    definition = _definition(gt)
    if definition is not None:
        name, rhs = definition
        yield "name alone", name
        yield "name = name", f"{name} = {name}"
        if _value(rhs) != 0 and "\\pm" not in rhs and "\\mp" not in rhs:
            yield "negated", f"{name} = -\\left({rhs}\\right)"
            if _exact(rhs):
                yield "negligible term added", f"{name} = {rhs} + 10^{{-30}}"
    elif value != 0 and not any(
        c in gt for c in ("\\pm", "\\mp", ",", "=", "<", ">", "\\le", "\\ge")
    ):
        yield "negated", f"-\\left({gt}\\right)"
        if _exact(gt):
            yield "negligible term added", f"{gt} + 10^{{-30}}"
    for kind, changed in (
        ("relation weakened", _replace_relations(gt, _WEAKER)),
        ("relation made strict", _replace_relations(gt, _STRICTER)),
        ("relation turned round", _replace_relations(gt, _TURNED)),
        ("interval brackets swapped", _swap_brackets(gt)),
        ("derivative order changed", _derivative_order(gt)),
    ):
        if changed is not None:
            yield kind, changed
