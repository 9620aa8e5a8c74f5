"""The phybench dialect reproduces the official preprocessing, quirks included."""

from __future__ import annotations

import pytest
import sympy

import eed
from eed.latex import legacy


def parse(s: str) -> sympy.Basic:
    return eed.parse_latex(s, profile="phybench")


def sym(name: str) -> sympy.Symbol:
    return sympy.Symbol(name)


def test_boxed_and_relation_keep_right_hand_side() -> None:
    assert legacy.stage_one(r"\boxed{v = \frac{a}{b}}") == r"\frac{a}{b}"


def test_last_listed_relation_wins_not_rightmost() -> None:
    # '=' is first in the list, '<' later: the text after '<' is kept even though '=' is to its right.
    assert legacy.stage_one("a < b = c") == "b = c"


def test_relation_keeps_operator_letters() -> None:
    # Only one character after the relation's start is skipped: the official quirk.
    assert legacy.stage_one(r"x \approx 3") == "approx 3"


def test_quad_cuts_the_rest() -> None:
    assert legacy.stage_one(r"a+b \quad \text{(SI)}") == "a+b"


def test_outer_braces_removed() -> None:
    assert legacy.stage_one("{{a+b}}") == "a+b"


def test_outer_brace_quirk_drops_text_after_group() -> None:
    assert legacy.stage_one("{a}+b") == "a"


def test_commas_deleted_make_products() -> None:
    assert parse("(a, b)") == sym("a") * sym("b")


def test_pm_read_as_plus_and_infty_as_f() -> None:
    assert parse(r"a \pm b") == sym("a") + sym("b")
    assert parse(r"\infty") == sym("f")


def test_bare_e_is_euler() -> None:
    assert parse("e^3") == sympy.exp(3)


def test_case_kept() -> None:
    assert parse("M + m") == sym("M") + sym("m")


def test_dfrac_and_short_frac() -> None:
    assert parse(r"\dfrac{a}{b}") == sym("a") / sym("b")
    assert legacy.stage_two(r"\frac12") == r"\frac{1}{2}"
    assert legacy.stage_two(r"\frac\alpha2") == r"\frac{\alpha}{2}"


def test_text_unwrapped_and_trailing_dot() -> None:
    assert legacy.stage_two(r"\text{m}.") == "m"


def test_text_prefix_quirk() -> None:
    # '\text' matches inside '\textbf' and swallows the next character.
    assert legacy.stage_two(r"\textbf{x}") == "f{x}"


def test_exponent_fraction_wrapped() -> None:
    assert legacy.stage_two(r"x^\frac{1}{2}") == r"x^{\frac{1}{2}}"


def test_capital_i_becomes_symbol() -> None:
    assert legacy.stage_two("I") == r"\bar{I}"


@pytest.mark.parametrize("bad", [r"\frac{1}{", r"x^{", "@@@", r"\begin{pmatrix}"])
def test_parse_errors_carry_input_and_reason(bad: str) -> None:
    with pytest.raises(eed.ParseError) as info:
        parse(bad)
    assert info.value.latex == bad
    assert info.value.reason


def test_empty_is_parse_error() -> None:
    with pytest.raises(eed.ParseError, match="empty"):
        parse("   ")


def test_non_str_is_type_error() -> None:
    with pytest.raises(TypeError):
        eed.parse_latex(b"x")  # type: ignore[arg-type]


def test_preprocess_is_exposed() -> None:
    assert eed.preprocess(r"\boxed{y = \dfrac{a}{b}}", profile="phybench") == r"\frac{a}{b}"
