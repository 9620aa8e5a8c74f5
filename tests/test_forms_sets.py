"""Sets of reals (issue 14): conditions, intervals, unions and set-builder notation of one real
variable are the same answer when they describe the same subset of the reals.

Each rule that makes two answers equal is tested beside the answers it must keep apart.
"""

from __future__ import annotations

import pytest
import sympy

import eed
from eed import Status
from eed.answers import read_answer
from eed.answers.realsets import read_real_set
from eed.scoring import prepare


def score(gt: str, pred: str) -> eed.Result:
    return eed.score(gt, pred, profile="default")


# (ground truth, prediction): 100 in both orders.
SAME_BOTH_WAYS = [
    # Conditions and interval notation.
    (r"t \geq 2", r"[2, \infty)"),
    (r"(1, 5]", r"1 < k \leq 5"),
    (r"x \in (0, 1)", r"0 < x < 1"),
    (r"x > 0", r"0 < x"),
    (r"-2 \le x \le 7", r"x \in [-2, 7]"),
    (r"x \leq 3", r"(-\infty, 3]"),
    (r"x \neq 0", r"(-\infty, 0) \cup (0, \infty)"),
    (r"x^2 < 1", r"(-1, 1] \cap [-1, 1)"),
    (r"\sqrt{x} > 1", r"x > 1"),
    (r"x \notin [0, 1]", r"(-\infty, 0) \cup (1, \infty)"),
    (r"\boxed{[1, 2]}", r"1 \leq x \leq 2"),
    (r"\left[ 0, \frac{1}{2} \right)", r"[0, 0.5)"),
    (r"\left[ 0, \frac{1}{2} \right)", r"0 \leq x < \frac{1}{2}"),
    # Unions, in any order, and conditions joined by "or".
    (r"(-\infty, 1) \cup (2, \infty)", r"(2, \infty) \cup (-\infty, 1)"),
    (r"(-\infty, 1) \cup (2, \infty)", r"x < 1 \text{ or } x > 2"),
    (r"(-\infty, 1) \cup (2, \infty)", r"x < 1 \lor x > 2"),
    (r"[1, 2] \cup [2, 3]", r"[1, 3]"),
    # Half-open pieces pair ``[`` with ``)``, which no general reading of elements balances.
    (r"[0, 1) \cup (2, 3)", r"[0,1)\cup(2,3)"),
    (r"[0, 1) \cup (2, 3)", r"(2, 3) \cup [0, 1)"),
    (r"[0, 1) \cup (2, 3)", r"0 \leq x < 1 \text{ or } 2 < x < 3"),
    (r"[0, 1) \cup [1, 3)", r"[0, 3)"),
    (
        r"[-1, -\frac{1}{2}) \cup (-\frac{1}{2}, 0) \cup (0, 1) \cup (1, \infty)",
        r"[-1, -\tfrac12) \cup (-\tfrac12, 0) \cup (0, 1) \cup (1, \infty)",
    ),
    (r"1 \leq |z| \leq \frac{3}{2}", r"z \in [-\frac{3}{2}, -1] \cup [1, \frac{3}{2}]"),
    # Set-builder notation; its variable is bound.
    (r"\{x : x > 0\}", r"(0, \infty)"),
    (r"\{x \mid x > 0\}", r"\{y \mid y > 0\}"),
    (r"\{x \in \mathbb{R} \mid x > 0, x < 1\}", r"[0, 1] \cap (0, 1)"),
    (r"\{x \mid 0 < x < 2\}", r"0 < y < 2"),
    # The whole line, the empty set, a reflected interval.
    (r"\mathbb{R}", r"(-\infty, \infty)"),
    (r"x \in \mathbb{R}", r"(-\infty, \infty)"),
    (r"\emptyset", r"x > 1 \text{ and } x < 0"),
    (r"-[0, 1)", r"(-1, 0]"),
]

