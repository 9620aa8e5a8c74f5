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
