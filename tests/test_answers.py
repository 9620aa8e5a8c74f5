"""Answer forms: kinds, names, units, chain alternatives and multiple-choice options."""

from __future__ import annotations

import pytest
import sympy

from eed import PROFILES
from eed.answers import Option, option, read_answer

D = PROFILES["default"]


def test_expression_keeps_its_name_unit_and_other_chain_sides() -> None:
    a = read_answer(r"E = m c^2 \left(1 + x\right) = 145\ \text{MeV}", D)
    assert a.kind == "expression"
    assert a.names == (sympy.Symbol("E"),)
    assert a.units == (None,)  # the chosen side is the formula, which has no unit
    ((alt, unit),) = a.alternatives
    assert alt == 145 and unit == r"\text{MeV}"


def test_number_with_unit() -> None:
    a = read_answer(r"a = 5.3 \times 10^{-11}\,\text{m}", D)
    assert a.units == (r"\text{m}",)
    assert a.alternatives == ()


def test_tuple_elements_are_named() -> None:
    a = read_answer(r"E_z = \frac{q}{\chi}, \quad B_z = 0", D)
    assert a.kind == "tuple"
    assert a.names == (sympy.Symbol("E_z"), sympy.Symbol("B_z"))


def test_only_equalities_define_names_and_alternatives() -> None:
    a = read_answer(r"\lambda < 911", D)
    assert a.names == (None,)
    b = read_answer(r"0 < x < 1", D)
    assert b.alternatives == ()


def test_a_left_side_that_is_not_a_name() -> None:
    a = read_answer(r"x^2 + y^2 = R^2", D)
    assert a.names == (None,) and not a.lhs_is_name


def test_phybench_dialect_has_one_form() -> None:
    a = read_answer(r"v = 3\,\text{m/s}", PROFILES["phybench"])
    assert a.kind == "expression" and a.names == () and a.units == ()


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        ("(a)", Option("a", True)),
        (r"\textbf{(C)}", Option("c", True)),
        ("B)", Option("b", True)),
        (r"\text{a) electron spin-orbit coupling}", Option("a", True)),
        (r"\text{(b)} \; \text{the wave function is unchanged}", Option("b", True)),
        ("b", Option("b", False)),
        (r"\boxed{D}", Option("d", False)),
        ("x", None),  # not an option letter
        (r"\text{(a)} \quad v = 3", None),  # part (a)'s answer, not option (a)
        (r"\text{(a)}~ \text{True}", None),  # part (a)'s verdict
        (r"(e) \, T", None),  # a label and a symbol
        ("(a, b)", None),
    ],
)
def test_option(latex: str, expected: Option | None) -> None:
    assert option(latex) == expected


@pytest.mark.parametrize(
    ("latex", "relation"),
    [
        (r"\delta_l > 0", ">"),
        (r"\lambda \leq 91.2\,\text{nm}", "<"),
        (r"a \neq b", "!="),
        (r"x = 3", None),
        (r"x \approx 3", None),
        ("3", None),
    ],
)
def test_relation_before_the_chosen_side(latex: str, relation: str | None) -> None:
    assert read_answer(latex, D).relation == relation