# (ground truth, prediction): 100 with the ground truth first; the other order is a point.
SAME_GT_FIRST = [
    (r"\{x \mid 0 < x < 2\}", r"(0, 2)"),
    (r"1 < x < 2", r"(1, 2)"),
    (r"x^2 < 1", r"(-1, 1)"),
    # A chain on the values of one function call bounds them.
    (r"0 < f(x) < 1", r"(0, 1)"),
    (r"f(x) > 0", r"(0, \infty)"),
    # A decimal end within the numeric tier that scores 100 (as a bare number would).
    (r"(\frac{3}{5}, \frac{8}{3}]", r"(0.6, 2.6667]"),
    (r"[0, \frac{1}{3})", r"[0, 0.3333)"),
]


@pytest.mark.parametrize(("gt", "pred"), SAME_BOTH_WAYS)
def test_the_same_set_scores_100_both_ways(gt: str, pred: str) -> None:
    for a, b in ((gt, pred), (pred, gt)):
        r = score(a, b)
        assert r.status is Status.EQUIVALENT and r.score == 100.0, (a, b, r.reason)


@pytest.mark.parametrize(("gt", "pred"), SAME_GT_FIRST)
def test_the_same_set_scores_100(gt: str, pred: str) -> None:
    r = score(gt, pred)
    assert r.status is Status.EQUIVALENT and r.score == 100.0, r.reason


# (ground truth, prediction): never 100, in either order.
NEVER_100 = [
    # A function call as the variable: its bounds, and nothing when another symbol joins it.
    (r"0 < f(x) < 1", r"(0, 2)"),
    (r"0 < f(x) < 1", r"[0, 1)"),
    (r"0 < f(x) < x", r"(0, 1)"),
    (r"0 < f(x) < g(x)", r"(0, 1)"),
    # Open and closed ends.
    (r"t > 2", r"[2, \infty)"),
    (r"t \geq 2", r"(2, \infty)"),
    (r"(0, 1)", r"[0, 1]"),
    (r"[0, 1]", r"(0, 1)"),
    (r"[0, 1)", r"0 < x \leq 1"),
    (r"(1, 5]", r"1 < k < 5"),
    (r"x \in (0, 1)", r"0 \leq x < 1"),
    # Infinities: an infinite end is open; a bound is not the whole half-line.
    (r"[2, \infty)", r"[2, \infty]"),
    (r"x > 0", r"(-\infty, \infty)"),
    (r"\mathbb{R}", r"(0, \infty)"),
    (r"x < 1", r"(0, 1)"),
    (r"x > 0", r"x^2 > 0"),
    # Empty sets: an interval written backwards is not read, and so equals nothing.
    (r"(2, 1)", r"\emptyset"),
    (r"(5, 3)", r"(7, 6)"),
    (r"\emptyset", r"\{0\}"),
    (r"\emptyset", r"(0, 1)"),
    # Unions.
    (r"(-\infty, 1) \cup (2, \infty)", r"(-\infty, 1) \cup [2, \infty)"),
    (r"(-\infty, 1) \cup (2, \infty)", r"(-\infty, 1] \cup (2, \infty)"),
    (r"(-\infty, 1) \cup (2, \infty)", r"x < 1 \text{ and } x > 2"),
    (r"(-\infty, 1) \cup (2, \infty)", r"x < 1, x > 2"),
    (r"(-\infty, 1) \cup (2, \infty)", r"(1, 2)"),
    (r"(-\infty, 1) \cup (2, \infty)", r"\mathbb{R}"),
    (r"(-\infty, 1) \cup (2, \infty)", r"x \neq 1"),
    (r"(-\infty, 1) \cup (1, 2)", r"(-\infty, 2)"),
    (r"[0, 1) \cup (2, 3)", r"[0, 1] \cup (2, 3)"),
    (r"[0, 1) \cup (2, 3)", r"[0, 1) \cup [2, 3)"),
    (r"[0, 1) \cup (2, 3)", r"[0, 1) \cup (2, 4)"),
    (r"[0, 1) \cup (2, 3)", r"[0, 1)"),
    (r"[0, 1) \cup (1, 3)", r"[0, 3)"),
    (r"[0, 1) \cup (2, 3)", r"(0, 1) \cup (2, 3)"),
    (r"x < 1 \text{ or } x > 2", r"x < 1 \text{ or } y > 2"),
    # Other sets of numbers are not sets of reals.
    (r"x \in \mathbb{Z}", r"(-\infty, \infty)"),
    (r"x \in \mathbb{Z}", r"x \in \mathbb{R}"),
    (r"n \in \mathbb{N}", r"n \geq 0"),
    # Periodic solutions are not one period.
    (r"\sin x > 0", r"(0, \pi)"),
    # Two variables, or a symbolic bound: a relation, not a set of reals.
    (r"0 < x < y", r"(0, y)"),
    (r"x + y > 1", r"(1, \infty)"),
    (r"x + y > 1", r"x > 1"),
    # A minus sign before an interval reflects it.
    (r"-[0, 1)", r"[-1, 0)"),
    (r"-[0, 1)", r"[0, 1)"),
    (r"-[0, 1)", r"(-1, 0)"),
    # Ends: exact, or a decimal within the tier that scores 100.
    (r"(\frac{3}{5}, \frac{8}{3}]", r"(0.6, 2.7]"),
    (r"[0, \frac{1}{3})", r"[0, \frac{333}{1000})"),
    (r"x \geq 2", r"x \geq 2.1"),
    (r"[0, \frac{1}{3})", r"[0, 0.3)"),
    (r"[0, \frac{1}{3})", r"[0, 0.3334)"),
    (r"T \leq 5.44", r"T \leq 5.45"),
    (r"[0, 5.44)", r"[0, 5.45)"),
    # A bound with a unit is not read as a set (see `test_not_read_as_a_set`). (The general
    # reading still drops units and ``\text{ if }`` conditions from relations: outside sets.)
    (r"T < 10^6\,\mathrm{K}", r"(-\infty, 10^6)"),
    (r"0 < x < 1", r"0 < x < 10"),
    # Conditions on two differently named variables are about two quantities (see docs).
    (r"0 < x < 1", r"0 < y < 1"),
    (r"x \in (0, 1)", r"y \in (0, 1)"),
    (r"t \geq 2", r"T \geq 2"),
    # A set is not a value.
    ("1", r"-[0, 1)"),
    ("2", r"[2, \infty)"),
    ("2", r"t \geq 2"),
]


