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


def test_a_left_side_that_is_not_a_name_makes_the_relation_the_answer() -> None:
    a = read_answer(r"x^2 + y^2 = R^2", D)
    assert a.names == (None,)
    (st,) = a.statements
    assert st is not None and st.ops == ("=",)
    x, y, r = sympy.symbols("x y R")
    assert sympy.expand(st.exprs[0] - (x**2 + y**2 - r**2)) == 0


@pytest.mark.parametrize(
    "latex",
    [
        r"v = \sqrt{2gh}",
        r"E(t) = E_0 \cos t",
        r"\mathbf{E}(t) = E_0",
        r"\Delta E = h\nu",
        r"\frac{dv}{dt} = -g",
    ],
)
def test_a_definition_names_its_quantity(latex: str) -> None:
    a = read_answer(latex, D)
    assert a.names[0] is not None and a.statements == (None,)
    assert a.equations[0] is not None


def test_tuple_on_the_right_of_a_tuple_of_names() -> None:
    a = read_answer(r"(v_1, v_2) = (3, 4)", D)
    assert a.kind == "tuple" and a.parts == (3, 4)


@pytest.mark.parametrize(
    ("latex", "brackets", "kind"),
    [
        ("(1, 2)", "()", "tuple"),
        (r"\{1, 2\}", "{}", "set"),
        ("1, 2", None, "list"),  # a bare list of constants: solutions, without order
        ("a, b", None, "tuple"),  # symbolic values: answers to parts, in order
        (r"\langle 1, 2 \rangle", "<>", "tuple"),
        (r"\left\{1, 2\right\}", "{}", "set"),
        (r"\biggl(1, 2\biggr)", "()", "tuple"),
        ("(1, 2), (3, 4)", None, "list"),
    ],
)
def test_outer_brackets_of_a_list(latex: str, brackets: str | None, kind: str) -> None:
    a = read_answer(latex, D)
    assert a.brackets == brackets and a.kind == kind


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
        # "Option" or "choice" before a letter labels it.
        ("Option B", Option("b", True)),
        ("choice (c)", Option("c", True)),
        ("Optional B", None),
        ("Option B and C", None),
    ],
)
def test_option(latex: str, expected: Option | None) -> None:
    assert option(latex) == expected


x = sympy.Symbol("x")


@pytest.mark.parametrize(
    ("latex", "exprs", "ops"),
    [
        (r"x > 0", (x,), (">",)),
        (r"0 < x", (x,), (">",)),  # turned round: one statement has one form
        (r"x \geq 3", (x - 3,), (">=",)),
        (r"x \leq 3", (3 - x,), (">=",)),
        (r"x \neq 3", (x - 3,), ("!=",)),
        (r"x \ll 1", (1 - x,), (">>",)),
        (r"0 < x < 2", (x, 2 - x), (">", ">")),
        (r"x + 1 = 0", (x + 1,), ("=",)),
    ],
)
def test_stated_relations(latex: str, exprs: tuple[object, ...], ops: tuple[str, ...]) -> None:
    (st,) = read_answer(latex, D).statements
    assert st is not None and st.ops == ops
    assert all(sympy.simplify(a - b) == 0 for a, b in zip(st.exprs, exprs, strict=True))


@pytest.mark.parametrize(
    "latex", [r"x = 3", r"x \approx 3", "3", r"E = mc^2 = 145", r"F \propto x^2", r"n \to 3"]
)
def test_values_state_no_relation(latex: str) -> None:
    assert set(read_answer(latex, D).statements) <= {None}
