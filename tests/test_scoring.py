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
def test_non_str_raises_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="str"):
        eed.score(bad, "x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="str"):
        eed.score("x", bad)  # type: ignore[arg-type]


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