@pytest.mark.parametrize(("gt", "pred"), NEVER_100)
def test_never_100(gt: str, pred: str) -> None:
    for a, b in ((gt, pred), (pred, gt)):
        r = score(a, b)
        assert r.score < 100.0 and r.status is not Status.EQUIVALENT, (a, b, r.reason)


# The ground truth's form decides: ``(a, b)`` of finite ends as a ground truth is a point (a
# tuple of coordinates), which no set answers; as a prediction against a set it is an interval.
POINT_GT = [
    (r"(1, 2)", r"1 < x < 2"),
    (r"(1, 2)", r"x \in (1, 2)"),
    (r"(1, 2)", r"\{x \mid 1 < x < 2\}"),
    (r"(0, 2)", r"\{x \mid 0 < x < 2\}"),
    (r"(1, 2)", r"(1, 2) \cup (3, 4)"),
]


@pytest.mark.parametrize(("gt", "pred"), POINT_GT)
def test_a_point_ground_truth_is_no_set(gt: str, pred: str) -> None:
    r = score(gt, pred)
    assert r.score < 100.0 and r.status is not Status.EQUIVALENT, r.reason


def test_a_point_is_still_a_point() -> None:
    assert score("(1, 2)", r"\left(1,\, 2\right)").score == 100.0
    assert score("(1, 2)", "(2, 1)").score < 100.0


