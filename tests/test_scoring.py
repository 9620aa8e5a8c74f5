"""The whole pipeline on single pairs: golden values, statuses and bad input."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eed
from eed import Status

P = "phybench"


def test_readme_pair() -> None:
    r = eed.score(r"2 m g + 4\frac{mv_0^2}{l}", r"2 m g+2\frac{mv_0^2}{l}", profile=P)
    assert r.status is Status.SCORED
    assert r.distance == 2.0
    assert r.gt_size == 15.0
    assert math.isclose(r.score, 46.67, abs_tol=1e-2)
    assert r.as_official_tuple() == (r.score, r.relative_distance, 15.0, 2.0)


def test_problem_495_retyped() -> None:
    gt = (
        r"v = \frac{NZ e^3}{2c\varepsilon_0 m^2 n} \cdot \frac{\omega^2}{(\omega_0^2 - \omega^2)^2}"
    )
    pred = r"v = \frac{e^2 N Z}{2 \varepsilon_0 m_e c (\omega^2 - \omega_0^2)}"
    assert eed.score(gt, pred, profile=P).distance == 9.0


GT_698 = r"""
\bar{\eta}_k(p) = \frac{(p+4\nu k^2)\eta_k(0)+\eta'_k(0)}{(p+2\nu k^2)^2+(g+\frac{\tau}{\rho} k^2)k \tanh(kh) - 4\nu^{3/2}k^3\frac{\sqrt{p+\nu k^2}\tanh(kh)}{\tanh\left(\sqrt{\frac{p+\nu k^2}{\nu}}h\right)}}
"""
PRED_698 = r"\bar{\eta}_k(p) = \frac{\eta_k(0)(p + 2\nu k^2) + \eta'_k(0)}{p^2 + 2\nu k^2 p + \frac{\tau k^3 \tanh(kh)}{\rho}}"


@pytest.mark.slow
def test_problem_698() -> None:
    r = eed.score(GT_698, PRED_698, profile=P)
    assert r.gt_size == 110.0
    assert r.distance == pytest.approx(58.4, abs=1e-9)


def test_identical_strings() -> None:
    r = eed.score("x+1", "x+1", profile=P)
    assert (r.status, r.score, r.method) == (Status.EQUIVALENT, 100.0, "identical")
    assert r.as_official_tuple() == (100.0, 0.0, -1.0, 0.0)


def test_equivalent_after_simplify() -> None:
    r = eed.score(r"\frac{a^2-b^2}{a-b}", "a+b", profile=P)
    assert r.status is Status.EQUIVALENT and r.score == 100.0
    assert r.as_official_tuple() == (100.0, 0.0, 0.0, 0.0)


def test_boxed_and_dfrac_equivalent() -> None:
    assert eed.score(r"v = \frac{a}{b}", r"\boxed{\dfrac{a}{b}}", profile=P).score == 100.0


@pytest.mark.parametrize(
    ("gt", "pred", "status"),
    [
        ("x", "", Status.EMPTY),
        ("x", "   ", Status.EMPTY),
        ("", "x", Status.EMPTY),
        (r"\int x dx", "x", Status.UNSUPPORTED),
        ("x", r"\sum_i x_i", Status.UNSUPPORTED),
        ("x", "x+" * 10, Status.TOO_LONG),
        (r"\frac{1}{", "x", Status.GT_PARSE_ERROR),
        ("x + y + z", r"\frac{1}{", Status.PRED_PARSE_ERROR),
        ("x", "@#!", Status.PRED_PARSE_ERROR),
        ("x + y + z", r"\unknowncommand{y}", Status.PRED_PARSE_ERROR),
        ("x + y + z + w", r"\begin{pmatrix} 1 & 2 \end{pmatrix}", Status.PRED_PARSE_ERROR),
    ],
)
def test_bad_input_statuses(gt: str, pred: str, status: Status) -> None:
    r = eed.score(gt, pred, profile=P)
    assert r.status is status, r
    assert r.score == 0.0
    assert r.reason
    assert r.signature == eed.get_config(P).signature()


def test_sum_guard_official_distance_quirk() -> None:
    assert eed.score("x", r"\sum_i x_i", profile=P).as_official_tuple() == (0.0, -1.0, -1.0, 1.0)


def test_unsupported_tree_after_parse() -> None:
    # A set reads fine but has no expression tree.
    r = eed.score("x+1", r"\{1; 2\}", profile=P)
    assert r.status in (Status.UNSUPPORTED, Status.PRED_PARSE_ERROR, Status.ERROR)
    assert r.score == 0.0 and r.reason


@pytest.mark.parametrize("bad", [None, b"x", 3, ["x"]])
def test_non_str_input_is_invalid_on_every_path(bad: object) -> None:
    """One rule, one result: score, score_many, the in-process path and explain agree."""
    from eed.explain import explain
    from eed.scoring import score_pair

    config = eed.get_config("default")
    for gt, pred, who in ((bad, "x", "ground truth"), ("x", bad, "prediction")):
        results = [
            eed.score(gt, pred),  # type: ignore[arg-type]
            eed.score_many([gt], [pred], workers=0)[0],
            score_pair(gt, pred, config),
            explain(gt, pred).result,
        ]
        for r in results:
            assert r.status is eed.Status.INVALID_INPUT
            assert r.score == 0.0
            assert (
                r.reason
                == f"the {who} is {'None' if bad is None else type(bad).__name__}, not a str"
            )
        assert len({r.signature for r in results}) == 1


def test_results_hold_plain_floats() -> None:
    r = eed.score(r"2 m g + 4\frac{mv_0^2}{l}", r"2 m g+2\frac{mv_0^2}{l}", profile=P)
    for name in ("score", "distance", "relative_distance", "gt_size", "pred_size"):
        assert type(getattr(r, name)) is float, name


def test_result_round_trips_through_dict() -> None:
    r = eed.score("a+b", "a-b", profile=P)
    assert eed.Result.from_dict(r.to_dict()) == r


def test_default_profile_scores() -> None:
    r = eed.score("a+b+c+d", "a+b+c-d")
    assert r.status is Status.SCORED and 0 < r.score < 60


def test_profile_accepts_config() -> None:
    cfg = eed.get_config(P).replace(initial_score=50.0)
    r = eed.score(r"2 m g + 4\frac{mv_0^2}{l}", r"2 m g+2\frac{mv_0^2}{l}", profile=cfg)
    assert math.isclose(r.score, 50 - 100 * 2 / 15)


ATOMS = st.sampled_from(["x", "y", "m", "g", "2", "3", r"\pi", r"\alpha", "v_0"])


@st.composite
def expressions(draw: st.DrawFn, depth: int = 3) -> str:
    if depth == 0 or draw(st.booleans()):
        return draw(ATOMS)
    a, b = draw(expressions(depth - 1)), draw(expressions(depth - 1))
    form = draw(
        st.sampled_from(
            [
                "{} + {}",
                "{} - {}",
                "{} {}",
                r"\frac{{{}}}{{{}}}",
                "{}^{{{}}}",
                r"\sin({}) + {}",
                r"\sqrt{{{}}} {}",
            ]
        )
    )
    return form.format(a, b)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions(), expressions())
def test_score_bounds_and_status_agree(gt: str, pred: str) -> None:
    r = eed.score(gt, pred, profile=P)
    assert 0.0 <= r.score <= 100.0
    assert (r.score == 100.0) == (r.status is Status.EQUIVALENT)
    if r.status is Status.SCORED:
        assert r.distance is not None and r.gt_size is not None and r.distance > 0
        assert math.isclose(r.score, max(0.0, 60 - 100 * r.distance / r.gt_size))


# ---------------------------------------------------------------------------------------------
# The default profile's answer forms, in-process


def default(gt: str, pred: str) -> eed.Result:
    from eed.scoring import score_pair

    return score_pair(gt, pred, eed.PROFILES["default"])


def test_named_elements_are_matched_by_name() -> None:
    r = default(
        r"B_z = \frac{q \beta}{\chi}", r"E_z = \frac{q z}{\chi}, \quad B_z = \frac{\beta q}{\chi}"
    )
    assert r.status is Status.EQUIVALENT and "matched by name" in r.reason
    r = default(r"a_3 = 2, a_{37} = 19", r"a_{37} = 19, \quad a_3 = 2")
    assert r.status is Status.EQUIVALENT
    # A name the prediction does not give scores 0 for its element.
    r = default(r"v = 1, t = 2", r"v = 1")
    assert r.score == pytest.approx(50.0) and "not given: t" in r.reason


def test_repeated_names_are_not_matched() -> None:
    # A hedge (the same quantity twice) falls back to the in-order mean, which penalises it.
    r = default(r"v = 3", r"v = 3, \quad v = 4")
    assert r.status is Status.SCORED and r.score <= 50.0


def test_prediction_may_give_another_side_of_the_chain() -> None:
    gt = r"\alpha = \frac{e^2}{\hbar c} \approx 7.30 \times 10^{-3}"
    assert default(gt, r"\frac{1}{137}").status is Status.EQUIVALENT
    assert default(gt, r"\frac{e^2}{c \hbar}").status is Status.EQUIVALENT
    assert default(gt, r"\frac{1}{100}").status is Status.SCORED


def test_prediction_chains_are_not_alternatives() -> None:
    # Only the ground truth's chain offers sides: a prediction cannot hedge with one.
    r = default(r"3", r"x = 4 \approx 3.9")
    assert r.status is Status.SCORED


def test_equation_against_a_defining_equation() -> None:
    r = default(r"g_l = g_g", r"g_g - g_l = 0")
    assert r.status is Status.EQUIVALENT and "equivalent relations" in r.reason
    assert default(r"v = a t", r"v - a t = 0").status is Status.EQUIVALENT
    assert default(r"v = a t", r"v - 2 a t = 0").status is Status.SCORED


def test_units_are_converted_to_the_ground_truths() -> None:
    r = default(r"a = 5.3 \times 10^{-11}\,\text{m}", r"r \approx 0.529\,\text{Å}")
    assert r.status is Status.EQUIVALENT and "converted from Å to m" in r.reason
    r = default(r"5\,\text{m}", r"5\,\text{cm}")
    assert r.status is Status.SCORED and r.score == 0.0
    r = default(r"5\,\text{m}", r"5\,\text{s}")
    assert r.score == 0.0 and r.method == "units"
    # A unit on one side only: the numbers are compared as written.
    assert default(r"5\,\text{m}", "5").status is Status.EQUIVALENT


def test_units_switch_off() -> None:
    from eed.scoring import score_pair

    cfg = eed.PROFILES["default"].replace(units=False)
    assert score_pair(r"5\,\text{m}", r"5\,\text{s}", cfg).status is Status.EQUIVALENT
    assert "units" not in cfg.signature() and "units:pint" in eed.PROFILES["default"].signature()


def test_multiple_choice_options() -> None:
    assert default("(a)", r"\text{a) electron spin-orbit coupling}").status is Status.EQUIVALENT
    assert default("b", r"\text{(b)} \; \text{the wave function is unchanged}").score == 100.0
    r = default("(B)", "A")
    assert r.score == 0.0 and r.method == "option"
    assert default("c", "C").method != "option"  # two bare letters are symbols
    assert default("B", "Option B").score == 100.0
    assert default("B", "Option C").score == 0.0
    assert default("B", "The answer is B.").score == 100.0  # stated, with extraction on
    assert default("C", "The answer is B.").score < 100.0
    assert default("B", "The answer is B or C.").score < 100.0


def test_an_unreadable_element_scores_zero_alone() -> None:
    r = default(r"(a, b)", r"(a, \frac{\int}{})")
    assert r.status is Status.SCORED and r.score == pytest.approx(50.0)


def test_truncated_prediction_is_read() -> None:
    r = default(
        r"p = \frac{eEt}{\sqrt{1 - v^2 t^2/c^2}}", r"p = \frac{etE}{\sqrt{1 - \frac{v^2t^2}{c^2}}"
    )
    assert r.status is Status.EQUIVALENT


def test_reversed_inequality_is_not_equivalent() -> None:
    r = default(r"\delta_l > 0", r"\delta_l < 0")
    assert r.score == 0.0 and r.method == "relation"
    # A strict and a non-strict inequality are different answers.
    weaker = default(r"\delta_l > 0", r"\delta_l \geq 0")
    assert weaker.status is Status.SCORED and weaker.score <= 50.0
    assert "≥ instead of >" in weaker.reason
    assert default(r"\delta_l > 0", r"0 < \delta_l").status is Status.EQUIVALENT
    # A bound is not a value: it keeps part of the score, never 100.
    bound = default("3", r"v \geq 3")
    assert bound.status is Status.SCORED and 0.0 < bound.score <= 50.0


def test_statements_are_unsupported_not_errors() -> None:
    r = default(r"y = -\sqrt{2}", r"\textbf{y=5}")
    assert r.status is Status.UNSUPPORTED and "Equality" in (r.reason or "")
