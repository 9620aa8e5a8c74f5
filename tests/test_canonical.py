"""Canonical forms, equivalence and numeric screening, one function at a time."""

from __future__ import annotations

import pytest
import sympy

from eed import PROFILES
from eed import canonical as C
from eed.errors import SimplifyError

a, b = sympy.symbols("a b")
P, D = PROFILES["phybench"], PROFILES["default"]


def test_positive_symbols_depend_on_the_name_only() -> None:
    x = C.positive_symbols(a + b)
    y = C.positive_symbols(b * a)
    assert all(s.is_positive for s in x.free_symbols)
    assert x.free_symbols == y.free_symbols


def test_log_rules_hold_under_positivity() -> None:
    g = C.canonicalize(sympy.log(a) + sympy.log(b), D).expr
    p = C.canonicalize(sympy.log(a * b), D).expr
    assert C.equivalence(g, p, D).equivalent


def test_simplify_errors_follow_the_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(expr: object) -> object:
        raise AttributeError("internal SymPy error")

    monkeypatch.setattr(C, "_simplify", broken)
    kept = C.canonicalize(a + b, D)  # the default profile keeps the unsimplified form
    assert kept.expr == C.positive_symbols(a + b) and not kept.timed_out
    with pytest.raises(SimplifyError):
        C.canonicalize(a + b, P)  # the official scorer gives up


def test_screening_values() -> None:
    g = C.sample_values(C.positive_symbols(a + b), D)
    p = C.sample_values(C.positive_symbols(b + a), D)
    q = C.sample_values(C.positive_symbols(a - b), D)
    assert C.numerically_identical(g, p)
    assert C.clearly_differ(g, q) and not C.clearly_differ(g, p)


TINY = sympy.Integer(2) ** sympy.Rational(1, 2**1000)  # 1 + 6.5e-302


@pytest.mark.parametrize(
    ("x", "y", "differ"),
    [
        (TINY, sympy.Integer(1), True),
        (sympy.pi, sympy.Rational(22, 7), True),
        (sympy.exp(sympy.pi * sympy.sqrt(163)), sympy.Integer(640320) ** 3 + 744, True),
        # A decimal is exact to its own precision only: never proved different.
        (sympy.Rational(1, 3), sympy.Float("0.3333"), False),
        (sympy.Integer(2) ** sympy.Float("0.5"), sympy.sqrt(2), False),
        # Equal numbers are never proved different, however they are written.
        (sympy.sqrt(2) + sympy.sqrt(3), sympy.sqrt(5 + 2 * sympy.sqrt(6)), False),
        (sympy.cos(sympy.pi / 12), (sympy.sqrt(6) + sympy.sqrt(2)) / 4, False),
        (sympy.log(8) / sympy.log(2), sympy.Integer(3), False),
        (a, b, False),  # symbols left: not a question for numbers
        (a + 1, a, True),  # no symbol left in the difference
        (sympy.Tuple(1, 2), sympy.Tuple(1, 3), False),
    ],
)
def test_numbers_differ_only_when_evaluation_proves_it(x: object, y: object, differ: bool) -> None:
    assert C.numbers_differ(x, y) is differ


def test_numbers_that_differ_far_down_are_told_apart_without_the_budget() -> None:
    verdict = C.equivalence(TINY, sympy.Integer(1), D)
    assert not verdict.equivalent and not verdict.timed_out