def test_differing_sets_keep_at_most_half() -> None:
    r = score(r"[0, 1]", r"(0, 1)")
    assert r.score <= 50.0 and "another set of reals" in r.reason
    r = score(r"0 < x < 1", r"0 < y < 1")
    assert r.score <= 50.0 and "a condition on y, not on x" in r.reason


def test_a_minus_sign_before_an_interval_is_read() -> None:
    r = score("1", r"-[0, 1)")
    assert r.status is Status.SCORED and r.score < 100.0 and r.reason


CFG = eed.get_config("default")


@pytest.mark.parametrize(
    ("latex", "intervals", "variable"),
    [
        (r"t \geq 2", ((2, sympy.oo, False, True),), "t"),
        (r"(1, 5]", ((1, 5, True, False),), None),
        (r"x < 1 \text{ or } x > 2", ((-sympy.oo, 1, True, True), (2, sympy.oo, True, True)), "x"),
        (r"\{x \mid x \neq 0\}", ((-sympy.oo, 0, True, True), (0, sympy.oo, True, True)), None),
        (r"\emptyset", (), None),
        (r"-[0, 1)", ((-1, 0, True, False),), None),
    ],
)
def test_the_reading(latex: str, intervals: tuple, variable: str | None) -> None:
    reals = read_real_set(latex, CFG)
    assert reals is not None
    assert reals.intervals == intervals
    assert reals.variable == (None if variable is None else sympy.Symbol(variable))


@pytest.mark.parametrize(
    "latex",
    [
        r"[2, \infty]",
        r"(2, 1)",
        r"[1, 1]",
        r"[0, L)",
        r"(a, b)",
        r"x = 3",
        r"v < c",
        r"\sin x > 0",
        r"x \in \mathbb{Z}",
        r"\{n \in \mathbb{Z} \mid n > 0\}",
        r"x \gg 1",
        r"\Delta S = C > 0",
        r"x < 1 \text{ or } y > 2",
        r"\{x \mid (0, 1)\}",
        r"T < 10^6 \text{ K}",
        r"v \geq 3\ \mathrm{m/s}",
        r"x > 0 \quad (t > 1)",
        r"x > 0 \text{ if } t > 1",
        r"x^3 - 3x + 1 > 0",
        r"x > 0 \Rightarrow y > 0",
        r"x > 0 \implies x^2 > 0",
        r"\forall x > 0",
        r"\frac{x^3 - 3x + 1}{x} > 0",
    ],
)
def test_not_read_as_a_set(latex: str) -> None:
    assert read_real_set(latex, CFG) is None


def test_a_bare_pair_is_a_weak_reading() -> None:
    reals = read_real_set("(0, 2)", CFG)
    assert reals is not None and reals.weak
    assert not read_real_set(r"(0, \infty)", CFG).weak  # type: ignore[union-attr]


def test_membership_replaces_the_general_reading() -> None:
    answer = read_answer(r"x \in [-2, 7]", CFG)
    assert answer.kind == "interval" and answer.brackets == "[]"
    assert answer.parts == (-2, 7)


def test_the_phybench_profile_reads_no_sets() -> None:
    config = eed.get_config("phybench")
    assert prepare(r"t \geq 2", config).reals is None
    assert prepare(r"[2, \infty)", config).reals is None
    before = eed.score(r"t \geq 2", r"[2, \infty)", profile="phybench")
    assert before.method != "set"


def test_a_forced_answer_type_other_than_interval_compares_no_sets() -> None:
    r = eed.score(r"t \geq 2", r"[2, \infty)", profile="default", answer_type="expression")
    assert r.method != "set" and r.score < 100.0


def test_ends_that_differ_far_down_are_other_sets_not_timeouts() -> None:
    # 2^{1/2^{1000}} is 1 + 6.5e-302: simplify alone spends its whole budget on the ends.
    r = score(r"[1,+\infty)", r"[2^{\frac{1}{2^{1000}}}, \infty)")
    assert r.score < 100.0 and not r.timed_out, r.reason
    assert score(r"[1,+\infty)", r"[2^{0}, \infty)").score == 100.0
